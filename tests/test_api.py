"""Issue 7: the HTTP API over the real app and the real store built from the corpus, on every
backend (conftest's ``client`` follows the backend-parametrized ``corpus_store``)."""

from __future__ import annotations

import dataclasses
from urllib.parse import quote

import pytest
from backends import API_TOKEN as TOKEN
from corpus_picks import busiest_park
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import GraphStore
from innokg.config import Settings

PARKS_IN = "MATCH (p:Park)-[:PART_OF|`位于`*1..3]->(:Region {name: $region}) RETURN DISTINCT p.name"


@pytest.fixture(scope="module")
def park(corpus_store: GraphStore) -> tuple[str, str]:
    """(key, name) of the best-connected park: "an entity" (tests/corpus_picks.py)."""
    return busiest_park(corpus_store)


def test_health_and_stats(client: TestClient) -> None:
    h = client.get("/health").json()
    assert h["status"] == "ok" and h["documents"] == 5 and h["nodes"] > 100
    s = client.get("/stats")
    assert s.headers["content-type"].startswith("application/json")
    assert "承接" in s.text  # Chinese is not \u-escaped
    body = s.json()
    assert body["documents"] == 5 and set(body["nodes"]) >= {"Park", "Region", "Official", "Policy"}


def test_entity_search_paginates_with_total(client: TestClient) -> None:
    first = client.get("/entities", params={"q": "高新区", "limit": 2}).json()
    assert first["total"] >= 3 and len(first["items"]) == 2
    second = client.get("/entities", params={"q": "高新区", "limit": 2, "offset": 2}).json()
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})
    for item in first["items"] + second["items"]:
        assert "高新区" in item["name"] or any("高新区" in a for a in item["aliases"])
    parks = client.get("/entities", params={"type": "Park", "limit": 500}).json()
    assert parks["total"] == len(parks["items"]) and all(
        i["type"] == "Park" for i in parks["items"]
    )


def test_entity_search_by_region(client: TestClient, corpus_store: GraphStore) -> None:
    got = client.get(
        "/entities", params={"region": "石家庄市", "type": "Park", "limit": 100}
    ).json()
    names = {i["name"] for i in got["items"]}
    located = {r[0] for r in corpus_store.query(PARKS_IN, {"region": "石家庄市"}).rows}
    assert located and located <= names  # every park the graph places in the city
    assert not any(n.startswith("廊坊") for n in names)


def test_entity_detail_posts_and_evidence(client: TestClient) -> None:
    officials = client.get("/entities", params={"type": "Official", "limit": 50}).json()["items"]
    with_post = None
    for o in officials:
        d = client.get(f"/entities/{quote(o['id'], safe='')}").json()
        if d["posts"]:
            with_post = d
            break
    assert with_post is not None
    post = with_post["posts"][0]
    assert post["official"]["id"] == with_post["id"] and post["title"]
    assert with_post["mentions"] and with_post["name"] in with_post["mentions"][0]["sentence"]
    assert all(e["evidence"] for e in with_post["relations"] if e["type"] == "任职")


def test_neighbours_subgraph(client: TestClient, park: tuple[str, str]) -> None:
    key = quote(park[0], safe="")
    one = client.get(f"/entities/{key}/neighbors", params={"depth": 1}).json()
    two = client.get(f"/entities/{key}/neighbors", params={"depth": 2}).json()
    ids1 = {n["id"] for n in one["nodes"]}
    assert park[0] in ids1 and len(ids1) > 2
    assert ids1 <= {n["id"] for n in two["nodes"]}
    for e in one["edges"]:
        assert e["source"] in ids1 and e["target"] in ids1
    only = client.get(f"/entities/{key}/neighbors", params={"depth": 2, "rel": "任职"}).json()
    assert only["edges"] and {e["type"] for e in only["edges"]} == {"任职"}


def test_paths_between_entities(client: TestClient, park: tuple[str, str]) -> None:
    got = client.get("/paths", params={"from": park[0], "to": "Region:河北省", "max_len": 3}).json()
    assert got["paths"]
    p = got["paths"][0]
    assert p["nodes"][0]["id"] == park[0] and p["nodes"][-1]["id"] == "Region:河北省"
    assert len(p["edges"]) == p["length"] == len(p["nodes"]) - 1


def test_transfer_chain_from_beijing_into_a_shijiazhuang_park(client: TestClient) -> None:
    chains = client.get(
        "/transfer-chains", params={"origin": "北京", "target_region": "石家庄"}
    ).json()["chains"]
    into_parks = [
        c
        for c in chains
        if c["receiver"]["type"] == "Park" and c["taken_in"]["type"] == "Enterprise"
    ]
    assert into_parks, chains
    c = into_parks[0]
    assert "北京" in c["origin"] and "石家庄市" in c["regions"]
    assert [h["role"] for h in c["hops"]][:3] == ["origin", "mover", "receiver"]
    assert c["evidence"] and c["evidence"][0]["sentence"]
    tianjin = client.get("/transfer-chains", params={"origin": "天津"}).json()["chains"]
    assert tianjin and all("天津" in c["origin_codes"] for c in tianjin)


def test_relation_pages_are_ordered_and_cover_everything_once(client: TestClient) -> None:
    whole = client.get("/relations", params={"limit": 500}).json()
    assert whole["total"] == len(whole["items"]) > 20
    paged, offset = [], 0
    while offset < whole["total"]:
        page = client.get("/relations", params={"limit": 7, "offset": offset}).json()
        assert page["total"] == whole["total"] and page["offset"] == offset
        paged += page["items"]
        offset += 7
    ident = [(r["type"], r["head"]["id"], r["tail"]["id"]) for r in paged]
    assert ident == [(r["type"], r["head"]["id"], r["tail"]["id"]) for r in whole["items"]]
    assert len(set(ident)) == len(ident)
    order = [(r["type"], r["head"]["name"], r["tail"]["name"]) for r in paged]
    assert order == sorted(order)


def test_relations_by_type_with_evidence(client: TestClient) -> None:
    got = client.get("/relations", params={"type": "任职", "limit": 5}).json()
    assert got["total"] >= 20 and len(got["items"]) == 5
    for r in got["items"]:
        assert r["type"] == "任职" and r["head"]["type"] == "Official" and r["evidence"]


def test_relationship_types_by_their_english_names(client: TestClient) -> None:
    """The legend's English names (takes_in) ask for the same edges as the stored ones (承接),
    in /relations, the neighbours' ``rel`` filter and the page's."""
    zh = client.get("/relations", params={"type": "承接", "limit": 50}).json()
    en = client.get("/relations", params={"type": "takes_in", "limit": 50}).json()
    assert zh["total"] > 0 and en == zh
    key = zh["items"][0]["head"]["id"]
    both = [
        client.get(f"/entities/{quote(key, safe='')}/neighbors", params={"rel": r}).json()
        for r in ("承接", "takes_in")
    ]
    assert both[0]["edges"] and both[0] == both[1]
    assert {e["type"] for e in both[0]["edges"]} == {"承接"}
    assert client.get("/relations", params={"type": "part_of", "limit": 1}).json()["total"] > 0
    assert client.get("/relations", params={"type": "taking_in"}).status_code == 422


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:X) RETURN n",
        "MERGE (n:Park {key: 'x'}) RETURN n",
        "MATCH (n) SET n.a = 1",
        "MATCH (n) DELETE n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n) REMOVE n.name",
        "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
        "DROP INDEX ON :Entity(key)",
    ],
)
def test_cypher_refuses_writes(client: TestClient, query: str) -> None:
    before = client.get("/stats").json()
    r = client.post("/cypher", json={"query": query})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"]
    assert client.get("/stats").json() == before


def test_cypher_reads_caps_and_reports_errors(client: TestClient, park: tuple[str, str]) -> None:
    ok = client.post(
        "/cypher", json={"query": "MATCH (p:Park) RETURN p.name AS name ORDER BY name LIMIT 3"}
    )
    assert (
        ok.status_code == 200 and ok.json()["columns"] == ["name"] and len(ok.json()["rows"]) == 3
    )
    params = client.post(
        "/cypher",
        json={
            "query": "MATCH (n:Entity {key: $k}) RETURN n.name",
            "params": {"k": park[0]},
        },
    ).json()
    assert params["rows"] == [[park[1]]]
    bad = client.post("/cypher", json={"query": "MATCH (n RETURN n"})
    assert bad.status_code == 400 and bad.json()["detail"]
    big = client.post("/cypher", json={"query": "UNWIND range(1, 6000) AS x RETURN x"}).json()
    assert big["truncated"] and len(big["rows"]) == 5000


def test_cypher_timeout_is_enforced_by_the_store_and_a_clear_504(client: TestClient) -> None:
    slow = "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"
    r = client.post("/cypher", json={"query": slow, "timeout_ms": 200})
    assert r.status_code == 504 and "timed out after 200 ms" in r.json()["detail"]


def test_documents_list_and_highlighted_text(client: TestClient) -> None:
    docs = client.get("/documents").json()
    assert docs["total"] == 5
    d = client.get(f"/documents/{docs['items'][0]['id']}").json()
    assert d["text"] and d["mentions"]
    m = d["mentions"][0]
    assert d["text"][m["start"] : m["end"]] and "<mark" in d["html"]


def test_writing_endpoints_need_the_token(client: TestClient) -> None:
    files = {"file": ("note.txt", "云岭高新区引进北辰星科技有限公司。".encode(), "text/plain")}
    assert client.post("/documents", files=files).status_code == 401
    assert (
        client.post(
            "/documents", files=files, headers={"Authorization": "Bearer wrong"}
        ).status_code
        == 401
    )
    assert client.delete("/documents/x").status_code == 401


def test_writing_endpoints_disabled_without_token(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    with TestClient(
        create_app(dataclasses.replace(corpus_settings, api_token=None), store=corpus_store)
    ) as c:
        r = c.delete("/documents/x", headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and "INNOKG_API_TOKEN" in r.json()["detail"]


def test_upload_then_delete_round_trip(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = "邢台市云岭高新区管委会主任孙立军表示，北辰星智能装备有限公司已落户云岭高新区。"
    r = client.post(
        "/documents",
        files={"file": ("upload.txt", text.encode("gb18030"), "text/plain")},
        headers=auth,
    )
    assert r.status_code == 201, r.text
    doc_id = r.json()["id"]
    found = client.get("/entities", params={"q": "北辰星智能装备"}).json()
    assert found["total"] == 1
    assert client.get("/documents").json()["total"] == 6
    assert client.delete(f"/documents/{doc_id}", headers=auth).json() == {
        "id": doc_id,
        "deleted": True,
    }
    assert client.get("/entities", params={"q": "北辰星智能装备"}).json()["total"] == 0
    assert client.get(f"/documents/{doc_id}").status_code == 404
    bad = client.post("/documents", files={"file": ("empty.txt", b"", "text/plain")}, headers=auth)
    assert bad.status_code == 422 and "empty" in bad.json()["detail"]


def test_errors_are_problem_json(client: TestClient) -> None:
    r = client.get("/entities/Park:不存在的园区")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    r = client.get("/entities", params={"limit": 0})
    assert r.status_code == 422 and r.json()["status"] == 422
    assert client.get("/entities", params={"type": "Planet"}).status_code == 422
    assert client.get("/transfer-chains", params={"origin": "上海"}).status_code == 422


@pytest.mark.parametrize(
    "fmt,ctype",
    [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("graphml", "application/graphml+xml"),
        ("json", "application/json"),
    ],
)
def test_export_formats(client: TestClient, fmt: str, ctype: str) -> None:
    r = client.get("/export", params={"format": fmt})
    assert (
        r.status_code == 200
        and r.headers["content-type"].startswith(ctype)
        and len(r.content) > 1000
    )


def test_analytics_central(client: TestClient) -> None:
    got = client.get("/analytics/central", params={"type": "Park", "limit": 3}).json()
    assert len(got) == 3 and all(x["type"] == "Park" for x in got)
    assert got[0]["score"] >= got[-1]["score"] > 0


def test_openapi_has_typed_schemas(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/transfer-chains" in spec["paths"] and "TransferChain" in spec["components"]["schemas"]


def test_upload_declares_the_formats_it_reads(client: TestClient) -> None:
    """The upload's file part lists the formats read (by the name's extension); others are a
    422 saying so (schemathesis uploads .png files: a refusal the schema now states)."""
    body = client.get("/openapi.json").json()["paths"]["/documents"]["post"]["requestBody"]
    form = body["content"]["multipart/form-data"]
    types = {t.strip() for t in form["encoding"]["file"]["contentType"].split(",")}
    assert {"text/plain", "text/html", "application/pdf"} < types
    assert all(
        ext in form["schema"]["properties"]["file"]["description"] for ext in (".txt", ".pdf")
    )
    png = {"file": ("file.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    r = client.post("/documents", files=png, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and "unsupported file type '.png'" in r.json()["detail"]
