"""Time until a 2,000-node view is interactive (layout stabilized, physics off) in headless
Chromium, for a generated graph rendered by the page's own code.

    python bench/page_interactive.py [--nodes 2000] [--edges 4000] [--runs 3]

Target (issue 8): < 3 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from schema.model import ENTITY_TYPES, RELATION_NAMES  # noqa: E402
from viz.browser import CHROMIUM  # noqa: E402
from viz.browser import CHROMIUM_ARGS as ARGS
from viz.data import Subgraph  # noqa: E402
from viz.render import render_page  # noqa: E402


def subgraph(n: int, m: int) -> Subgraph:
    rnd = random.Random(5)
    nodes = [
        {
            "id": f"N{i}",
            "type": ENTITY_TYPES[i % 8],
            "name": f"实体{i}",
            "aliases": [],
            "degree": 0,
            "evidence": [],
        }
        for i in range(n)
    ]
    edges = []
    for _ in range(m):
        a, b = rnd.randrange(n), rnd.randrange(n)
        nodes[a]["degree"] += 1
        nodes[b]["degree"] += 1
        edges.append(
            {
                "source": f"N{a}",
                "target": f"N{b}",
                "type": rnd.choice(RELATION_NAMES),
                "properties": {},
                "evidence": [],
            }
        )
    return Subgraph(nodes=nodes, edges=edges, total=n)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=4000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as d:
        page_file = Path(d) / "view.html"
        page_file.write_text(
            render_page(subgraph(args.nodes, args.edges), server=False), encoding="utf-8"
        )
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                t = time.perf_counter()
                page.goto(page_file.as_uri())
                page.wait_for_function("window.innokg && window.innokg.stabilized", timeout=120000)
                times.append(time.perf_counter() - t)
                page.close()
            browser.close()
    print(f"view: {args.nodes} nodes, {args.edges} edges, standalone page, headless Chromium\n")
    print("| measure | seconds |\n|---|---|")
    print(
        f"| load → stabilized, physics off (median of {args.runs}) | {statistics.median(times):.2f} |"
    )


if __name__ == "__main__":
    main()
