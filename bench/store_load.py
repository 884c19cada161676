"""Bulk load of a generated graph (default 100k nodes, 300k relationships) into the store, then
p50/p99 of a 1-hop neighbourhood and of a 3-hop path query.

    python bench/store_load.py [--backend embedded|neo4j|both] [--nodes 100000] [--rels 300000]
                               [--queries 200] [--repeat 5] [--neo4j-batch N]

Each load is one ``store.bulk()`` (the embedded server's append-only-file rewrites wait until it
ends); the ``compact()`` that follows — the one rewrite the load put off, which builds also run at
their end — is timed and reported beside it, not inside the rate.
Each repeat loads the same graph into a fresh store (throughput on these shared 2-core machines
varies by ±15% from run to run); the median and the range are reported, and the queries run on
the last store. With ``both``, the backends alternate repeat by repeat (same graph, same run, so
the machine's load hits both alike). Neo4j is the tests' server (bench/backends.py).
Targets (issue 6): ≥ 50k relationships/s embedded; p99 1-hop < 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.backends import LABELS, bench_stores  # noqa: E402
from bench.gen_graph import generate, load_generated  # noqa: E402
from schema.model import TRAVERSABLE  # noqa: E402

ONE_HOP = "MATCH (n:Entity {key: $k})-[r]-(m:Entity) RETURN m.key, type(r) LIMIT 200"
THREE_HOP = (
    f"MATCH (a:Entity {{key: $a}}), (b:Entity {{key: $b}}) "
    f"MATCH p = (a)-[:{TRAVERSABLE}*1..3]-(b) RETURN length(p) LIMIT 1"
)


def pct(vals: list[float], q: float) -> float:
    vals = sorted(vals)
    return vals[min(len(vals) - 1, int(q * len(vals)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["embedded", "neo4j", "both"], default="embedded")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--neo4j-batch", type=int, default=None, help="rows per Neo4j statement")
    args = ap.parse_args()
    backends = ["embedded", "neo4j"] if args.backend == "both" else [args.backend]
    node_rates: dict[str, list[float]] = {b: [] for b in backends}
    rel_rates: dict[str, list[float]] = {b: [] for b in backends}
    compacts: dict[str, list[float]] = {b: [] for b in backends}
    latencies: dict[str, tuple[list[float], list[float]]] = {}
    with bench_stores(backends, args.neo4j_batch) as fresh:
        for i in range(args.repeat):
            for backend in backends:
                nodes, rels = generate(
                    args.nodes, args.rels
                )  # fresh rows: the writer consumes them
                store, _ = fresh(backend)
                tn, tr = load_generated(store, nodes, rels)
                compacts[backend].append(store.compact())
                node_rates[backend].append(args.nodes / tn)
                rel_rates[backend].append(args.rels / tr)
                print(
                    f"run {i + 1} {backend}: {node_rates[backend][-1]:,.0f} nodes/s, "
                    f"{rel_rates[backend][-1]:,.0f} rels/s, then compact {compacts[backend][-1]:.1f} s",
                    flush=True,
                )
                if i + 1 == args.repeat:
                    latencies[backend] = measure_queries(store, nodes, args.queries)
    batch = f", Neo4j batches of {args.neo4j_batch}" if args.neo4j_batch else ""
    print(f"\ngraph: {args.nodes} nodes, {args.rels} relationships{batch}\n")
    print("| backend | measure | median | min – max |\n|---|---|---|---|")
    for backend in backends:
        for name, rates, unit in (
            ("load nodes", node_rates[backend], "nodes/s"),
            ("load relationships", rel_rates[backend], "relationships/s"),
        ):
            print(
                f"| {LABELS[backend]} | {name} | {statistics.median(rates):,.0f} {unit} "
                f"| {min(rates):,.0f} – {max(rates):,.0f} |"
            )
        print(
            f"| {LABELS[backend]} | compact() after the load | "
            f"{statistics.median(compacts[backend]):.1f} s | "
            f"{min(compacts[backend]):.1f} – {max(compacts[backend]):.1f} |"
        )
        one, three = latencies[backend]
        print(
            f"| {LABELS[backend]} | 1-hop neighbourhood p50 / p99 "
            f"| {statistics.median(one):.1f} / {pct(one, 0.99):.1f} ms | |"
        )
        print(
            f"| {LABELS[backend]} | 3-hop path p50 / p99 "
            f"| {statistics.median(three):.1f} / {pct(three, 0.99):.1f} ms | |"
        )


def measure_queries(store, nodes: dict, n: int) -> tuple[list[float], list[float]]:  # noqa: ANN001
    """Latencies (ms) of n 1-hop and n 3-hop queries from random start keys, after a warm-up."""
    keys = [r["key"] for rows in nodes.values() for r in rows]
    rnd = random.Random(1)
    time.sleep(3)  # let the server finish rewriting its append-only file after the load
    for _ in range(50):  # warm-up
        store.query(ONE_HOP, {"k": rnd.choice(keys)})
    one, three = [], []
    for _ in range(n):
        t = time.perf_counter()
        store.query(ONE_HOP, {"k": rnd.choice(keys)})
        one.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        store.query(THREE_HOP, {"a": rnd.choice(keys), "b": rnd.choice(keys)}, timeout_ms=10000)
        three.append((time.perf_counter() - t) * 1000)
    return one, three


if __name__ == "__main__":
    main()
