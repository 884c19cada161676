"""Read the whole entity graph out of a store (for exports and analytics), page by page.

Pages were ``ORDER BY key SKIP s LIMIT 5000``: every page sorted the whole graph again, so a
30k/90k graph took 19 s and the 100k/300k one minutes. A store that seeks nodes by internal id
(FalkorDB: "Node By Label and ID Scan") is read in id ranges instead, each page costing only its
own rows, and sorted once at the end (the same order as before); others keep the sorted pages.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore, QueryTimeout

_NODES = """
MATCH (n:Entity) RETURN n.key AS key, n.type AS type, properties(n) AS props
ORDER BY n.key SKIP $skip LIMIT $limit
"""
_EDGES = """
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.key AS head, type(r) AS type, b.key AS tail, properties(r) AS props
ORDER BY head, type, tail SKIP $skip LIMIT $limit
"""
_MAX_ID = "MATCH (n:Entity) RETURN max(id(n))"
_NODES_BY_ID = """
MATCH (n:Entity) WHERE id(n) >= $lo AND id(n) < $hi
RETURN n.key AS key, n.type AS type, properties(n) AS props
"""
_EDGES_BY_ID = """
MATCH (a:Entity)-[r]->(b:Entity) WHERE id(a) >= $lo AND id(a) < $hi
RETURN a.key AS head, type(r) AS type, b.key AS tail, properties(r) AS props
"""
# the shape analytics needs (graph.analytics): keys, types, names and the extracted relations’
# ends; properties(n)/properties(r) were most of a whole-graph read's time (100k/300k: the
# analytics read took 88 s with them)
_LEAN_NODES = """
MATCH (n:Entity) RETURN n.key AS key, n.type AS type, n.name AS name
ORDER BY n.key SKIP $skip LIMIT $limit
"""
_LEAN_EDGES = """
MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) <> 'PART_OF'
RETURN a.key AS head, type(r) AS type, b.key AS tail
ORDER BY head, type, tail SKIP $skip LIMIT $limit
"""
_LEAN_NODES_BY_ID = """
MATCH (n:Entity) WHERE id(n) >= $lo AND id(n) < $hi
RETURN n.key AS key, n.type AS type, n.name AS name
"""
_LEAN_EDGES_BY_ID = """
MATCH (a:Entity)-[r]->(b:Entity) WHERE id(a) >= $lo AND id(a) < $hi AND type(r) <> 'PART_OF'
RETURN a.key AS head, type(r) AS type, b.key AS tail
"""
PAGE = 5000


@dataclass
class Snapshot:
    nodes: list[dict[str, Any]]  # {key, type, props}
    edges: list[dict[str, Any]]  # {head, type, tail, props}


class Cancelled(Exception):
    """The reader went away (the HTTP client disconnected): stop reading pages."""


def stop_if_cancelled(cancelled: threading.Event | None) -> None:
    """Between the steps of a long computation: the reader left (or its time is up)."""
    if cancelled is not None and cancelled.is_set():
        raise Cancelled("the client went away")


class _Budget:
    """The time left of a whole read, and whether its reader is still there."""

    def __init__(self, deadline: float | None, cancelled: threading.Event | None) -> None:
        self.deadline, self.cancelled = deadline, cancelled

    def next_ms(self) -> int:
        stop_if_cancelled(self.cancelled)
        if self.deadline is None:
            return 60000
        left = int((self.deadline - time.monotonic()) * 1000)
        if left <= 0:
            raise QueryTimeout("reading the graph took longer than allowed")
        return left


def _paged(store: GraphStore, cypher: str, budget: _Budget) -> Iterator[dict[str, Any]]:
    skip = 0
    while True:
        params = {"skip": skip, "limit": PAGE}
        rows = store.query(cypher, params, timeout_ms=budget.next_ms()).records()
        yield from rows
        if len(rows) < PAGE:
            return
        skip += PAGE


def _by_id(store: GraphStore, cypher: str, top: int, budget: _Budget) -> Iterator[dict[str, Any]]:
    for lo in range(0, top + 1, PAGE):
        params = {"lo": lo, "hi": lo + PAGE}
        yield from store.query(cypher, params, timeout_ms=budget.next_ms()).records()


def _read_all(
    store: GraphStore, budget: _Budget, by_id: tuple[str, str], paged: tuple[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if getattr(store, "seek_by_id", False):  # not in the GraphStore protocol
        top = store.query(_MAX_ID, timeout_ms=budget.next_ms()).rows[0][0]
        top = -1 if top is None else int(top)
        return list(_by_id(store, by_id[0], top, budget)), list(
            _by_id(store, by_id[1], top, budget)
        )
    return list(_paged(store, paged[0], budget)), list(_paged(store, paged[1], budget))


def lean(
    store: GraphStore, deadline: float | None = None, cancelled: threading.Event | None = None
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Entities ({key, type, name}) and the (head, tail) of every extracted relation in
    ``snapshot``'s order: what network analytics reads, bounded and stopped the same way."""
    nodes, edges = _read_all(
        store,
        _Budget(deadline, cancelled),
        (_LEAN_NODES_BY_ID, _LEAN_EDGES_BY_ID),
        (_LEAN_NODES, _LEAN_EDGES),
    )
    if getattr(store, "seek_by_id", False):
        nodes.sort(key=lambda n: n["key"])
        edges.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
    return nodes, [(e["head"], e["tail"]) for e in edges]


def snapshot(
    store: GraphStore,
    include_structure: bool = True,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
) -> Snapshot:
    """``deadline`` (time.monotonic()) bounds the whole read and ``cancelled`` stops it at the
    next page, for the HTTP endpoints."""
    nodes, edges = _read_all(
        store, _Budget(deadline, cancelled), (_NODES_BY_ID, _EDGES_BY_ID), (_NODES, _EDGES)
    )
    if getattr(store, "seek_by_id", False):  # id order: sorted once here, as the pages were
        nodes.sort(key=lambda n: n["key"])
        edges.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
    for n in nodes:  # search terms are an index's, not the entity's (graph.search)
        n["props"].pop("grams", None)
    if not include_structure:
        edges = [e for e in edges if e["type"] != "PART_OF"]
    return Snapshot(nodes, edges)
