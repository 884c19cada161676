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

from graph.export import FORMATS
from viz.data import Subgraph
from viz.legend import CHAIN_EDGES, EDGE_COLORS, NODE_COLORS, TYPE_ZH, legend

STATIC = Path(__file__).parent / "static"
TEMPLATE = Path(__file__).parent / "templates" / "page.html"


# what the page's export offers: every format of POST /exports, named for people
EXPORT_LABELS = {
    "graphml": "GraphML（Gephi）",
    "json": "节点-连线 JSON",
    "jsonld": "JSON-LD",
    "ttl": "Turtle（RDF）",
}
FONT_FACE = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
NODE_FONT = 14  # px at zoom 1; the page enlarges it when the fitted zoom would shrink it


EDGE_LABEL_NODES = 30  # views with more nodes draw edges without labels (hover/click tells)
LABEL_CHARS = 12  # longer names (policy titles) are cut on the canvas, whole in the details


def short_label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def build_network(sub: Subgraph) -> Network:
    """A pyvis Network: nodes coloured by type and sized by degree, edges labelled by type;
    the transfer view's chains in levels left to right."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    chain = sub.layout == "chain"
    big = len(sub.nodes) > 400
    dense = len(sub.nodes) > EDGE_LABEL_NODES  # colours and the legend say the type there
    max_deg = max((n.get("degree") or 0 for n in sub.nodes), default=1) or 1
    for n in sub.nodes:
        deg = n.get("degree") or 0
        extra = {"level": n["level"]} if chain else {}
        net.add_node(
            n["id"],
            label=short_label(n["name"]),
            color=NODE_COLORS.get(n["type"], "#999"),
            size=12 if chain else 10 + 30 * (deg / max_deg) ** 0.5,
            title=f"{n['name']}（{TYPE_ZH.get(n['type'], n['type'])}）",
            shape="dot",
            font={"face": FONT_FACE, "size": NODE_FONT + (1 if chain else 0)},
            **extra,
        )
    for i, e in enumerate(sub.edges):
        if chain:
            style = CHAIN_EDGES[e["kind"]]
            net.add_edge(
                e["from"],
                e["to"],
                id=f"e{i}",
                label=style["label"] if e["kind"] in ("origin", "taken_in") else "",
                color=style["color"],
                dashes=style["dashes"],
                arrows="to",
                title=style["label"],
                width=1 if e["kind"] == "city" else 2,
            )
            continue
        structural = e["type"] == "PART_OF"
        net.add_edge(
            e["source"],
            e["target"],
            id=f"e{i}",
            label="" if structural or dense else e["type"],
            color=EDGE_COLORS.get(e["type"], "#999"),
            arrows="to",
            dashes=structural,
            title=e["type"],
            width=1 if structural else 2,
        )
    net.set_options(json.dumps(_chain_options() if chain else _force_options(big)))
    return net


def _force_options(big: bool) -> dict[str, Any]:
    # vis's improvedLayout (Kamada-Kawai seeding), long stabilization and curved edges dominate
    # the time to interactive on large views: switch them off there. Central gravity keeps
    # small components near the rest (they stretched the fitted view and shrank every label).
    return {
        "layout": {"improvedLayout": not big, "randomSeed": 7},
        "physics": {
            "solver": "barnesHut",
            "stabilization": {
                "enabled": True,
                "iterations": 50 if big else 400,
                "updateInterval": 50,
            },
            "barnesHut": {
                "gravitationalConstant": -3000,
                "centralGravity": 0.5,
                "springLength": 110,
                "springConstant": 0.04,
                "avoidOverlap": 0.3,
            },
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
        "nodes": {"font": {"size": NODE_FONT}},
    }


def _chain_options() -> dict[str, Any]:
    return {
        "layout": {
            "hierarchical": {
                "enabled": True,
                "direction": "LR",
                "sortMethod": "directed",
                "levelSeparation": 290,
                "nodeSpacing": 56,
                "treeSpacing": 70,
                "blockShifting": True,
                "edgeMinimization": True,
                "parentCentralization": True,
            }
        },
        "physics": {"enabled": False},
        "interaction": {"hover": True, "navigationButtons": False, "keyboard": True},
        "edges": {
            "smooth": {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4},
            "font": {"size": 12, "align": "middle", "background": "rgba(255,255,255,0.8)"},
        },
        "nodes": {"font": {"size": NODE_FONT + 1}},
    }


def page_data(sub: Subgraph, server: bool) -> dict[str, Any]:
    net = build_network(sub)
    nodes, edges, _, _, _, options = net.get_network_data()
    details = {
        n["id"]: {
            "type": n["type"],
            "name": n["name"],
            "aliases": n.get("aliases") or [],
            "degree": n.get("degree") or 0,
            "documents": n.get("documents") or 0,
            "region": n.get("region"),
            "evidence": n.get("evidence", []),
        }
        for n in sub.nodes
    }
    edge_details = {
        f"e{i}": {
            "type": e["type"],
            "kind": e.get("kind"),
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
        "layout": sub.layout,
        "chains": sub.chains,
        "candidates": sub.candidates,
        "query": sub.query,
        "hiddenIsolated": sub.hidden_isolated,
        "nodeFont": NODE_FONT,
        "server": server,
        "exportFormats": [{"value": f, "label": EXPORT_LABELS.get(f, f)} for f in FORMATS],
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
