"""The page's legend and colours, derived from schema/model.py."""

from __future__ import annotations

from schema.model import ENTITY_LABELS, PART_OF, RELATION_TYPES


def legend() -> dict[str, list[dict[str, str]]]:
    return {
        "types": [{"name": lbl.name, "zh": lbl.zh, "color": lbl.color} for lbl in ENTITY_LABELS],
        "relations": [
            {"name": r.name, "en": r.en, "color": r.color} for r in (*RELATION_TYPES, PART_OF)
        ],
    }


NODE_COLORS = {lbl.name: lbl.color for lbl in ENTITY_LABELS}
EDGE_COLORS = {r.name: r.color for r in (*RELATION_TYPES, PART_OF)}
TYPE_ZH = {lbl.name: lbl.zh for lbl in ENTITY_LABELS}
