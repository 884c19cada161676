"""The write/delete/count logic both backends share; a backend supplies only how to run Cypher."""

from __future__ import annotations

import asyncio
import contextlib
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from graph import cypher as C
from graph.lease import WriterLease, writer_alive
from graph.limits import INTERNAL, check_params
from graph.readonly import check_read_only
from graph.rowcap import limit_rows
from graph.rows import (
    batched,
    document_row,
    entity_rows,
    evidence_prefix,
    relation_rows,
    statement_key,
)
from graph.search import grams
from graph.store import Counts, QueryResult, StoreError
from schema.model import ENTITY_TYPES, PART_OF, RELATION_TYPES, SYMMETRIC_RELATIONS
from schema.records import Extraction

T = TypeVar("T")

# A statement's parameters, or a function that makes them (see CypherStore._write_batches).
Params = dict[str, Any] | Callable[[], dict[str, Any]]


def resolve(params: Params) -> dict[str, Any]:
    return params() if callable(params) else params


# Relationship types in write order (PART_OF last: it only links existing nodes).
_REL_ORDER = [r.name for r in RELATION_TYPES] + [PART_OF.name]


class CypherStore(ABC):
    """GraphStore over any engine that runs parameterized Cypher."""

    batch_size = 2000
    # Seek relationship endpoints by internal id instead of by key (see cypher.merge_relations_by_id)
    seek_by_id = False
    # Where writer leases live (see graph.lease); None: no other writer is expected (tests
    # that open a store directly), so repair treats every incomplete document as abandoned.
    lease_dir: Path | None = None
    _lease: WriterLease | None = None

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
    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Writes inside are one large load: the engine may put off its own housekeeping until
        the end (the embedded store: its append-only-file rewrites). Nothing else changes; the
        bulk steps enter it by themselves when they write more than one batch."""
        yield

    def _bulk_if(self, n_rows: int) -> contextlib.AbstractContextManager[None]:
        return self.bulk() if n_rows > self.batch_size else contextlib.nullcontext()

    def _write_batches(self, statements: list[tuple[str, Params]]) -> list[list[list[Any]]]:
        """Run (cypher, params) statements in order; params may be a function that makes them,
        so that a backend can make the next statement's while the server runs this one."""
        return [self._write(cypher, resolve(params)) for cypher, params in statements]

    def _atomic(self, work: Callable[[], T], what: str) -> T:
        """Run ``work`` (a function of ``_write`` calls) as one unit, if the engine can.

        Neo4j: one transaction, committed whole or rolled back (and re-run on transient
        errors, so ``work`` must be repeatable). FalkorDB has no transactions: statements
        apply one by one, and a document is made whole by its ``complete`` flag and
        :meth:`repair`. ``what`` names the unit for the server's transaction listing.
        """
        return work()

    def write_extraction(self, extraction: Extraction) -> None:
        """Mark the document incomplete, take back what it contributed before (found through
        its own Statement nodes and MENTIONS edges), write it, mark it complete. Every step
        touches only this document's nodes and edges, so a write costs the same into an empty
        store as into a large one. One transaction where the engine has them (:meth:`_atomic`)."""
        self._atomic(partial(self._write_document, extraction), f"write {extraction.doc.id}")

    def _write_document(self, extraction: Extraction) -> None:
        from innokg.fingerprint import extractor_fingerprint

        doc_id = extraction.doc.id
        props = {
            **document_row(extraction)["props"],
            "extractor": extractor_fingerprint(),
            "writer": self._writer_id(),
        }
        self._write(C.CREATE_DOCUMENT, {"id": doc_id, "props": props})
        self._remove_contributions(doc_id)
        ids = self.write_entity_rows(entity_rows(extraction))
        self.write_relation_rows(relation_rows(extraction), ids)
        self._write(C.COMPLETE_DOCUMENT, {"id": doc_id})

    def unchanged_documents(self) -> set[str]:
        """Ids of the documents stored completely by this version of the extraction code
        (a build skips them: the id is a hash of the content)."""
        from innokg.fingerprint import extractor_fingerprint

        rows = self._write(C.COMPLETE_DOCUMENTS, {"extractor": extractor_fingerprint()})
        return {row[0] for row in rows}

    def check_writable(self) -> None:
        """Refuse to write into a store an earlier innokg wrote (unbounded lists, no Statement
        nodes): its documents could not be taken back incrementally."""
        if self._write(C.OLD_FORMAT):
            raise StoreError(
                "this store was written by an earlier version of innokg; rebuild it with "
                "`innokg build --fresh` (or remove its data directory)"
            )

    def edge_evidence(self, key: str, offset: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        """All the evidence of one edge, by stating document (the edge itself keeps a sample)."""
        rows = self._read(
            C.EDGE_STATEMENTS, {"key": key, "offset": offset, "limit": limit}, None, None
        ).rows
        return [{"doc_id": d, "evidence": ev or [], "confidence": c} for d, ev, c in rows]

    def write_entity_rows(self, rows_by_type: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        """Bulk step 1: MERGE entity rows (see :func:`graph.rows.entity_rows`) label by label.

        Returns key → internal id of every written node when the backend seeks endpoints by id
        (:attr:`seek_by_id`), else an empty map.
        """
        for rows in rows_by_type.values():  # rows made elsewhere (bench/gen_graph.py)
            for r in rows:
                if "grams" not in r:
                    r["grams"] = grams([r["name"], *r.get("aliases", [])])
        statements = [
            (C.merge_entities(type_, return_ids=self.seek_by_id), {"doc_id": doc_id, "rows": chunk})
            for type_, rows in rows_by_type.items()
            for doc_id, doc_rows in _by_doc(rows, "entity").items()
            for chunk in batched(doc_rows, self.batch_size)
        ]
        ids: dict[str, int] = {}
        with self._bulk_if(sum(len(rows) for rows in rows_by_type.values())):
            results = self._write_batches(statements)
        for result in results:
            if self.seek_by_id and result:
                ids.update(zip(result[0][0], result[0][1], strict=True))
        return ids

    def write_relation_rows(
        self, rows_by_type: dict[str, list[dict[str, Any]]], ids: dict[str, int] | None = None
    ) -> int:
        """Bulk step 2: MERGE relation rows (see :func:`graph.rows.relation_rows`) type by type.

        Rows of a symmetric type (共建, 签约) are turned to the order of their key, so A–B and B–A
        from two documents meet on one edge. A row whose endpoint does not exist is skipped.
        Batches hold one document's rows, each edge once (two rows of one edge in one batch
        would both be new to it; a document's duplicate is a ValueError).
        With :attr:`seek_by_id` the rows are consumed: their head/tail keys are replaced in
        place by the endpoints' internal ids (from ``ids``, else looked up by key). Returns the
        number of rows written.
        """
        with self._bulk_if(sum(len(rows) for rows in rows_by_type.values())):
            return self._write_relation_rows(rows_by_type, ids)

    def _write_relation_rows(
        self, rows_by_type: dict[str, list[dict[str, Any]]], ids: dict[str, int] | None
    ) -> int:
        for rows in rows_by_type.values():
            for r in rows:
                if "skey" not in r:
                    r["skey"] = statement_key(r["doc_id"], r["key"])
        for type_ in SYMMETRIC_RELATIONS & rows_by_type.keys():
            for r in rows_by_type[type_]:  # one direction per edge: the order its key has
                if r["tail"] < r["head"]:
                    r["head"], r["tail"] = r["tail"], r["head"]
        if not self.seek_by_id:
            statements = [
                (C.merge_relations(type_), {"rows": chunk})
                for type_ in _REL_ORDER
                for doc_rows in _by_doc(rows_by_type.get(type_, []), "relation").values()
                for chunk in batched(doc_rows, self.batch_size)
            ]
            return sum(_written(result) for result in self._write_batches(statements))
        ids = dict(ids or {})
        self._add_entity_ids(
            ids, {k for rows in rows_by_type.values() for r in rows for k in (r["head"], r["tail"])}
        )
        batches: list[tuple[str, list[dict[str, Any]], str, list[tuple[str, str]]]] = []
        for type_ in _REL_ORDER:
            rows = [r for r in rows_by_type.get(type_, []) if r["head"] in ids and r["tail"] in ids]
            cypher, prefix = C.merge_relations_by_id(type_), C.relation_key_prefix(type_)
            batches += [
                (cypher, chunk, prefix, [])
                for doc_rows in _by_doc(rows, "relation").values()
                for chunk in batched(doc_rows, self.batch_size)
            ]
        # rows are turned to ids as each batch's parameters are made (ahead, on the FalkorDB side)
        statements: list[tuple[str, Params]] = [
            (cypher, partial(_by_id_params, chunk, ids, prefix, ends))
            for cypher, chunk, prefix, ends in batches
        ]
        written = 0
        results = self._write_batches(statements)
        for (cypher, chunk, prefix, ends), result in zip(batches, results, strict=True):
            done = _written(result)
            if done < len(chunk):  # an id went stale (node deleted, id reused): look again
                done = self._rewrite_stale(cypher, chunk, prefix, ends)
            written += done
        return written

    def _rewrite_stale(
        self, cypher: str, rows: list[dict[str, Any]], prefix: str, ends: list[tuple[str, str]]
    ) -> int:
        ids: dict[str, int] = {}
        self._add_entity_ids(ids, {k for pair in ends for k in pair})
        fresh = []
        for row, (head, tail) in zip(rows, ends, strict=True):
            if head in ids and tail in ids:
                fresh.append({**row, "h": ids[head], "t": ids[tail]})
        if not fresh:
            return 0
        return _written(self._write(cypher, {"rows": fresh, "prefix": prefix}))

    def _add_entity_ids(self, ids: dict[str, int], keys: set[str]) -> None:
        """Look up the internal ids of existing entities among ``keys`` not yet in ``ids``."""
        for chunk in batched(sorted(keys - ids.keys()), self.batch_size):
            ids.update((key, int(id_)) for key, id_ in self._write(C.ENTITY_IDS, {"keys": chunk}))

    def _remove_contributions(self, doc_id: str) -> None:
        """Take back a document's statements, then its mentions (see graph.cypher: each step
        is atomic and idempotent, so repair after a crash runs them all again)."""
        params = {"id": doc_id, "prefix": evidence_prefix(doc_id)}
        refill = [
            {"head": h, "tail": t, "key": k}
            for h, t, k in _collected(self._write(C.STRIP_STATEMENTS, params))
        ]
        self._write(C.DELETE_STATEMENTS, {"id": doc_id})
        for chunk in batched(refill, self.batch_size):
            self._write(C.REFILL_EDGES, {"rows": chunk})
        keys = _collected(self._write(C.STRIP_MENTIONS, {"id": doc_id}))
        for chunk in batched(keys, self.batch_size):
            self._write(C.REFILL_ENTITIES, {"keys": chunk})

    def _writer_id(self) -> str | None:
        """This process's lease id, taken on its first write (see graph.lease)."""
        if self.lease_dir is None:
            return None
        if self._lease is None:
            self._lease = WriterLease(self.lease_dir)
        return self._lease.id

    def release_lease(self) -> None:
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def repair(self) -> list[str]:
        """Remove half-written documents whose writer is gone (killed mid-document); returns
        their ids. A document another live process is still writing is left alone."""
        ids = [
            doc_id
            for doc_id, writer in self._write(C.INCOMPLETE_DOCUMENTS)
            if self.lease_dir is None or not writer_alive(self.lease_dir, writer)
        ]
        for doc_id in ids:
            self._atomic(partial(self._delete_document, doc_id), f"repair {doc_id}")
        return ids

    def delete_document(self, doc_id: str) -> bool:
        return self._atomic(partial(self._delete_document, doc_id), f"delete {doc_id}")

    def _delete_document(self, doc_id: str) -> bool:
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

    def compact(self) -> float:
        """Make the next start cheap after many writes (the embedded store rewrites its
        append-only file); a no-op for servers that manage their own storage."""
        return 0.0

    # ------------------------------------------------------------------ reads
    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        cypher = self._checked(cypher, params, row_cap)
        started = time.perf_counter()
        result = self._read(cypher, params or {}, timeout_ms, row_cap)
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    async def aquery(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """:meth:`query` for the event loop: on a worker thread here (Neo4j's driver is
        synchronous); a backend with an asyncio client reads without one."""
        return await asyncio.to_thread(
            partial(self.query, cypher, params, timeout_ms=timeout_ms, row_cap=row_cap)
        )

    def _checked(self, cypher: str, params: dict[str, Any] | None, row_cap: int | None) -> str:
        """The statement to run: refused unless read-only with acceptable parameters; with
        ``row_cap``, made to stop after ``row_cap + 1`` rows (``truncated`` then)."""
        check_read_only(cypher)
        check_params(params, INTERNAL)
        if row_cap is not None:
            cypher = limit_rows(cypher, row_cap + 1, params)
        return cypher

    def counts(self) -> Counts:
        def count(cypher: str) -> int:
            rows = self._read(cypher, {}, None, None).rows
            return int(rows[0][0]) if rows and rows[0][0] is not None else 0

        nodes = {t: count(C.count_label(t)) for t in ENTITY_TYPES}
        types = [r[0] for r in self._read(C.RELATIONSHIP_TYPES, {}, None, None).rows]
        rels = {t: count(C.count_type(t)) for t in types if t != "MENTIONS"}
        return Counts(
            nodes={t: n for t, n in nodes.items() if n},
            relations={t: n for t, n in rels.items() if n},
            documents=count(C.COUNT_DOCUMENTS),
        )


def _collected(result: list[list[Any]]) -> list[Any]:
    """The one collected list a statement returns (empty when it matched nothing)."""
    return list(result[0][0] or []) if result and result[0] else []


def _by_doc(rows: list[dict[str, Any]], what: str) -> dict[str, list[dict[str, Any]]]:
    """Rows per document, in order; a key twice for one document is a ValueError (the writer's
    statements create what a batch finds missing, so one row per key and document)."""
    out: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, str]] = set()
    for r in rows:
        doc_key = (r["doc_id"], r["key"])
        if doc_key in seen:
            raise ValueError(f"{what} {r['key']!r} appears twice for document {r['doc_id']!r}")
        seen.add(doc_key)
        out.setdefault(r["doc_id"], []).append(r)
    return out


def _written(result: list[list[Any]]) -> int:
    return int(result[0][0]) if result and result[0] and result[0][0] is not None else 0


def _by_id_params(
    rows: list[dict[str, Any]], ids: dict[str, int], prefix: str, ends: list[tuple[str, str]]
) -> dict[str, Any]:
    ends.extend(_to_ids(rows, ids))
    return {"rows": rows, "prefix": prefix}


def _to_ids(rows: list[dict[str, Any]], ids: dict[str, int]) -> list[tuple[str, str]]:
    """Replace each relation row's head/tail keys (which its edge key already holds) by the
    endpoints' internal ids ``h``/``t``, in place (copies cost a fifth of a bulk load); returns
    the (head, tail) keys in row order."""
    ends = []
    for r in rows:
        head, tail = r.pop("head"), r.pop("tail")
        r["h"], r["t"] = ids[head], ids[tail]
        ends.append((head, tail))
    return ends
