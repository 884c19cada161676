"""Issue 15 item 6: analysts' Cypher over HTTP — the library listed and run with its defaults,
the legend's English names and a clear error for unbackticked Chinese, evidence as objects,
504 on timeout — and `innokg query` tables that wrap instead of cutting."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers.library import MIN_TIMEOUT_MS
from graph.store import GraphStore
from innokg.config import PROJECT_ROOT, Settings
from queries.library import PARAMS, list_queries, load_query_file


@pytest.fixture(scope="module")
def client(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings, store=corpus_store)) as c:
        yield c


def test_the_library_is_listed_with_parameters_and_defaults(client: TestClient) -> None:
    listed = {q["name"]: q for q in client.get("/queries").json()}
    assert set(listed) == {p.stem for p in list_queries()}
    for path in list_queries():
        cypher, defaults = load_query_file(path)
        q = listed[path.stem]
        assert q["params"] == defaults and q["cypher"] == cypher and q["question"]
        assert client.get(f"/queries/{path.stem}").json() == q
    assert "origin" in listed["transfer_chains"]["params"]


@pytest.mark.parametrize("path", list_queries(), ids=lambda p: p.stem)
def test_every_library_query_runs_over_http_with_its_defaults(client: TestClient, path) -> None:  # noqa: ANN001
    r = client.post(f"/queries/{path.stem}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] and body["truncated"] is False
    # the same text through /cypher, without params: its // @param defaults apply there too
    same = client.post("/cypher", json={"query": load_query_file(path)[0]})
    assert same.status_code == 200, same.text
    assert same.json()["rows"] == body["rows"]


def test_parameters_override_defaults_and_unknown_ones_are_refused(client: TestClient) -> None:
    tianjin = client.post("/queries/top_receivers", json={"params": {"origin": "天津"}}).json()
    beijing = client.post("/queries/top_receivers").json()
    assert tianjin["rows"] != beijing["rows"] or not tianjin["rows"]
    bad = client.post("/queries/top_receivers", json={"params": {"orign": "天津"}})
    assert bad.status_code == 422
    assert bad.json()["allowed"] == ["origin", "limit"] and "orign" in bad.json()["detail"]
    missing = client.post("/queries/no_such_query")
    assert missing.status_code == 404 and "transfer_chains" in missing.json()["names"]
    assert client.post("/queries/..%2Fpyproject").status_code == 404


def test_each_query_declares_its_own_parameters(client: TestClient) -> None:
    """Issue 16 bar 4 (schemathesis ST202: an undeclared parameter was a schema-valid 422):
    each query has its own operation whose body lists exactly its parameters, typed."""
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    for path in list_queries():
        _, defaults = load_query_file(path)
        assert set(defaults) <= set(PARAMS), f"{path.name}: a parameter PARAMS does not type"
        op = doc["paths"][f"/queries/{path.stem}"]["post"]
        ref = op["requestBody"]["content"]["application/json"]["schema"]["anyOf"][0]["$ref"]
        run = schemas[ref.rsplit("/", 1)[1]]
        timeout = run["properties"]["timeout_ms"]["anyOf"][0]
        assert timeout["minimum"] == MIN_TIMEOUT_MS
        params = schemas[run["properties"]["params"]["$ref"].rsplit("/", 1)[1]]
        assert params["additionalProperties"] is False
        assert set(params["properties"]) == set(defaults)
        assert {k: v.get("default") for k, v in params["properties"].items()} == defaults
        assert "get" in doc["paths"][f"/queries/{path.stem}"]
    # names outside the library take no body (one would be refused by a query of the library
    # when a client, or schemathesis following GET /queries/{name}, sends it there)
    assert "requestBody" not in doc["paths"]["/queries/{name}"]["post"]


@pytest.mark.parametrize(
    "params,status",
    [
        ({"limit": 3, "type": "Park", "min_docs": 1}, 200),
        ({"limit": 3.0, "type": None}, 200),  # JSON Schema's integer: 3.0 is one
        ({"limit": "3"}, 422),
        ({"limit": 3.5}, 422),
        ({"limit": True}, 422),
        ({"limit": -1}, 422),
        ({"limit": 10**6}, 422),
        ({"limit": None}, 422),
        ({"type": "Planet"}, 422),
        ({"min_docs": 2**70}, 422),
    ],
)
def test_parameter_values_are_checked_against_their_types(
    client: TestClient, params: dict, status: int
) -> None:
    r = client.post("/queries/co_mentions", json={"params": params})
    assert r.status_code == status, r.text
    if status == 200:
        assert len(r.json()["rows"]) <= 3
    else:
        assert r.json()["errors"][0]["loc"][:2] == ["body", "params"]


def test_text_parameters_refuse_nul_on_every_store(client: TestClient) -> None:
    """FalkorDB read the query text only up to a NUL and answered with its own syntax error."""
    for name in ("cobuild_network", "signing_partners"):
        r = client.post(f"/queries/{name}", json={"params": {"name": "某\x00某"}})
        assert r.status_code == 422 and "NUL" in r.json()["detail"], r.text
        assert client.post(f"/queries/{name}", json={"params": {"name": 7}}).status_code == 422
        assert client.post(f"/queries/{name}", json={"params": {"name": "某"}}).status_code == 200


def test_a_time_limit_below_the_floor_is_refused(client: TestClient) -> None:
    """co_mentions timed out at 2 ms (schemathesis ST101: a 504 for a limit no store meets)."""
    low = client.post("/queries/co_mentions", json={"timeout_ms": MIN_TIMEOUT_MS - 1})
    assert low.status_code == 422 and "timeout_ms" in low.json()["detail"]
    for bad in ("5000", True, 5000.5):
        assert client.post("/queries/top_receivers", json={"timeout_ms": bad}).status_code == 422
    ok = client.post("/queries/top_receivers", json={"timeout_ms": float(MIN_TIMEOUT_MS * 5)})
    assert ok.status_code == 200, ok.text


@pytest.mark.parametrize(
    "body,where",
    [
        ({"query": "RETURN '某\x00' AS s"}, "query"),
        ({"query": "RETURN $x AS x", "params": {"x": "a\x00b"}}, "x holds a NUL"),
        ({"query": "RETURN $x AS x", "params": {"x": ["ok", {"y": "\x00"}]}}, "x[1].y"),
        ({"query": "RETURN $x AS x", "params": {"x": {"k\x00": 1}}}, "NUL"),
        ({"query": "RETURN $x AS x", "params": {"x": {"": 1}}}, "map key"),
        ({"query": "RETURN $x AS x", "params": {"x": [{"a`b": 1}]}}, "map key"),
    ],
)
def test_cypher_refuses_what_a_store_cannot_keep_the_same_on_both(
    client: TestClient, body: dict, where: str
) -> None:
    """NUL anywhere, and nested map keys FalkorDB cannot take: a 422 of ours on both stores (was
    FalkorDB's syntax error on one and a stored value on the other); the schema says so."""
    r = client.post("/cypher", json=body)
    assert r.status_code == 422 and where in r.json()["detail"], r.text
    nested = {"query": "RETURN $x AS x", "params": {"x": {"a b": ["中", 1, None, {"c": 2.5}]}}}
    assert client.post("/cypher", json=nested).json()["rows"] == [[nested["params"]["x"]]]
    doc = client.get("/openapi.json").json()
    nul = {"pattern": "\\x00"}
    assert doc["components"]["schemas"]["CypherRequest"]["properties"]["query"]["not"] == nul
    value = doc["components"]["schemas"]["ParamValue"]["anyOf"]
    assert {"type": "string", "not": nul} in value


def test_query_string_parameters_declare_that_nul_is_refused(client: TestClient) -> None:
    """api/encoding.py answers 400 for %00 in a path or query parameter; each string
    parameter's schema says so, so schemathesis does not call the 400 a refused valid request."""
    doc = client.get("/openapi.json").json()
    strings = [
        branch
        for item in doc["paths"].values()
        for op in item.values()
        for p in op.get("parameters", [])
        for branch in [p["schema"], *p["schema"].get("anyOf", [])]
        if branch.get("type") == "string"
    ]
    assert len(strings) > 10 and all(b.get("not") == {"pattern": "\\x00"} for b in strings)
    r = client.get("/resolve", params={"name": "高\x00MATCH"})
    assert r.status_code == 400 and "NUL" in r.json()["detail"]


def test_library_queries_keep_the_row_cap(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    capped = dataclasses.replace(corpus_settings, query_row_cap=2)
    with TestClient(create_app(capped, store=corpus_store)) as c:
        body = c.post("/queries/officials_by_agency").json()
        assert body["truncated"] is True and len(body["rows"]) == 2


@pytest.mark.parametrize(
    "query,hint",
    [
        ("MATCH (p)-[r:承接]->(x) RETURN p.name", "[r:`承接`]"),
        ("MATCH (p:Park)-[:`承接`|共建]->(x) RETURN p.name", "`共建`"),
        ("MATCH (p:园区) RETURN p.name", "(n:Park)"),
        ("MATCH (p:工厂) RETURN p.name", "backticks"),
        ("MATCH (p:`园区`) RETURN p.name", "(n:Park)"),  # backticked, it would match nothing
    ],
)
def test_unbackticked_chinese_names_get_an_error_saying_how(
    client: TestClient, query: str, hint: str
) -> None:
    r = client.post("/cypher", json={"query": query})
    assert r.status_code == 400 and hint in r.json()["detail"], r.json()


def test_the_legends_english_names_are_read_as_the_types(client: TestClient) -> None:
    chinese = client.post(
        "/cypher",
        json={"query": "MATCH (p)-[r:`承接`]->(x) RETURN p.key, x.key ORDER BY p.key, x.key"},
    ).json()["rows"]
    english = client.post(
        "/cypher",
        json={"query": "MATCH (p)-[r:takes_in]->(x) RETURN p.key, x.key ORDER BY p.key, x.key"},
    ).json()["rows"]
    assert chinese and english == chinese
    mixed = client.post(
        "/cypher",
        json={
            "query": "MATCH ()-[r:takes_in|holds_post_at]->() RETURN type(r) AS t, count(*) ORDER BY t"
        },
    ).json()["rows"]
    assert [t for t, _ in mixed] == ["任职", "承接"]
    literal = client.post(
        "/cypher", json={"query": "RETURN 'takes_in' AS s, {takes_in: 1} AS m"}
    ).json()["rows"]
    assert literal == [["takes_in", {"takes_in": 1}]]  # strings and map keys are left alone


def test_evidence_comes_back_as_objects(client: TestClient) -> None:
    q = "MATCH ()-[c:`承接`]->() RETURN c.evidence, properties(c), c LIMIT 3"
    rows = client.post("/cypher", json={"query": q}).json()["rows"]
    assert rows
    for evidence, props, rel in rows:
        for records in (evidence, props["evidence"], rel["properties"]["evidence"]):
            assert records and all(isinstance(e, dict) for e in records)
            assert all(e["doc_id"] and e["sentence"] for e in records)
    mentions = client.post(
        "/cypher", json={"query": "MATCH (:Document)-[m:MENTIONS]->() RETURN m.sentences LIMIT 1"}
    ).json()["rows"][0][0]
    assert all(isinstance(s, dict) and "start" in s for s in mentions)
    library = client.post("/queries/transfer_chains").json()
    col = library["columns"].index("evidence")
    assert all(isinstance(e, dict) for row in library["rows"] for e in row[col])


def test_a_timeout_is_a_504(client: TestClient) -> None:
    # 10^8 rows: Neo4j checks transaction timeouts every couple of seconds (9·10^6 rows finished
    # in 0.7 s on a quiet machine, before its first check), so the query must outlast that
    slow = "UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS b RETURN count(a * b)"
    r = client.post("/cypher", json={"query": slow, "timeout_ms": 20})
    assert r.status_code == 504, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "timed out" in r.json()["detail"]


def test_cli_table_wraps_long_cells_instead_of_cutting(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    long = "".join(f"{i:03d}段文字" for i in range(60))  # 300 characters, 480 columns wide
    env = {**os.environ, "INNOKG_DATA_DIR": str(corpus_settings.data_dir), "COLUMNS": "80"}
    out = subprocess.run(
        [sys.executable, "-m", "innokg.cli", "query", f"RETURN '{long}' AS s, 1 AS n"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "…" not in out.stdout
    cells = [re.split(r"[│┃]", line)[1].strip() for line in out.stdout.splitlines() if "│" in line]
    assert "".join(cells) == long


def _cli_query(settings: Settings, cypher: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INNOKG_DATA_DIR": str(settings.data_dir), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "innokg.cli", "query", cypher],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )


def test_cli_prints_brackets_as_they_are(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    # a cell's brackets are text, not rich markup (a sentence with [注1] or [red] kept whole)
    text = "见[注1]与[red]红色[/red]及[b]"
    out = _cli_query(corpus_settings, f"RETURN '{text}' AS `[s]`")
    assert out.returncode == 0, out.stderr
    assert text in out.stdout and "[s]" in out.stdout
    # the refusal's hint is printed whole: it says how to write the type
    refused = _cli_query(corpus_settings, "MATCH (p)-[r:承接]->(x) RETURN p.name")
    assert refused.returncode == 2
    assert "[r:`承接`]" in " ".join(refused.stderr.split()), refused.stderr
