"""The store interface every backend implements (embedded FalkorDB, Neo4j).

Small on purpose: idempotent batch writes of one document's extraction, read-only parameterized
queries, deleting a document's contributions, and counts. Everything else (API, analytics,
exports) is built on :meth:`GraphStore.query`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from schema.records import Extraction


class StoreError(Exception):
    """A store-level failure (unreachable, crashed, misconfigured)."""


class QueryError(StoreError):
    """A query was invalid or refused (e.g. a write through the read-only path).

    ``message`` is the store's own message, safe to show to the user.
    """


class QueryTimeout(QueryError):
    """A read ran past its time limit (the store stops it; the caller gets this at the limit)."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    elapsed_ms: float = 0.0

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]


@dataclass
class Counts:
    nodes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    documents: int = 0

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_relations(self) -> int:
        return sum(self.relations.values())


@runtime_checkable
class GraphStore(Protocol):
    """What the pipeline, API, exports and analytics need from a graph backend."""

    def write_extraction(self, extraction: Extraction) -> None:
        """Write one document's entities, relations and provenance; idempotent.

        Re-writing the same document replaces its earlier contributions (evidence is merged,
        never duplicated); a write interrupted mid-way is repaired by the next write.
        """

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and everything only it supported. False if unknown."""

    def has_document(self, doc_id: str) -> bool:
        """True when the document is fully written."""

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """Run a read-only query; writes are refused with :class:`QueryError`."""

    async def aquery(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """:meth:`query` from an event loop (the same answers and errors)."""

    def counts(self) -> Counts:
        """Nodes by label, relations by type, number of documents."""

    def unchanged_documents(self) -> set[str]:
        """Ids of documents stored completely by this version of the extraction code."""

    def check_writable(self) -> None:
        """Raise StoreError when the store's format cannot be written incrementally."""

    def compact(self) -> float:
        """Make the next start cheap after many writes; returns the seconds it took."""

    def edge_evidence(self, key: str, offset: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        """One edge's full evidence, by stating document (edges keep a bounded sample)."""

    def fulltext_entities(self, terms: str = "$terms") -> str:
        """Cypher clause yielding as ``n`` the entities whose search terms hold ``terms``."""

    def fulltext_terms(self, terms: list[str]) -> str:
        """The full-text query text that requires every one of ``terms``."""

    def clear(self) -> None:
        """Delete the whole graph (tests, `innokg build --fresh`)."""

    def close(self) -> None:
        """Release connections; stop a child server process if this store started it."""
