"""The store backends every store-using test runs on: the embedded FalkorDB and a real Neo4j.

conftest.py's ``backend`` fixture is parametrized over :data:`BACKENDS`; every fixture that hands
out a store, its settings or an app client (``store``, ``corpus_store``, ``client``, …) depends on
it, so a test that uses one runs once per backend (``test_x[embedded]``, ``test_x[neo4j]``).

Stores are opened lazily, once per (backend, role), and closed at the end of the session by
:class:`Backends`; the Neo4j side is a test server from ``tests/neo4j_server`` (one JVM, one
Neo4j DBMS per role, since Neo4j Community has one user database per DBMS). Without Java or
Maven the Neo4j variants are skipped with the reason — except in CI (``CI=true``), where they are
required and fail with it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from neo4j_server import ServerFailed, ServerUnavailable, TestServer, build

from graph import open_store
from graph.store import GraphStore
from innokg.config import Settings

BACKENDS = ("embedded", "neo4j")
# scratch: tests that write their own data (they clear it); corpus: the bundled corpus, built once
ROLES = ("scratch", "corpus")
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1")
NEO4J_USER = "neo4j"
NEO4J_PASSWORD = "innokg-test-password"  # auth is on, as in docker-compose.yml
API_TOKEN = "test-token-123"
# Whether a document is written in one transaction (all or nothing, even if the writer dies);
# without, a half-written document stays until the next open repairs it.
ATOMIC_DOCUMENTS = {"embedded": False, "neo4j": True}


class Backends:
    """Settings and open stores per (backend, role), and the Neo4j test server behind them."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.server: TestServer | None = None
        self._server_error: BaseException | None = None
        self._stores: dict[tuple[str, str], GraphStore] = {}

    # ------------------------------------------------------------------ settings
    def settings(self, backend: str, role: str) -> Settings:
        data_dir = self.base_dir / f"{backend}-{role}"
        if backend == "embedded":
            return Settings(data_dir=data_dir)
        if backend == "neo4j":
            return Settings(
                store="neo4j",
                data_dir=data_dir,
                neo4j_uri=self.neo4j_uris()[ROLES.index(role)],
                neo4j_user=NEO4J_USER,
                neo4j_password=NEO4J_PASSWORD,
            )
        raise ValueError(f"unknown backend {backend!r}")

    def store(self, backend: str, role: str) -> GraphStore:
        """The session's store of this backend and role (opened on first use)."""
        if (backend, role) not in self._stores:
            self._stores[backend, role] = open_store(self.settings(backend, role))
        return self._stores[backend, role]

    # ------------------------------------------------------------------ Neo4j server
    def neo4j_uris(self) -> list[str]:
        """Bolt URIs of the test server's DBMSes (one per role); started on first call.

        Skips the calling test when Java/Maven are missing, fails it in CI or when the server
        does not come up; the outcome of the first attempt is reused for every later test.
        """
        if self.server is None and self._server_error is None:
            try:
                build(quiet=True)
                self.server = TestServer(
                    self.base_dir / "neo4j-server", instances=len(ROLES), password=NEO4J_PASSWORD
                )
            except ServerUnavailable as exc:
                self._server_error = exc
            except ServerFailed as exc:
                self._server_error = exc
        if isinstance(self._server_error, ServerUnavailable):
            if IN_CI:
                pytest.fail(
                    f"the Neo4j tests are required in CI (CI=true), but {self._server_error}",
                    pytrace=False,
                )
            pytest.skip(
                f"Neo4j backend not tested: {self._server_error} "
                "(install Java 17 + Maven to run the Neo4j tests; see README)"
            )
        if self._server_error is not None:
            pytest.fail(f"the Neo4j test server did not start: {self._server_error}", pytrace=False)
        assert self.server is not None
        return self.server.uris

    def close(self) -> None:
        for store in self._stores.values():
            store.close()
        self._stores.clear()
        if self.server is not None:
            self.server.stop()


def env_for(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment under which `innokg …` (a subprocess) opens the store of ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INNOKG_", "NEO4J_"))}
    env.update(INNOKG_STORE=settings.store, INNOKG_DATA_DIR=str(settings.data_dir))
    if settings.store == "neo4j":
        env.update(
            NEO4J_URI=settings.neo4j_uri or "",
            NEO4J_USER=settings.neo4j_user,
            NEO4J_PASSWORD=settings.neo4j_password or "",
        )
    env.update(extra)
    return env


def fresh_settings(backends: Backends, backend: str) -> Settings:
    """Settings of an empty store that a test opens (and closes) itself: embedded, a new data
    directory; Neo4j, the scratch DBMS, cleared (tests that use it clear it anyway)."""
    if backend == "embedded":
        return Settings(data_dir=Path(tempfile.mkdtemp(dir=backends.base_dir, prefix="fresh-")))
    backends.store(backend, "scratch").clear()
    return dataclasses.replace(backends.settings(backend, "scratch"))


@contextlib.contextmanager
def document_counter(settings: Settings) -> Iterator[Callable[[], int]]:
    """A function counting the Document nodes that other processes can see in the store of
    ``settings`` (how far a build got), without opening a store (which could start or repair it)."""
    if settings.store == "neo4j":
        import neo4j

        auth = (settings.neo4j_user, settings.neo4j_password or "")
        with neo4j.GraphDatabase.driver(settings.neo4j_uri or "", auth=auth) as driver:
            yield lambda: driver.execute_query("MATCH (d:Document) RETURN count(d)").records[0][0]
        return
    from graph.embedded import EmbeddedServer
    from graph.falkor_store import FalkorStore

    sock = EmbeddedServer(settings.data_dir).socket

    def count() -> int:
        if not sock.exists():
            return 0
        try:
            probe = FalkorStore(unix_socket=sock)
            n = probe._write("MATCH (d:Document) RETURN count(d)")[0][0]
            probe.db.connection.close()
            return int(n)
        except Exception:  # noqa: BLE001 - the server is still starting
            return 0

    yield count


@contextlib.contextmanager
def midway_probe(settings: Settings, doc_id: str) -> Iterator[Callable[[], bool]]:
    """A function telling whether another process is midway through writing ``doc_id``, at its
    relationships (entities and mentions already sent): Neo4j lists the open transaction with
    the app's metadata; FalkorDB shows the document incomplete with edges already there."""
    if settings.store == "neo4j":
        import neo4j

        show = (
            "SHOW TRANSACTIONS YIELD metaData, currentQuery WHERE metaData.unit = $unit "
            "RETURN currentQuery"
        )
        auth = (settings.neo4j_user, settings.neo4j_password or "")
        with neo4j.GraphDatabase.driver(settings.neo4j_uri or "", auth=auth) as driver:

            def midway() -> bool:
                rows = driver.execute_query(show, unit=f"write {doc_id}").records
                return any("MERGE (a)-[e:" in (r[0] or "") for r in rows)

            yield midway
        return
    from graph.embedded import EmbeddedServer
    from graph.falkor_store import FalkorStore

    sock = EmbeddedServer(settings.data_dir).socket
    seen = (
        "MATCH (d:Document {id: $id}) WHERE d.complete = false "
        "MATCH ()-[e:`承接`]->() WHERE $id IN e.docs RETURN count(e) > 0"
    )
    probe: list[FalkorStore] = []

    def midway_embedded() -> bool:
        if not sock.exists():
            return False
        try:
            if not probe:
                probe.append(FalkorStore(unix_socket=sock))
            rows = probe[0]._write(seen, {"id": doc_id})
            return bool(rows and rows[0][0])
        except Exception:  # noqa: BLE001 - the server is still starting
            probe.clear()
            return False

    yield midway_embedded
    if probe:
        probe[0].db.connection.close()


class WritePlans:
    """Records the write statements a store sends, and shows each one's query plan (as text of
    operator names), so tests can check the writer never scans a label or the whole graph."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.sent: list[tuple[str, dict]] = []
        # the embedded writer sends statements with their parameters in a text header (_send);
        # the Neo4j writer sends cypher and parameters (_write)
        self._hook = "_send" if hasattr(store, "_send") else "_write"

    def __enter__(self) -> WritePlans:
        original = getattr(self.store, self._hook)

        def record(query: str, params: dict | None = None):  # noqa: ANN202
            self.sent.append((query, params or {}))
            return original(query) if self._hook == "_send" else original(query, params)

        setattr(self.store, self._hook, record)
        return self

    def __exit__(self, *exc: object) -> None:
        delattr(self.store, self._hook)

    def plans(self) -> list[tuple[str, str]]:
        return [(query, self._plan(query, params)) for query, params in self.sent]

    def _plan(self, query: str, params: dict) -> str:
        if self._hook == "_send":
            graph = self.store.graph  # type: ignore[attr-defined]
            plan = graph.execute_command("GRAPH.EXPLAIN", graph.name, query)
            return "\n".join(p.decode() if isinstance(p, bytes) else str(p) for p in plan)
        with self.store.driver.session() as session:  # type: ignore[attr-defined]
            plan = session.run("EXPLAIN " + query, params).consume().plan or {}
        ops: list[str] = []
        todo = [plan]
        while todo:
            op = todo.pop()
            ops.append(str(op.get("operatorType", "")))
            todo += op.get("children", [])
        return "\n".join(ops)
