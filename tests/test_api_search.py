"""Issue 15 item 3 over the API: a name that stands for several entities lists them (type,
region, document count) instead of one being picked; /entities and /paths take a name where it
is unambiguous; a 404 suggests matches."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from corpus_picks import busiest_park_over_http
from factories import entity, make_doc, relation
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import GraphStore
from innokg.config import Settings
from schema.records import Extraction

SHARED_ALIAS = """
MATCH (n:Entity) UNWIND coalesce(n.aliases, []) AS a
WITH a, collect(n.key) AS keys WHERE size(keys) > 1
RETURN a, keys ORDER BY a LIMIT 1
"""


@pytest.fixture(scope="module")
def client(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings, store=corpus_store)) as c:
        yield c


def _u(ref: str) -> str:
    return quote(ref, safe="")


def test_an_alias_shared_by_entities_lists_them(client: TestClient) -> None:
    rows = client.post("/cypher", json={"query": SHARED_ALIAS}).json()["rows"]
    assert rows, "the corpus graph has an alias shared by two entities"
    alias, keys = rows[0]
    got = client.get("/resolve", params={"name": alias}).json()
    assert got["ambiguous"] is True and got["match"] in ("alias", "name")
    assert {c["id"] for c in got["candidates"]} >= set(keys)
    for c in got["candidates"]:
        detail = client.get(f"/entities/{_u(c['id'])}").json()
        assert c["type"] == detail["type"] and c["name"] == detail["name"]
        assert c["documents"] == detail["properties"]["doc_count"] >= len(detail["documents"]) >= 1
        assert "region" in c
    conflict = client.get(f"/entities/{_u(alias)}")
    assert conflict.status_code == 409
    assert conflict.headers["content-type"].startswith("application/problem+json")
    body = conflict.json()
    assert {c["id"] for c in body["candidates"]} == {c["id"] for c in got["candidates"]}
    for key in keys:
        assert key in body["detail"]
    assert client.get(f"/entities/{_u(alias)}/neighbors").status_code == 409
    other = keys[0]
    paths = client.get("/paths", params={"from": alias, "to": other})
    assert paths.status_code == 409 and "from" in paths.json()["detail"]


def test_a_name_that_stands_for_one_entity_is_accepted(client: TestClient) -> None:
    parks = client.get("/entities", params={"type": "Park", "limit": 500}).json()["items"]
    unique = [
        p
        for p in parks
        if not client.get("/resolve", params={"name": p["name"]}).json()["ambiguous"]
    ]
    assert unique
    park = unique[0]
    by_name = client.get(f"/entities/{_u(park['name'])}")
    assert by_name.status_code == 200 and by_name.json()["id"] == park["id"]
    assert by_name.json() == client.get(f"/entities/{_u(park['id'])}").json()
    hood = client.get(f"/entities/{_u(park['name'])}/neighbors").json()
    assert hood["nodes"][0]["id"] == park["id"]
    key, name = busiest_park_over_http(client)
    by_ids = client.get("/paths", params={"from": key, "to": "Region:河北省"})
    by_names = client.get("/paths", params={"from": name, "to": "河北省"})
    assert by_names.status_code == 200 and by_names.json() == by_ids.json()
    assert by_names.json()["paths"]


def test_unknown_names_get_a_404_with_suggestions(client: TestClient) -> None:
    r = client.get(f"/entities/{_u('高新')}")  # a piece of several park names, no entity's name
    assert r.status_code == 404
    body = r.json()
    assert body["candidates"] and all(
        "高新" in c["name"] or any("高新" in a for a in c["aliases"]) for c in body["candidates"]
    )
    assert "did you mean" in body["detail"] and body["candidates"][0]["id"] in body["detail"]
    none = client.get("/resolve", params={"name": "完全不存在的名字甲乙"}).json()
    assert none["match"] == "none" and none["ambiguous"] is False
    missing = client.get("/paths", params={"from": "Park:不存在的园区", "to": "Region:河北省"})
    assert missing.status_code == 404 and "from" in missing.json()["detail"]


def _two_parks_one_alias() -> Extraction:
    text = "云州市云岭高新区和霞州市霞光高新区都被称为高新区。云岭高新区引进星河科技有限公司。"
    doc = make_doc(text, "doc-search", "search.txt")
    a = entity("Park", "云岭高新区", doc)
    b = entity("Park", "霞光高新区", doc)
    a.aliases, b.aliases = ["高新区"], ["高新区"]
    ca = entity("Region", "云州市", doc, level="city")
    cb = entity("Region", "霞州市", doc, level="city")
    firm = entity("Enterprise", "星河科技有限公司", doc)
    rels = [
        relation("PART_OF", a, ca, doc),
        relation("PART_OF", b, cb, doc),
        relation("位于", firm, a, doc),
    ]
    return Extraction(doc, [a, b, ca, cb, firm], rels)


def test_candidates_on_a_made_up_graph(store: GraphStore, store_settings: Settings) -> None:
    store.clear()
    store.write_extraction(_two_parks_one_alias())
    with TestClient(create_app(store_settings, store=store)) as c:
        got = c.get("/resolve", params={"name": "高新区"}).json()
        assert got["match"] == "alias" and got["ambiguous"]
        assert sorted(
            (x["name"], x["type"], x["region"], x["documents"]) for x in got["candidates"]
        ) == [
            ("云岭高新区", "Park", "云州市", 1),
            ("霞光高新区", "Park", "霞州市", 1),
        ]
        firm = c.get("/resolve", params={"name": "星河科技有限公司"}).json()
        assert firm["match"] == "name" and firm["candidates"][0]["region"] == "云州市"  # via 位于
        assert c.get("/resolve", params={"name": "星河科技"}).json()["match"] == "partial"
        assert c.get(f"/entities/{_u('云岭高新区')}").json()["id"] == "Park:云岭高新区"
        shared = c.get(f"/entities/{_u('高新区')}")
        assert shared.status_code == 409
        assert "Park:云岭高新区 (云州市, 1 document);" in shared.json()["detail"]
        path = c.get("/paths", params={"from": "高新区", "to": "云州市"})
        assert path.status_code == 409 and "(parameter from)" in path.json()["detail"]
    store.clear()
