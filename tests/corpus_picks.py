"""Entities the API tests stand on, found by query on the built corpus graph, so that no test
names an entity of a corpus document (those are the evaluation's gold; as in
tests/test_falkor_compact.py): "a park" is the best-connected one."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.store import GraphStore

BUSIEST_PARK = (
    "MATCH (p:Park)-[r]-() RETURN p.key, p.name, count(r) AS n ORDER BY n DESC, p.key LIMIT 1"
)


def busiest_park(store: GraphStore) -> tuple[str, str]:
    """(key, name) of the park with the most relationships (ties: the first key)."""
    key, name, _ = store.query(BUSIEST_PARK).rows[0]
    return key, name


def busiest_park_over_http(client: TestClient) -> tuple[str, str]:
    """The same park, asked through POST /cypher (for tests that hold only a client)."""
    r = client.post("/cypher", json={"query": BUSIEST_PARK})
    assert r.status_code == 200, r.text
    key, name, _ = r.json()["rows"][0]
    return key, name
