"""Evidence records as stored on edges and mentions: parse them, cut sentences around mentions."""

from __future__ import annotations

import json
import weakref
from typing import Any
from urllib.parse import quote

import orjson

from graph import steps
from graph.generation import kept_for
from graph.steps import Read, Steps
from graph.store import GraphStore, QueryResult

_STOPS = "。！？；\n"


def parse_evidence(raw: list[str] | None) -> list[dict[str, Any]]:
    """Stored evidence records (JSON strings) as dicts; what is no record is left out. orjson
    reads them (a chains page parses a hundred); what it refuses and json reads (NaN, Infinity)
    is read by json."""
    out = []
    for item in raw or []:
        try:
            out.append(orjson.loads(item))
        except (TypeError, orjson.JSONDecodeError):
            try:
                out.append(json.loads(item))
            except (TypeError, json.JSONDecodeError):
                continue
    return out


_RECORD_START = ('{"doc_id":', '{"sentence_id":')


def decode_records(value: Any) -> Any:
    """User query results with the stored JSON records (edge evidence, mention sentences) as
    objects: a list of strings that are all such records becomes a list of dicts; maps and
    lists are walked. Anything else is returned as it is."""
    if isinstance(value, list):
        if value and all(isinstance(v, str) and v.startswith(_RECORD_START) for v in value):
            try:
                return [json.loads(v) for v in value]
            except json.JSONDecodeError:
                return value
        return [decode_records(v) for v in value]
    if isinstance(value, dict):
        return {k: decode_records(v) for k, v in value.items()}
    return value


def sentence_around(text: str, start: int, end: int, max_len: int = 400) -> tuple[int, int]:
    """Bounds of the sentence holding text[start:end] (for mentions stored as offsets only)."""
    lo = max((text.rfind(c, 0, start) for c in _STOPS), default=-1) + 1
    his = [i for i in (text.find(c, end) for c in _STOPS) if i >= 0]
    hi = min(his) + 1 if his else len(text)
    return lo, min(hi, lo + max_len)


DOCUMENT_META = """
MATCH (d:Document) WHERE d.id IN $ids
RETURN d.id AS id, d.title AS title, d.date AS date, d.doc_number AS doc_number, d.path AS path
"""


# store → (generation, id → meta or None): documents change far less often than they are
# cited, and every neighbours/chains/page answer asked for its documents' meta again
_MEMO: weakref.WeakKeyDictionary[Any, tuple[str, dict[str, dict[str, Any] | None]]] = (
    weakref.WeakKeyDictionary()
)
MEMO_SIZE = 10_000


def document_meta(store: GraphStore, ids: set[str] | list[str]) -> dict[str, dict[str, Any]]:
    """id → {id, title, date, doc_number, path} of the documents that exist among ``ids``
    (callers copy what they change). Remembered per store generation (graph/generation.py),
    also the ids that are no document; a store without one is asked every time."""
    return steps.run(store, document_meta_steps(store, ids))


def document_meta_steps(store: GraphStore, ids: set[str] | list[str]) -> Steps[dict[str, Any]]:
    """:func:`document_meta` as reads (graph/steps.py: for a thread or the event loop)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    known = kept_for(_MEMO, store, MEMO_SIZE)
    if known is None:
        return _records((yield Read(DOCUMENT_META, {"ids": wanted})))
    missing = [i for i in wanted if i not in known]
    if missing:
        found = _records((yield Read(DOCUMENT_META, {"ids": missing})))
        known.update({i: found.get(i) for i in missing})
    return {i: d for i in wanted if (d := known.get(i)) is not None}


def attach_documents(store: GraphStore, records: list[dict[str, Any]]) -> None:
    """Each evidence record (a dict) gets its document's title, date, 文号 and highlighted view
    (one lookup for all of them)."""
    steps.run(store, attach_documents_steps(store, records))


def attach_documents_steps(store: GraphStore, records: list[dict[str, Any]]) -> Steps[None]:
    """:func:`attach_documents` as reads (graph/steps.py)."""
    meta = yield from document_meta_steps(store, {r.get("doc_id", "") for r in records})
    for r in records:
        d = meta.get(r.get("doc_id", ""))
        if d is not None:
            r["document"] = {**d, "url": document_url(d["id"], r.get("start"), r.get("end"))}


def _records(result: QueryResult) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in result.records()}


def document_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The page's document view; with offsets, that span is highlighted and scrolled to."""
    url = f"/documents/{quote(doc_id, safe='')}/view"
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        url += f"?start={start}&end={end}#ev"
    return url
