"""Issue 14: what a real Neo4j offers, used by the app and tested on the test server
(tests/neo4j_server): constraints and indexes, one transaction per document, READ access mode,
the server-side timeout, real batch sizes, and the versions docker-compose.yml deploys."""

from __future__ import annotations

import logging
import re
import threading

import pytest
from factories import entity, make_doc, relation, transfer_extraction
from neo4j_server import harness_version

from graph.neo4j_store import DDL, Neo4jStore
from graph.rows import entity_rows, relation_rows
from graph.snapshot import snapshot
from graph.store import GraphStore, QueryError, QueryTimeout
from innokg.config import Settings
from schema.records import Extraction

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo4j(neo4j_store: GraphStore) -> Neo4jStore:
    neo4j_store.clear()
    assert isinstance(neo4j_store, Neo4jStore)
    return neo4j_store


def _settings(backends) -> Settings:  # noqa: ANN001
    return backends.settings("neo4j", "scratch")


def test_constraints_and_indexes_are_created_by_the_app(neo4j: Neo4jStore, backends) -> None:  # noqa: ANN001
    rows = neo4j.query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *"
    ).records()
    unique = {(r["labelsOrTypes"][0], r["properties"][0]) for r in rows if "UNIQUE" in r["type"]}
    assert {("Entity", "key"), ("Document", "id")} <= unique
    indexes = neo4j.query("SHOW INDEXES YIELD name, state RETURN name, state").records()
    names = {r["name"]: r["state"] for r in indexes}
    expected = {re.search(r"(?:CONSTRAINT|INDEX) (\w+) IF NOT EXISTS", d).group(1) for d in DDL}
    assert expected <= set(names) | {r["name"] for r in rows}
    assert all(names[n] == "ONLINE" for n in expected if n in names)
    s = _settings(backends)
    again = Neo4jStore(s.neo4j_uri, s.neo4j_user, s.neo4j_password)  # IF NOT EXISTS: no error
    again.close()


def test_the_key_constraint_is_enforced_by_the_server(neo4j: Neo4jStore) -> None:
    neo4j._write("CREATE (:Entity:Park {key: 'Park:云岭高新区'})")
    with pytest.raises(QueryError, match="(?i)already exists"):
        neo4j._write("CREATE (:Entity:Lab {key: 'Park:云岭高新区'})")
    assert neo4j.query("MATCH (n:Entity) RETURN count(n)").rows == [[1]]


def _rewrite_with_a_clash(doc_id: str) -> Extraction:
    """doc-a again, now also naming a firm whose key a node of another label already holds: the
    MERGE creates a second node with that key, which the constraint refuses mid-document."""
    ex = transfer_extraction(doc_id)
    doc = make_doc(ex.doc.text + "新星公司签约。", doc_id, f"{doc_id}.txt")
    clash = entity("Enterprise", "新星公司", doc)
    park = next(e for e in ex.entities if e.type == "Park")
    ex.entities.append(clash)
    ex.relations.append(relation("签约", park, clash, doc, "签约"))
    return ex


def test_a_failed_document_write_is_rolled_back_whole(neo4j: Neo4jStore) -> None:
    """Re-ingesting a document starts by removing its old contributions; when the new version
    fails midway, the transaction is rolled back and the old version is all still there."""
    neo4j.write_extraction(transfer_extraction())
    neo4j._write("CREATE (:Entity:Lab {key: 'Enterprise:新星公司', docs: ['other']})")
    before = snapshot(neo4j)
    with pytest.raises(QueryError, match="(?i)already exists"):
        neo4j.write_extraction(_rewrite_with_a_clash("doc-a"))
    assert snapshot(neo4j) == before
    assert neo4j.has_document("doc-a")
    assert neo4j.query("MATCH (d:Document) RETURN d.id, d.complete").rows == [["doc-a", True]]


def test_reads_run_in_read_access_mode(neo4j: Neo4jStore) -> None:
    """Past the app's guard, the server itself refuses: READ transactions cannot write."""
    for cypher in ("CREATE (n:Park {name: 'x'}) RETURN n", "CALL db.createLabel('Planet')"):
        with pytest.raises(QueryError, match="(?i)read access mode|not allowed"):
            neo4j._read(cypher, {}, None, None)
    labels = neo4j.query("CALL db.labels() YIELD label RETURN collect(label)").rows[0][0]
    assert "Planet" not in labels and neo4j.counts().total_nodes == 0


def test_the_timeout_stops_the_query_on_the_server(neo4j: Neo4jStore) -> None:
    slow = "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"
    with pytest.raises(QueryTimeout, match="timed out after 200 ms"):
        neo4j.query(slow, timeout_ms=200)
    # the server ended it (not just the client giving up): no such query is running any more
    running = neo4j.query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").rows
    assert not any("range(1, 100000000)" in (r[0] or "") for r in running)


def test_real_batch_sizes(neo4j: Neo4jStore) -> None:
    """Batches of 2,000 realistic rows (evidence ~250 bytes each) in one statement: the FalkorDB
    Bolt port crashed at 40; a real server takes them."""
    assert neo4j.batch_size >= 2000
    doc = make_doc("批量测试。", "doc-bulk", "doc-bulk.txt")
    firms = [entity("Enterprise", f"批{i}号科技有限公司", doc) for i in range(3001)]
    ex = Extraction(
        doc,
        firms,
        [relation("签约", firms[i], firms[i + 1], doc, "签约" * 40) for i in range(3000)],
    )
    neo4j.write_entity_rows(entity_rows(ex))
    assert neo4j.write_relation_rows(relation_rows(ex)) == 3000
    assert neo4j.counts().relations == {"签约": 3000}


def test_concurrent_document_writes_each_get_their_own_transaction(neo4j: Neo4jStore) -> None:
    """The API writes from a thread pool: documents written at once on one store do not share
    a transaction (and two sharing entities still end up merged on one node each)."""
    errors: list[BaseException] = []

    def write(doc_id: str) -> None:
        try:
            neo4j.write_extraction(transfer_extraction(doc_id))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(f"doc-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    counts = neo4j.counts()
    assert counts.documents == 4 and counts.nodes["Park"] == 1
    docs = neo4j.query("MATCH (p:Park) RETURN p.docs").rows[0][0]
    assert sorted(docs) == [f"doc-{i}" for i in range(4)]


def test_the_test_server_runs_the_version_its_pom_names(neo4j: Neo4jStore) -> None:
    """The version the Neo4j tests ran is the pom's (test_compose.py: docker-compose.yml deploys
    that line, configured with the env names the app reads)."""
    version = neo4j.query(
        "CALL dbms.components() YIELD name, versions RETURN versions[0] AS v"
    ).rows[0][0]
    assert version == harness_version()


def test_unknown_names_are_not_logged_on_every_query_but_deprecations_are(
    neo4j: Neo4jStore, caplog: pytest.LogCaptureFixture
) -> None:
    """Reads name optional properties (Document.title) and every relation type, which a graph
    may lack: the server does not send those notifications (the driver logged a WARNING per
    query, per name). Deprecations still come through (test_backends_agree relies on them)."""
    neo4j.write_extraction(transfer_extraction())
    with caplog.at_level(logging.INFO, logger="neo4j.notifications"):
        neo4j.query("MATCH (d:Document) RETURN d.no_such_property AS x")
        neo4j.query("MATCH (a)-[:NO_SUCH_TYPE]->(b) RETURN count(*) AS n")
        assert not caplog.records, [r.getMessage() for r in caplog.records]
        neo4j.query("MATCH (n:Entity) RETURN id(n) AS i LIMIT 1")
    assert any("deprecat" in r.getMessage().lower() for r in caplog.records)
