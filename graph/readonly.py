"""A write guard for user Cypher, applied before any query reaches a store.

Both stores also enforce read-only themselves (FalkorDB GRAPH.RO_QUERY, Neo4j READ access), but
FalkorDB's Bolt port and some Neo4j procedures don't, so the API never relies on that alone.
Strings, comments and backticked names are removed first, so a name containing "CREATE" or a
literal 'SET' is not mistaken for a clause.
"""

from __future__ import annotations

import re

from graph.store import QueryError

_STRIP = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.S)
_WRITE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|ALTER|GRANT|REVOKE|"
    r"DENY|START|STOP|TERMINATE|USING\s+PERIODIC\s+COMMIT)\b",
    re.I,
)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.I)
# Read-only procedures users may call (schema introspection, full-text lookups, path algorithms).
_READ_PROCEDURES = re.compile(
    r"^(db\.(labels|relationshiptypes|propertykeys|indexes|constraints|schema\.\w+|"
    r"idx\.fulltext\.querynodes|idx\.fulltext\.queryrelationships|index\.fulltext\.querynodes|"
    r"index\.fulltext\.queryrelationships)|algo\.(bfs|sppaths|sspaths)|dbms\.components)$",
    re.I,
)


def check_read_only(cypher: str) -> None:
    """Raise QueryError when the query could write."""
    if not cypher or not cypher.strip():
        raise QueryError("empty query")
    bare = _STRIP.sub(" ", cypher)
    m = _WRITE.search(bare)
    if m:
        raise QueryError(f"read-only: {m.group(1).upper()} is not allowed here")
    for call in _CALL.finditer(bare):
        if not _READ_PROCEDURES.match(call.group(1)):
            raise QueryError(f"read-only: procedure {call.group(1)} is not allowed here")
