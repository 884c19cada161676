"""Cross-document resolution as a build streams: each document against the store's entities.

The batch rule (loaders.extract.resolve.resolve_corpus) maps an entity whose name is only an
alias elsewhere (四环医药 here, 北京四环医药 with alias 四环医药 there) to the fuller entity's key,
when exactly one entity of that type has the alias. A streaming build never holds the batch, so
the same rule runs per document against the entities already stored (found through the
full-text index on ``grams``, graph.search) plus the document's own. An entity stored before the
fuller one arrives is not merged afterwards (docs/scale.md, limits).
"""

from __future__ import annotations

from typing import Any

from graph.search import query_terms
from schema.model import normalize_name
from schema.records import Extraction

_MIN_ALIAS = 3  # as the batch rule: shorter aliases are too ambiguous


def _candidates(ex: Extraction) -> list[tuple[int, Any]]:
    return [
        (i, e)
        for i, e in enumerate(ex.entities)
        if e.type != "Region" and not e.props.get("resolved") and len(e.name) >= _MIN_ALIAS
    ]


def alias_lookup_cypher(fulltext_call: str) -> str:
    """Stored entities of a row's type holding the row's terms (verified in Python)."""
    return f"""
UNWIND $rows AS r
{fulltext_call}
WITH r, n WHERE n.type = r.type
RETURN r.i AS i, n.key AS key, n.name AS name, n.aliases AS aliases
"""


def resolve_against_store(store: Any, ex: Extraction) -> Extraction:
    """Remap ``ex``'s short-form entities to fuller ones in the store or in ``ex`` (in place)."""
    todo = _candidates(ex)
    if not todo:
        return ex
    names: dict[str, str] = {}
    holders: dict[int, set[str]] = {i: set() for i, _ in todo}
    wanted = {i: (e.type, normalize_name(e.name)) for i, e in todo}

    def consider(i: int, key: str, name: str, aliases: list[str] | None) -> None:
        type_, norm = wanted[i]
        if any(len(a) >= _MIN_ALIAS and normalize_name(a) == norm for a in aliases or []):
            holders[i].add(key)
            names[key] = name

    for e in ex.entities:  # the document's own entities
        for i in holders:
            if e.type == wanted[i][0]:
                consider(i, e.key, e.name, e.aliases)
    rows = [
        {"i": i, "type": e.type, "terms": store.fulltext_terms(query_terms(e.name))}
        for i, e in todo
        if query_terms(e.name)
    ]
    if rows:
        cypher = alias_lookup_cypher(store.fulltext_entities("r.terms"))
        for i, key, name, aliases in store.query(cypher, {"rows": rows}).rows:
            consider(i, key, name, aliases)
    remap: dict[str, str] = {}
    canonical: dict[str, str] = {}
    for i, e in todo:
        targets = holders[i] - {e.key}
        if len(targets) == 1:
            target = next(iter(targets))
            if len(names[target]) > len(e.name):
                remap[e.key], canonical[e.key] = target, names[target]
    if not remap:
        return ex
    for e in ex.entities:
        if e.key in remap:
            e.props["canonical"] = canonical[e.key]
            e.key = remap[e.key]
    for r in ex.relations:
        r.head = remap.get(r.head, r.head)
        r.tail = remap.get(r.tail, r.tail)
    return ex
