"""A generated corpus of N distinct documents for the build benchmarks, made from the bundled
corpus: each document is a numbered headline plus paragraphs drawn (seeded) from one or two corpus
documents, ~15–30 KB like them, so entities and relations repeat across documents as in a real
archive and every file has its own content hash.

    python bench/gen_corpus.py OUT_DIR [--docs 500] [--seed 17]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from innokg.config import DEFAULT_CORPUS  # noqa: E402


def corpus_paragraphs() -> list[list[str]]:
    """The bundled corpus's non-empty paragraphs, per document (sorted by file name)."""
    return [
        [p for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
        for f in sorted(DEFAULT_CORPUS.glob("*.txt"))
    ]


def generate(out: Path, n_docs: int, seed: int = 17) -> list[Path]:
    rnd = random.Random(seed)
    sources = corpus_paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n_docs):
        picked = rnd.sample(sources, rnd.choice((1, 2)))
        paras: list[str] = []
        for src in picked:
            k = min(len(src), max(8, int(len(src) * rnd.uniform(0.3, 0.7))))
            start = rnd.randrange(0, len(src) - k + 1)
            paras += src[start : start + k]
        body = "\n\n".join(paras)[:30000]
        path = out / f"gen_{i:05d}.txt"
        path.write_text(f"京津冀协同发展动态（第{i + 1}期）\n\n{body}\n", encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    files = generate(args.out, args.docs, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
