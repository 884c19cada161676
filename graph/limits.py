"""Limits on query parameters, checked before anything reaches a store.

Both engines take parameters we cannot bound once sent: FalkorDB parses them from the query
text (a 70k-key map cost 12 s outside the query timeout), the Neo4j driver packs whatever it is
given, and our own literal builder recurses (800 levels of nesting hit Python's recursion
limit). Integers beyond 64 bits were silently clamped to 2^63−1. So parameters are walked once,
without recursion, and refused with a clear message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from graph.store import QueryError

INT64 = (-(2**63), 2**63 - 1)


class ParamLimits:
    """How much one query's parameters may hold (user queries get the tight defaults)."""

    def __init__(self, depth: int = 32, items: int = 10_000, text: int = 1_000_000) -> None:
        self.depth, self.items, self.text = depth, items, text


USER = ParamLimits()
# internal reads (pages of keys, id lists) are bigger but still sane
INTERNAL = ParamLimits(depth=64, items=1_000_000, text=200_000_000)


def check_params(params: Mapping[str, Any] | None, limits: ParamLimits = USER) -> None:
    """Raise QueryError when ``params`` is too deep, too big, or holds a value no engine keeps."""
    if not params:
        return
    items = text = 0
    stack: list[tuple[Any, int, str]] = [(params, 1, "$")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            if not INT64[0] <= value <= INT64[1]:
                raise QueryError(f"invalid parameters: {where} is outside the 64-bit integer range")
            continue
        if isinstance(value, float):
            if not math.isfinite(value):
                raise QueryError(f"invalid parameters: {where} is {value!r}")
            continue
        if isinstance(value, str):
            text += len(value)
            if text > limits.text:
                raise QueryError(f"invalid parameters: more than {limits.text} characters of text")
            continue
        if isinstance(value, Mapping | list | tuple):
            if depth > limits.depth:
                raise QueryError(f"invalid parameters: nested deeper than {limits.depth} levels")
            items += len(value)
            if items > limits.items:
                raise QueryError(
                    f"invalid parameters: more than {limits.items} keys and list items in all"
                )
            if isinstance(value, Mapping):
                for k, v in value.items():
                    if not isinstance(k, str):
                        raise QueryError(f"invalid parameters: key {k!r} in {where} is no string")
                    text += len(k)
                    stack.append((v, depth + 1, f"{where}.{k}"[:200]))
            else:
                stack.extend((v, depth + 1, f"{where}[{i}]"[:200]) for i, v in enumerate(value))
            continue
        raise QueryError(f"invalid parameters: {where} is a {type(value).__name__}")
