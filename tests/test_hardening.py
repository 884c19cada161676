"""Issue 16: hardening — no silent data loss across processes, bounded inputs and queries.

Real processes and the real embedded store throughout; made-up names only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from graph import open_store
from graph.embedded import stop_server
from graph.lease import WriterLease, writer_alive
from graph.store import GraphStore
from innokg.config import Settings
from tests.factories import transfer_extraction

_CHARS = "云岭星辰海瑞泽宏远晨曦翠屏松涛鹤鸣青石白鹭金沙玉泉"


def write_documents(folder: Path, n: int) -> list[Path]:
    """``n`` small news items, each with a firm taken in by a park and an official's post."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        a, b, c = _CHARS[i % 20], _CHARS[(i // 20) % 20], _CHARS[(i * 7) % 20]
        firm, park = f"{a}{b}{c}智能科技有限公司", f"{b}{a}高新技术产业开发区"
        text = (
            f"来自北京的{firm}近日正式落户{park}。{park}管委会主任李{a}{c}表示，"
            f"将全力服务企业发展。第{i}号通讯。"
        )
        path = folder / f"doc{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def dangling(store: GraphStore) -> dict[str, int]:
    """Edges, nodes and mentions that cite a document the store does not hold complete."""
    docs = {
        r[0] for r in store.query("MATCH (d:Document) WHERE d.complete = true RETURN d.id").rows
    }
    edges = store.query(
        "MATCH ()-[e]->() WHERE e.docs IS NOT NULL RETURN e.docs, e.evidence", row_cap=None
    ).rows
    nodes = store.query("MATCH (n:Entity) RETURN n.docs", row_cap=None).rows
    mentions = store.query("MATCH (d:Document)-[:MENTIONS]->() RETURN d.id", row_cap=None).rows
    return {
        "edges": sum(1 for ids, _ in edges if set(ids or []) - docs),
        "evidence": sum(
            1 for _, ev in edges for x in ev or [] if json.loads(x)["doc_id"] not in docs
        ),
        "nodes": sum(1 for (ids,) in nodes if set(ids or []) - docs),
        "mentions": sum(1 for (d,) in mentions if d not in docs),
    }


# ---------------------------------------------------------------- 1. no loss across processes


def test_queries_during_a_build_lose_nothing(tmp_path: Path) -> None:
    """`innokg query` in a loop while a 300-document build writes to the same data dir."""
    write_documents(tmp_path / "docs", 300)
    data = tmp_path / "data"
    env = {**os.environ, "INNOKG_DATA_DIR": str(data)}
    cli = [sys.executable, "-m", "innokg.cli"]
    build = subprocess.Popen(
        [*cli, "build", str(tmp_path / "docs")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    queries = 0
    try:
        deadline = time.monotonic() + 600
        while build.poll() is None and time.monotonic() < deadline:
            q = subprocess.run(
                [*cli, "query", "MATCH (d:Document) RETURN count(d) AS n", "--format", "json"],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert q.returncode == 0, q.stderr
            queries += 1
        out, errs = build.communicate(timeout=60)
        assert build.returncode == 0, errs
        assert "documents written: 300" in out
        assert queries >= 3, "the build ended before the readers could overlap it"
        s = open_store(Settings(data_dir=data))
        try:
            assert s.counts().documents == 300
            assert not s.query("MATCH (d:Document) WHERE d.complete = false RETURN d.id").rows
            assert dangling(s) == {"edges": 0, "evidence": 0, "nodes": 0, "mentions": 0}
        finally:
            s.close()
    finally:
        if build.poll() is None:
            build.kill()
        stop_server(data)


def test_repair_leaves_a_live_writers_document_and_removes_a_dead_ones(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    writer = open_store(settings, writer=True)
    try:
        writer.write_extraction(transfer_extraction("doc-live"))
        # half-written by this (live) process: as if interrupted between statements
        writer._write("MATCH (d:Document {id: 'doc-live'}) SET d.complete = false")
        # half-written by a writer that is gone: a lease id nobody holds
        writer.write_extraction(transfer_extraction("doc-dead", firm="青石智能科技有限公司"))
        writer._write(
            "MATCH (d:Document {id: 'doc-dead'}) SET d.complete = false, d.writer = $w",
            {"w": "0" * 32},
        )
        other = open_store(settings, writer=True)  # another writer starts: it repairs
        try:
            ids = {r[0] for r in other.query("MATCH (d:Document) RETURN d.id").rows}
            assert ids == {"doc-live"}
        finally:
            other.close()
        reader = open_store(settings)  # readers never repair
        reader.close()
        assert writer.query("MATCH (d:Document) RETURN d.id").rows == [["doc-live"]]
    finally:
        writer.close()


def test_a_lease_is_alive_until_released(tmp_path: Path) -> None:
    lease = WriterLease(tmp_path / "leases")
    assert writer_alive(tmp_path / "leases", lease.id)
    lease.release()
    assert not writer_alive(tmp_path / "leases", lease.id)
    assert not writer_alive(tmp_path / "leases", "../../etc/passwd")


def test_a_killed_writers_lease_is_free(tmp_path: Path) -> None:
    code = (
        "import sys, time; from graph.lease import WriterLease; "
        f"l = WriterLease({str(tmp_path / 'leases')!r}); print(l.id, flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        lease_id = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert writer_alive(tmp_path / "leases", lease_id)
    finally:
        proc.kill()
        proc.wait()
    assert not writer_alive(tmp_path / "leases", lease_id)


def test_build_reports_what_the_store_holds(tmp_path: Path) -> None:
    from innokg.pipeline import build

    n = 2
    write_documents(tmp_path / "docs", n)
    s = open_store(Settings(data_dir=tmp_path / "d"), writer=True)
    try:
        summary = build([tmp_path / "docs"], s, 1 << 20)
        assert summary.documents == n and summary.missing == []
    finally:
        s.close()
