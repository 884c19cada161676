"""京津 transfer chains: origin → firm/project/lab → receiving park (or place) → its city.

One function feeds both ``GET /transfer-chains`` and the page's transfer view and table, so the
table (and its CSV) and the API cannot disagree. A chain is one 承接 edge that states where it
came from (``from_region``). It is *named* when what was taken in is a firm, project, lab or
park, and *generic* when the edge only says a receiver takes in industry from 北京/天津 in
general (its tail is the origin Region itself); the two are kept apart everywhere.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any

from graph import steps
from graph.evidence import document_meta_steps, document_url, parse_evidence
from graph.generation import kept_for
from graph.search import query_terms
from graph.steps import Read, Steps
from graph.store import GraphStore
from schema.model import entity_key

# Which stated origins (from_region) a filter on 北京 or 天津 takes in: the multi-region names
# that the guideline reads as both cities (京津 = 北京 and 天津; 京津雄 adds 雄安).
ORIGIN_NAMES: dict[str, tuple[str, ...]] = {
    "北京": ("北京", "北京市", "京津", "京津雄"),
    "天津": ("天津", "天津市", "京津", "京津雄"),
}
CITY_LEVEL = "city"

# Where the chains are looked for: every 承接 edge, or (index-backed) only those whose receiver
# is the named city or lies in it, or whose receiver or one of its regions has the target in its
# name (full-text candidates). The filters below are applied in every case, so each start only
# narrows the search and the answers are the same.
_ALL_EDGES = "MATCH (p:Entity)-[c:`承接`]->(x:Entity)"
_WITHIN = """MATCH (p:Entity)-[:PART_OF*0..3]->(g)
WHERE p = g OR g.type = 'Region'
WITH DISTINCT p
MATCH (p)-[c:`承接`]->(x:Entity)"""
_FROM_CITY = "MATCH (g:Entity {name: $city})\n" + _WITHIN
_FROM_TARGET = "{fulltext}\nWITH n AS g WHERE g.name CONTAINS $target\n" + _WITHIN

# Every step after the start is per row (a pattern comprehension for the enclosing regions, one
# index seek for the first document's date): no aggregation, so SKIP/LIMIT stop the search as
# soon as a page is full (an OPTIONAL MATCH + collect here read all 承接 edges and their regions
# before the LIMIT: over 60 s on the 100k/300k generated graph).
_EDGE_FILTER = """
WHERE size(coalesce(c.from_region, [])) > 0
  AND any(o IN c.from_region WHERE o IN $origins)
  AND ($kind IS NULL OR ($kind = 'generic') = (x.type = 'Region'))"""
_UPS = """
WITH p, c, x, [up = (p)-[:PART_OF*1..3]->(u:Region) | [length(up), u.key, u.name, u.level]] AS ups"""
_PLACE_FILTER = """
WHERE ($target IS NULL OR p.name CONTAINS $target OR any(t IN ups WHERE t[2] CONTAINS $target))
  AND ($city IS NULL OR p.name = $city OR any(t IN ups WHERE t[2] = $city))"""
_DATE = """
OPTIONAL MATCH (d:Document {{id: head(c.docs)}})
WITH p, c, x{ups}, coalesce(c.date, d.date) AS date"""
_YEAR_FILTER = """
WHERE $year IS NULL OR date STARTS WITH $year"""
_ROW = """
RETURN p.key AS pid, p.type AS ptype, p.name AS pname, p.aliases AS paliases, p.level AS plevel,
       x.key AS xid, x.type AS xtype, x.name AS xname, x.aliases AS xaliases,
       properties(c) AS props, ups, date
"""
_CHAINS_REST = (
    _EDGE_FILTER
    + _UPS
    + _PLACE_FILTER
    + _DATE.format(ups=", ups")
    + _YEAR_FILTER
    + "\nWITH p, c, x, ups, date SKIP $offset LIMIT $limit"
    + _ROW
)
CHAINS = _ALL_EDGES + _CHAINS_REST
# The same page as keys only, for a store whose chains are kept per generation (below): a
# filter's step is there only when the filter is given (every step is per row and only narrows,
# so rows come in the order CHAINS gives them), and nothing kept is read again (1.4 ms in the
# store against 7.5 ms for the whole rows of a 100-chain page on the 100k/300k graph).
_KEYS = "\nWITH p, c, x SKIP $offset LIMIT $limit\nRETURN p.key, x.key, c.key"
# a chains query must answer within this unless the caller gives its own limit
TIMEOUT_MS = 5000


def _start(store: GraphStore, *, city: str | None, target: str | None) -> tuple[str, dict]:
    """Where the chains are looked for (see above) and the parameters that start needs."""
    if city:
        return _FROM_CITY, {}
    terms = query_terms(target) if target else []
    if terms:
        fulltext = _FROM_TARGET.format(fulltext=store.fulltext_entities())
        return fulltext, {"terms": store.fulltext_terms(terms)}
    return _ALL_EDGES, {}


def chains_query(store: GraphStore, *, city: str | None, target: str | None) -> tuple[str, dict]:
    """The chains query for these filters, started from an index where one applies, and the
    extra parameters that start needs."""
    start, extra = _start(store, city=city, target=target)
    return start + _CHAINS_REST, extra


def chain_keys_query(
    store: GraphStore, *, city: str | None, target: str | None, year: str | None
) -> tuple[str, dict]:
    """:func:`chains_query` answering [receiver, taken in, edge] keys, with only the steps the
    given filters need."""
    start, extra = _start(store, city=city, target=target)
    places = city or target
    cypher = start + _EDGE_FILTER + (_UPS + _PLACE_FILTER if places else "")
    if year:
        cypher += _DATE.format(ups=", ups" if places else "") + _YEAR_FILTER
    return cypher + _KEYS, extra


# Stated origins are looked up as Region keys first (index seeks); only names no Region has
# are looked for among aliases (a scan of the Region label).
ORIGIN_REGIONS_BY_KEY = """
MATCH (r:Region) WHERE r.key IN $keys
RETURN r.key AS key, r.name AS name, r.aliases AS aliases
"""
ORIGIN_REGIONS = """
MATCH (r:Region)
WHERE r.name IN $names OR any(a IN coalesce(r.aliases, []) WHERE a IN $names)
RETURN r.key AS key, r.name AS name, r.aliases AS aliases
"""


def origin_codes(stated: list[str]) -> list[str]:
    """The filter values (北京, 天津) a chain's stated origins answer to."""
    return [code for code, names in ORIGIN_NAMES.items() if any(s in names for s in stated)]


def _entity(key: str, type_: str | None, name: str | None, aliases: list | None) -> dict:
    return {"id": key, "type": type_ or "", "name": name or key, "aliases": aliases or []}


def _regions(ups: list[list[Any]]) -> list[dict[str, Any]]:
    """Enclosing regions, nearest first (a region reached by several paths counts once)."""
    nearest: dict[str, list[Any]] = {}
    for hops, key, name, level in ups:
        if key is not None and (key not in nearest or hops < nearest[key][0]):
            nearest[key] = [hops, key, name, level]
    ordered = sorted(nearest.values(), key=lambda t: (t[0], t[2] or ""))
    return [{"id": k, "name": n, "level": lv} for _, k, n, lv in ordered]


def transfer_chains(store: GraphStore, **filters: Any) -> tuple[list[dict[str, Any]], bool]:
    """The chains page for ``filters`` (see :func:`transfer_chains_steps`), read on this thread."""
    return steps.run(store, transfer_chains_steps(store, **filters))


async def atransfer_chains(store: GraphStore, **filters: Any) -> tuple[list[dict[str, Any]], bool]:
    """:func:`transfer_chains` from the event loop (``store.aquery``: no worker thread on
    FalkorDB, graph/falkor_async.py)."""
    return await steps.arun(store, transfer_chains_steps(store, **filters))


def transfer_chains_steps(
    store: GraphStore,
    *,
    origin: str | None = None,
    city: str | None = None,
    year: int | None = None,
    target: str | None = None,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
    timeout_ms: int | None = None,
    shape: Callable[[dict[str, Any]], Any] | None = None,
) -> Steps[tuple[list[Any], bool]]:
    """Chains matching the filters (at most ``limit``, after skipping ``offset``) and whether
    there were more. Pages follow the store's order of the chains and are sorted within (the
    whole answer is sorted when it fits in one page). The query stops after
    ``timeout_ms`` (:data:`TIMEOUT_MS` by default) with :class:`graph.store.QueryTimeout`.

    Each chain: ``origin`` (stated names), ``origin_codes`` (北京/天津), ``origin_ids``
    (their Region nodes), ``generic``, ``mover`` (None when generic), ``taken_in`` (the 承接
    edge's tail), ``receiver``, ``regions`` (nearest first), ``city``/``city_id`` (the
    receiver's city, or the receiver when it is a city), ``date``/``year`` (stated on the
    edge, else its document's), ``evidence`` (with ``document``), ``document`` (the first
    evidence's) and ``properties``.

    On a store that tells its generation, chains are kept per generation and shared between
    pages: callers must not change them. ``shape`` (a module-level function) is applied to each
    chain once per generation and the page answers the shaped chains instead (the API's JSON).
    """
    # a chain comes from 北京 or 天津 (a 承接 from 雄安 alone, say, is no 京津 transfer)
    everywhere = sorted({n for names in ORIGIN_NAMES.values() for n in names})
    params = {
        "origins": list(ORIGIN_NAMES[origin]) if origin else everywhere,
        "city": city or None,
        "year": str(year) if year else None,
        "target": target or None,
        "kind": kind or None,
        "limit": limit + 1,
        "offset": offset,
    }
    kept = kept_for(_CHAIN_MEMO, store, CHAIN_MEMO_SIZE)
    timeout = timeout_ms or TIMEOUT_MS
    if kept is not None:
        cypher, extra = chain_keys_query(
            store, city=params["city"], target=params["target"], year=params["year"]
        )
        keys = [tuple(r) for r in (yield Read(cypher, {**params, **extra}, timeout)).rows]
        page = [kept.get(k) for k in keys[:limit]]
        if all(e is not None for e in page):
            return _shaped(page, shape), len(keys) > limit
    # a chain not kept yet: the page read whole (a write between the two reads is no matter:
    # what this read finds is what is answered and kept)
    cypher, extra = chains_query(store, city=params["city"], target=params["target"])
    rows = (yield Read(cypher, {**params, **extra}, timeout)).records()
    made = yield from _made(store, rows[:limit])
    entries = []
    for r, c in zip(rows[:limit], made, strict=True):
        e, key = {None: c}, (r["pid"], r["xid"], (r["props"] or {}).get("key"))
        entries.append(kept.setdefault(key, e) if kept is not None and key[2] else e)
    return _shaped(entries, shape), len(rows) > limit


def _shaped(entries: list[dict[Any, Any]], shape: Callable | None) -> list[Any]:
    """A page's kept chains in the page's order, each as ``shape`` makes it (made once)."""
    entries = sorted(entries, key=lambda e: _order(e[None]))
    if shape is None:
        return [e[None] for e in entries]
    for e in entries:
        if shape not in e:
            e[shape] = shape(e[None])
    return [e[shape] for e in entries]


def _made(store: GraphStore, rows: list[dict[str, Any]]) -> Steps[list[dict[str, Any]]]:
    """Chains of rows as CHAINS returns them, with their origins' Regions and documents."""
    names = sorted({o for r in rows for o in _stated(r)})
    origin_ids = yield from _origin_ids(store, names)
    chains = [_chain(r, origin_ids) for r in rows]
    meta = yield from document_meta_steps(
        store, {ev["doc_id"] for c in chains for ev in c["evidence"]}
    )
    for c in chains:
        for ev in c["evidence"]:
            d = meta.get(ev.get("doc_id", ""))
            ev["document"] = d and {
                **d,
                "url": document_url(d["id"], ev.get("start"), ev.get("end")),
            }
        c["document"] = next((ev["document"] for ev in c["evidence"] if ev["document"]), None)
        if c["date"] is None and c["document"]:
            c["date"] = c["document"]["date"]
        c["year"] = int(c["date"][:4]) if c["date"] and c["date"][:4].isdigit() else None
    return chains


# store → (generation, [receiver, taken in, edge] keys → {None: chain, shape: shaped chain}):
# a chain is made (and shaped for the API) once per generation, not on every page it is on;
# a page with any chain not kept is read whole (one more read than before, for that page only)
_CHAIN_MEMO: weakref.WeakKeyDictionary[Any, tuple[str, dict]] = weakref.WeakKeyDictionary()
CHAIN_MEMO_SIZE = 5_000  # a chain and its JSON (~1.3 KB) take ~5 KB: ~25 MB per process at most


# store → (generation, stated origins → their Region nodes): a page states a handful of origins,
# the same on every page, and looking them up was two of a chains page's four reads
_ORIGIN_MEMO: weakref.WeakKeyDictionary[Any, tuple[str, dict[tuple[str, ...], dict[str, str]]]] = (
    weakref.WeakKeyDictionary()
)


def _origin_ids(store: GraphStore, names: list[str]) -> Steps[dict[str, str]]:
    """Stated origin → its Region node (北京 is 北京市 where no alias says so). Remembered per
    store generation (graph/generation.py: it changes with every committed write); a store
    without one looks them up every time."""
    if not names:
        return {}
    memo = kept_for(_ORIGIN_MEMO, store, 256)  # a few names: the cap only bounds odd use
    if memo is None:
        return (yield from _look_up_origins(store, names))
    known = memo.get(tuple(names))
    if known is None:
        known = memo[tuple(names)] = yield from _look_up_origins(store, names)
    return dict(known)


def _look_up_origins(store: GraphStore, names: list[str]) -> Steps[dict[str, str]]:
    """:func:`_origin_ids` read from the store."""
    wanted = sorted(set(names) | {n + "市" for n in names})
    found: dict[str, str] = {}

    def take(regions: list[dict[str, Any]]) -> None:
        for r in regions:
            for n in [r["name"], *(r["aliases"] or [])]:
                for stated in (n, n.removesuffix("市")):
                    if stated in names:
                        found.setdefault(stated, r["key"])

    keys = [entity_key("Region", n) for n in wanted]
    take((yield Read(ORIGIN_REGIONS_BY_KEY, {"keys": keys})).records())
    if any(n not in found for n in names):
        take((yield from _by_alias(store, wanted)))
    return found


# The alias scan reads every Region (8.5 ms of the store's 12 ms per /transfer-chains page on
# the 100k graph, whose origins no Region names); its answer for the same names is kept while
# the number of Regions stays the same, for at most a minute (an alias added to an existing
# Region shows within that minute).
ALIAS_TTL_S = 60.0
REGION_COUNT = "MATCH (r:Region) RETURN count(r) AS n"
_by_alias_memo: dict[tuple[Any, ...], tuple[float, list[dict[str, Any]]]] = {}


def _by_alias(store: GraphStore, wanted: list[str]) -> Steps[list[dict[str, Any]]]:
    regions_now = (yield Read(REGION_COUNT)).rows[0][0]  # from the label's count: no scan
    memo_key, now = (id(store), regions_now, tuple(wanted)), time.monotonic()
    hit = _by_alias_memo.get(memo_key)
    if hit is not None and now - hit[0] < ALIAS_TTL_S:
        return hit[1]
    regions = (yield Read(ORIGIN_REGIONS, {"names": wanted})).records()
    if len(_by_alias_memo) > 256:  # origins are a few names: this only bounds odd use
        _by_alias_memo.clear()
    _by_alias_memo[memo_key] = (now, regions)
    return regions


def _stated(r: dict[str, Any]) -> list[str]:
    """The origins a chains row states (its edge's ``from_region``: read from the edge's
    properties, not sent twice)."""
    return list((r["props"] or {}).get("from_region") or [])


def _chain(r: dict[str, Any], origin_ids: dict[str, str]) -> dict[str, Any]:
    receiver = _entity(r["pid"], r["ptype"], r["pname"], r["paliases"])
    taken = _entity(r["xid"], r["xtype"], r["xname"], r["xaliases"])
    generic = taken["type"] == "Region"
    regions = _regions(r["ups"] or [])
    if receiver["type"] == "Region" and r["plevel"] == CITY_LEVEL:
        city = {"id": receiver["id"], "name": receiver["name"]}
    else:
        city = next((g for g in regions if g["level"] == CITY_LEVEL), None)
    stated = _stated(r)
    return {
        "origin": stated,
        "origin_codes": origin_codes(stated),
        "origin_ids": [origin_ids[o] for o in stated if o in origin_ids],
        "origin_nodes": [{"name": o, "id": origin_ids.get(o)} for o in stated],
        "generic": generic,
        "mover": None if generic else taken,
        "taken_in": taken,
        "receiver": receiver,
        "regions": regions,
        "city": city["name"] if city else None,
        "city_id": city["id"] if city else None,
        "date": r["date"],
        "evidence": parse_evidence((r["props"] or {}).get("evidence")),
        "properties": {k: v for k, v in (r["props"] or {}).items() if k not in ("evidence", "key")},
    }


def _order(c: dict[str, Any]) -> tuple:
    return (
        c["generic"],
        c["city"] or "\uffff",
        c["receiver"]["name"],
        (c["mover"] or c["taken_in"])["name"],
    )
