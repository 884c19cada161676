"""Reading the whole graph for an export: id-range pages against sorted SKIP pages.

    python bench/export_snapshot.py [--nodes 100000] [--rels 300000] [--repeat 3]

Loads the generated graph (bench/gen_graph.py) into an embedded FalkorDB, then times
``snapshot()`` (the read every export and analytics call makes) with the store's id-range pages
(``seek_by_id``, FalkorDB's default) and with ``ORDER BY … SKIP … LIMIT`` pages (the other
stores' path), alternating, and one ``export_graph(…, "json")`` each way. Prints the plans of the
two id-range reads, so a store change that stops seeking by id shows here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_graph import generate, load_generated  # noqa: E402
from graph.export import export_graph  # noqa: E402
from graph.falkor_store import FalkorStore  # noqa: E402
from graph.snapshot import _EDGES_BY_ID, _NODES_BY_ID, snapshot  # noqa: E402


def timed(fn) -> float:  # noqa: ANN001
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        store = FalkorStore(Path(d), "bench_export")
        try:
            store.clear()
            load_generated(store, *generate(args.nodes, args.rels))
            for q in (_NODES_BY_ID, _EDGES_BY_ID):
                plan = store.graph.explain(q, {"lo": 0, "hi": 10})
                print(str(plan).replace("\n", " | "))
            times: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(args.repeat):
                for seek in (True, False):
                    store.seek_by_id = seek
                    times[seek].append(timed(lambda: snapshot(store, deadline=None)))
            exports = {}
            for seek in (True, False):
                store.seek_by_id = seek
                exports[seek] = timed(lambda: export_graph(store, "json"))
            print(f"graph {args.nodes}/{args.rels}, {args.repeat} rounds (median, all)")
            for seek, label in ((True, "id ranges"), (False, "SKIP pages")):
                ts = times[seek]
                print(
                    f"| {label} | snapshot {statistics.median(ts):.2f} s "
                    f"({', '.join(f'{t:.2f}' for t in ts)}) | export json {exports[seek]:.2f} s |"
                )
        finally:
            store.close()


if __name__ == "__main__":
    main()
