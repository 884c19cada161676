"""The write/delete/count logic both backends share; a backend supplies only how to run Cypher."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from typing import Any

from graph import cypher as C
from graph.readonly import check_read_only
from graph.rows import (
    batched,
    document_row,
    entity_rows,
    evidence_prefix,
    mention_rows,
    relation_rows,
)
from graph.store import Counts, QueryResult
from schema.model import PART_OF, RELATION_TYPES
from schema.records import Extraction

# Relationship types in write order (PART_OF last: it only links existing nodes).
_REL_ORDER = [r.name for r in RELATION_TYPES] + [PART_OF.name]


class CypherStore(ABC):
    """GraphStore over any engine that runs parameterized Cypher."""

    batch_size = 2000

    @abstractmethod
    def _write(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        """Run one statement with write access; returns rows."""

    @abstractmethod
    def _read(
        self,
        cypher: str,
        params: dict[str, Any] | None,
        timeout_ms: int | None,
        row_cap: int | None,
    ) -> QueryResult:
        """Run one statement with read-only access."""

    # ------------------------------------------------------------------ writes
    def write_extraction(self, extraction: Extraction) -> None:
        doc_id = extraction.doc.id
        self._remove_contributions(doc_id)
        doc = document_row(extraction)
        self._write(C.CREATE_DOCUMENT, {"id": doc_id, "props": doc["props"]})
        for type_, rows in entity_rows(extraction).items():
            for chunk in batched(rows, self.batch_size):
                self._write(C.merge_entities(type_), {"rows": chunk})
        for chunk in batched(mention_rows(extraction), self.batch_size):
            self._write(C.MERGE_MENTIONS, {"rows": chunk, "doc_id": doc_id})
        rel_rows = relation_rows(extraction)
        for type_ in _REL_ORDER:
            for chunk in batched(rel_rows.get(type_, []), self.batch_size):
                self._write(C.merge_relations(type_), {"rows": chunk})
        self._write(C.COMPLETE_DOCUMENT, {"id": doc_id})

    def _remove_contributions(self, doc_id: str) -> None:
        params = {"id": doc_id, "prefix": evidence_prefix(doc_id)}
        self._write(C.DELETE_MENTIONS, {"id": doc_id})
        self._write(C.STRIP_EDGES, params)
        self._write(C.DELETE_EMPTY_EDGES)
        self._write(C.STRIP_NODES, {"id": doc_id})
        self._write(C.DELETE_EMPTY_NODES)

    def repair(self) -> list[str]:
        """Remove half-written documents left by a killed build; returns their ids."""
        ids = [row[0] for row in self._write(C.INCOMPLETE_DOCUMENTS)]
        for doc_id in ids:
            self._remove_contributions(doc_id)
            self._write(C.DELETE_DOCUMENT, {"id": doc_id})
        return ids

    def delete_document(self, doc_id: str) -> bool:
        if not self._write(C.DOCUMENT_EXISTS, {"id": doc_id}):
            return False
        self._remove_contributions(doc_id)
        self._write(C.DELETE_DOCUMENT, {"id": doc_id})
        return True

    def has_document(self, doc_id: str) -> bool:
        rows = self._read(C.DOCUMENT_EXISTS, {"id": doc_id}, None, None).rows
        return bool(rows) and rows[0][0] is True

    def clear(self) -> None:
        self._write(C.CLEAR)

    # ------------------------------------------------------------------ reads
    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        check_read_only(cypher)
        started = time.perf_counter()
        result = self._read(cypher, params or {}, timeout_ms, row_cap)
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def counts(self) -> Counts:
        nodes = {row[0]: int(row[1]) for row in self._read(C.COUNT_NODES, {}, None, None).rows}
        rels = {row[0]: int(row[1]) for row in self._read(C.COUNT_RELATIONS, {}, None, None).rows}
        docs = self._read(C.COUNT_DOCUMENTS, {}, None, None).rows
        rels.pop("MENTIONS", None)
        return Counts(nodes=nodes, relations=rels, documents=int(docs[0][0]) if docs else 0)


def cap_rows(rows: list[list[Any]], row_cap: int | None) -> tuple[list[list[Any]], bool]:
    if row_cap is not None and len(rows) > row_cap:
        return rows[:row_cap], True
    return rows, False
