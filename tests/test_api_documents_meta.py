"""Issue 15 item 4 over the API: documents carry title, date and 文号 (on the Document node),
and every evidence item returned names its document with them and links to the highlighted text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from corpus_picks import busiest_park_over_http
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import GraphStore
from innokg.config import Settings


@pytest.fixture(scope="module")
def client(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings, store=corpus_store)) as c:
        yield c


@pytest.fixture(scope="module")
def documents(client: TestClient) -> dict[str, dict]:
    return {d["id"]: d for d in client.get("/documents").json()["items"]}


def test_document_nodes_hold_title_date_and_number(client: TestClient, documents: dict) -> None:
    rows = client.post(
        "/cypher",
        json={"query": "MATCH (d:Document) RETURN d.id, d.title, d.date, d.doc_number"},
    ).json()["rows"]
    assert len(rows) == len(documents) == 5
    for doc_id, title, date, number in rows:
        listed = documents[doc_id]
        assert (listed["title"], listed["date"], listed["doc_number"]) == (title, date, number)
        assert title  # every corpus text has a headline or title
    numbered = [d for d in documents.values() if d["doc_number"]]
    assert [d["doc_number"] for d in numbered] == ["石政办发〔2022〕7号"]
    assert numbered[0]["date"] == "2022-02-16" and "的通知" in numbered[0]["title"]


def _check_evidence(client: TestClient, documents: dict, evidence: list[dict]) -> None:
    for ev in evidence:
        d = ev["document"]
        assert d is not None, ev
        listed = documents[ev["doc_id"]]
        assert d["id"] == ev["doc_id"]
        for field in ("title", "date", "doc_number", "path"):
            assert d[field] == listed[field]
        assert d["url"].startswith(f"/documents/{quote(ev['doc_id'], safe='')}/view")


def _evidence_everywhere(client: TestClient) -> dict[str, list[dict]]:
    key, _ = busiest_park_over_http(client)
    park = quote(key, safe="")
    got: dict[str, list[dict]] = {}
    relations = client.get("/relations", params={"limit": 500}).json()["items"]
    got["/relations"] = [ev for r in relations for ev in r["evidence"]]
    chains = client.get("/transfer-chains").json()["chains"]
    got["/transfer-chains"] = [ev for c in chains for ev in c["evidence"]]
    detail = client.get(f"/entities/{park}").json()
    got["/entities/{id} relations"] = [ev for e in detail["relations"] for ev in e["evidence"]]
    got["/entities/{id} mentions"] = detail["mentions"]
    sub = client.get(f"/entities/{park}/neighbors", params={"depth": 2}).json()
    got["/neighbors"] = [ev for e in sub["edges"] for ev in e["evidence"]]
    paths = client.get("/paths", params={"from": key, "to": "Region:河北省"}).json()["paths"]
    got["/paths"] = [ev for p in paths for e in p["edges"] for ev in e["evidence"]]
    return got


def test_every_evidence_item_names_its_document(client: TestClient, documents: dict) -> None:
    for where, evidence in _evidence_everywhere(client).items():
        if where != "/paths":  # PART_OF edges (containment) are not stated by a sentence
            assert evidence, where
        _check_evidence(client, documents, evidence)


def test_the_evidence_link_shows_the_sentence_highlighted(client: TestClient) -> None:
    chains = client.get("/transfer-chains").json()["chains"]
    ev = chains[0]["evidence"][0]
    page = client.get(ev["document"]["url"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    body = page.text
    marked = body.split('<span id="ev" class="evidence">', 1)[1].split("</span>", 1)[0]
    plain = html.unescape(re.sub(r"<[^>]+>", "", marked.replace("<br>\n", "\n")))
    assert plain == ev["sentence"]
    title = ev["document"]["title"]
    assert f"<h1>{html.escape(title)}</h1>" in body


def test_document_view_states_date_and_number(client: TestClient, documents: dict) -> None:
    (doc,) = [d for d in documents.values() if d["doc_number"]]
    body = client.get(f"/documents/{doc['id']}/view").text
    assert doc["doc_number"] in body and doc["date"] in body
