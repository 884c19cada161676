"""A write guard for user Cypher, applied before any query reaches a store.

Both stores also enforce read-only themselves (FalkorDB GRAPH.RO_QUERY, Neo4j READ access), but
FalkorDB's Bolt port and some Neo4j procedures don't, so the API never relies on that alone.
The query is tokenised left to right the way Cypher reads it: strings and comments are blanked,
so a literal 'SET' is not mistaken for a clause; backticked names are kept aside, so a name
containing "CREATE" is not a clause either, but a backticked procedure name (`` CALL `db`.`x` ``)
is still read as the procedure it names. Procedure names are compared segment by segment,
case-insensitively and without the spaces Cypher allows around dots, against a fixed list.
"""

from __future__ import annotations

import functools
import re

from graph.store import QueryError

# one token at a time, whichever starts first: a string, a comment or a backticked name
TOKENS = re.compile(
    r"""(?P<skip>'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?|//[^\n]*|/\*.*?(?:\*/|\Z))"""
    r"|(?P<name>`(?:[^`]|``)*`?)",
    re.S,
)
_WRITE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|ALTER|GRANT|REVOKE|"
    r"DENY|START|STOP|TERMINATE|USING\s+PERIODIC\s+COMMIT)\b",
    re.I,
)
_SEGMENT = r"(?:[^\W\d][\w$]*|\x00\d+\x00)"  # an identifier, or a backticked name's placeholder
# CALL { … } and CALL (a, b) { … } are subqueries; anything else must name a procedure
_CALL = re.compile(
    rf"\bCALL\b\s*(\{{|\([\w\s,*\x00]*\)\s*\{{|{_SEGMENT}(?:\s*\.\s*{_SEGMENT})*)?", re.I
)
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")

# Read-only procedures users may call (schema introspection, full-text lookups, path algorithms).
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.indexes",
        "db.constraints",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.idx.fulltext.querynodes",
        "db.idx.fulltext.queryrelationships",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "algo.bfs",
        "algo.sppaths",
        "algo.sspaths",
        "dbms.components",
    }
)


def _tokenise(cypher: str) -> tuple[str, list[str]]:
    """The query with strings/comments blanked and backticked names as ``\\0i\\0``."""
    names: list[str] = []

    def repl(m: re.Match[str]) -> str:
        if m.group("skip") is not None:
            return " "
        names.append(m.group("name")[1:-1].replace("``", "`"))
        return f"\x00{len(names) - 1}\x00"

    return TOKENS.sub(repl, cypher), names


def procedure_name(raw: str, names: list[str]) -> str:
    """``db . `labels` `` → ``db.labels`` (as Cypher resolves it, lower-cased)."""
    parts = [p.strip() for p in raw.split(".")]
    return ".".join(
        names[int(m.group(1))] if (m := _PLACEHOLDER.fullmatch(p)) else p for p in parts
    ).lower()


# Most queries checked are the API's own few texts (four per neighbours request): the verdict
# (passed, or why not) is remembered for texts up to this size, a bounded number of them.
_MEMO_CHARS, _MEMO_SIZE = 8192, 1024


def check_read_only(cypher: str) -> None:
    """Raise QueryError when the query could write (or calls a procedure not listed)."""
    if len(cypher) <= _MEMO_CHARS:
        problem = _verdict(cypher)
    else:
        problem = _problem(cypher)
    if problem is not None:
        raise QueryError(problem)


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _verdict(cypher: str) -> str | None:
    return _problem(cypher)


def _problem(cypher: str) -> str | None:
    """Why the query is not read-only, or None."""
    if not cypher or not cypher.strip():
        return "empty query"
    bare, names = _tokenise(cypher)
    m = _WRITE.search(_PLACEHOLDER.sub(" ", bare))
    if m:
        return f"read-only: {m.group(1).upper()} is not allowed here"
    for call in _CALL.finditer(bare):
        target = call.group(1)
        if target and target.endswith("{"):
            continue  # a subquery: its clauses were checked above
        name = procedure_name(target, names) if target else ""
        if name not in READ_PROCEDURES:
            shown = name or "(no name)"
            return f"read-only: procedure {shown} is not allowed here"
    return None
