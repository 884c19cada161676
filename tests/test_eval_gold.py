"""Extraction quality on both gold sets, scored by the evaluation's own score.py (never
re-implemented): the corpus gold (the five bundled documents) and the news set (21 short texts
the rules were not written from). Skips with the reason where ../shared/eval is absent.

Floors are issue 13's bars where they are met, else the measured figure less 0.01, so quality
cannot silently drop (docs/extraction.md has the figures and the commands that measured them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from innokg.config import DEFAULT_CORPUS, PROJECT_ROOT
from loaders.extract.evaluate import bar_failures, predict, run_eval, score

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"

# Issue 13's bars: corpus entities ≥ 0.85, relations ≥ 0.80; news set entities ≥ 0.85,
# relations ≥ 0.70, 承接 ≥ 0.60, 签约 ≥ 0.60, 任职 ≥ 0.75. Below a bar, the measured value less
# 0.01 (2026-12-01) stands in until the bar is reached.
FLOORS = {
    "corpus": {"ALL entities": 0.85, "ALL relations": 0.80, "承接": 0.85, "任职": 0.90},
    "news": {
        "ALL entities": 0.85,
        "ALL relations": 0.70,
        "承接": 0.60,
        "签约": 0.60,
        "任职": 0.75,
        "共建": 0.85,
    },
}
SETS = {
    "corpus": (DEFAULT_CORPUS, EVAL_DIR / "gold"),
    "news": (EVAL_DIR / "news" / "docs", EVAL_DIR / "news" / "gold"),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_quality_does_not_drop_below_floors(name: str, tmp_path: Path) -> None:
    docs, gold = SETS[name]
    if not gold.is_dir() or not docs.is_dir():
        pytest.skip(f"no {name} evaluation set at {gold} (../shared/eval is not on this machine)")
    assert predict(gold, docs, tmp_path) == []
    result = json.loads(score(gold, tmp_path, as_json=True))
    low = {
        k: round(result[k]["f1"], 3) for k, floor in FLOORS[name].items() if result[k]["f1"] < floor
    }
    assert not low, f"{name}: below floor: {low}"


# The project's development sets (data/dev*: made-up texts, gold written blind, README each):
# ALL entities / ALL relations F1 less 0.01, measured with the evaluation's score.py
# (docs/extraction.md). dev5, dev7 and dev10 are blind: no rule was written from them; their
# floors only keep what the rules written from the others already carry over.
DEV_FLOORS = {
    "dev": (0.974, 0.99),
    "dev2": (0.978, 0.99),
    "dev3": (0.983, 0.99),
    "dev4": (0.977, 0.99),
    "dev5": (0.961, 0.86),
    "dev6": (0.976, 0.973),
    "dev7": (0.949, 0.87),
    "dev8": (0.965, 0.939),
    "dev9": (0.985, 0.955),
    "dev10": (0.946, 0.871),
    "dev11": (0.934, 0.877),
}


@pytest.mark.parametrize("name", sorted(DEV_FLOORS))
def test_development_sets_do_not_drop_below_floors(name: str, tmp_path: Path) -> None:
    scorer = EVAL_DIR / "score.py"
    if not scorer.exists():
        pytest.skip(f"no evaluation scorer at {scorer} (../shared/eval is not on this machine)")
    folder = PROJECT_ROOT / "data" / name
    assert predict(folder / "gold", folder / "docs", tmp_path) == []
    result = json.loads(score(folder / "gold", tmp_path, as_json=True, scorer=scorer))
    got = (round(result["ALL entities"]["f1"], 3), round(result["ALL relations"]["f1"], 3))
    floor = DEV_FLOORS[name]
    assert got[0] >= floor[0] and got[1] >= floor[1], f"{name}: {got} below {floor}"


def test_eval_command_reports_the_bar(gold_dir: Path) -> None:
    code, report = run_eval(gold_dir, DEFAULT_CORPUS)
    assert "ALL entities" in report and "ALL relations" in report
    assert report.splitlines()[-1].startswith(("bar met", "bar NOT met"))
    assert code == (0 if report.splitlines()[-1] == "bar met" else 1)


def test_bar_check_flags_each_shortfall() -> None:
    ok = {
        k: {"f1": 0.9, "gold": 1} for k in ("ALL entities", "ALL relations", "承接", "共建", "签约")
    }
    assert bar_failures(ok) == []
    low = {**ok, "Park": {"f1": 0.5, "gold": 3}, "共建": {"f1": 0.2, "gold": 2}}
    fails = bar_failures(low)
    assert any("Park" in f for f in fails) and any("共建" in f for f in fails)
