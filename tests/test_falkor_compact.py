"""graph/falkor_compact.py reads FalkorDB's compact replies as the client's QueryResult followed by
graph.values.plain did: the same columns and rows on every library query and API query over the
corpus graph, and on a literal of every value type the store returns."""

from __future__ import annotations

import pytest
import redis
from conftest import built_corpus
from falkordb.query_result import QueryResult as FalkorResult

from api import queries as Q
from graph import falkor_compact as compact
from graph.falkor_params import params_header
from graph.falkor_store import FalkorStore
from graph.values import plain
from queries.library import list_queries, load_query_file


def _both_ways(store: FalkorStore, cypher: str, params: dict | None = None):  # noqa: ANN202
    response = store._ro_command(params_header(params or {}) + cypher, 10_000)
    old = FalkorResult(store.graph, response)
    old_columns = [h[1].decode() if isinstance(h[1], bytes) else h[1] for h in old.header or []]
    old_rows = [[plain(v) for v in row] for row in old.result_set or []]
    columns, rows, truncated = compact.parse(response, store.graph, None)
    return (old_columns, old_rows), (columns, rows), truncated


@pytest.fixture(scope="module")
def corpus(backends) -> FalkorStore:  # noqa: ANN001
    store = built_corpus(backends, "embedded")
    assert isinstance(store, FalkorStore)
    return store


@pytest.mark.parametrize("path", list_queries(), ids=lambda p: p.name)
def test_library_queries_read_the_same(corpus: FalkorStore, path) -> None:  # noqa: ANN001
    cypher, params = load_query_file(path)
    old, new, truncated = _both_ways(corpus, cypher, params)
    assert old[1], f"{path.name} returns nothing on the corpus graph"
    assert new == old and not truncated


API_QUERIES = [
    (Q.ENTITY, {}),
    (Q.ENTITY_EDGES, {"limit": 500}),
    (Q.neighbourhood(2, None), {"limit": 500}),
    (Q.relations_page(None)[1], {"offset": 0, "limit": 500}),
    (Q.DOCUMENT, {}),
    ("MATCH (d:Document) RETURN d.id, d.text LIMIT 5", {}),
    ("MATCH p = (:Park)-[*1..2]-(:Region) RETURN p, nodes(p)[0] AS n LIMIT 20", {}),
    ("MATCH (a)-[r]->(b) RETURN a, r, b LIMIT 20", {}),
]
# the best-connected park of the corpus graph stands for "an entity" in the queries taking $key
BUSIEST_PARK = "MATCH (p:Park)-[r]-() RETURN p.key, count(r) AS n ORDER BY n DESC, p.key LIMIT 1"
FIRST_DOCUMENT = "MATCH (d:Document) RETURN d.id ORDER BY d.id LIMIT 1"


@pytest.mark.parametrize("cypher,params", API_QUERIES)
def test_api_queries_read_the_same(corpus: FalkorStore, cypher: str, params: dict) -> None:
    if "$key" in cypher:
        params = {**params, "key": corpus.query(BUSIEST_PARK).rows[0][0]}
    if "$id" in cypher:
        params = {**params, "id": corpus.query(FIRST_DOCUMENT).rows[0][0]}
    old, new, _ = _both_ways(corpus, cypher, params)
    assert old[1] and new == old


LITERALS = (
    "RETURN null AS a, '中文 text' AS b, 42 AS c, -7 AS c2, true AS d, false AS e, 1.5 AS f, "
    "[1, 'x', [null, 2.5], {k: [true]}] AS g, {name: '石家庄', n: 3, inner: {x: null}} AS h, "
    "[] AS i, {} AS j, point({latitude: 39.9, longitude: 116.4}) AS k, "
    "vecf32([1.0, 2.5]) AS l, 9223372036854775807 AS m, 1e300 AS n2"
)


def test_every_value_type_reads_the_same(corpus: FalkorStore) -> None:
    old, new, _ = _both_ways(corpus, LITERALS)
    assert new == old
    row = dict(zip(new[0], new[1][0], strict=True))
    assert row["a"] is None and row["b"] == "中文 text" and row["c"] == 42 and row["c2"] == -7
    assert row["d"] is True and row["e"] is False and row["f"] == 1.5
    assert row["g"] == [1, "x", [None, 2.5], {"k": [True]}]
    assert row["h"] == {"name": "石家庄", "n": 3, "inner": {"x": None}}
    assert row["m"] == 2**63 - 1


def test_rows_past_the_cap_are_cut_and_flagged(corpus: FalkorStore) -> None:
    response = corpus._ro_command("UNWIND range(1, 10) AS x RETURN x", 10_000)
    columns, rows, truncated = compact.parse(response, corpus.graph, 3)
    assert columns == ["x"] and rows == [[1], [2], [3]] and truncated
    assert compact.parse(response, corpus.graph, 10)[2] is False


def test_a_run_time_error_in_the_reply_is_raised(corpus: FalkorStore) -> None:
    """FalkorDB ends a reply with the error when a query fails after its first rows (the
    client raises it; so does this reader)."""
    response = corpus._ro_command("UNWIND range(1, 3) AS x RETURN x", 10_000)
    failed = [*response[:-1], redis.exceptions.ResponseError("Division by zero")]
    with pytest.raises(redis.exceptions.ResponseError, match="Division"):
        FalkorResult(corpus.graph, failed)
    with pytest.raises(redis.exceptions.ResponseError, match="Division"):
        compact.parse(failed, corpus.graph, None)


def test_stored_evidence_reads_the_same_with_the_fast_reader() -> None:
    """graph/evidence.py reads records with orjson; json's extras (NaN) still read, non-records
    are left out, as json alone did."""
    import json
    import math

    from graph.evidence import parse_evidence

    rec = {"doc_id": "d1", "sentence": "甲公司落户乙园区。", "start": 0, "end": 9, "cue": "落户"}
    nan = json.dumps({**rec, "confidence": float("nan")})
    got = parse_evidence([json.dumps(rec, ensure_ascii=False), nan, "not json", None, "[1, 2]"])
    assert got[0] == rec
    assert math.isnan(got[1]["confidence"]) and got[1]["doc_id"] == "d1"
    assert got[2:] == [[1, 2]]  # as json.loads read it: only what is not JSON is left out
    assert parse_evidence(None) == [] and parse_evidence([]) == []
