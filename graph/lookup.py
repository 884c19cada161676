"""Names → entities, asking when a name is ambiguous instead of picking one silently.

A short name or alias is often shared (高新区 is an alias of several parks), so every place that
takes a name (the page's search, ``/entities/{id}``, ``/paths``, ``/resolve``) goes through
:func:`lookup`, which says how the name matched and lists the candidates with what a person
needs to choose: type, region and how many documents mention each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore

_FIELDS = """n.key AS id, n.type AS type, n.name AS name, n.aliases AS aliases,
       coalesce(n.doc_count, size(coalesce(n.docs, []))) AS documents"""
BY_KEY = f"MATCH (n:Entity {{key: $q}}) RETURN {_FIELDS}"
EXACT = f"""
MATCH (n:Entity)
WHERE n.name = $q OR $q IN coalesce(n.aliases, [])
RETURN {_FIELDS}, n.name = $q AS by_name
"""
PARTIAL = f"""
MATCH (n:Entity)
WHERE n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q)
WITH n ORDER BY coalesce(n.doc_count, 0) DESC, size(n.name), n.name LIMIT $limit
RETURN {_FIELDS}
"""
# Suggestions for a name nothing contains: entities sharing a two-character piece with it.
SIMILAR = f"""
MATCH (n:Entity)
WHERE any(b IN $pieces WHERE n.name CONTAINS b)
RETURN {_FIELDS}
"""
REGIONS = """
MATCH (n:Entity) WHERE n.key IN $keys
OPTIONAL MATCH path = (n)-[:PART_OF|`位于`*1..3]->(r:Region)
RETURN n.key AS id, n.type AS type, n.parent AS parent,
       collect([length(path), r.name, r.level]) AS ups
"""
MAX_CANDIDATES = 20


@dataclass
class Lookup:
    """How a name matched: ``key`` (an entity id), ``name``/``alias`` (exactly), ``partial``
    (a substring of names/aliases) or ``none``; ``candidates`` are the entities it matched
    (for ``none``: similar names, as suggestions)."""

    query: str
    match: str
    candidates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unique(self) -> dict[str, Any] | None:
        """The one entity the name stands for, if it stands for exactly one."""
        if self.match in ("key", "name", "alias", "partial") and len(self.candidates) == 1:
            return self.candidates[0]
        return None

    @property
    def ambiguous(self) -> bool:
        return self.match != "none" and len(self.candidates) > 1


def lookup(store: GraphStore, q: str, *, partial: bool = True) -> Lookup:
    """Resolve ``q``: an entity id, else the entities it names or is an alias of, else (with
    ``partial``) those whose names contain it; else similar names as suggestions."""
    q = q.strip()
    if not q:
        return Lookup(q, "none")
    rows = store.query(BY_KEY, {"q": q}).records()
    if rows:
        return Lookup(q, "key", with_regions(store, rows))
    rows = store.query(EXACT, {"q": q}).records()
    if rows:  # a full name that is another entity's alias is ambiguous too
        how = "name" if any([r.pop("by_name") for r in rows]) else "alias"
        return Lookup(q, how, with_regions(store, _ranked(rows)))
    if partial:
        rows = store.query(PARTIAL, {"q": q, "limit": MAX_CANDIDATES}).records()
        if rows:
            return Lookup(q, "partial", with_regions(store, rows))
    return Lookup(q, "none", suggestions(store, q))


def suggestions(store: GraphStore, q: str, limit: int = 5) -> list[dict[str, Any]]:
    """Entities whose names contain ``q`` or share the most two-character pieces with it."""
    rows = store.query(PARTIAL, {"q": q, "limit": limit}).records()
    if not rows:
        pieces = sorted({q[i : i + 2] for i in range(len(q) - 1)} or {q})
        found = store.query(SIMILAR, {"pieces": pieces}).records()
        score = {r["id"]: sum(p in r["name"] for p in pieces) for r in found}
        rows = sorted(found, key=lambda r: (-score[r["id"]], -r["documents"], r["name"]))[:limit]
    return with_regions(store, rows)


def _ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = sorted(rows, key=lambda r: (-r["documents"], r["name"], r["id"]))
    return rows[:MAX_CANDIDATES]


def with_regions(store: GraphStore, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each candidate's region: its nearest enclosing city, else its nearest region (a
    Region's own: its parent)."""
    if not rows:
        return []
    info = {r["id"]: r for r in store.query(REGIONS, {"keys": [r["id"] for r in rows]}).records()}
    out = []
    for r in rows:
        ups = [u for u in (info.get(r["id"]) or {}).get("ups") or [] if u[1] is not None]
        ups.sort(key=lambda u: (u[0], u[1]))
        city = next((u[1] for u in ups if u[2] == "city"), None)
        region = city or (ups[0][1] if ups else None) or (info.get(r["id"]) or {}).get("parent")
        out.append({**r, "aliases": r.get("aliases") or [], "region": region})
    return out
