"""Read the whole entity graph out of a store (for exports and analytics), page by page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore

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


def _paged(store: GraphStore, cypher: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    skip = 0
    while True:
        rows = store.query(cypher, {"skip": skip, "limit": PAGE}, timeout_ms=60000).records()
        out.extend(rows)
        if len(rows) < PAGE:
            return out
        skip += PAGE


def snapshot(store: GraphStore, include_structure: bool = True) -> Snapshot:
    nodes = _paged(store, _NODES)
    edges = _paged(store, _EDGES)
    if not include_structure:
        edges = [e for e in edges if e["type"] != "PART_OF"]
    return Snapshot(nodes, edges)
