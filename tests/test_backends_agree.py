"""Issue 14: the embedded FalkorDB and Neo4j hold the same corpus graph and give the same answers:
the graph itself, every file in queries/ with its defaults, and the API's JSON (counts, search,
transfer chains, paths, relations). Both stores are built from the corpus by the same writer."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from conftest import built_corpus
from corpus_picks import busiest_park
from fastapi.testclient import TestClient

from api.app import create_app
from graph.snapshot import snapshot
from graph.store import GraphStore
from queries.library import list_queries, load_query_file

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def both(backends) -> dict[str, GraphStore]:  # noqa: ANN001
    return {b: built_corpus(backends, b) for b in ("embedded", "neo4j")}


@pytest.fixture(scope="module")
def clients(backends, both: dict[str, GraphStore]) -> Iterator[dict[str, TestClient]]:  # noqa: ANN001
    out: dict[str, TestClient] = {}
    for name, store in both.items():
        settings = dataclasses.replace(backends.settings(name, "corpus"), api_token=None)
        out[name] = TestClient(create_app(settings, store=store)).__enter__()
    yield out
    for c in out.values():
        c.__exit__(None, None, None)


def test_same_graph(both: dict[str, GraphStore]) -> None:
    a, b = snapshot(both["embedded"]), snapshot(both["neo4j"])
    assert len(a.nodes) > 100 and len(a.edges) > 100
    assert a.nodes == b.nodes
    assert a.edges == b.edges
    assert both["embedded"].counts() == both["neo4j"].counts()


@pytest.mark.parametrize("path", list_queries(), ids=lambda p: p.name)
def test_query_file_gives_the_same_rows(
    both: dict[str, GraphStore],
    path,  # noqa: ANN001
    caplog: pytest.LogCaptureFixture,
) -> None:
    cypher, params = load_query_file(path)
    with caplog.at_level(logging.INFO, logger="neo4j.notifications"):
        results = {name: store.query(cypher, params) for name, store in both.items()}
    emb, neo = results["embedded"], results["neo4j"]
    assert emb.columns == neo.columns
    assert emb.rows, f"{path.name} returns nothing on the corpus graph"
    assert emb.rows == neo.rows
    deprecated = [r.getMessage() for r in caplog.records if "deprecat" in r.getMessage().lower()]
    assert not deprecated, deprecated


# {park}: the corpus graph's best-connected park (tests/corpus_picks.py); the stores hold the
# same graph (test_same_graph), so either finds it
ENDPOINTS = [
    "/stats",
    "/entities?q=高新区&limit=50",
    "/entities?type=Official&limit=100",
    "/entities?region=石家庄市&limit=100",
    "/entities/{park}",
    "/entities/{park}/neighbors?depth=2",
    "/paths?from={park}&to=Region:河北省&max_len=3",
    "/transfer-chains?origin=北京",
    "/transfer-chains?origin=天津",
    "/transfer-chains?origin=北京&target_region=石家庄",
    "/relations?limit=500",
    "/relations?type=任职&limit=20&offset=5",
    "/documents",
    "/analytics/central?type=Park&limit=5",
]


@pytest.fixture(scope="module")
def park(both: dict[str, GraphStore]) -> str:
    return busiest_park(both["embedded"])[0]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_api_gives_the_same_answer(clients: dict[str, TestClient], park: str, url: str) -> None:
    url = url.replace("{park}", quote(park, safe=""))
    got = {name: c.get(url) for name, c in clients.items()}
    assert got["embedded"].status_code == got["neo4j"].status_code == 200, {
        k: v.text[:300] for k, v in got.items()
    }
    emb, neo = got["embedded"].json(), got["neo4j"].json()
    assert emb, url
    assert emb == neo
