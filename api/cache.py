"""Answers of the API's own read routes, kept per store generation.

The page, dashboards and clients ask the same reads over and over (the 100-chain transfer page,
/stats, a search) while the graph changes only when a document is written. The store counts
its writes (``GraphStore.generation()``: every writer, in any process, moves it on after its
write is committed); an answer is kept with the generation it was made under and served again
while the generation is the same, without a read slot, a thread or a store query. A write
makes every kept answer stale at once, so a client that wrote a document reads it back at the
next request, whichever worker process answers.

``X-Cache: hit`` or ``miss`` says which it was. The same generation is the answer's weak ``ETag``: a client sending it back in
``If-None-Match`` gets ``304 Not Modified`` while the graph has not changed.

A store that cannot tell its generation cheaply (Neo4j: there is no counter to read without a
query of its own) answers ``None`` and nothing is kept: every request reads through.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
from collections.abc import Callable

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.gate import GATED_PREFIXES

# headers of a kept answer that are the request's own, not the answer's
_HOP_BY_HOP = {b"date", b"server", b"connection", b"transfer-encoding"}


class ResponseCache:
    """ASGI middleware: GET answers (200) of the gated read routes, by URL, per generation.

    ``max_bytes`` bounds the bodies kept (least recently used go first); an answer larger than
    ``max_entry`` is never kept. ``generation(scope)`` reads the store's generation (``None``:
    do not keep or serve anything for this request).
    """

    def __init__(
        self,
        app: ASGIApp,
        generation: Callable[[Scope], str | None],
        max_bytes: int = 64 * 1024 * 1024,
        max_entry: int = 4 * 1024 * 1024,
    ) -> None:
        self.app, self.generation = app, generation
        self.max_bytes, self.max_entry = max_bytes, min(max_entry, max_bytes)
        self._kept: collections.OrderedDict[bytes, tuple[str, list, bytes]] = (
            collections.OrderedDict()
        )
        self._size = 0
        # the first request for an answer makes it; the same request arriving meanwhile waits
        # for that one instead of running again (32 clients opening the same page at once)
        self._making: dict[bytes, asyncio.Future[None]] = {}
        self.hits = self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(GATED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        gen = self.generation(scope)
        if gen is None:
            await self.app(scope, receive, send)
            return
        etag = _etag(gen)
        if etag in _if_none_match(scope):
            await _send(send, 304, [(b"etag", etag)], b"")
            return
        key = scope["path"].encode() + b"?" + scope["query_string"]
        making = self._making.get(key)
        if making is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(making)
        if await self._serve_kept(send, key, gen):
            return
        self.misses += 1
        done = self._making[key] = asyncio.get_running_loop().create_future()
        try:
            await self._through(scope, receive, send, key, gen, etag)
        finally:
            if self._making.get(key) is done:
                del self._making[key]
            done.set_result(None)

    async def _serve_kept(self, send: Send, key: bytes, gen: str) -> bool:
        kept = self._kept.get(key)
        if kept is None or kept[0] != gen:
            return False
        self._kept.move_to_end(key)
        self.hits += 1
        await _send(send, 200, [*kept[1], (b"x-cache", b"hit")], kept[2])
        return True

    async def _through(
        self, scope: Scope, receive: Receive, send: Send, key: bytes, gen: str, etag: bytes
    ) -> None:
        """Run the route; keep a whole 200 answer (sent on as it comes, with its ETag)."""
        status, headers, chunks, size = 0, [], [], 0

        async def capture(message: Message) -> None:
            nonlocal status, headers, size
            if message["type"] == "http.response.start":
                status = message["status"]
                if status == 200:
                    headers = [(k, v) for k, v in message.get("headers", []) if k != b"etag"]
                    headers.append((b"etag", etag))
                    message = {**message, "headers": [*headers, (b"x-cache", b"miss")]}
            elif message["type"] == "http.response.body" and status == 200 and size >= 0:
                body = message.get("body", b"")
                size = size + len(body) if size + len(body) <= self.max_entry else -1
                if size >= 0:
                    chunks.append(body)
                if not message.get("more_body", False) and size >= 0:
                    self._keep(key, gen, headers, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: bytes, gen: str, headers: list, body: bytes) -> None:
        old = self._kept.pop(key, None)
        if old is not None:
            self._size -= len(old[2])
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_BY_HOP]
        self._kept[key] = (gen, kept, body)
        self._size += len(body)
        while self._size > self.max_bytes and self._kept:
            _, (_, _, dropped) = self._kept.popitem(last=False)
            self._size -= len(dropped)


def _etag(gen: str) -> bytes:
    """Weak: the same URL under the same generation is the same answer (not byte-checked)."""
    return b'W/"g' + hashlib.blake2b(gen.encode(), digest_size=8).hexdigest().encode() + b'"'


def _if_none_match(scope: Scope) -> list[bytes]:
    value = Headers(scope=scope).get("if-none-match")
    if not value:
        return []
    return [tag.strip().encode("latin-1") for tag in value.split(",")]


async def _send(send: Send, status: int, headers: list, body: bytes) -> None:
    headers = [(k, v) for k, v in headers if k != b"content-length"]
    if status != 304:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def store_generation(scope: Scope) -> str | None:
    """The generation of the app's store (``None`` when it cannot say or cannot be reached)."""
    generation = getattr(scope["app"].state.store, "generation", None)
    if generation is None:
        return None
    try:
        return generation()
    except Exception:  # noqa: BLE001 - a store that cannot say: read through
        return None


def declare(schema: dict) -> dict:
    """The OpenAPI side: every cached operation may answer 304 and carries ETag / X-Cache."""
    headers = {
        "ETag": {
            "description": "weak validator of the graph's generation; send it back in "
            "If-None-Match for a 304 while nothing was written (not sent on Neo4j)",
            "schema": {"type": "string"},
        },
        "X-Cache": {
            "description": "hit: a kept answer; miss: made now (not sent on Neo4j)",
            "schema": {"type": "string", "enum": ["hit", "miss"]},
        },
    }
    for path, item in schema.get("paths", {}).items():
        op = item.get("get")
        if op is None or not path.startswith(GATED_PREFIXES):
            continue
        responses = op.setdefault("responses", {})
        if "200" in responses:
            responses["200"].setdefault("headers", {}).update(headers)
        responses.setdefault(
            "304", {"description": "not modified: the If-None-Match ETag is still current"}
        )
    return schema


def install_openapi(app: FastAPI) -> None:
    """Add :func:`declare` to the app's OpenAPI document (made once, on first request)."""
    made = app.openapi

    def openapi() -> dict:
        first = app.openapi_schema is None
        schema = made()
        return declare(schema) if first else schema

    app.openapi = openapi  # type: ignore[method-assign]
