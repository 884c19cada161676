"""The production backend: Neo4j 5 through the official `neo4j` driver (not py2neo).

What Neo4j offers and the embedded engine does not, used here: uniqueness constraints (created
with ``IF NOT EXISTS`` on open), one transaction per document (written whole or not at all, even
when the writer is killed), READ access mode for queries, and a server-side transaction timeout.
Where its Cypher differs from the shared writer's, the Neo4j form is a constant in this module.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, DriverError, Neo4jError

from graph.base import CypherStore
from graph.store import QueryError, QueryResult, QueryTimeout, StoreError
from graph.values import plain
from schema.model import ENTITY_LABEL, ENTITY_TYPES

# Not sent by the server: "property/label/type does not exist" (our reads name optional
# properties such as Document.title, and every relation type, on graphs that lack some), which
# the driver would log as a WARNING on every such query. Deprecations still come through.
QUIET_NOTIFICATIONS = [neo4j.NotificationDisabledClassification.UNRECOGNIZED]

T = TypeVar("T")

# Neo4j DDL, derived from the schema: one uniqueness constraint on the shared key, lookups by name.
DDL = [
    f"CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:{ENTITY_LABEL}) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT statement_key IF NOT EXISTS FOR (s:Statement) REQUIRE s.key IS UNIQUE",
    "CREATE INDEX statement_doc IF NOT EXISTS FOR (s:Statement) ON (s.doc)",
    "CREATE INDEX statement_edge IF NOT EXISTS FOR (s:Statement) ON (s.edge)",
    f"CREATE INDEX entity_name IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.name)",
    # search terms (graph.search): split on whitespace only, kept as written
    f"CREATE FULLTEXT INDEX entity_grams IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON EACH [n.grams] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
] + [f"CREATE INDEX {t.lower()}_key IF NOT EXISTS FOR (n:`{t}`) ON (n.key)" for t in ENTITY_TYPES]

# Deleting everything in one transaction holds the whole graph in transaction state; Neo4j
# deletes in batches of committed transactions instead (needs an auto-commit transaction).
CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

# the client's timeout (ours) and the server's own db.transaction.timeout
_TIMED_OUT = (
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.ClientError.Transaction.TransactionTimedOut",
)


class Neo4jStore(CypherStore):
    """GraphStore on Neo4j: writes in write transactions (one per document), reads in READ mode."""

    @staticmethod
    def fulltext_entities(terms: str = "$terms") -> str:
        """The clause yielding, as ``n``, the entities whose grams hold all of ``terms`` (an
        expression holding :meth:`fulltext_terms` text; see graph.search)."""
        return f"CALL db.index.fulltext.queryNodes('entity_grams', {terms}) YIELD node AS n"

    @staticmethod
    def fulltext_terms(terms: list[str]) -> str:
        """Lucene query: every term required, each quoted (terms hold letters and digits)."""
        return " ".join(f'+"{t}"' for t in terms)

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
        *,
        batch_size: int = 2000,
    ) -> None:
        self.batch_size = batch_size
        self.database = database
        self._local = threading.local()  # the document transaction of the calling thread
        auth = (user, password) if password is not None else None
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=auth, notifications_disabled_classifications=QUIET_NOTIFICATIONS
            )
            self.driver.verify_connectivity()
        except (Neo4jError, DriverError, OSError, ValueError) as exc:
            self._close_driver()
            raise StoreError(f"cannot reach Neo4j at {uri}: {exc}") from exc
        for ddl in DDL:
            self._write(ddl)

    def _session(self, access_mode: str) -> neo4j.Session:
        kwargs: dict[str, Any] = {"default_access_mode": access_mode}
        if self.database:
            kwargs["database"] = self.database
        return self.driver.session(**kwargs)

    # ------------------------------------------------------------------ writes
    def _atomic(self, work: Callable[[], T], what: str) -> T:
        """One write transaction around every ``_write`` that ``work`` makes on this thread;
        rolled back when anything fails (or the process dies), re-run on transient errors."""
        if getattr(self._local, "tx", None) is not None:  # already inside one: join it
            return work()

        @neo4j.unit_of_work(metadata={"app": "innokg", "unit": what})
        def unit(tx: neo4j.ManagedTransaction) -> T:
            self._local.tx = tx
            try:
                return work()
            finally:
                self._local.tx = None

        with _errors(), self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(unit)

    def _write(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        tx = getattr(self._local, "tx", None)
        if tx is not None:  # errors go to _atomic, which rolls back (or retries)
            return [list(r.values()) for r in tx.run(cypher, params or {})]

        def work(tx: neo4j.ManagedTransaction) -> list[list[Any]]:
            return [list(r.values()) for r in tx.run(cypher, params or {})]

        with _errors(), self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(work)

    def clear(self) -> None:
        with _errors(), self._session(neo4j.WRITE_ACCESS) as session:
            session.run(CLEAR).consume()

    # ------------------------------------------------------------------ reads
    def _read(
        self,
        cypher: str,
        params: dict[str, Any] | None,
        timeout_ms: int | None,
        row_cap: int | None,
    ) -> QueryResult:
        @neo4j.unit_of_work(timeout=timeout_ms / 1000 if timeout_ms else None)
        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            rows: list[list[Any]] = []
            truncated = False
            for record in result:
                if row_cap is not None and len(rows) >= row_cap:
                    truncated = True
                    break
                rows.append([plain(v) for v in record.values()])
            return QueryResult(columns=columns, rows=rows, truncated=truncated)

        with _errors(timeout_ms), self._session(neo4j.READ_ACCESS) as session:
            try:
                return session.execute_read(work)
            except (ValueError, TypeError) as exc:  # the driver rejects malformed parameters
                raise QueryError(f"invalid parameters: {exc}") from exc

    def close(self) -> None:
        self.release_lease()
        self._close_driver()

    def _close_driver(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.close()


@contextlib.contextmanager
def _errors(timeout_ms: int | None = None) -> Iterator[None]:
    """The server's client errors (syntax, refused write, constraint) → QueryError with its
    message, a timeout → QueryTimeout (the API's 504); anything else (unreachable) → StoreError."""
    try:
        yield
    except ClientError as exc:
        if exc.code in _TIMED_OUT:
            after = f" after {timeout_ms} ms" if timeout_ms else ""
            raise QueryTimeout(f"query timed out{after} (stopped by the server)") from exc
        raise QueryError(exc.message or str(exc)) from exc
    except (Neo4jError, DriverError) as exc:
        raise StoreError(f"Neo4j failed: {exc}") from exc
