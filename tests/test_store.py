"""Issue 6: the store is idempotent, merges evidence, deletes cleanly, persists, recovers, and
refuses writes through the read path — on every backend (the embedded FalkorDB and a real Neo4j,
through conftest's backend-parametrized fixtures), plus the embedded server's own lifecycle."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from backends import ATOMIC_DOCUMENTS, document_counter, env_for, midway_probe
from factories import entity, make_doc, many_firms_extraction, relation, transfer_extraction

from graph import open_store
from graph.embedded import stop_server
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


def test_store_survives_restart(new_store_settings: Settings) -> None:
    s = open_store(new_store_settings)
    s.write_extraction(transfer_extraction())
    before = _state(s)
    s.close()
    s2 = open_store(new_store_settings)
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
    new_store_settings: Settings, corpus_store: GraphStore
) -> None:
    expected = _state(corpus_store)
    env = env_for(new_store_settings)
    proc = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "build"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the build and its extraction workers
    )
    deadline = time.monotonic() + 120
    killed_after = None
    with document_counter(new_store_settings) as documents:
        while time.monotonic() < deadline and proc.poll() is None:
            n = documents()
            if n >= 2:
                os.killpg(proc.pid, signal.SIGKILL)  # all of it dies at once, as on a crash
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
    s = open_store(new_store_settings)
    try:
        assert _state(s) == expected
    finally:
        s.close()
        stop_server(new_store_settings.data_dir)


WRITER = Path(__file__).resolve().parent / "write_document.py"


def test_document_write_killed_midway_leaves_nothing_behind(
    backend: str, new_store_settings: Settings
) -> None:
    """SIGKILL the writer while it sends a long document's relationships. Neo4j: the document
    was one transaction, so nothing of it is there, even before any repair. FalkorDB: the half
    document is there until the next open repairs it. Afterwards it writes whole."""
    s = open_store(new_store_settings)
    try:
        s.write_extraction(transfer_extraction())
        before = _state(s)
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), "doc-big", "3000", "20"],
            env=env_for(new_store_settings),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        killed = False
        with midway_probe(new_store_settings, "doc-big") as midway:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and writer.poll() is None:
                if midway():
                    writer.send_signal(signal.SIGKILL)
                    killed = True
                    break
                time.sleep(0.01)
        writer.wait(timeout=30)
        assert killed, f"the writer ended before it could be killed: {writer.stderr.read()!r}"
        if ATOMIC_DOCUMENTS[backend]:
            assert _state(s) == before
            assert not s.has_document("doc-big")
        else:
            assert _state(s) != before  # half a document, until repaired
    finally:
        s.close()
    s = open_store(new_store_settings, writer=True)  # a writer repairs what a killed one left
    try:
        assert _state(s) == before
        s.write_extraction(many_firms_extraction("doc-big", 3000))  # real batch size, one unit
        assert s.has_document("doc-big")
        assert s.counts().relations == {"承接": 3001, "签约": 2999, "任职": 1}
    finally:
        s.close()
        stop_server(new_store_settings.data_dir)


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


def test_reads_from_the_event_loop_answer_as_query(clean: GraphStore) -> None:
    """``aquery`` (FalkorDB: asyncio connections, no worker thread; Neo4j: a thread) gives
    ``query``'s rows, row caps and errors, and a connection given up on at its time limit does
    not answer the next read."""
    import asyncio

    clean.write_extraction(transfer_extraction())
    reads = [
        ("MATCH (n:Entity) RETURN n.key AS k, n.aliases AS a ORDER BY k", None),
        ("MATCH (n:Entity {key: $k}) RETURN properties(n) AS p", {"k": "Park:云岭高新区"}),
        ("MATCH ()-[r]->() RETURN type(r) AS t, properties(r) AS p ORDER BY t", None),
    ]

    async def run() -> None:
        for cypher, params in reads:
            got = await clean.aquery(cypher, params)
            want = clean.query(cypher, params)
            assert got.rows and got.columns == want.columns and got.rows == want.rows
        capped = await clean.aquery("UNWIND range(1, 100) AS x RETURN x", row_cap=10)
        assert len(capped.rows) == 10 and capped.truncated
        with pytest.raises(QueryError):
            await clean.aquery("CREATE (n:Park {name: 'x'})")
        with pytest.raises(QueryError, match="(?i)invalid|error|expected"):
            await clean.aquery("MATCH (n RETURN n")
        with pytest.raises(QueryError):
            await clean.aquery(
                "UNWIND range(1, 50000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)",
                timeout_ms=5,
            )
        after = await asyncio.gather(*(clean.aquery("RETURN $i AS i", {"i": i}) for i in range(8)))
        assert [r.rows for r in after] == [[[i]] for i in range(8)]

    asyncio.run(run())
    assert clean.query("MATCH (n {name: 'x'}) RETURN count(n) AS n").rows == [[0]]


def test_reads_from_the_event_loop_recover_when_the_store_process_dies(tmp_path: Path) -> None:
    import asyncio

    settings = Settings(data_dir=tmp_path / "d")
    s = open_store(settings)
    s.write_extraction(transfer_extraction())
    time.sleep(1.2)  # appendfsync everysec
    query = "MATCH (d:Document) RETURN count(d) AS n"

    async def run() -> list[int]:
        first = (await s.aquery(query)).rows[0][0]  # leaves an idle connection behind
        pid = int((tmp_path / "d" / "falkordb" / "redis.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(0.3)
        second = (await s.aquery(query)).rows[0][0]  # that connection is dead: restarted
        assert int((tmp_path / "d" / "falkordb" / "redis.pid").read_text()) != pid
        third = (await s.aquery(query)).rows[0][0]  # and the event loop's path works again
        return [first, second, third]

    try:
        assert asyncio.run(asyncio.wait_for(run(), 30)) == [1, 1, 1]
    finally:
        s.close()
        stop_server(tmp_path / "d")
