"""Issue 15 item 7: every enum-like parameter is validated the same way (422 naming the allowed
values), and bytes that are not UTF-8 in a query string or path get a 400 that says so."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from corpus_picks import busiest_park_over_http
from fastapi.testclient import TestClient
from live import serve

from api.app import create_app
from graph.store import GraphStore
from innokg.config import Settings

BOGUS = "Foo"


@pytest.fixture(scope="module")
def client(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings, store=corpus_store)) as c:
        yield c


@pytest.fixture(scope="module")
def base_url(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[str]:
    with serve(create_app(corpus_settings, store=corpus_store)) as url:
        yield url


def _enum_params(spec: dict) -> list[tuple[str, str, str, list[str], bool]]:
    """(method, path, name, allowed values, is a list) of every enum parameter in the spec."""
    found = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                schema = p.get("schema", {})
                options = schema.get("anyOf", [schema])
                for s in options:
                    s = _deref(spec, s)
                    if "enum" in s:
                        found.append((method, path, p["name"], s["enum"], False))
                    elif "enum" in _deref(spec, s.get("items", {})):
                        items = _deref(spec, s["items"])
                        found.append((method, path, p["name"], items["enum"], True))
    return found


def _deref(spec: dict, schema: dict) -> dict:
    ref = schema.get("$ref")
    if not ref:
        return schema
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_enum_like_parameters_are_declared_as_enums(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    declared = {(path, name) for _, path, name, _, _ in _enum_params(spec)}
    # the parameters that take one of a fixed set of values, each declared as an enum
    assert {
        ("/entities", "type"),
        ("/entities/{key}/neighbors", "rel"),
        ("/transfer-chains", "origin"),
        ("/relations", "type"),
        ("/export", "format"),
        ("/analytics/central", "type"),
        ("/analytics/central", "metric"),
    } <= declared
    for _, path, _, _, _ in _enum_params(spec):
        for op in spec["paths"][path].values():
            for p in op.get("parameters", []):
                assert "pattern" not in p.get("schema", {}), (path, p["name"])


def _call(  # noqa: ANN202
    client: TestClient, path: str, name: str, value: str, as_list: bool, method: str = "get"
):
    url = path.replace("{key}", busiest_park_over_http(client)[0])
    return client.request(method, url, params={name: [value] if as_list else value})


def test_every_enum_parameter_answers_422_with_the_allowed_values(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = _enum_params(spec)
    assert len(params) >= 7
    for method, path, name, allowed, as_list in params:
        assert method in ("get", "post")
        r = _call(client, path, name, BOGUS, as_list, method)
        assert r.status_code == 422, (path, name, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        body = r.json()
        (err,) = [e for e in body["errors"] if name in e["loc"]]
        assert err["allowed"] == allowed, (path, name)
        for value in allowed:
            assert value in body["detail"]
        ok = _call(client, path, name, allowed[0], as_list, method)
        if method == "get":
            assert ok.status_code == 200, (path, name, ok.text)
        else:  # POST /exports: a job started (cancelled here), or as many kept as allowed
            assert ok.status_code in (202, 503), (path, name, ok.text)
            if ok.status_code == 202:
                assert client.delete(ok.json()["status"]).status_code == 204


def test_analytics_type_is_no_longer_a_silent_empty_list(client: TestClient) -> None:
    r = client.get("/analytics/central", params={"type": "Foo"})
    assert r.status_code == 422 and "Park" in r.json()["errors"][0]["allowed"]
    assert client.get("/analytics/central", params={"type": "Park"}).json()


def test_page_filters_are_validated_like_the_api(client: TestClient) -> None:
    for params in ({"view": "zzz"}, {"types": "Planet"}, {"rels": "likes"}):
        r = client.get("/", params=params)
        assert r.status_code == 422 and r.json()["errors"][0]["allowed"]
    assert client.get("/", params={"types": "Park", "rels": "承接"}).status_code == 200


def _raw_get(base_url: str, target: bytes, parse: bool = True) -> tuple[int, dict]:
    """Send a request line with exactly these bytes (no client-side re-encoding)."""
    host = urlsplit(base_url)
    with socket.create_connection((host.hostname, host.port), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body) if body and parse else {}


@pytest.mark.parametrize(
    "target,part",
    [
        (b"/entities?q=%D6%D0", "'q'"),  # GBK for 中, percent-encoded
        (b"/entities?type=Park&q=%FF%FE", "'q'"),
        (b"/entities/Park%3A%D6%D0", "path"),
        (b"/paths?from=%C0&to=Region%3A%E6%B2%B3%E5%8C%97%E7%9C%81", "'from'"),
    ],
)
def test_non_utf8_bytes_get_a_clear_400_over_http(base_url: str, target: bytes, part: str) -> None:
    status, body = _raw_get(base_url, target)
    assert status == 400, body
    assert "UTF-8" in body["detail"] and part in body["detail"]
    assert body["status"] == 400


@pytest.mark.parametrize(
    "target,part",
    [
        (b"/resolve?name=%E9%AB%98%00MATCH", "'name'"),
        (b"/entities?q=a%00b", "'q'"),
        (b"/entities/Park%3A%00x", "path"),
    ],
)
def test_a_nul_character_gets_a_clear_400_over_http(
    base_url: str, target: bytes, part: str
) -> None:
    status, body = _raw_get(base_url, target)
    assert status == 400, body
    assert "NUL" in body["detail"] and part in body["detail"]


def test_raw_non_ascii_bytes_in_the_request_line_are_refused_by_the_server(base_url: str) -> None:
    # uvicorn refuses a request line that is not ASCII before the app sees it (400, plain text)
    status, _ = _raw_get(base_url, b"/entities?region=\xd6\xd0", parse=False)
    assert status == 400


def test_utf8_percent_encoding_still_works_over_http(base_url: str) -> None:
    status, body = _raw_get(base_url, b"/entities?q=%E9%AB%98%E6%96%B0%E5%8C%BA")  # 高新区
    assert status == 200 and body["total"] >= 2
