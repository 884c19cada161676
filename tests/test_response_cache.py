"""Kept answers of the read routes (api/cache.py) over the store's generation
(graph/generation.py): served again only while nothing was written, by any process."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cache import ResponseCache
from graph import open_store
from graph.generation import GenerationFile
from innokg.config import Settings
from tests.backends import env_for
from tests.factories import transfer_extraction
from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_generation_file_changes_on_every_advance(tmp_path: Path) -> None:
    gen = GenerationFile(tmp_path / "generation-g")
    seen = {gen.read()}
    for _ in range(20):
        gen.advance()
        seen.add(gen.read())
    assert len(seen) == 21 and None not in seen
    assert stat.S_IMODE(os.stat(gen.path).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["generation-g"]  # no temporary file left
    gen.path.unlink()
    assert gen.read() is None  # gone: callers read through


def test_a_write_by_the_store_moves_the_generation_on(clean, backend: str) -> None:
    before = getattr(clean, "generation", lambda: None)()
    clean.write_extraction(transfer_extraction("gen-a"))
    after = getattr(clean, "generation", lambda: None)()
    if backend == "embedded":
        assert before is not None and after is not None and before != after
    else:  # Neo4j has no counter to read without a query: nothing is kept
        assert before is None and after is None


def test_answers_are_kept_until_a_write(clean, store_settings: Settings, backend: str) -> None:
    clean.write_extraction(transfer_extraction("gen-b", firm="北辰星科技有限公司"))
    settings = dataclasses.replace(store_settings, api_token="t")
    with TestClient(create_app(settings, store=clean)) as c:
        first = c.get("/stats")
        second = c.get("/stats")
        assert first.json() == second.json()
        if backend == "neo4j":
            assert "etag" not in first.headers and "x-cache" not in second.headers
        else:
            assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
            assert first.headers["etag"] == second.headers["etag"]
            assert second.headers["x-content-type-options"] == "nosniff"  # edges still apply
            assert second.headers["content-type"] == first.headers["content-type"]
            unchanged = c.get("/stats", headers={"If-None-Match": first.headers["etag"]})
            assert unchanged.status_code == 304 and unchanged.content == b""
        clean.write_extraction(transfer_extraction("gen-c", firm="南岭光电科技有限公司"))
        after = c.get("/stats")
        assert after.json()["nodes"]["Enterprise"] == first.json()["nodes"]["Enterprise"] + 1
        if backend == "embedded":
            assert after.headers["x-cache"] == "miss"
            assert after.headers["etag"] != first.headers["etag"]
            stale = c.get("/stats", headers={"If-None-Match": first.headers["etag"]})
            assert stale.status_code == 200


def test_only_whole_successes_are_kept(clean, store_settings: Settings, backend: str) -> None:
    if backend != "embedded":
        pytest.skip("nothing is kept on Neo4j (no generation)")
    with TestClient(create_app(store_settings, store=clean)) as c:
        for _ in range(2):
            missing = c.get("/entities/Park:无此园区/neighbors")
            assert missing.status_code == 404 and "x-cache" not in missing.headers
        assert c.get("/health").headers.get("x-cache") is None  # only the read routes
        bad = c.get("/transfer-chains?limit=0")
        assert bad.status_code == 422 and "x-cache" not in bad.headers


def _slow_app(calls: list[str], size: int = 10):
    """An ASGI app standing in for the routes (the middleware is the unit here): answers
    after a pause, with a body of ``size`` bytes."""

    async def app(scope, receive, send) -> None:  # noqa: ANN001
        calls.append(scope["path"])
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * size})

    return app


def _get(app, path: str) -> tuple[int, dict[str, str], bytes]:  # noqa: ANN001
    async def run() -> tuple[int, dict[str, str], bytes]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            r = await client.get(path)
            return r.status_code, dict(r.headers), r.content

    return asyncio.run(run())


def test_the_same_request_arriving_meanwhile_waits_for_the_first() -> None:
    calls: list[str] = []
    cache = ResponseCache(_slow_app(calls), generation=lambda scope: "g1")

    async def run() -> list[str]:
        transport = httpx.ASGITransport(app=cache)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answers = await asyncio.gather(*[client.get("/stats") for _ in range(8)])
            return [r.headers["x-cache"] for r in answers]

    seen = asyncio.run(run())
    assert calls == ["/stats"]  # made once
    assert sorted(seen) == ["hit"] * 7 + ["miss"]


def test_kept_answers_are_bounded() -> None:
    calls: list[str] = []
    gen = ["g1"]
    cache = ResponseCache(
        _slow_app(calls, size=400), generation=lambda scope: gen[0], max_bytes=1000
    )
    for path in ("/entities/a", "/entities/b", "/entities/c"):  # 1,200 bytes: a is dropped
        assert _get(cache, path)[1]["x-cache"] == "miss"
    assert _get(cache, "/entities/c")[1]["x-cache"] == "hit"
    assert _get(cache, "/entities/a")[1]["x-cache"] == "miss"
    assert cache._size <= 1000
    big = ResponseCache(_slow_app(calls, size=2000), generation=lambda scope: "g", max_bytes=1000)
    for _ in range(2):  # larger than the whole budget: never kept, still answered whole
        status, headers, body = _get(big, "/stats")
        assert status == 200 and headers["x-cache"] == "miss" and len(body) == 2000
    gen[0] = "g2"  # a new generation: what was kept is not served
    assert _get(cache, "/entities/c")[1]["x-cache"] == "miss"
    off = ResponseCache(_slow_app(calls), generation=lambda scope: None)
    assert "x-cache" not in _get(off, "/stats")[1]  # a store without a generation


def _wait_up(base: str, deadline_s: float = 120) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the server did not come up")


def test_a_build_in_another_process_reaches_every_worker(
    new_store_settings: Settings, backend: str, tmp_path: Path
) -> None:
    """`innokg serve --workers 2` keeps /stats in each worker; `innokg build` of one more
    document (a third process) is seen by the next request on every connection."""
    if backend != "embedded":
        pytest.skip("nothing is kept on Neo4j (no generation)")
    s = open_store(new_store_settings)
    s.write_extraction(transfer_extraction("gen-d"))
    s.close()
    env = env_for(new_store_settings)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base)
        clients = [httpx.Client(base_url=base, timeout=30) for _ in range(8)]  # both workers
        try:
            for _ in range(2):
                before = [c.get("/stats").json()["documents"] for c in clients]
            assert before == [1] * 8
            doc = tmp_path / "新文件.txt"
            doc.write_text("来自北京的星河智造科技有限公司落户青岚高新区。", encoding="utf-8")
            built = subprocess.run(
                [sys.executable, "-m", "innokg.cli", "build", str(doc)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert built.returncode == 0, built.stdout + built.stderr
            after = [c.get("/stats").json()["documents"] for c in clients]
            assert after == [2] * 8
        finally:
            for c in clients:
                c.close()
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_document_meta_follows_writes(clean) -> None:
    """Documents' meta is remembered per generation (graph/evidence.py), also for ids that are
    no document yet: the write of that document is seen by the next lookup."""
    from graph.evidence import document_meta

    assert document_meta(clean, ["gen-e"]) == {}
    assert document_meta(clean, ["gen-e"]) == {}  # remembered as no document
    clean.write_extraction(transfer_extraction("gen-e"))
    assert document_meta(clean, ["gen-e", ""])["gen-e"]["id"] == "gen-e"
    clean.delete_document("gen-e")
    assert document_meta(clean, {"gen-e"}) == {}


def _reads_and_answer(store, steps) -> tuple[int, object]:  # noqa: ANN001
    """graph/steps.py's run, counting the store reads the steps asked for."""
    reads = 0
    try:
        read = next(steps)
        while True:
            reads += 1
            read = steps.send(store.query(read.cypher, read.params, timeout_ms=read.timeout_ms))
    except StopIteration as done:
        return reads, done.value


def test_chain_origins_are_looked_up_once_per_generation(clean, backend: str) -> None:
    """A chains page's stated origins → Region nodes are remembered per generation
    (graph/chains.py): the same page asks the store fewer times, and a write that adds the
    origin's Region is seen by the next page."""
    from graph.chains import transfer_chains_steps

    no_region = transfer_extraction("gen-o")
    no_region.entities[:] = [e for e in no_region.entities if e.type != "Region"]
    clean.write_extraction(no_region)
    first_reads, (first, _) = _reads_and_answer(clean, transfer_chains_steps(clean))
    again_reads, (again, _) = _reads_and_answer(clean, transfer_chains_steps(clean))
    assert again == first and first[0]["origin_ids"] == []  # no Region 北京 in the graph yet
    if backend == "embedded":
        assert again_reads == 1 < first_reads  # only the chains: origins and documents kept
    else:  # no generation on Neo4j: every page looks them up (the alias scan's own memo aside)
        assert again_reads > 1
    clean.write_extraction(transfer_extraction("gen-p"))  # this one names the Region 北京
    _, (after, _) = _reads_and_answer(clean, transfer_chains_steps(clean))
    assert {c["origin_ids"][0] for c in after} == {"Region:北京"}


def test_opening_the_store_while_the_generation_is_replaced(tmp_path: Path) -> None:
    """The data dir's permission check lists the folder while a writer replaces its token
    (a temporary file that vanishes): found by `innokg query` during a build in CI."""
    import threading

    from graph.embedded import _private_dir

    gen = GenerationFile(tmp_path / "generation-g")
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            gen.advance()

    t = threading.Thread(target=churn)
    t.start()
    try:
        for _ in range(3000):
            _private_dir(tmp_path)
    finally:
        stop.set()
        t.join()
