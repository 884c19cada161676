"""Push a row cap into user Cypher, so the store stops producing rows instead of the client
cutting a complete result.

``UNWIND range(1, 6000000) AS x RETURN x`` used to send six million rows to the API (26 s,
1.8 GB) to show 5000. Wrapping the query (``CALL { q } RETURN * LIMIT n``) sorts the columns
alphabetically on FalkorDB, so instead the final ``RETURN`` of each ``UNION`` part gets a
``LIMIT`` (or its own larger ``LIMIT`` is lowered): the columns, their order and the rows the
cap keeps are the query's own. FalkorDB takes only an integer or a parameter after LIMIT; a
LIMIT written any other way is left alone (the client still cuts the rows).

The query is read with the same tokens as the read-only guard (strings, comments and
backticked names are opaque), and only keywords outside brackets count.
"""

from __future__ import annotations

import re
from typing import Any

from graph.readonly import TOKENS

_KEYWORD = re.compile(r"\b(UNION|RETURN|LIMIT)\b", re.I)
# what stands before a property, a parameter or an alias named like a keyword
_NOT_A_CLAUSE = re.compile(r"(?:[.$]|\bAS)\s*$", re.I)
_LIMIT_ARG = re.compile(r"\s*(?:(\d+)|\$(\w+)|\$`((?:[^`]|``)*)`)")
_OPEN, _CLOSE = "([{", ")]}"


def _code(cypher: str) -> str:
    """The query with strings, comments and backticked names blanked, keeping positions."""
    return TOKENS.sub(lambda m: " " * len(m.group(0)), cypher)


def _top_level_keywords(code: str) -> list[tuple[str, int, int]]:
    """(keyword, start, end) of UNION/RETURN/LIMIT outside any bracket, not a property
    (``n.limit``), a parameter (``$limit``) or an alias (``AS limit``)."""
    depth = [0] * (len(code) + 1)
    d = 0
    for i, ch in enumerate(code):
        if ch in _CLOSE:
            d = max(d - 1, 0)
        depth[i] = d
        if ch in _OPEN:
            d += 1
    found = []
    for m in _KEYWORD.finditer(code):
        if depth[m.start()] or _NOT_A_CLAUSE.search(code, max(m.start() - 64, 0), m.start()):
            continue
        found.append((m.group(1).upper(), m.start(), m.end()))
    return found


def _end_of_query(cypher: str, code: str) -> int:
    """Where a clause can be appended: before a trailing ``;`` (and what follows it)."""
    stripped = code.rstrip()
    return len(stripped) - 1 if stripped.endswith(";") else len(cypher)


def limit_rows(cypher: str, limit: int, params: dict[str, Any] | None = None) -> str:
    """``cypher`` returning at most ``limit`` rows per UNION part, with its columns unchanged."""
    code = _code(cypher)
    keywords = _top_level_keywords(code)
    bounds = [s for k, s, _ in keywords if k == "UNION"] + [_end_of_query(cypher, code)]
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original
    start = 0
    for end in bounds:
        part = [(k, s, e) for k, s, e in keywords if start <= s < end and k != "UNION"]
        returns = [i for i, (k, _, _) in enumerate(part) if k == "RETURN"]
        start = end
        if not returns:
            continue  # e.g. a standalone CALL … YIELD: no clause to limit
        limits = [(s, e) for k, s, e in part[returns[-1] :] if k == "LIMIT"]
        if not limits:
            edits.append((end, end, f"\nLIMIT {limit}\n"))
            continue
        m = _LIMIT_ARG.match(cypher, limits[-1][1])
        if m is None:
            continue
        if m.group(1) is not None:
            value: object = int(m.group(1))
        else:
            name = m.group(2) if m.group(2) is not None else m.group(3).replace("``", "`")
            value = (params or {}).get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > limit:
            edits.append((limits[-1][0], m.end(), f"LIMIT {limit}"))
    for s, e, text in sorted(edits, reverse=True):
        cypher = cypher[:s] + text + cypher[e:]
    return cypher
