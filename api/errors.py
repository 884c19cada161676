"""Errors as application/problem+json (RFC 9457) with a clear ``detail``."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graph.store import QueryError, QueryTimeout, StoreError

PROBLEM = "application/problem+json"
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def problem(status: int, detail: str, **extra: object) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


class Problem(StarletteHTTPException):
    """An HTTP error whose problem body carries extension members (e.g. ``candidates``)."""

    def __init__(self, status: int, detail: str, **extra: object) -> None:
        super().__init__(status, detail)
        self.extra = extra


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        resp = problem(exc.status_code, str(exc.detail), **getattr(exc, "extra", {}))
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        if exc.status_code == 405:
            resp.headers["Allow"] = allowed_methods(app, request.scope)
        return resp

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_validation_item(e) for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, detail or "invalid request", errors=errors)

    @app.exception_handler(QueryTimeout)
    async def query_timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return problem(504, str(exc))

    @app.exception_handler(QueryError)
    async def query_error(_: Request, exc: QueryError) -> JSONResponse:
        return problem(400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return problem(503, f"graph store unavailable: {exc}")


_METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")


def allowed_methods(app: FastAPI, scope: dict) -> str:
    """Every method some route answers on this path (Starlette's 405 lists only the first
    route's: OPTIONS /documents answered ``Allow: GET``, leaving out POST)."""
    return ", ".join(
        m
        for m in _METHODS
        if any(r.matches({**scope, "method": m})[0] is Match.FULL for r in app.router.routes)
    )


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _validation_item(e: dict) -> dict[str, object]:
    """One validation error; an enum-like parameter's also lists its ``allowed`` values."""
    item: dict[str, object] = {"loc": list(e.get("loc", [])), "msg": e.get("msg", "")}
    expected = (e.get("ctx") or {}).get("expected")
    if e.get("type") in ("enum", "literal_error") and isinstance(expected, str):
        item["allowed"] = _QUOTED.findall(expected)
    return item
