"""Shared fixtures: real embedded FalkorDB stores (an empty one and one built from the corpus)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import open_store
from graph.store import GraphStore
from innokg.config import DEFAULT_CORPUS, PROJECT_ROOT, Settings
from innokg.pipeline import build, extract_documents, load_documents
from schema.records import Extraction

GOLD_DIR = PROJECT_ROOT.parent / "shared" / "eval" / "gold"


@pytest.fixture(scope="session")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="session")
def store(store_settings: Settings) -> Iterator[GraphStore]:
    """An embedded store for tests that write their own data (they call store.clear())."""
    s = open_store(store_settings)
    yield s
    s.close()


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("corpus-store"))


@pytest.fixture(scope="session")
def corpus_store(corpus_settings: Settings) -> Iterator[GraphStore]:
    """An embedded store built from the bundled corpus, as `innokg build` does."""
    s = open_store(corpus_settings)
    summary = build([DEFAULT_CORPUS], s, corpus_settings.max_file_bytes)
    assert summary.documents == 5 and not summary.errors
    yield s
    s.close()


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
