"""FalkorDB's compact reply → plain rows, in one pass.

The client's ``QueryResult`` parses every cell through a table of functions (three calls and
several ``isinstance`` checks per value) and :func:`graph.values.plain` then walked the result
again; on a 100-chain page that was ~14 ms of a request's ~29 ms of Python. Here the values API
reads return (strings, numbers, lists, maps) are turned into plain values directly; nodes,
edges, paths, points, vectors and temporal values go through the client's own parser and
``plain``, so every row is what the two passes gave (tests/test_falkor_compact.py compares
them on every library query and on a literal of each type).
"""

from __future__ import annotations

from typing import Any

import redis
from falkordb.query_result import parse_scalar

from graph.values import plain

_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY = 1, 2, 3, 4, 5, 6
_MAP = 10


def _text(value: Any) -> str:
    if type(value) is bytes:
        return value.decode()
    return value if type(value) is str else str(value)


def cell(value: list[Any], graph: Any) -> Any:
    """One ``[type, value]`` pair of the compact format as a plain value."""
    kind, raw = value
    if kind == _STRING:
        return raw if type(raw) is str else _text(raw)  # the client decodes replies
    if kind == _INTEGER:
        return int(raw)
    if kind == _NULL:
        return None
    if kind == _ARRAY:
        return [cell(v, graph) for v in raw]
    if kind == _MAP:
        pairs = iter(raw)
        return {_text(k): cell(v, graph) for k, v in zip(pairs, pairs, strict=False)}
    if kind == _DOUBLE:
        return float(raw)
    if kind == _BOOLEAN:
        return _text(raw) == "true"
    return plain(parse_scalar(value, graph))


def parse(
    response: list[Any], graph: Any, row_cap: int | None
) -> tuple[list[str], list[list[Any]], bool]:
    """(columns, rows, truncated) of a GRAPH.RO_QUERY --compact reply; a run-time error in the
    reply is raised as the client raises it (``redis.exceptions.ResponseError``)."""
    if isinstance(response[0], redis.exceptions.ResponseError):
        raise response[0]
    if isinstance(response[-1], redis.exceptions.ResponseError):
        raise response[-1]
    if len(response) == 1:  # statistics only: a query that returns nothing
        return [], [], False
    header, raw_rows = response[0], response[1]
    if not header:
        return [], [], False
    columns = [_text(h[1]) if isinstance(h, (list, tuple)) else _text(h) for h in header]
    truncated = row_cap is not None and len(raw_rows) > row_cap
    if truncated:
        raw_rows = raw_rows[:row_cap]
    return columns, [[cell(c, graph) for c in row] for row in raw_rows], truncated
