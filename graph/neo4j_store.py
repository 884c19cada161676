"""The production backend: Neo4j 5 through the official `neo4j` driver (not py2neo)."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

from graph.base import CypherStore
from graph.store import QueryError, QueryResult, QueryTimeout, StoreError
from graph.values import plain
from schema.model import ENTITY_LABEL, ENTITY_TYPES

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


class Neo4jStore(CypherStore):
    """GraphStore on Neo4j: writes in write transactions, reads in READ access mode."""

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
        create_schema: bool = True,
        verify: bool = True,
    ) -> None:
        """``create_schema``/``verify`` off only for servers that speak a subset of Bolt (the
        FalkorDB Bolt port used as a smoke test; see docs/store.md)."""
        self.batch_size = batch_size
        self.database = database
        auth = (user, password) if password is not None else None
        try:
            self.driver = GraphDatabase.driver(uri, auth=auth)
            if verify:
                self.driver.verify_connectivity()
        except (Neo4jError, ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreError(f"cannot reach Neo4j at {uri}: {exc}") from exc
        if create_schema:
            for ddl in DDL:
                self._write(ddl)

    def _session(self, access_mode: str) -> neo4j.Session:
        kwargs: dict[str, Any] = {"default_access_mode": access_mode}
        if self.database:
            kwargs["database"] = self.database
        return self.driver.session(**kwargs)

    def _write(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[list[Any]]:
            return [list(r.values()) for r in tx.run(cypher, params or {})]

        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                return session.execute_write(work)
        except ClientError as exc:
            raise QueryError(exc.message or str(exc)) from exc
        except (Neo4jError, ServiceUnavailable) as exc:
            raise StoreError(f"Neo4j failed: {exc}") from exc

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

        try:
            with self._session(neo4j.READ_ACCESS) as session:
                return session.execute_read(work)
        except ClientError as exc:
            if "TransactionTimedOut" in (exc.code or ""):  # the unit_of_work timeout: a 504
                raise QueryTimeout(f"query timed out after {timeout_ms} ms") from exc
            raise QueryError(exc.message or str(exc)) from exc
        except (ValueError, TypeError) as exc:  # the driver rejects malformed parameters
            raise QueryError(f"invalid parameters: {exc}") from exc
        except (Neo4jError, ServiceUnavailable) as exc:
            raise StoreError(f"Neo4j failed: {exc}") from exc

    def close(self) -> None:
        self.release_lease()
        self.driver.close()
