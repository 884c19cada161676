"""How long refusals and bounded answers take: the speed bars tests/test_hardening.py used to
assert with wall-clock bounds (they flaked on the shared machine; the tests keep the behaviour).

    .venv/bin/python bench/refusals.py [--repeat 5]

Against a real `innokg serve` on a fresh data dir (5 generated documents, 127.0.0.1 only), each
case ``--repeat`` times, seconds per request (median, max), with the bound the test had:

- the oversized /cypher parameters (800-deep list, 10**30, 70k keys, 1M characters): 400/413;
- the first upload after the start (a good document: it waits for the upload worker to start);
- a zip-bomb .docx (→ 260 MB), a flate-bomb PDF and a 20,000-page PDF upload: 422;
- ``UNWIND range(1, 60000)`` through /cypher (row cap: 5000 rows, truncated);
- a count over 10^8 with ``timeout_ms`` 1000: the 504, as seconds past its limit;
- with the expensive lane's slots taken by slow queries: a 503 for a request allowed 500 ms,
  and /health meanwhile;
- betweenness (``graph.analytics.betweenness``) of a 20k/60k random graph, in process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hardening_load import serve  # noqa: E402
from tests.test_hardening import (  # noqa: E402
    _nested,
    flate_bomb_pdf,
    pdf_file,
    write_documents,
    zip_bomb_docx,
)

TOKEN = "bench-token"
SLOW = "UNWIND range(1, 30000) AS i UNWIND range(1, 30000) AS j RETURN count(*)"


def many_pages_pdf(path: Path, pages: int = 20_000) -> Path:
    """A small PDF of ``pages`` pages sharing one content stream (the loader's page limit)."""
    content = b"BT /F1 12 Tf 72 720 Td (hello) Tj ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    objs += [page] * pages
    return pdf_file(path, objs)


def timed(fn: Callable[[], httpx.Response], repeat: int, expect: set[int]) -> dict:
    seconds, statuses, other = [], set(), []
    for _ in range(repeat):
        t = time.perf_counter()
        r = fn()
        seconds.append(time.perf_counter() - t)
        statuses.add(r.status_code)
        if r.status_code not in expect:
            other.append(f"{r.status_code}: {r.text[:120]}")
    out = {
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
        "status": sorted(statuses),
    }
    if other:
        out["unexpected"] = other
    return out


def with_lane_taken(c: httpx.Client, slots: int, repeat: int) -> dict:
    """``slots`` slow queries hold the lane; a request allowed 500 ms is a 503, /health is 200."""
    hold = [
        threading.Thread(
            target=lambda: httpx.post(
                str(c.base_url) + "/cypher", json={"query": SLOW, "timeout_ms": 5000}, timeout=60
            )
        )
        for _ in range(slots)
    ]
    for t in hold:
        t.start()
    time.sleep(1.0)  # the slow queries hold the slots
    busy = timed(lambda: c.post("/cypher", json={"query": SLOW, "timeout_ms": 500}), repeat, {503})
    health = timed(lambda: c.get("/health"), repeat, {200})
    for t in hold:
        t.join()
    return {"503 while the lane is full (limit 0.5 s)": busy, "/health meanwhile": health}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="innokg-refusals-"))
    write_documents(tmp / "docs", 5)
    files = {
        "zip-bomb .docx (bound 30 s)": ("bomb.docx", zip_bomb_docx(tmp / "bomb.docx")),
        "flate-bomb .pdf": ("bomb.pdf", flate_bomb_pdf(tmp / "bomb.pdf")),
        "20,000-page .pdf": ("pages.pdf", many_pages_pdf(tmp / "pages.pdf")),
    }
    env = {**os.environ, "INNOKG_DATA_DIR": str(tmp / "data"), "INNOKG_API_TOKEN": TOKEN}
    subprocess.run([sys.executable, "-m", "innokg.cli", "build", str(tmp / "docs")], env=env,
                   check=True, capture_output=True)  # fmt: skip
    out: dict = {"load_average_before": os.getloadavg()}
    server, base = serve(env, 60)
    try:
        with httpx.Client(base_url=base, timeout=300) as c:
            params = {
                "list nested 800 deep": {"x": _nested(800)},
                "10**30": {"x": 10**30},
                "70k-key map": {"m": {f"k{i}": i for i in range(70_000)}},
                "1M characters": {"s": "字" * 1_000_001},
            }
            for name, p in params.items():
                body = json.dumps({"query": "RETURN $x AS x", "params": p})
                out[f"params: {name} (bound 5 s)"] = timed(
                    lambda body=body: c.post(
                        "/cypher", content=body, headers={"Content-Type": "application/json"}
                    ),
                    args.repeat,
                    {400, 413},
                )
            auth = {"Authorization": f"Bearer {TOKEN}"}
            # the first upload waits for the worker process to start and load its dictionaries
            # (niced): timed on its own, so the refusals below are the steady state
            good = sorted((tmp / "docs").iterdir())[0]
            out["upload: first after start, a good document (worker start)"] = timed(
                lambda: c.post(
                    "/documents", files={"file": (good.name, good.read_bytes())}, headers=auth
                ),
                1,
                {201},
            )
            for label, (name, path) in files.items():
                data = path.read_bytes()
                out[f"upload: {label}, {len(data) // 1024} KB"] = timed(
                    lambda name=name, data=data: c.post(
                        "/documents", files={"file": (name, data)}, headers=auth
                    ),
                    args.repeat,
                    {422},
                )
            out["/cypher 60k rows, cut to 5000 (bound 10 s)"] = timed(
                lambda: c.post("/cypher", json={"query": "UNWIND range(1, 60000) AS x RETURN x"}),
                args.repeat,
                {200},
            )
            over = timed(
                lambda: c.post(
                    "/cypher",
                    json={
                        "query": "UNWIND range(1, 100000000) AS x RETURN count(x)",
                        "timeout_ms": 1000,
                    },
                ),
                args.repeat,
                {504, 400},  # 400: the engine's per-query memory cap came first
            )
            over["median_past_limit_s"] = round(over["median_s"] - 1.0, 3)
            over["max_past_limit_s"] = round(over["max_s"] - 1.0, 3)
            out["/cypher count 10^8, limit 1 s (bound: limit + 1.5 s)"] = over
            out["lane (2 slots taken; bounds 1.5 s and 1.0 s)"] = with_lane_taken(c, 2, args.repeat)
    finally:
        server.terminate()
        server.wait(timeout=30)
        from graph.embedded import stop_server

        stop_server(tmp / "data")
    import networkx as nx

    from graph.analytics import SAMPLING_S, betweenness

    g = nx.gnm_random_graph(20_000, 60_000, seed=1)
    seconds, samples = [], 0
    for _ in range(max(args.repeat // 2, 1)):
        t = time.perf_counter()
        samples = betweenness(g).samples
        seconds.append(time.perf_counter() - t)
    out[f"betweenness 20k/60k in process, sampling ≤ {SAMPLING_S:g} s (bound 40 s)"] = {
        "median_s": round(statistics.median(seconds), 2),
        "max_s": round(max(seconds), 2),
        "samples": samples,
    }
    out["load_average_after"] = os.getloadavg()
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
