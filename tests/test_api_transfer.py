"""Issue 15 item 1 over HTTP: /transfer-chains answers "who took in which Beijing/Tianjin firms,
where?" — origin, mover, receiver, city, evidence, document — with its filters consistent.

The corpus graph changes as extraction improves, so corpus checks are structural; exact values
are checked on a small made-up graph.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from factories import entity, make_doc, relation
from fastapi.testclient import TestClient

from api.app import create_app
from api.models import TransferChains
from graph.store import GraphStore
from innokg.config import Settings
from schema.records import Extraction


@pytest.fixture(scope="module")
def client(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings, store=corpus_store)) as c:
        yield c


def _ident(c: dict) -> tuple:
    return (c["receiver"]["id"], c["taken_in"]["id"])


def test_every_chain_is_origin_mover_receiver_city(client: TestClient) -> None:
    body = client.get("/transfer-chains", params={"limit": 500}).json()
    chains = body["chains"]
    assert chains and body["truncated"] is False
    # sent without validating again: the answer is exactly what the model would send
    assert TransferChains.model_validate(body).model_dump(mode="json") == body
    named = [c for c in chains if not c["generic"]]
    assert named, "the corpus states at least one firm or project taken in from 北京/天津"
    for c in chains:
        assert c["origin"] and set(c["origin_codes"]) <= {"北京", "天津"} and c["origin_codes"]
        assert c["evidence"] and all(ev["sentence"] for ev in c["evidence"])
        assert c["document"] and c["document"]["title"]
        assert c["document"]["id"] == c["evidence"][0]["doc_id"]
        roles = [h["role"] for h in c["hops"]]
        if c["generic"]:
            assert c["mover"] is None and c["taken_in"]["type"] == "Region"
            assert roles[:2] == ["origin", "receiver"]
        else:
            assert c["mover"] == c["taken_in"] and c["mover"]["type"] != "Region"
            assert roles[:3] == ["origin", "mover", "receiver"]
        if c["city"]:
            assert c["city"] == c["receiver"]["name"] or c["city"] in c["regions"]
            city = client.get(f"/entities/{c['city_id']}").json()
            assert city["type"] == "Region" and city["properties"]["level"] == "city"
    generic_flags = [c["generic"] for c in chains]
    assert generic_flags == sorted(generic_flags)  # named chains first, generic apart after


@pytest.mark.parametrize(
    "params,keep",
    [
        ({"origin": "北京"}, lambda c: "北京" in c["origin_codes"]),
        ({"origin": "天津"}, lambda c: "天津" in c["origin_codes"]),
        ({"kind": "named"}, lambda c: not c["generic"]),
        ({"kind": "generic"}, lambda c: c["generic"]),
    ],
    ids=["origin-北京", "origin-天津", "named", "generic"],
)
def test_filters_select_exactly_the_matching_chains(client: TestClient, params, keep) -> None:  # noqa: ANN001
    everything = client.get("/transfer-chains", params={"limit": 500}).json()["chains"]
    got = client.get("/transfer-chains", params={**params, "limit": 500}).json()["chains"]
    assert [_ident(c) for c in got] == [_ident(c) for c in everything if keep(c)]


def test_city_and_year_filters(client: TestClient) -> None:
    everything = client.get("/transfer-chains", params={"limit": 500}).json()["chains"]
    for city in {c["city"] for c in everything if c["city"]}:
        got = client.get("/transfer-chains", params={"city": city, "limit": 500}).json()
        assert [_ident(c) for c in got["chains"]] == [
            _ident(c) for c in everything if c["city"] == city
        ]
    years = {c["year"] for c in everything if c["year"]}
    for year in years:
        got = client.get("/transfer-chains", params={"year": year, "limit": 500}).json()
        assert {c["year"] for c in got["chains"]} == {year}
    assert client.get("/transfer-chains", params={"year": 1901}).json()["chains"] == []


def test_limit_reports_truncation(client: TestClient) -> None:
    total = len(client.get("/transfer-chains", params={"limit": 500}).json()["chains"])
    assert total >= 2
    cut = client.get("/transfer-chains", params={"limit": total - 1}).json()
    assert cut["truncated"] is True and len(cut["chains"]) == total - 1


def _made_up_graph() -> list[Extraction]:
    text = (
        "来自北京的北辰星科技有限公司落户云岭高新区。云岭高新区积极承接北京产业转移。"
        "京津两地的青禾实验室项目落户云州市。"
    )
    doc = make_doc("云州简报\n2023年4月5日\n" + text, "doc-chains", "chains.txt")
    doc.date = "2023-04-05"
    doc.title = "云州简报"
    park = entity("Park", "云岭高新区", doc)
    firm = entity("Enterprise", "北辰星科技有限公司", doc)
    lab = entity("Lab", "青禾实验室", doc)
    city = entity("Region", "云州市", doc, level="city")
    province = entity("Region", "云省", doc, level="province")
    beijing = entity("Region", "北京市", doc, level="province")
    rels = [
        relation("承接", park, firm, doc, "落户", from_region=["北京"]),
        relation("承接", park, beijing, doc, "承接", from_region=["北京"]),
        relation("承接", city, lab, doc, "落户", from_region=["京津"]),
        relation("PART_OF", park, city, doc),
        relation("PART_OF", city, province, doc),
    ]
    return [Extraction(doc, [park, firm, lab, city, province, beijing], rels)]


def test_chains_on_a_made_up_graph(store: GraphStore, store_settings: Settings) -> None:
    store.clear()
    for ex in _made_up_graph():
        store.write_extraction(ex)
    with TestClient(create_app(store_settings, store=store)) as c:
        chains = c.get("/transfer-chains").json()["chains"]
        rows = [
            (ch["origin"], (ch["mover"] or {}).get("name"), ch["receiver"]["name"], ch["city"])
            for ch in chains
        ]
        assert rows == [
            (["北京"], "北辰星科技有限公司", "云岭高新区", "云州市"),
            (["京津"], "青禾实验室", "云州市", "云州市"),  # a city receiver is its own city
            (["北京"], None, "云岭高新区", "云州市"),  # generic, after the named ones
        ]
        first = chains[0]
        assert first["regions"] == ["云州市", "云省"] and first["origin_ids"] == ["Region:北京市"]
        assert first["date"] == "2023-04-05" and first["year"] == 2023
        assert first["document"]["title"] == "云州简报"
        assert [h["name"] for h in first["hops"]] == [
            "北京",
            "北辰星科技有限公司",
            "云岭高新区",
            "云州市",
            "云省",
        ]
        tianjin = c.get("/transfer-chains", params={"origin": "天津"}).json()["chains"]
        assert [ch["mover"]["name"] for ch in tianjin] == ["青禾实验室"]  # 京津 includes 天津
        named = c.get("/transfer-chains", params={"kind": "named", "city": "云州市"}).json()
        assert len(named["chains"]) == 2
    store.clear()


def test_target_and_pages_on_a_made_up_graph(store: GraphStore, store_settings: Settings) -> None:
    """The target filter starts from the full-text index and cities from their node; pages
    (offset) together are the whole answer, each chain once."""
    store.clear()
    for ex in _made_up_graph():
        store.write_extraction(ex)
    with TestClient(create_app(store_settings, store=store)) as c:

        def receivers(**params: object) -> list[tuple[str, str | None]]:
            got = c.get("/transfer-chains", params=params).json()["chains"]
            return [(ch["receiver"]["name"], (ch["mover"] or {}).get("name")) for ch in got]

        # a substring of the receiver's name, of a region it lies in, and of nothing
        assert receivers(target_region="岭高") == [
            ("云岭高新区", "北辰星科技有限公司"),
            ("云岭高新区", None),
        ]
        assert len(receivers(target_region="云州")) == 3  # the park lies in 云州市; the city
        assert len(receivers(target_region="云省")) == 3  # both lie in 云省
        assert receivers(target_region="星云") == []
        assert receivers(target_region="·") == []  # no term to look up: a scan, no match
        assert len(receivers(city="云省")) == 3  # the region a receiver lies in, at any level
        assert receivers(city="云岭高新区") == receivers(target_region="岭高")  # or the receiver
        assert receivers(city="云州") == []  # a city is named in full
        everything = c.get("/transfer-chains").json()
        assert everything["truncated"] is False
        pages = []
        for offset in range(4):
            page = c.get("/transfer-chains", params={"limit": 1, "offset": offset}).json()
            assert page["truncated"] is (offset < 2)
            pages += [_ident(ch) for ch in page["chains"]]
        assert sorted(pages) == sorted(_ident(ch) for ch in everything["chains"])
        assert len(pages) == 3
    store.clear()


def test_a_kept_chains_page_is_the_page_read_whole(corpus_store: GraphStore, backend: str) -> None:
    """Where the store tells its generation, a page's chains are kept (graph/chains.py) and the
    next page asks the store for keys only: that read finds exactly the chains the whole read
    found, for every filter and page, and the page answered from kept chains is the same."""
    from test_response_cache import _reads_and_answer

    from graph import chains
    from graph.steps import run

    if backend != "embedded":
        pytest.skip("chains are kept only by a store that tells its generation (not Neo4j)")
    whole, _ = chains.transfer_chains(corpus_store, limit=500)
    year = next(c["year"] for c in whole if c["year"])
    city = next(c["city"] for c in whole if c["city"])
    filters = [
        {},
        {"origin": "北京"},
        {"origin": "天津", "kind": "named"},
        {"kind": "generic"},
        {"year": year},
        {"city": city},
        {"target": city[:2]},
        {"target": city[:2], "year": year},
    ]
    for f in filters:
        for offset in (0, 2, 5):
            chains._CHAIN_MEMO.clear()
            read_whole = run(
                corpus_store,
                chains.transfer_chains_steps(corpus_store, **f, limit=3, offset=offset),
            )
            reads, from_kept = _reads_and_answer(
                corpus_store,
                chains.transfer_chains_steps(corpus_store, **f, limit=3, offset=offset),
            )
            assert from_kept == read_whole, (f, offset)
            assert reads == 1, (f, offset)  # the keys: every chain on the page was kept
    for f in filters[4:]:  # a year, a city and a place of a chain: their first pages have it
        assert run(corpus_store, chains.transfer_chains_steps(corpus_store, **f, limit=3))[0], f
