"""Extraction CPU per MB as documents grow: one document of 100 KB, 1 MB and 5 MB, each made of
the bundled corpus's paragraphs (seeded order, repeated as needed, so names recur as in a long
plan or an archive dump), loaded and extracted in this process.

    python bench/extract_scale.py [--sizes 100,1000,5000] [--seed 5]

Issue 17's bar: CPU-s per MB at 5 MB within 1.2× of that at 100 KB (a rule that scans every
earlier mention, or every sentence, per mention is what breaks it). CPU is the process's own
(`time.process_time`: every thread, the tagger's included), so a shared machine moves it less
than wall time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_corpus import corpus_paragraphs  # noqa: E402
from innokg.config import DEFAULT_CORPUS  # noqa: E402
from innokg.pipeline import load_documents  # noqa: E402
from loaders.extract.pipeline import extract  # noqa: E402


def long_text(kb: int, seed: int) -> str:
    """About ``kb`` KB of UTF-8: the corpus's paragraphs in a seeded order, round after round."""
    paras = [p for doc in corpus_paragraphs() for p in doc]
    rnd, out, size = random.Random(seed), [], 0
    while size < kb * 1000:
        rnd.shuffle(paras)
        for p in paras:
            out.append(p)
            size += len(p.encode("utf-8")) + 1
            if size >= kb * 1000:
                break
    return "京津冀协同发展资料汇编\n" + "\n".join(out) + "\n"


def measure(kb: int, seed: int, tmp: Path) -> tuple[float, float, int, int]:
    """(MB, extraction CPU-s, entities, relations) of one document of about ``kb`` KB."""
    path = tmp / f"long_{kb}.txt"
    path.write_text(long_text(kb, seed), encoding="utf-8")
    mb = path.stat().st_size / 1e6
    (doc,), errors = load_documents([path], max_bytes=path.stat().st_size + 1)
    assert not errors, errors
    cpu = time.process_time()
    ex = extract(doc)
    return mb, time.process_time() - cpu, len(ex.entities), len(ex.relations)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,5000", help="document sizes in KB")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    extract(load_documents([sorted(DEFAULT_CORPUS.glob("*.txt"))[0]], 10**8)[0][0])  # warm-up
    print(
        "| document | MB | extraction CPU s | CPU s per MB | × the smallest | entities | relations |"
    )
    print("|---|---|---|---|---|---|---|")
    first = None
    with tempfile.TemporaryDirectory() as d:
        for kb in sizes:
            mb, cpu, n_ent, n_rel = measure(kb, args.seed, Path(d))
            per_mb = cpu / mb
            first = first or per_mb
            print(
                f"| {kb} KB | {mb:.2f} | {cpu:.1f} | {per_mb:.2f} | {per_mb / first:.2f} | "
                f"{n_ent} | {n_rel} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
