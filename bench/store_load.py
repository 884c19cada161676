"""Bulk load of a generated graph (default 100k nodes, 300k relationships) into the embedded store,
then p50/p99 of a 1-hop neighbourhood and of a 3-hop path query.

    python bench/store_load.py [--nodes 100000] [--rels 300000] [--queries 200] [--repeat 5]

Each repeat loads the same graph into a fresh store (throughput on these shared 2-core machines
varies by ±15% from run to run); the median and the range are reported, and the queries run on
the last store. Targets (issue 6): ≥ 50k relationships/s; p99 1-hop < 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_graph import generate, load_generated  # noqa: E402
from graph import open_store  # noqa: E402
from innokg.config import Settings  # noqa: E402
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
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    node_rates, rel_rates = [], []
    for i in range(args.repeat):
        nodes, rels = generate(args.nodes, args.rels)  # fresh rows: the writer consumes them
        with tempfile.TemporaryDirectory() as d:
            store = open_store(Settings(data_dir=Path(d)))
            try:
                tn, tr = load_generated(store, nodes, rels)
                node_rates.append(args.nodes / tn)
                rel_rates.append(args.rels / tr)
                print(f"run {i + 1}: {node_rates[-1]:,.0f} nodes/s, {rel_rates[-1]:,.0f} rels/s")
                if i + 1 == args.repeat:
                    one, three = measure_queries(store, nodes, args.queries)
            finally:
                store.close()
    print(f"\ngraph: {args.nodes} nodes, {args.rels} relationships, embedded FalkorDB\n")
    print("| measure | median | min – max |\n|---|---|---|")
    for name, rates, unit in (
        ("load nodes", node_rates, "nodes/s"),
        ("load relationships", rel_rates, "relationships/s"),
    ):
        print(
            f"| {name} | {statistics.median(rates):,.0f} {unit} "
            f"| {min(rates):,.0f} – {max(rates):,.0f} |"
        )
    print(
        f"| 1-hop neighbourhood p50 / p99 | {statistics.median(one):.1f} / {pct(one, 0.99):.1f} ms | |"
    )
    print(
        f"| 3-hop path p50 / p99 | {statistics.median(three):.1f} / {pct(three, 0.99):.1f} ms | |"
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
