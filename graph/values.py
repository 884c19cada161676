"""Convert driver values (nodes, edges, paths) to plain JSON-able Python values."""

from __future__ import annotations

from typing import Any

_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """FalkorDB and neo4j driver objects → dicts; lists/maps recursively; scalars unchanged.

    Every value of every row read goes through here: the common cases (scalars, lists and maps
    of scalars) are checked by exact type first (a third of an API read's Python was spent here).
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else plain(v) for v in value]
    if kind is dict:
        return {str(k): v if type(v) in _SCALARS else plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    cls = type(value).__name__
    # FalkorDB client objects
    if cls == "Node" and hasattr(value, "labels") and hasattr(value, "properties"):
        return {
            "id": value.id,
            "labels": list(value.labels or []),
            "properties": plain(value.properties),
        }
    if cls == "Edge" and hasattr(value, "relation"):
        src = value.src_node.id if hasattr(value.src_node, "id") else value.src_node
        dst = value.dest_node.id if hasattr(value.dest_node, "id") else value.dest_node
        return {
            "id": value.id,
            "type": value.relation,
            "start": src,
            "end": dst,
            "properties": plain(value.properties),
        }
    if cls == "Path" and hasattr(value, "nodes") and callable(value.nodes):
        return {
            "nodes": [plain(n) for n in value.nodes()],
            "relationships": [plain(e) for e in value.edges()],
        }
    # neo4j driver objects
    if cls == "Node" and hasattr(value, "element_id"):
        return {
            "id": value.element_id,
            "labels": sorted(value.labels),
            "properties": plain(dict(value)),
        }
    if cls == "Relationship" or (hasattr(value, "type") and hasattr(value, "start_node")):
        return {
            "id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": plain(dict(value)),
        }
    if cls == "Path" and hasattr(value, "relationships"):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)
