"""Extraction throughput on the bundled corpus, one process, with a plain-jieba baseline.

    python bench/extract_throughput.py [--repeat 3]
    chrt -f 10 python bench/extract_throughput.py --repeat 5   # on a shared machine (root)

On a shared machine the wall figures measure the load, not the code: ``chrt -f`` gives the run
the cores whenever its threads are runnable (docs/benchmarks.md).

Prints a markdown table (KB/s of UTF-8 input). Target (issue 13): ≥ 100 KB/s for the full
pipeline (load + extract, the LAC model included), reported beside plain ``jieba.posseg.cut`` on
the same text. Loading is timed separately from extraction (entities + relations).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from innokg.config import DEFAULT_CORPUS  # noqa: E402
from innokg.pipeline import extract_documents, load_documents  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = sorted(DEFAULT_CORPUS.glob("*.txt"))
    kb = sum(f.stat().st_size for f in files) / 1024

    import jieba
    import jieba.posseg

    from loaders.extract import lac
    from loaders.extract.segment import words

    words("预热")  # load dictionaries once, outside the timings
    jieba.posseg.lcut("预热")
    lac.load()
    docs, _ = load_documents(files, 50 << 20)
    extract_documents(docs)  # warm caches (gazetteer, regexes)

    rows = {
        "load (read + normalize + split)": [],
        "extract (entities + relations)": [],
        "load + extract": [],
        "baseline: jieba.lcut": [],
        "baseline: jieba.posseg.cut": [],
    }
    cpu: list[float] = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        c0 = time.process_time()
        docs, _ = load_documents(files, 50 << 20)
        t1 = time.perf_counter()
        extract_documents(docs)
        t2 = time.perf_counter()
        cpu.append(kb / (time.process_time() - c0))
        for d in docs:
            jieba.lcut(d.text)
        t3 = time.perf_counter()
        for d in docs:
            list(jieba.posseg.cut(d.text))
        t4 = time.perf_counter()
        rows["load (read + normalize + split)"].append(kb / (t1 - t0))
        rows["extract (entities + relations)"].append(kb / (t2 - t1))
        rows["load + extract"].append(kb / (t2 - t0))
        rows["baseline: jieba.lcut"].append(kb / (t3 - t2))
        rows["baseline: jieba.posseg.cut"].append(kb / (t4 - t3))
    print(f"corpus: {len(files)} files, {kb:.1f} KB, {args.repeat} runs, median\n")
    print("| stage | KB/s |\n|---|---|")
    for name, vals in rows.items():
        print(f"| {name} | {statistics.median(vals):.0f} |")
    ratio = statistics.median(rows["load + extract"]) / statistics.median(
        rows["baseline: jieba.posseg.cut"]
    )
    print(f"\nload + extract / jieba.posseg.cut: {ratio:.2f}")
    print(f"load + extract per CPU-second (all threads): {statistics.median(cpu):.0f} KB")
    print(
        f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores: above 2 the figures are low)"
    )


if __name__ == "__main__":
    main()
