"""Extraction → the gold JSON format of the evaluation guideline (``innokg extract`` output)."""

from __future__ import annotations

from typing import Any

from schema.model import RELATION_NAMES
from schema.records import Extraction


def to_gold(ex: Extraction) -> dict[str, Any]:
    """One document's entities and relations, with evidence and offsets for every relation."""
    by_key = {e.key: e for e in ex.entities}
    entities = []
    for e in ex.entities:
        if not e.mentions:
            continue  # hierarchy-only parents are not stated in this document
        item: dict[str, Any] = {"type": e.type, "name": e.name, "aliases": list(e.aliases)}
        if e.props.get("resolved") and e.props["resolved"] != e.name:
            item["resolved"] = e.props["resolved"]
        first = e.mentions[0]
        item["evidence"] = ex.doc.sentences[first.sentence_id].text
        item["mentions"] = [
            {"sentence_id": m.sentence_id, "start": m.start, "end": m.end, "component": m.component}
            for m in e.mentions
        ]
        entities.append(item)
    relations = []
    for r in ex.relations:
        if r.type not in RELATION_NAMES or r.head not in by_key or r.tail not in by_key:
            continue
        item = {"type": r.type, "head": by_key[r.head].name, "tail": by_key[r.tail].name}
        item.update({k: v for k, v in r.props.items() if v not in (None, "", [])})
        item["confidence"] = round(r.confidence, 3)
        if r.evidence:
            ev = r.evidence[0]
            item["evidence"] = ev.sentence
            item["cue"] = ev.cue
            item["offsets"] = [
                {
                    "sentence_id": e.sentence_id,
                    "start": e.start,
                    "end": e.end,
                    "orig_start": e.orig_start,
                    "orig_end": e.orig_end,
                    "cue": e.cue,
                }
                for e in r.evidence
            ]
        relations.append(item)
    return {"doc": ex.doc.name, "doc_id": ex.doc.id, "entities": entities, "relations": relations}
