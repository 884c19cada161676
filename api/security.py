"""ASGI middleware at the edge: request-body limits and security headers.

Body limits are checked from Content-Length before the body is read, and counted as it streams
when there is none, so no request (with or without a token) makes the server buffer more than
its route's limit. Every response gets ``nosniff``; HTML gets a Content-Security-Policy whose
script-src lists the SHA-256 of each inline script it actually carries (so injected markup
cannot run), ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"request body too large (limit {limit} bytes)")
        self.limit = limit


def problem_bytes(status: int, title: str, detail: str) -> bytes:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


async def send_problem(send: Send, status: int, title: str, detail: str) -> None:
    body = problem_bytes(status, title, detail)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse bodies over a route's limit: by Content-Length up front, else as they stream."""

    def __init__(
        self, app: ASGIApp, default: int, routes: dict[tuple[str, str], int] | None = None
    ) -> None:
        self.app, self.default, self.routes = app, default, routes or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.routes.get((scope["method"], scope["path"].rstrip("/")), self.default)
        scope.setdefault("state", {})["body_limit"] = limit
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await send_problem(send, 400, "Bad Request", "invalid Content-Length")
                return
            if int(declared) > limit:
                await send_problem(
                    send,
                    413,
                    "Content Too Large",
                    f"request body of {int(declared)} bytes is over the limit of {limit} bytes",
                )
                return
        if _header(scope, b"transfer-encoding") is None:
            # not chunked: the server reads no more than the Content-Length checked above, and
            # without one there is no body; only a chunked body is counted as it streams
            await self.app(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except BodyTooLarge as exc:
            if not started:
                await send_problem(send, 413, "Content Too Large", str(exc))


_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)
# FastAPI's /docs and /redoc pages load their UI from a CDN
_DOCS_CDN = "https://cdn.jsdelivr.net"


def content_security_policy(body: bytes, path: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s).digest()).decode() + "'"
        for s in dict.fromkeys(_INLINE_SCRIPT.findall(body))
    )
    cdn = f" {_DOCS_CDN}" if path in ("/docs", "/redoc") else ""
    return (
        f"default-src 'self'; script-src 'self' {hashes}{cdn}; "
        f"style-src 'self' 'unsafe-inline'{cdn}; img-src 'self' data: https://fastapi.tiangolo.com; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


class SecurityHeaders:
    """nosniff everywhere; CSP (script hashes), X-Frame-Options and no referrer on HTML."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() != b"x-content-type-options"
                ]
                headers.append((b"x-content-type-options", b"nosniff"))
                message["headers"] = headers
                ctype = dict((k.lower(), v) for k, v in headers).get(b"content-type", b"")
                if ctype.startswith(b"text/html"):
                    held = message  # the policy needs the body's scripts
                    return
                await send(message)
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            held["headers"] = [
                *held["headers"],
                (b"content-security-policy", content_security_policy(body, scope["path"]).encode()),
                (b"x-frame-options", b"DENY"),
                (b"referrer-policy", b"no-referrer"),
            ]
            await send(held)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, wrapped)


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return v.decode("latin-1").strip()
    return None
