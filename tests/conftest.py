"""Shared fixtures: real stores on every backend (tests/backends.py) — an empty one, one built from
the corpus, and the real app over it.

Every fixture here that hands out a store, its settings or a client depends on ``backend``, which
is parametrized over the embedded FalkorDB and a real Neo4j: a test that uses any of them runs on
both (``test_x[embedded]``, ``test_x[neo4j]``), and ``-m neo4j`` / ``-m "not neo4j"`` select one
side. Use ``embedded_store`` / ``neo4j_store`` for tests of one engine's own behaviour.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import API_TOKEN, BACKENDS, Backends, fresh_settings
from fastapi.testclient import TestClient

from graph.store import GraphStore
from innokg.config import DEFAULT_CORPUS, PROJECT_ROOT, Settings
from innokg.pipeline import build, extract_documents, load_documents
from schema.records import Extraction

GOLD_DIR = PROJECT_ROOT.parent / "shared" / "eval" / "gold"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that run on the Neo4j backend carry the ``neo4j`` marker (``-m neo4j``)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "neo4j":
            item.add_marker(pytest.mark.neo4j)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    """One line saying how many tests ran against the real Neo4j server, and how they ended."""
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        reports = terminalreporter.stats.get(outcome, [])
        counts[outcome] = len({r.nodeid for r in reports if "neo4j" in getattr(r, "keywords", {})})
    if any(counts.values()):
        terminalreporter.write_line(
            "Neo4j backend: " + ", ".join(f"{n} {k}" for k, n in counts.items())
        )


@pytest.fixture(scope="session")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backends]:
    registry = Backends(tmp_path_factory.mktemp("backends"))
    yield registry
    registry.close()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend under test; every store fixture below follows it."""
    return request.param


@pytest.fixture(scope="session")
def store_settings(backends: Backends, backend: str) -> Settings:
    return backends.settings(backend, "scratch")


@pytest.fixture(scope="session")
def store(backends: Backends, backend: str) -> GraphStore:
    """A store for tests that write their own data (they call store.clear())."""
    return backends.store(backend, "scratch")


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    """The scratch store, emptied."""
    store.clear()
    return store


@pytest.fixture
def new_store_settings(backends: Backends, backend: str) -> Settings:
    """Settings of an empty store the test opens and closes itself (restarts, subprocesses)."""
    return fresh_settings(backends, backend)


@pytest.fixture(scope="session")
def corpus_settings(backends: Backends, backend: str) -> Settings:
    return backends.settings(backend, "corpus")


@pytest.fixture(scope="session")
def corpus_store(backends: Backends, backend: str) -> GraphStore:
    """A store built from the bundled corpus, as `innokg build` does."""
    return built_corpus(backends, backend)


def built_corpus(backends: Backends, backend: str) -> GraphStore:
    """The corpus store of ``backend``, built on first use."""
    s = backends.store(backend, "corpus")
    if s.counts().documents != 5:
        summary = build([DEFAULT_CORPUS], s, 50 * 1024 * 1024)
        assert summary.documents == 5 and not summary.errors
    return s


@pytest.fixture(scope="session")
def embedded_store(backends: Backends) -> GraphStore:
    """The embedded scratch store, for tests of FalkorDB's own behaviour."""
    return backends.store("embedded", "scratch")


@pytest.fixture(scope="session")
def neo4j_store(backends: Backends) -> GraphStore:
    """The Neo4j scratch store, for tests of what Neo4j itself offers."""
    return backends.store("neo4j", "scratch")


@pytest.fixture(scope="module")
def client(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[TestClient]:
    """The real app over the corpus store, with writing endpoints on (token ``API_TOKEN``)."""
    settings = dataclasses.replace(corpus_settings, api_token=API_TOKEN)
    from api.app import create_app

    with TestClient(create_app(settings, store=corpus_store)) as c:
        yield c


@pytest.fixture(scope="session")
def corpus_extractions() -> list[Extraction]:
    docs, errors = load_documents([DEFAULT_CORPUS], 50 * 1024 * 1024)
    assert not errors
    return extract_documents(docs)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD_DIR.is_dir():
        pytest.skip(f"no gold annotations at {GOLD_DIR}")
    return GOLD_DIR
