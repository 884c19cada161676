"""The request-encoding check (api/encoding.py) on scopes: the one-pass common case and the
per-part diagnosis agree."""

from __future__ import annotations

import pytest

from api.encoding import encoding_problem


def _scope(path: bytes, query: bytes) -> dict:
    return {"type": "http", "raw_path": path, "query_string": query}


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (b"/entities", b""),
        (b"/entities/Park%3A%E6%9F%90%E5%9B%AD/neighbors", b"depth=1&limit=20"),
        (b"/entities", b"q=%E4%B8%AD+%E5%9B%AD&rel=%E6%89%BF%E6%8E%A5&rel=%E4%BD%8D%E4%BA%8E"),
        (b"/entities", b"q=plain+ascii&x=%26%3D"),
    ],
)
def test_utf8_requests_pass(path: bytes, query: bytes) -> None:
    assert encoding_problem(_scope(path, query)) is None


@pytest.mark.parametrize(
    ("path", "query", "said"),
    [
        (b"/entities/%D6%D0", b"", "request path is not valid UTF-8"),
        (b"/entities/a%00b", b"", "request path contains a NUL"),
        (b"/entities", b"q=%E4%B8%AD&name=%D6%D0", "'name' is not valid UTF-8"),
        (b"/entities", b"q=%E4%B8%AD&name=a%00", "'name' contains a NUL"),
        # a sequence cut by &: each part is wrong, and so is the whole
        (b"/entities", b"a=%E4&b=%B8%AD", "'a' is not valid UTF-8"),
        (b"/entities", b"a=x\x00y", "'a' contains a NUL"),
    ],
)
def test_what_is_wrong_is_named(path: bytes, query: bytes, said: str) -> None:
    message = encoding_problem(_scope(path, query))
    assert message is not None and said in message, message
