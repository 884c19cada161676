"""p50/p99 per endpoint on the generated graph (default 100k nodes, 300k relationships), through
the real FastAPI app (in-process ASGI client) over the store.

    python bench/api_latency.py [--backend embedded|neo4j|both] [--nodes 100000] [--rels 300000]
                                [--requests 200]

With ``both``, the same graph is loaded into each backend in turn and the same requests (same
random keys) are timed on each, in one run. Neo4j is the tests' server (bench/backends.py).

Targets (issue 7): p99 < 50 ms for entity and 1-hop, < 200 ms for transfer chains.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from bench.backends import LABELS, bench_stores  # noqa: E402
from bench.gen_graph import generate, load_generated  # noqa: E402
from bench.store_load import pct  # noqa: E402


def endpoints_warm(rnd: random.Random, keys: list[str]) -> str:
    return f"/entities/{quote(rnd.choice(keys), safe='')}/neighbors?depth=1"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["embedded", "neo4j", "both"], default="embedded")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    backends = ["embedded", "neo4j"] if args.backend == "both" else [args.backend]
    results: dict[str, dict[str, tuple[float, float]]] = {}
    with bench_stores(backends) as fresh:
        for backend in backends:
            nodes, rels = generate(args.nodes, args.rels)
            keys = [r["key"] for rows in nodes.values() for r in rows]
            store, settings = fresh(backend)
            load_generated(store, nodes, rels)
            del nodes, rels  # a serving process does not hold the loader's rows (GC pauses)
            gc.collect()
            results[backend] = measure(TestClient(create_app(settings, store=store)), keys, args)
            for name, (p50, p99) in results[backend].items():
                print(f"{backend}: {name} p50 {p50:.1f} ms, p99 {p99:.1f} ms", flush=True)
    print(
        f"\ngraph: {args.nodes} nodes, {args.rels} relationships; {args.requests} requests each\n"
    )
    print("| endpoint | " + " | ".join(f"{LABELS[b]} p50 / p99 ms" for b in backends) + " |")
    print("|---|" + "---|" * len(backends))
    for name in results[backends[0]]:
        cells = [f"{results[b][name][0]:.1f} / {results[b][name][1]:.1f}" for b in backends]
        print(f"| {name} | " + " | ".join(cells) + " |")


def measure(client: TestClient, keys: list[str], args: argparse.Namespace) -> dict:
    """(p50, p99) ms per endpoint; the same random keys on every backend (seeded)."""
    rnd = random.Random(3)
    time.sleep(3)  # let the embedded server finish rewriting its append-only file after the load
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
    out = {}
    for name, url in endpoints.items():
        times = []
        for _ in range(args.requests):
            u = url()
            t = time.perf_counter()
            r = client.get(u)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (u, r.status_code, r.text[:200])
        out[name] = (statistics.median(times), pct(times, 0.99))
    return out


if __name__ == "__main__":
    main()
