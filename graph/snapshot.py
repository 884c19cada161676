"""Read the whole entity graph out of a store (for exports and analytics), page by page."""

from __future__ import annotations

import threading
import time
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
PAGE = 5000


@dataclass
class Snapshot:
    nodes: list[dict[str, Any]]  # {key, type, props}
    edges: list[dict[str, Any]]  # {head, type, tail, props}


class Cancelled(Exception):
    """The reader went away (the HTTP client disconnected): stop reading pages."""


def _paged(
    store: GraphStore, cypher: str, deadline: float | None, cancelled: threading.Event | None
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    skip = 0
    while True:
        if cancelled is not None and cancelled.is_set():
            raise Cancelled("the client went away")
        timeout_ms = 60000
        if deadline is not None:
            timeout_ms = int((deadline - time.monotonic()) * 1000)
            if timeout_ms <= 0:
                raise QueryTimeout("reading the graph took longer than allowed; use innokg export")
        rows = store.query(cypher, {"skip": skip, "limit": PAGE}, timeout_ms=timeout_ms).records()
        out.extend(rows)
        if len(rows) < PAGE:
            return out
        skip += PAGE


def snapshot(
    store: GraphStore,
    include_structure: bool = True,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
) -> Snapshot:
    """``deadline`` (time.monotonic()) bounds the whole read and ``cancelled`` stops it at the
    next page, for the HTTP endpoints."""
    nodes = _paged(store, _NODES, deadline, cancelled)
    for n in nodes:  # search terms are an index's, not the entity's (graph.search)
        n["props"].pop("grams", None)
    edges = _paged(store, _EDGES, deadline, cancelled)
    if not include_structure:
        edges = [e for e in edges if e["type"] != "PART_OF"]
    return Snapshot(nodes, edges)
