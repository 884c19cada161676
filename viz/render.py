"""Subgraph → the interactive page (pyvis builds the network; our template adds the controls).

pyvis's own template pulls vis-network and Bootstrap from CDNs; an offline government intranet
can't reach them, so the page uses pyvis for the network data and options and loads the vendored
vis-network (viz/static) either from the app (/static/viz/…) or inlined (standalone file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyvis.network import Network

from viz.data import Subgraph
from viz.legend import EDGE_COLORS, NODE_COLORS, TYPE_ZH, legend

STATIC = Path(__file__).parent / "static"
TEMPLATE = Path(__file__).parent / "templates" / "page.html"


def build_network(sub: Subgraph) -> Network:
    """A pyvis Network: nodes coloured by type and sized by degree, edges labelled by type."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    big = len(sub.nodes) > 400
    max_deg = max((n.get("degree") or 0 for n in sub.nodes), default=1) or 1
    for n in sub.nodes:
        deg = n.get("degree") or 0
        net.add_node(
            n["id"],
            label=n["name"],
            color=NODE_COLORS.get(n["type"], "#999"),
            size=10 + 30 * (deg / max_deg) ** 0.5,
            title=f"{n['name']}（{TYPE_ZH.get(n['type'], n['type'])}）",
            shape="dot",
            font={"face": "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"},
        )
    for i, e in enumerate(sub.edges):
        structural = e["type"] == "PART_OF"
        net.add_edge(
            e["source"],
            e["target"],
            id=f"e{i}",
            label="" if structural or big else e["type"],
            color=EDGE_COLORS.get(e["type"], "#999"),
            arrows="to",
            dashes=structural,
            title=e["type"],
            width=1 if structural else 2,
        )
    # vis's improvedLayout (Kamada-Kawai seeding), long stabilization and curved edges dominate
    # the time to interactive on large views: switch them off there
    options = {
        "layout": {"improvedLayout": not big},
        "physics": {
            "solver": "barnesHut",
            "stabilization": {
                "enabled": True,
                "iterations": 50 if big else 300,
                "updateInterval": 50,
            },
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140},
        },
        "interaction": {
            "hover": True,
            "navigationButtons": False,
            "keyboard": True,
            "hideEdgesOnDrag": big,
        },
        "edges": {
            "smooth": False if big else {"type": "continuous"},
            "font": {"size": 11, "align": "middle"},
        },
        "nodes": {"font": {"size": 13}},
    }
    net.set_options(json.dumps(options))
    return net


def page_data(sub: Subgraph, server: bool) -> dict[str, Any]:
    net = build_network(sub)
    nodes, edges, _, _, _, options = net.get_network_data()
    details = {
        n["id"]: {
            "type": n["type"],
            "name": n["name"],
            "aliases": n.get("aliases") or [],
            "degree": n.get("degree") or 0,
            "evidence": n.get("evidence", []),
        }
        for n in sub.nodes
    }
    edge_details = {
        f"e{i}": {
            "type": e["type"],
            "source": e["source"],
            "target": e["target"],
            "properties": e.get("properties", {}),
            "evidence": e.get("evidence", []),
        }
        for i, e in enumerate(sub.edges)
    }
    return {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "details": details,
        "edgeDetails": edge_details,
        "legend": legend(),
        "notice": sub.notice,
        "total": sub.total,
        "facets": sub.facets,
        "server": server,
    }


# Inside <script>, "</script", "<!--" and "<script" change how HTML reads the rest: escaped as
# JSON escapes, no string can end or comment out the script (U+2028/9 for old JS parsers).
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(value: Any) -> str:
    """JSON that is safe to inline in a <script> element."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_SAFE)


def render_page(
    sub: Subgraph, *, server: bool = True, title: str = "京津冀创新生态知识图谱"
) -> str:
    """The page's HTML (UTF-8). ``server`` links assets to the app; otherwise they are inlined."""
    data = script_json(page_data(sub, server))
    if server:
        assets = (
            '<link rel="stylesheet" href="/static/viz/vis-network.css">\n'
            '<script src="/static/viz/vis-network.min.js"></script>'
        )
    else:
        css = (STATIC / "vis-network.css").read_text(encoding="utf-8")
        js = (STATIC / "vis-network.min.js").read_text(encoding="utf-8")
        assets = f"<style>{css}</style>\n<script>{js}</script>"
    html = TEMPLATE.read_text(encoding="utf-8")
    return html.replace("__TITLE__", title).replace("__ASSETS__", assets).replace("__DATA__", data)
