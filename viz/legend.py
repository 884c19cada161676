"""The page's legend and colours, derived from schema/model.py: Chinese names first, the
schema's (English) names beside them for those who write Cypher."""

from __future__ import annotations

from schema.model import ENTITY_LABELS, PART_OF, RELATION_TYPES

# How the transfer view draws each kind of chain edge (viz/transfer.py).
CHAIN_EDGES = {
    "origin": {"label": "迁出", "color": "#d62728", "dashes": False, "doc": "从北京/天津迁出"},
    "taken_in": {"label": "承接", "color": "#d62728", "dashes": False, "doc": "被接收方承接"},
    "generic": {
        "label": "承接（泛指）",
        "color": "#e8a0a0",
        "dashes": True,
        "doc": "接收方承接京津产业，未点名企业/项目",
    },
    "city": {"label": "位于", "color": "#aaaaaa", "dashes": True, "doc": "接收方所在城市"},
}
_REL_ZH = {"PART_OF": "隶属/位于"}


def legend() -> dict[str, list[dict[str, str]]]:
    return {
        "types": [
            {"name": lbl.name, "zh": lbl.zh, "color": lbl.color, "doc": lbl.doc}
            for lbl in ENTITY_LABELS
        ],
        "relations": [
            {"name": r.name, "zh": _REL_ZH.get(r.name, r.name), "en": r.en, "color": r.color}
            for r in (*RELATION_TYPES, PART_OF)
        ],
        "chainEdges": [{"kind": k, **v} for k, v in CHAIN_EDGES.items()],
    }


NODE_COLORS = {lbl.name: lbl.color for lbl in ENTITY_LABELS}
EDGE_COLORS = {r.name: r.color for r in (*RELATION_TYPES, PART_OF)}
TYPE_ZH = {lbl.name: lbl.zh for lbl in ENTITY_LABELS}
