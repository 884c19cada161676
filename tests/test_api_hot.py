"""The direct neighbours route (api/hot.py): it takes only plain requests, and what it answers is
what FastAPI's route answers for the same request, errors included, on both backends."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from api import models as m
from api.hot import NeighboursRoute, plain_arguments
from graph.store import GraphStore

PATH = "/entities/Park:某园/neighbors"
TAKES_IN = m.RelationType("takes_in")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("query", "args"),
    [
        ("", {"depth": 1, "rel": None, "limit": 200}),
        ("depth=3&limit=2000", {"depth": 3, "rel": None, "limit": 2000}),
        ("limit=1", {"depth": 1, "rel": None, "limit": 1}),
        ("rel=takes_in&rel=" + quote("位于"), {"rel": [TAKES_IN, m.RelationType("位于")]}),
    ],
)
def test_plain_requests_are_taken(query: str, args: dict) -> None:
    got = plain_arguments(PATH, query.encode())
    assert got is not None
    assert got["key"] == "Park:某园"
    assert {k: got[k] for k in args} == args


@pytest.mark.parametrize(
    "query",
    [
        "depth=4",
        "depth=0",
        "depth=01",
        "depth=+1",
        "depth=",
        "limit=0",
        "limit=2001",
        "limit=20a",
        "limit=007",
        "depth=1&depth=2",
        "limit=5&limit=5",
        "rel=nope",
        "rel=",
        "q=x",
        "depth=1&other=2",
    ],
)
def test_anything_else_is_left_to_fastapi(query: str) -> None:
    assert plain_arguments(PATH, query.encode()) is None


def test_other_paths_and_methods_are_left_to_fastapi() -> None:
    assert plain_arguments("/entities/Park:某园", b"") is None
    assert plain_arguments("/entities/a/b/neighbors", b"") is None
    route = NeighboursRoute(lambda *a, **k: None)  # type: ignore[arg-type,return-value]
    scope = {"type": "http", "method": "GET", "path": PATH, "query_string": b"", "root_path": ""}
    assert route.matches(scope)[0].name == "FULL"
    assert route.matches({**scope, "method": "POST"})[0].name == "NONE"
    assert route.matches({**scope, "query_string": b"depth=9"})[0].name == "NONE"


def test_the_app_puts_it_first(client) -> None:  # noqa: ANN001
    assert isinstance(client.app.router.routes[0], NeighboursRoute)


BUSIEST = "MATCH (n:Entity)-[r]-() RETURN n.key, count(r) AS c ORDER BY c DESC, n.key LIMIT 4"


def test_answers_equal_fastapis(client, corpus_store: GraphStore) -> None:  # noqa: ANN001
    """The same request with a parameter the route ignores goes through FastAPI's route: the
    answers must match, for hubs, cuts, filters, names instead of ids and unknown entities."""
    keys = [r[0] for r in corpus_store.query(BUSIEST).rows]
    name = corpus_store.query("MATCH (n:Park) RETURN n.name ORDER BY n.key LIMIT 1").rows[0][0]
    queries = ["", "?depth=2&limit=3", "?limit=2", "?rel=takes_in&rel=位于&depth=2", "?depth=3"]
    compared = 0
    for key in [*keys, name, "Park:无此园区"]:
        for q in queries:
            url = f"/entities/{quote(key, safe='')}/neighbors{q}"
            hot = client.get(url)
            slow = client.get(url + ("&" if q else "?") + "x_ignored=1")
            assert hot.status_code == slow.status_code, url
            assert hot.json() == slow.json(), url
            compared += hot.status_code == 200
    assert compared >= 20
