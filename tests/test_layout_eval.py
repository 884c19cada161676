"""Layout and script robustness on the evaluation sets: print-layout copies and traditional-
character copies score like the originals.

The copies are made at test time in tmp_path from /work/shared/eval (never stored in the
project); both the original and the copy are extracted and scored by the gold's own score.py.
The bar is the gap, not the score, so it holds whatever the extractor finds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.layout_copies import hard_wrap, to_traditional
from innokg.config import DEFAULT_CORPUS, PROJECT_ROOT
from loaders.extract.evaluate import predict

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"
SETS = {
    "corpus": (DEFAULT_CORPUS, EVAL_DIR / "gold"),
    "news": (EVAL_DIR / "news" / "docs", EVAL_DIR / "news" / "gold"),
}
SCORER = EVAL_DIR / "score.py"
MAX_GAP = 0.01

Transform = Callable[[str], str]
WRAPS: dict[str, Transform] = {
    "35 columns": lambda t: hard_wrap(t, 35),
    "28 columns": lambda t: hard_wrap(t, 28),
    "40 columns": lambda t: hard_wrap(t, 40),
    "35 columns, indented, no blank lines": lambda t: hard_wrap(t, 35, "\u3000\u3000", False),
    "30 print columns, indented": lambda t: hard_wrap(t, 30, "\u3000\u3000", False, True),
}
SCRIPTS: dict[str, Transform] = {
    "s2t": lambda t: to_traditional(t, "s2t"),
    "s2tw": lambda t: to_traditional(t, "s2tw"),
    "s2hk": lambda t: to_traditional(t, "s2hk"),
    "s2tw, 35 columns, indented": lambda t: hard_wrap(
        to_traditional(t, "s2tw"), 35, "\u3000\u3000", False
    ),
}


def eval_set(name: str) -> tuple[Path, Path]:
    docs, gold = SETS[name]
    if not (gold.is_dir() and docs.is_dir() and SCORER.exists()):
        pytest.skip(f"no evaluation data at {EVAL_DIR} (gold, documents and score.py needed)")
    return docs, gold


def f1s(gold: Path, docs: Path, out: Path) -> tuple[float, float]:
    """(entity F1, relation F1) of the extractor on ``docs``, scored by score.py."""
    out.mkdir(parents=True, exist_ok=True)
    assert predict(gold, docs, out) == []
    run = [sys.executable, str(SCORER), str(gold), str(out), "--json"]
    result = json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)
    return result["ALL entities"]["f1"], result["ALL relations"]["f1"]


def copied(docs: Path, gold: Path, transform: Transform, target: Path) -> Path:
    """Transformed copies of the documents the gold names, written into ``target``."""
    target.mkdir(parents=True)
    for g in gold.glob("*.gold.json"):
        name = json.loads(g.read_text(encoding="utf-8")).get("doc") or g.name[: -len(".gold.json")]
        source = docs / name
        (target / name).write_text(transform(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def plain_f1(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[float, float]]:
    cache: dict[str, tuple[float, float]] = {}

    def get(name: str) -> tuple[float, float]:
        if name not in cache:
            docs, gold = eval_set(name)
            cache[name] = f1s(gold, docs, tmp_path_factory.mktemp(f"{name}-plain"))
        return cache[name]

    return get


def assert_gap(name: str, transform: Transform, tmp_path: Path, plain: tuple[float, float]) -> None:
    docs, gold = eval_set(name)
    got = f1s(gold, copied(docs, gold, transform, tmp_path / "docs"), tmp_path / "out")
    gaps = {"entities": plain[0] - got[0], "relations": plain[1] - got[1]}
    assert all(abs(g) <= MAX_GAP for g in gaps.values()), (
        f"{name}: plain {plain}, copy {got}, gaps {gaps}"
    )


@pytest.mark.parametrize("copy", [*WRAPS, *SCRIPTS])
@pytest.mark.parametrize("name", list(SETS))
def test_copy_scores_like_the_original(
    name: str, copy: str, tmp_path: Path, plain_f1: Callable[[str], tuple[float, float]]
) -> None:
    """Print-layout copies (WRAPS) and traditional-character copies (SCRIPTS)."""
    assert_gap(name, {**WRAPS, **SCRIPTS}[copy], tmp_path, plain_f1(name))
