"""p50/p99 per endpoint on the generated graph (default 100k nodes, 300k relationships), through
the real FastAPI app (in-process ASGI client) over the embedded store.

    python bench/api_latency.py [--nodes 100000] [--rels 300000] [--requests 200]

Targets (issue 7): p99 < 50 ms for entity and 1-hop, < 200 ms for transfer chains.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from bench.gen_graph import generate, load_generated  # noqa: E402
from bench.store_load import pct  # noqa: E402
from graph import open_store  # noqa: E402
from innokg.config import Settings  # noqa: E402


def endpoints_warm(rnd: random.Random, keys: list[str]) -> str:
    return f"/entities/{quote(rnd.choice(keys), safe='')}/neighbors?depth=1"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    nodes, rels = generate(args.nodes, args.rels)
    keys = [r["key"] for rows in nodes.values() for r in rows]
    rnd = random.Random(3)
    with tempfile.TemporaryDirectory() as d:
        settings = Settings(data_dir=Path(d))
        store = open_store(settings)
        try:
            load_generated(store, nodes, rels)
            del nodes, rels  # a serving process does not hold the loader's rows (GC pauses)
            gc.collect()
            client = TestClient(create_app(settings, store=store))
            time.sleep(3)  # let the server finish rewriting its append-only file after the load
            for _ in range(50):  # warm-up: connection pool, query plan cache
                client.get(endpoints_warm(rnd, keys))
            endpoints = {
                "GET /entities/{id}": lambda: f"/entities/{quote(rnd.choice(keys), safe='')}",
                "GET /entities/{id}/neighbors?depth=1": lambda: (
                    f"/entities/{quote(rnd.choice(keys), safe='')}/neighbors?depth=1"
                ),
                "GET /transfer-chains?origin=北京&limit=100": lambda: (
                    "/transfer-chains?origin=北京&limit=100"
                ),
                "GET /relations?type=承接&limit=50": lambda: "/relations?type=承接&limit=50",
                "GET /entities?q=…&limit=20": lambda: (
                    f"/entities?q={rnd.choice('华创星云北天')}{rnd.randint(1, 9)}&limit=20"
                ),
            }
            print(
                f"graph: {args.nodes} nodes, {args.rels} relationships; {args.requests} requests each\n"
            )
            print("| endpoint | p50 ms | p99 ms |\n|---|---|---|")
            for name, url in endpoints.items():
                times = []
                for _ in range(args.requests):
                    u = url()
                    t = time.perf_counter()
                    r = client.get(u)
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, (u, r.status_code, r.text[:200])
                print(f"| {name} | {statistics.median(times):.1f} | {pct(times, 0.99):.1f} |")
        finally:
            store.close()


if __name__ == "__main__":
    main()
