"""The embedded default backend: FalkorDB over the Redis protocol (the `falkordb` client)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB

from graph import falkor_compact as compact
from graph.base import CypherStore, Params, resolve
from graph.embedded import AOF_REWRITE_PERCENTAGE, QUERY_MEMORY_MB, EmbeddedServer
from graph.falkor_async import AsyncReads, Unavailable
from graph.falkor_params import params_header
from graph.generation import GenerationFile
from graph.store import QueryError, QueryResult, QueryTimeout, StoreError
from schema.model import ENTITY_LABEL, ENTITY_TYPES

# FalkorDB DDL (no IF NOT EXISTS: "already indexed" errors are ignored).
_INDEXES = [
    f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.key)",
    f"CREATE INDEX FOR (n:{ENTITY_LABEL}) ON (n.name)",
    "CREATE INDEX FOR (d:Document) ON (d.id)",
    "CREATE INDEX FOR (s:Statement) ON (s.key)",
    "CREATE INDEX FOR (s:Statement) ON (s.doc)",
    "CREATE INDEX FOR (s:Statement) ON (s.edge)",
    # search terms (graph.search): no stemming, no stop words, terms as the writer made them
    f"CALL db.idx.fulltext.createNodeIndex({{label: '{ENTITY_LABEL}', stopwords: []}}, "
    "{field: 'grams', nostem: true})",
]
_INDEXES += [f"CREATE INDEX FOR (n:`{t}`) ON (n.key)" for t in ENTITY_TYPES]


class FalkorStore(CypherStore):
    """GraphStore on a FalkorDB server; starts (and stops) an embedded one for a data dir."""

    batch_size = 5000
    seek_by_id = True
    # a read without its own limit (internal reads of the API, exports) gets this one
    default_timeout_ms = 60_000
    # the client stops waiting this long after the server's own limit (which a query can
    # overrun: UNWIND range() is not interrupted while the list is built)
    grace_s = 0.8

    @staticmethod
    def fulltext_entities(terms: str = "$terms") -> str:
        """The clause yielding, as ``n``, the entities whose grams hold all of ``terms`` (an
        expression holding :meth:`fulltext_terms` text; see graph.search)."""
        return f"CALL db.idx.fulltext.queryNodes('{ENTITY_LABEL}', {terms}) YIELD node AS n"

    @staticmethod
    def fulltext_terms(terms: list[str]) -> str:
        """RediSearch query: space means AND; terms hold letters and digits only."""
        return " ".join(terms)

    def __init__(
        self,
        data_dir: Path | None = None,
        graph_name: str = "innokg",
        *,
        unix_socket: Path | None = None,
        host: str | None = None,
        port: int | None = None,
    ) -> None:
        self.server: EmbeddedServer | None = None
        self._bulk_depth = 0  # loads inside bulk() now (threads of one process share the hold)
        self._bulk_lock = threading.Lock()
        self._generation: GenerationFile | None = None  # only beside an embedded server
        if data_dir is not None:
            self.server = EmbeddedServer(data_dir)
            unix_socket = self.server.ensure_running()
            self._generation = GenerationFile(self.server.dir / f"generation-{graph_name}")
        try:
            if unix_socket is not None:
                self.db = FalkorDB(unix_socket_path=str(unix_socket))
            else:
                self.db = FalkorDB(host=host or "127.0.0.1", port=port or 6379)
            self.graph = self.db.select_graph(graph_name)
            self._ensure_indexes()
            self._async = AsyncReads(
                str(unix_socket) if unix_socket is not None else None,
                host or "127.0.0.1",
                port or 6379,
            )
        except redis.exceptions.RedisError as exc:
            raise StoreError(f"cannot reach FalkorDB: {exc}") from exc

    def _ensure_indexes(self) -> None:
        for ddl in _INDEXES:
            try:
                self.graph.query(ddl)
            except redis.exceptions.ResponseError as exc:
                if not any(m in str(exc).lower() for m in ("already indexed", "already exists")):
                    raise

    def _write(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        return self._send(_header(params or {}) + cypher)

    def _send(self, query: str) -> list[list[Any]]:
        """Run one write query whose parameters are already in its ``CYPHER …`` header.

        When the embedded server has died it is restarted and the statement sent once more
        (every write statement is a MERGE/SET/DELETE: running it twice changes nothing).
        """
        for attempt in (1, 2):
            try:
                rows = self.graph.query(query).result_set
                if self._generation is not None:
                    self._generation.advance()
                return rows
            except redis.exceptions.ResponseError as exc:
                raise QueryError(str(exc)) from exc
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
                if attempt == 2 or not self._recover():
                    raise StoreError(f"FalkorDB failed: {exc}") from exc
            except redis.exceptions.RedisError as exc:
                raise StoreError(f"FalkorDB failed: {exc}") from exc
        raise AssertionError("unreachable")

    def generation(self) -> str | None:
        """Changes after every committed write by any process (graph/generation.py); ``None``
        for a FalkorDB server this store did not start (no file beside it to read)."""
        return self._generation.read() if self._generation is not None else None

    def _recover(self) -> bool:
        """Restart the embedded server if its process died (the AOF keeps the graph)."""
        if self.server is None:
            return False
        try:
            self.server.ensure_running()
        except StoreError:
            return False
        return True

    def _write_batches(self, statements: list[tuple[str, Params]]) -> list[list[list[Any]]]:
        """Make statement i+1's parameters and their text on a second thread while the server
        runs statement i.

        FalkorDB takes parameters only as text, and making it costs about half of what the
        server spends on a bulk batch; the client waits on the socket (GIL released) meanwhile.
        One statement of look-ahead keeps memory bounded, and the statements still run in
        order on this one connection.
        """
        if len(statements) < 2:
            return super()._write_batches(statements)
        results = []
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="innokg-params") as pool:
            pending = pool.submit(_header, statements[0][1])
            for i, (cypher, _) in enumerate(statements):
                header = pending.result()
                if i + 1 < len(statements):
                    pending = pool.submit(_header, statements[i + 1][1])
                results.append(self._send(header + cypher))
        return results

    def _read(
        self,
        cypher: str,
        params: dict[str, Any] | None,
        timeout_ms: int | None,
        row_cap: int | None,
    ) -> QueryResult:
        timeout_ms = int(timeout_ms or self.default_timeout_ms)
        query = _query_text(cypher, params)
        try:
            response = self._ro_command(query, timeout_ms)
        except _Disconnected as exc:
            if not self._recover():
                raise StoreError(f"FalkorDB failed: {exc}") from exc
            response = self._ro_command(query, timeout_ms)  # once, on the restarted server
        try:
            columns, rows, truncated = compact.parse(response, self.graph, row_cap)
        except redis.exceptions.ResponseError as exc:
            raise _query_error(exc, timeout_ms) from exc
        return QueryResult(columns=columns, rows=rows, truncated=truncated)

    async def aquery(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        row_cap: int | None = None,
    ) -> QueryResult:
        """:meth:`query` on this event loop's connections (graph/falkor_async.py): no worker
        thread while the store works. A connection that fails reads the synchronous way."""
        cypher = self._checked(cypher, params, row_cap)
        started = time.perf_counter()
        timeout_ms = int(timeout_ms or self.default_timeout_ms)
        query = _query_text(cypher, params)
        try:
            response = await self._async.command(
                timeout_ms / 1000 + self.grace_s, *self._ro_args(query, timeout_ms)
            )
            columns, rows, truncated = compact.parse(response, self.graph, row_cap)
            result = QueryResult(columns=columns, rows=rows, truncated=truncated)
        except TimeoutError as exc:
            raise QueryTimeout(f"query timed out after {timeout_ms} ms") from exc
        except redis.exceptions.ResponseError as exc:
            raise _query_error(exc, timeout_ms) from exc
        except Unavailable:
            result = await asyncio.to_thread(self._read, cypher, params or {}, timeout_ms, row_cap)
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def _ro_args(self, query: str, timeout_ms: int) -> tuple[Any, ...]:
        """The read command both paths send (the compact reply, the server's own limit)."""
        return ("GRAPH.RO_QUERY", self.graph.name, query, "--compact", "timeout", timeout_ms)

    def _ro_command(self, query: str, timeout_ms: int) -> Any:
        """GRAPH.RO_QUERY on a pooled connection, waiting at most the limit plus a grace; a
        connection given up on is closed (its late reply must not be read by the next query)."""
        pool = self.db.connection.connection_pool
        try:
            conn = pool.get_connection()
        except (redis.exceptions.ConnectionError, OSError) as exc:
            raise _Disconnected(str(exc)) from exc
        except redis.exceptions.RedisError as exc:
            raise StoreError(f"FalkorDB failed: {exc}") from exc
        try:
            conn.send_command(*self._ro_args(query, timeout_ms))
            if not conn.can_read(timeout=timeout_ms / 1000 + self.grace_s):
                conn.disconnect()
                raise QueryTimeout(f"query timed out after {timeout_ms} ms")
            return conn.read_response()
        except redis.exceptions.ResponseError as exc:
            raise _query_error(exc, timeout_ms) from exc
        except (redis.exceptions.ConnectionError, OSError) as exc:
            conn.disconnect()
            raise _Disconnected(str(exc)) from exc
        except redis.exceptions.RedisError as exc:
            conn.disconnect()
            raise StoreError(f"FalkorDB failed: {exc}") from exc
        finally:
            pool.release(conn)

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Hold the embedded server's automatic append-only-file rewrites during a large load.

        Each rewrite forks the server and writes the whole graph out while the writes go on: in a
        100k/300k load the effects log passed its mark five times, and the batches beside each
        rewrite took 1.3-2.6x their server time (copy-on-write faults in the server, the child on
        the second core) — the per-batch cost that rose late in the load (docs/scale.md). After the
        load the server rewrites once by itself (or ``compact()`` does). Nested loads (and loads
        on other threads) share one hold; a server that is not the embedded one is left alone. If this process dies inside, the
        hold lasts until the next bulk load ends, ``compact()``, or the server restarts (the file
        only grows meanwhile).
        """
        if self.server is None:
            yield
            return
        with self._bulk_lock:
            self._bulk_depth += 1
            if self._bulk_depth == 1:
                self._auto_rewrite(0)
        try:
            yield
        finally:
            with self._bulk_lock:
                self._bulk_depth -= 1
                if self._bulk_depth == 0:
                    self._auto_rewrite(AOF_REWRITE_PERCENTAGE)

    def _auto_rewrite(self, percentage: int) -> None:
        """Housekeeping only: a server that cannot take it fails the writes themselves."""
        with contextlib.suppress(redis.exceptions.RedisError):
            self.db.connection.config_set("auto-aof-rewrite-percentage", percentage)

    def compact(self, timeout: float = 600.0) -> float:
        """Rewrite the append-only file as one snapshot (BGREWRITEAOF) and wait for it, so the
        next start loads the graph instead of replaying every write since the last rewrite.
        Returns the seconds it took (0 when there is no embedded server)."""
        if self.server is None:
            return 0.0
        started = time.monotonic()
        conn = self.db.connection
        if self._bulk_depth == 0:  # a hold left by a writer that died (see bulk)
            self._auto_rewrite(AOF_REWRITE_PERCENTAGE)
        try:
            conn.bgrewriteaof()
        except redis.exceptions.ResponseError as exc:  # one already running: wait for it
            if "in progress" not in str(exc).lower() and "already" not in str(exc).lower():
                raise StoreError(f"cannot compact the append-only file: {exc}") from exc
        while time.monotonic() - started < timeout:
            info = conn.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                if info.get("aof_last_bgrewrite_status", "ok") != "ok":
                    raise StoreError("compacting the append-only file failed; see the server log")
                return time.monotonic() - started
            time.sleep(0.05)
        raise StoreError(f"compacting the append-only file took over {timeout:.0f} s")

    def close(self) -> None:
        self.release_lease()
        self._async.close()
        try:
            self.db.connection.close()
        except Exception:  # noqa: BLE001 - closing a dead connection is fine
            pass
        if self.server is not None:
            self.server.stop()


class _Disconnected(StoreError):
    """The server's socket went away mid-read."""


def _query_text(cypher: str, params: dict[str, Any] | None) -> str:
    """The statement as FalkorDB reads it: parameters as a CYPHER header (text only)."""
    try:
        return params_header(params or {}) + cypher
    except (ValueError, TypeError) as exc:  # parameters FalkorDB cannot take
        raise QueryError(f"invalid parameters: {exc}") from exc


def _query_error(exc: Exception, timeout_ms: int) -> QueryError:
    msg = str(exc)
    if "timed out" in msg.lower():
        return QueryTimeout(f"query timed out after {timeout_ms} ms")
    if "mem consumption exceeded" in msg.lower():
        return QueryError(f"{msg} (each query may use {QUERY_MEMORY_MB} MB in the store)")
    return QueryError(msg)


def _header(params: Params) -> str:
    try:
        return params_header(resolve(params))
    except (ValueError, TypeError) as exc:
        raise QueryError(f"invalid parameters: {exc}") from exc
