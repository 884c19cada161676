"""Extraction → parameter rows for the writer's UNWIND batches (pure functions)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict
from typing import Any

from graph.search import grams
from schema.model import ENTITY_TYPES, REL_BY_NAME, RELATION_KEY_SEP, relation_key
from schema.records import Entity, Evidence, Extraction


def evidence_json(ev: Evidence, confidence: float) -> str:
    """Evidence as a JSON string starting with its doc id, so one document's records can be
    removed with a STARTS WITH filter (see :func:`evidence_prefix`)."""
    record = {"doc_id": ev.doc_id, **{k: v for k, v in asdict(ev).items() if k != "doc_id"}}
    record["confidence"] = round(confidence, 3)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def evidence_prefix(doc_id: str) -> str:
    return json.dumps({"doc_id": doc_id}, ensure_ascii=False, separators=(",", ":"))[:-1]


def _clean_props(props: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        if v is None or k in (
            "key",
            "docs",
            "evidence",
            "confidence",
            "name",
            "type",
            "aliases",
            "canonical",
            "grams",
            "doc_count",
            "evidence_count",
        ):
            continue
        if isinstance(v, (list, tuple, set)):
            v = [str(x) for x in v]
            if not v:
                continue
        elif not isinstance(v, (str, int, float, bool)):
            v = str(v)
        out[k] = v
    return out


def document_row(ex: Extraction) -> dict[str, Any]:
    d = ex.doc
    return {
        "id": d.id,
        "props": _clean_props(
            {
                "path": d.path,
                "title": d.title,
                "date": d.date,
                "doc_number": d.doc_number,
                "format": d.format,
                "text": d.text,
                "name": d.title or d.name,
            }
        ),
    }


def entity_rows(ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Rows per label (labels can't be parameters, so the writer runs one batch per label).

    Each row also carries the document's mentions of the entity (``count``, ``sentences``): the
    writer links document and entity with one MENTIONS edge, which is also the record that this
    document contributes the entity (what a rewrite or delete takes back).
    """
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_key: dict[str, dict[str, Any]] = {}
    for e in ex.entities:
        if e.type not in ENTITY_TYPES:
            continue
        name = e.props.get("canonical") or e.name  # regions: the official name (河北省)
        aliases = sorted({a for a in [*e.aliases, e.name] if a and a != name})
        if e.key in by_key:  # two entities resolved to one key: one row
            row = by_key[e.key]
            row["aliases"] = sorted({*row["aliases"], *(a for a in aliases if a != row["name"])})
            row["grams"] = grams([row["name"], *row["aliases"]])
            row["count"] += len(e.mentions)
            row["sentences"] += _mention_sentences(e)
            continue
        by_key[e.key] = row = {
            "key": e.key,
            "name": name,
            "type": e.type,
            "aliases": aliases,
            "grams": grams([name, *aliases]),
            "doc_id": ex.doc.id,
            "props": _clean_props(e.props),
            "count": len(e.mentions),
            "sentences": _mention_sentences(e),
        }
        rows[e.type].append(row)
    return rows


def _mention_sentences(e: Entity) -> list[str]:
    return [
        json.dumps(
            {"sentence_id": m.sentence_id, "start": m.start, "end": m.end, "text": m.text},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for m in e.mentions
    ]


def statement_key(doc_id: str, edge_key: str) -> str:
    """Key of the Statement node holding one document's evidence for one edge."""
    return f"{doc_id}{RELATION_KEY_SEP}{edge_key}"


def relation_rows(ex: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Rows per relationship type; the same (type, head, tail) is merged into one row."""
    merged: dict[str, dict[str, Any]] = {}
    types: dict[str, str] = {}
    for r in ex.relations:
        if r.type not in REL_BY_NAME or r.head == r.tail:
            continue
        key = relation_key(r.type, r.head, r.tail)
        row = merged.get(key)
        if row is None:
            row = {
                "key": key,
                "skey": statement_key(ex.doc.id, key),
                "head": r.head,
                "tail": r.tail,
                "doc_id": ex.doc.id,
                "confidence": 0.0,
                "evidence": [],
                "props": {},
            }
            merged[key] = row
            types[key] = r.type
        row["confidence"] = max(row["confidence"], float(r.confidence))
        for ev in r.evidence:
            js = evidence_json(ev, r.confidence)
            if js not in row["evidence"]:
                row["evidence"].append(js)
        for k, v in _clean_props(r.props).items():
            old = row["props"].get(k)
            if isinstance(v, list) and isinstance(old, list):
                row["props"][k] = sorted(set(old) | set(v))
            elif old is None:
                row["props"][k] = v
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, row in merged.items():
        out[types[key]].append(row)
    return out


def batched(rows: list[Any], size: int) -> list[list[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)] or []
