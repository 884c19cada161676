"""Issue 16 bar: /health p99 while six expensive /cypher queries, a 70k-key parameter map and a
zip-bomb upload run at once; peak memory of the API (with its upload workers) and the store;
how far past its own time limit each request ended.

    .venv/bin/python bench/hardening_load.py [--seconds 20]

Starts `innokg serve` on a fresh data dir built from 300 generated documents (127.0.0.1 only).
"""

from __future__ import annotations

import argparse
import json
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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        store_pid = int((tmp / "data" / "falkordb" / "redis.pid").read_text())
        stop = time.monotonic() + args.seconds
        health: list[float] = []
        overruns: list[tuple[str, float, int]] = []  # (kind, seconds past its limit, status)
        peak = {"api": 0.0, "store": 0.0}

        def timed(kind: str, limit_s: float, fn) -> None:  # noqa: ANN001
            while time.monotonic() < stop:
                t0 = time.monotonic()
                try:
                    status = fn().status_code
                except httpx.HTTPError:
                    status = 0
                overruns.append((kind, time.monotonic() - t0 - limit_s, status))

        c = httpx.Client(base_url=base, timeout=60)
        big = {f"k{i}": i for i in range(70_000)}
        auth = {"Authorization": f"Bearer {TOKEN}"}
        workers = [
            threading.Thread(
                target=timed,
                args=(
                    "cypher",
                    TIMEOUT_MS / 1000,
                    lambda: c.post("/cypher", json={"query": EXPENSIVE, "timeout_ms": TIMEOUT_MS}),
                ),
            )  # fmt: skip
            for _ in range(6)
        ]
        workers.append(threading.Thread(target=timed, args=("params70k", TIMEOUT_MS / 1000,
            lambda: c.post("/cypher", json={"query": "RETURN size(keys($m))", "params": {"m": big}}))))  # fmt: skip
        workers.append(threading.Thread(target=timed, args=("zipbomb", 60.0,
            lambda: c.post("/documents", files={"file": ("bomb.docx", bomb)}, headers=auth))))  # fmt: skip

        def poll_health() -> None:
            h = httpx.Client(base_url=base, timeout=30)
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                h.get("/health")
                health.append((time.perf_counter() - t0) * 1000)
                peak["api"] = max(peak["api"], rss_mb(serve.pid))
                peak["store"] = max(peak["store"], rss_mb(store_pid))
                time.sleep(0.05)

        threads = [*workers, threading.Thread(target=poll_health)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        health.sort()
        by_kind: dict[str, dict] = {}
        for kind, over, status in overruns:
            k = by_kind.setdefault(kind, {"requests": 0, "max_over_limit_s": -1e9, "statuses": {}})
            k["requests"] += 1
            k["max_over_limit_s"] = round(max(k["max_over_limit_s"], over), 3)
            k["statuses"][str(status)] = k["statuses"].get(str(status), 0) + 1
        print(json.dumps({
            "health_requests": len(health),
            "health_p50_ms": round(statistics.median(health), 1),
            "health_p99_ms": round(health[int(len(health) * 0.99) - 1], 1),
            "health_max_ms": round(health[-1], 1),
            "api_peak_rss_mb": round(peak["api"], 1),
            "store_peak_rss_mb": round(peak["store"], 1),
            "requests": by_kind,
        }, indent=1))  # fmt: skip
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        from graph.embedded import stop_server

        stop_server(tmp / "data")


if __name__ == "__main__":
    main()
