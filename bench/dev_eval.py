"""Score the extractor on the held-out dev set (data/dev), the generalization check.

    python bench/dev_eval.py [--misses] [--scorer PATH] [--gold DIR --docs DIR]

Extracts every document of data/dev/docs, writes predictions in the gold format to a temporary
folder and runs the evaluation's own scorer on them (../shared/eval/score.py by default; never
re-implemented). ``--misses`` also lists, per document, the gold entities and relations that no
prediction matched and the predictions that matched nothing (same matching rule as the scorer),
to sort misses by cause. Works on any gold/docs pair (e.g. the news set) via --gold/--docs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.extract.evaluate import predict  # noqa: E402

DEV = ROOT / "data" / "dev"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def misses(scorer: Path, gold_dir: Path, pred_dir: Path) -> list[str]:
    """Unmatched gold items (-) and unmatched predictions (+), per document."""
    spec = importlib.util.spec_from_file_location("score", scorer)
    sc = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(sc)
    out: list[str] = []
    for g in sorted(gold_dir.glob("*.gold.json")):
        stem = g.name[: -len(".gold.json")]
        gold = json.loads(g.read_text(encoding="utf-8"))
        pf = pred_dir / f"{stem}.json"
        pred = json.loads(pf.read_text(encoding="utf-8")) if pf.exists() else {}
        lines = []
        ge = gold.get("entities", [])
        hit: set[int] = set()
        for p in pred.get("entities", []):
            i = next(
                (
                    i
                    for i, e in enumerate(ge)
                    if i not in hit and e["type"] == p["type"] and sc.names_of(p) & sc.names_of(e)
                ),
                None,
            )
            if i is None:
                lines.append(f"  + {p['type']} {p['name']}")
            else:
                hit.add(i)
        lines += [f"  - {e['type']} {e['name']}" for i, e in enumerate(ge) if i not in hit]
        names = {e["name"]: sc.names_of(e) for e in ge}
        gr = gold.get("relations", [])
        hit = set()
        for p in pred.get("relations", []):
            h, t = sc.norm(p["head"]), sc.norm(p["tail"])
            found = None
            for i, r in enumerate(gr):
                if i in hit or r["type"] != p["type"]:
                    continue
                gh = names.get(r["head"], {sc.norm(r["head"])})
                gt = names.get(r["tail"], {sc.norm(r["tail"])})
                sym = r["type"] in sc.SYMMETRIC and h in gt and t in gh
                if (h in gh and t in gt) or sym:
                    found = i
                    break
            if found is None:
                lines.append(f"  + {p['type']} {p['head']} -> {p['tail']}")
            else:
                hit.add(found)
        lines += [
            f"  - {r['type']} {r['head']} -> {r['tail']}" for i, r in enumerate(gr) if i not in hit
        ]
        if lines:
            out += [stem, *lines]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=DEV / "gold")
    ap.add_argument("--docs", type=Path, default=DEV / "docs")
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    if not args.scorer.exists():
        print(f"no scorer at {args.scorer} (pass --scorer)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        missing = predict(args.gold, args.docs, Path(tmp))
        table = subprocess.run(
            [sys.executable, str(args.scorer), str(args.gold), tmp],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        print(table.rstrip())
        if missing:
            print("documents not found:", ", ".join(missing))
        if args.misses:
            print("\n".join(misses(args.scorer, args.gold, Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
