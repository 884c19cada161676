"""Extraction quality on the corpus gold, scored by the gold's own score.py (never re-implemented).

The issue's bar (entities F1 ≥ 0.85, every type ≥ 0.70; relations F1 ≥ 0.70, 承接/共建/签约 ≥ 0.60)
is not met yet; this test holds the line at the measured level so quality cannot silently drop.
Raise the floors as the extractor improves (docs/extraction.md keeps the history).
"""

from __future__ import annotations

import json
from pathlib import Path

from innokg.config import DEFAULT_CORPUS
from loaders.extract.evaluate import bar_failures, predict, run_eval, score

# Measured on 2026-11-22: entities 0.760, relations 0.667 (see docs/extraction.md).
FLOORS = {
    "ALL entities": 0.74,
    "ALL relations": 0.63,
    "Official": 0.85,
    "Agency": 0.9,
    "University": 0.9,
    "Policy": 0.68,
    "Region": 0.7,
    "Lab": 0.6,
    "Park": 0.55,
    "Enterprise": 0.55,
    "任职": 0.7,
    "承接": 0.5,
}


def test_quality_does_not_drop_below_measured_floors(gold_dir: Path, tmp_path: Path) -> None:
    missing = predict(gold_dir, DEFAULT_CORPUS, tmp_path)
    assert missing == []
    result = json.loads(score(gold_dir, tmp_path, as_json=True))
    low = {k: round(result[k]["f1"], 3) for k, floor in FLOORS.items() if result[k]["f1"] < floor}
    assert not low, f"below floor: {low}"


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
