"""Writing one corpus document into a large store against writing it into an empty one.

    python bench/incremental_write.py [--nodes 100000] [--rels 300000] [--repeat 5]

For each corpus document D: the time of ``write_extraction(D)`` into an empty store, and into a
store holding the generated graph (bench/gen_graph.py: 100k nodes, 300k relationships, written
through the writer's bulk steps) plus the other four corpus documents (so D shares entities with
what is stored). Each timing is one write followed by ``delete_document(D)`` (not timed), repeated;
both stores run on one server, interleaved, so the ratio is taken under the same load. Also the
time to re-write D while it is stored (taking back its old contributions first).
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
from graph.falkor_store import FalkorStore  # noqa: E402
from innokg.config import DEFAULT_CORPUS  # noqa: E402
from innokg.pipeline import extract_documents, load_documents  # noqa: E402


def timed_write(store: FalkorStore, ex) -> float:  # noqa: ANN001
    t = time.perf_counter()
    store.write_extraction(ex)
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    docs, _ = load_documents([DEFAULT_CORPUS], 50 << 20)
    exs = extract_documents(docs)
    with tempfile.TemporaryDirectory() as d:
        empty = FalkorStore(Path(d), "bench_empty")
        big = FalkorStore(unix_socket=empty.server.socket, graph_name="bench_big")  # type: ignore[union-attr]
        try:
            empty.clear()
            big.clear()
            nodes, rels = generate(args.nodes, args.rels)
            t = time.perf_counter()
            load_generated(big, nodes, rels)
            print(f"generated graph loaded in {time.perf_counter() - t:.0f} s", flush=True)
            del nodes, rels
            print("| document | KB | into empty ms | into 100k/300k ms | ratio | rewrite ms |")
            print("|---|---|---|---|---|---|")
            ratios = []
            for i, ex in enumerate(exs):
                for j, other in enumerate(exs):
                    if j != i:
                        big.write_extraction(other)
                    else:
                        big.delete_document(other.doc.id)
                into_empty, into_big, rewrite = [], [], []
                for _ in range(args.repeat):
                    into_empty.append(timed_write(empty, ex))
                    empty.delete_document(ex.doc.id)
                    into_big.append(timed_write(big, ex))
                    rewrite.append(timed_write(big, ex))
                    big.delete_document(ex.doc.id)
                e, b = statistics.median(into_empty), statistics.median(into_big)
                ratios.append(b / e)
                kb = len(ex.doc.text.encode()) / 1024
                print(
                    f"| {ex.doc.name} | {kb:.0f} | {e:.1f} | {b:.1f} | {b / e:.2f} | "
                    f"{statistics.median(rewrite):.1f} |",
                    flush=True,
                )
            counts = big.counts()
            print(
                f"\nlarge store: {counts.total_nodes} entities, {counts.total_relations} "
                f"relationships; median ratio {statistics.median(ratios):.2f} "
                f"(max {max(ratios):.2f}); {args.repeat} writes each, medians"
            )
        finally:
            big.db.connection.close()
            empty.close()


if __name__ == "__main__":
    main()
