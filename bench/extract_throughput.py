"""Extraction throughput on the bundled corpus, one process, with a plain-jieba baseline.

    python bench/extract_throughput.py [--repeat 3]

Prints a markdown table (KB/s of UTF-8 input). Target (issue 4): ≥ 150 KB/s for the full
extraction. Loading is timed separately from extraction (entities + relations).
"""

from __future__ import annotations

import argparse
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

    from loaders.extract.segment import words

    words("预热")  # load dictionaries once, outside the timings
    docs, _ = load_documents(files, 50 << 20)
    extract_documents(docs)  # warm caches (gazetteer, regexes)

    rows = {
        "load (read + normalize + split)": [],
        "extract (entities + relations)": [],
        "load + extract": [],
        "baseline: jieba.lcut": [],
    }
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs, _ = load_documents(files, 50 << 20)
        t1 = time.perf_counter()
        extract_documents(docs)
        t2 = time.perf_counter()
        for d in docs:
            jieba.lcut(d.text)
        t3 = time.perf_counter()
        rows["load (read + normalize + split)"].append(kb / (t1 - t0))
        rows["extract (entities + relations)"].append(kb / (t2 - t1))
        rows["load + extract"].append(kb / (t2 - t0))
        rows["baseline: jieba.lcut"].append(kb / (t3 - t2))
    print(f"corpus: {len(files)} files, {kb:.1f} KB, {args.repeat} runs, median\n")
    print("| stage | KB/s |\n|---|---|")
    for name, vals in rows.items():
        print(f"| {name} | {statistics.median(vals):.0f} |")


if __name__ == "__main__":
    main()
