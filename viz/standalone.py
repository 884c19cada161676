"""`innokg viz --out graph.html`: one self-contained HTML file (assets and data inlined)."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from viz.data import View, build_subgraph
from viz.render import render_page


def write_standalone(
    store: GraphStore,
    out: Path,
    focus: str | None = None,
    depth: int = 2,
    max_nodes: int = 500,
    view: str = "all",
) -> Path:
    """The overview, a focus, or the transfer view with its table (CSV export works offline)."""
    sub = build_subgraph(
        store, View(view=view, focus=focus, depth=depth, max_nodes=max_nodes), with_facets=False
    )
    Path(out).write_text(render_page(sub, server=False), encoding="utf-8")
    return Path(out)
