"""Issue 16 bar: /health p99 while six expensive /cypher queries, a 70k-key parameter map and a
zip-bomb upload run at once; peak memory of the API (with its upload workers) and the store;
how far past its own time limit each request ended. The load runs in a child process, so what
is timed is the server, not this process's GIL; /health is first timed idle for a baseline.
Then six million rows are asked for through /cypher (time and API memory).

    .venv/bin/python bench/hardening_load.py [--seconds 20]

Starts `innokg serve` on a fresh data dir built from 300 generated documents (127.0.0.1 only).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_hardening import write_documents, zip_bomb_docx  # noqa: E402

TOKEN = "bench-token"
EXPENSIVE = "UNWIND range(1, 20000) AS i UNWIND range(1, 20000) AS j RETURN count(*)"
TIMEOUT_MS = 5000


def serve(env: dict[str, str], wait_s: float = 900) -> tuple[subprocess.Popen, str]:
    """`innokg serve` on a free 127.0.0.1 port with ``env``; (process, base URL) once /health
    answers 200 (a big store takes minutes to load on a busy machine)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return proc, base


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (upload workers), in MB."""
    total = 0
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {
        "requests": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p99_ms": round(ms[max(int(len(ms) * 0.99) - 1, 0)], 1),
        "max_ms": round(ms[-1], 1),
    }


def poll_health(base: str, until: float, api_pid: int, store_pid: int) -> dict:
    """/health every 50 ms from this process (the load runs in another one, so the client's
    own GIL is not what is measured), with the peak memory of the API and the store."""
    out: dict = {"ms": [], "api": 0.0, "store": 0.0}
    with httpx.Client(base_url=base, timeout=30) as h:
        while time.monotonic() < until:
            t0 = time.perf_counter()
            h.get("/health").raise_for_status()
            out["ms"].append((time.perf_counter() - t0) * 1000)
            out["api"] = max(out["api"], rss_mb(api_pid))
            out["store"] = max(out["store"], rss_mb(store_pid))
            time.sleep(0.05)
    return out


def big_result(base: str, api_pid: int) -> dict:
    """`UNWIND range(1, 6000000) AS x RETURN x` through POST /cypher (the row cap is a LIMIT in
    the store): seconds per answer and the API's resident memory after each, three times."""
    out: dict = {"seconds": [], "api_rss_mb": [], "rows": None}
    q = {"query": "UNWIND range(1, 6000000) AS x RETURN x", "timeout_ms": TIMEOUT_MS}
    with httpx.Client(base_url=base, timeout=60) as c:
        for _ in range(3):
            t0 = time.perf_counter()
            r = c.post("/cypher", json=q)
            out["seconds"].append(round(time.perf_counter() - t0, 2))
            out["api_rss_mb"].append(round(rss_mb(api_pid), 1))
            out["rows"] = [r.status_code, len(r.json().get("rows", []))]
    return out


def run_load(base: str, bomb: bytes, stop: float, results) -> None:  # noqa: ANN001
    """Six expensive /cypher loops, a 70k-key map loop and a zip-bomb upload loop until
    ``stop``; puts (kind, seconds past its limit, status) for every request on ``results``."""
    overruns: list[tuple[str, float, int]] = []
    c = httpx.Client(base_url=base, timeout=90)
    big = json.dumps(
        {"query": "RETURN size(keys($m))", "params": {"m": {f"k{i}": i for i in range(70_000)}}}
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    jobs = [
        (
            "cypher",
            TIMEOUT_MS / 1000,
            lambda: c.post("/cypher", json={"query": EXPENSIVE, "timeout_ms": TIMEOUT_MS}),
        )
    ] * 6
    jobs.append(
        (
            "params70k",
            TIMEOUT_MS / 1000,
            lambda: c.post("/cypher", content=big, headers={"Content-Type": "application/json"}),
        )
    )
    jobs.append(
        (
            "zipbomb",
            60.0,
            lambda: c.post("/documents", files={"file": ("bomb.docx", bomb)}, headers=auth),
        )
    )

    def loop(kind: str, limit_s: float, fn) -> None:  # noqa: ANN001
        while time.monotonic() < stop:
            t0 = time.monotonic()
            try:
                status = fn().status_code
            except httpx.HTTPError:
                status = 0
            overruns.append((kind, time.monotonic() - t0 - limit_s, status))

    threads = [threading.Thread(target=loop, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(overruns)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="innokg-bench-"))
    docs = tmp / "docs"
    write_documents(docs, 300)
    bomb = zip_bomb_docx(tmp / "bomb.docx").read_bytes()
    env = {**os.environ, "INNOKG_DATA_DIR": str(tmp / "data"), "INNOKG_API_TOKEN": TOKEN}
    subprocess.run([sys.executable, "-m", "innokg.cli", "build", str(docs)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    server, base = serve(env, 60)
    try:
        store_pid = int((tmp / "data" / "falkordb" / "redis.pid").read_text())
        idle = poll_health(base, time.monotonic() + 3, server.pid, store_pid)
        ctx = mp.get_context("spawn")
        results = ctx.Queue()
        stop = time.monotonic() + args.seconds
        load = ctx.Process(target=run_load, args=(base, bomb, stop, results))
        load.start()
        time.sleep(1.0)  # the load is up (six queries, a map, an upload) before we measure
        busy = poll_health(base, stop, server.pid, store_pid)
        overruns = results.get(timeout=120)
        load.join(timeout=30)
        huge = big_result(base, server.pid)
        by_kind: dict[str, dict] = {}
        for kind, over, status in overruns:
            k = by_kind.setdefault(kind, {"requests": 0, "max_over_limit_s": -1e9, "statuses": {}})
            k["requests"] += 1
            k["max_over_limit_s"] = round(max(k["max_over_limit_s"], over), 3)
            k["statuses"][str(status)] = k["statuses"].get(str(status), 0) + 1
        print(json.dumps({
            "load_average": os.getloadavg(),
            "idle": summary(idle["ms"]),
            "busy": summary(busy["ms"]),
            "api_peak_rss_mb": round(busy["api"], 1),
            "store_peak_rss_mb": round(busy["store"], 1),
            "requests": by_kind,
            "six_million_rows": huge,
        }, indent=1))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        from graph.embedded import stop_server

        stop_server(tmp / "data")


if __name__ == "__main__":
    main()
