"""`innokg eval`: extract the documents a gold folder names and score them with its score.py."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ENTITY_BAR = 0.85
ENTITY_TYPE_BAR = 0.70
RELATION_BAR = 0.70
RELATION_TYPE_BAR = {"承接": 0.60, "共建": 0.60, "签约": 0.60}


def predict(gold_dir: Path, corpus_dir: Path, out_dir: Path) -> list[str]:
    """Write <stem>.json predictions for every gold file's document; returns missing docs."""
    from innokg.pipeline import extract_documents, load_documents
    from loaders.extract.goldfmt import to_gold

    paths, missing = [], []
    for g in sorted(gold_dir.glob("*.gold.json")):
        name = json.loads(g.read_text(encoding="utf-8")).get("doc") or g.name[: -len(".gold.json")]
        path = corpus_dir / name
        if not path.exists():
            path = corpus_dir / (g.name[: -len(".gold.json")] + ".txt")
        (paths if path.exists() else missing).append(path if path.exists() else name)
    docs, _ = load_documents(paths, 50 * 1024 * 1024)
    for ex in extract_documents(docs):
        (out_dir / f"{ex.doc.stem}.json").write_text(
            json.dumps(to_gold(ex), ensure_ascii=False), encoding="utf-8"
        )
    return [str(m) for m in missing]


def scorer_for(gold_dir: Path) -> Path:
    """The evaluation's own score.py: beside the gold folder or one level up (eval/news/gold)."""
    for folder in (gold_dir.resolve().parent, gold_dir.resolve().parent.parent):
        if (folder / "score.py").exists():
            return folder / "score.py"
    raise FileNotFoundError(f"no score.py near {gold_dir}")


def score(gold_dir: Path, pred_dir: Path, as_json: bool = False, scorer: Path | None = None) -> str:
    """Run the evaluation's scorer (never re-implemented): the gold folder's own, or ``scorer``
    for gold kept elsewhere (the project's development sets in data/)."""
    scorer = scorer or scorer_for(gold_dir)
    cmd = [sys.executable, str(scorer), str(gold_dir), str(pred_dir)] + (
        ["--json"] if as_json else []
    )
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def bar_failures(result: dict) -> list[str]:
    fails = []
    if result["ALL entities"]["f1"] < ENTITY_BAR:
        fails.append(f"entities F1 {result['ALL entities']['f1']:.3f} < {ENTITY_BAR}")
    for t in ("Enterprise", "Lab", "University", "Park", "Agency", "Official", "Policy", "Region"):
        if t in result and result[t]["gold"] and result[t]["f1"] < ENTITY_TYPE_BAR:
            fails.append(f"{t} F1 {result[t]['f1']:.3f} < {ENTITY_TYPE_BAR}")
    if result["ALL relations"]["f1"] < RELATION_BAR:
        fails.append(f"relations F1 {result['ALL relations']['f1']:.3f} < {RELATION_BAR}")
    for t, bar in RELATION_TYPE_BAR.items():
        if t in result and result[t]["gold"] and result[t]["f1"] < bar:
            fails.append(f"{t} F1 {result[t]['f1']:.3f} < {bar}")
    return fails


def run_eval(gold_dir: Path, corpus_dir: Path) -> tuple[int, str]:
    """(exit code, printed report): 0 when the quality bar is met."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        return 2, f"no gold folder at {gold_dir}"
    with tempfile.TemporaryDirectory() as tmp:
        missing = predict(gold_dir, Path(corpus_dir), Path(tmp))
        table = score(gold_dir, Path(tmp))
        result = json.loads(score(gold_dir, Path(tmp), as_json=True))
    lines = [table.rstrip()]
    if missing:
        lines.append(f"documents not found in {corpus_dir}: {', '.join(missing)}")
    fails = bar_failures(result)
    lines.append("bar met" if not fails else "bar NOT met: " + "; ".join(fails))
    return (0 if not fails else 1), "\n".join(lines)
