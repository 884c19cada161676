"""Issue 17, search: ``?q=`` goes through the full-text index (entity grams) and answers exactly
what a scan of every name and alias answers."""

from __future__ import annotations

import random

from fastapi.testclient import TestClient

from api import queries as Q
from api.app import create_app
from graph.search import grams, query_terms
from graph.store import GraphStore
from innokg.config import Settings


def test_terms_are_characters_and_pairs_of_letter_and_digit_runs() -> None:
    assert grams(["北京AB科技", "京A"]).split() == [
        "北", "京", "a", "b", "科", "技", "北京", "京a", "ab", "b科", "科技",
    ]  # fmt: skip
    assert query_terms("京A科") == ["京a", "a科"]
    assert query_terms("（北·京）") == ["北", "京"]  # no pair across punctuation
    assert query_terms("（·）") == []


def _scan_and_index(store: GraphStore, q: str, type_: str | None = None) -> tuple[list, list]:
    params = {"type": type_, "q": q, "region": None, "limit": 1000, "offset": 0}
    count_q, page_q = Q.search(None)
    scan = (store.query(count_q, params).rows[0][0], store.query(page_q, params).rows)
    terms = query_terms(q)
    if not terms:
        return scan, scan
    fcount, fpage = Q.search(store.fulltext_entities())
    params["terms"] = store.fulltext_terms(terms)
    return scan, (store.query(fcount, params).rows[0][0], store.query(fpage, params).rows)


def test_index_search_equals_a_scan_on_the_corpus(corpus_store: GraphStore) -> None:
    names = [r[0] for r in corpus_store.query("MATCH (n:Entity) RETURN n.name").rows]
    aliases = [
        a for r in corpus_store.query("MATCH (n:Entity) RETURN n.aliases").rows for a in r[0] or []
    ]
    rnd = random.Random(17)
    queries = ["高新区", "河北", "北", "科技", "大学", "（", "A", "实验室", "不存在的名字"]
    for text in rnd.sample(names + aliases, 40):
        i = rnd.randrange(len(text))
        queries.append(text[i : i + rnd.randint(1, 4)])
    for q in queries:
        scan, index = _scan_and_index(corpus_store, q)
        # the same count and rows; rows of equal-length names may come in any order
        assert index[0] == scan[0] == len(index[1]), q
        assert sorted(index[1]) == sorted(scan[1]), q
        assert [len(r[2]) for r in index[1]] == sorted(len(r[2]) for r in index[1])
    scan, index = _scan_and_index(corpus_store, "区", "Park")
    assert sorted(index[1]) == sorted(scan[1]) and scan[0] > 0


def test_the_api_answers_q_through_the_index(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    client = TestClient(create_app(corpus_settings, store=corpus_store))
    r = client.get("/entities", params={"q": "高新", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] >= len(body["items"]) > 0
    assert all("高新" in i["name"] or any("高新" in a for a in i["aliases"]) for i in body["items"])
