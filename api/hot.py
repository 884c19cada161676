"""A direct route for the page's hottest read, ``GET /entities/{key}/neighbors``.

FastAPI's per-request work for a route (matching it among ~60 routes, solving its dependencies,
validating each parameter against its annotation) was about a quarter of a neighbours request's
Python on the 100k/300k graph. This route sits first in the app's router, inside every middleware
(the gate, kept answers, security headers and limits still apply), and takes a request only when
its parameters are plain: ``depth`` 1–3 and ``limit`` 1–2000 written as digits, once each, and
``rel`` values the API knows. It then calls the route function itself, so answers are the same;
any other request (another parameter, a value to refuse, a repeated one) is left to FastAPI's
route, which answers or refuses it as before, and is the one OpenAPI documents.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.routing import BaseRoute, Match, get_route_path
from starlette.types import Receive, Scope, Send

from api import models as m
from api.routers.graph import MAX_DEPTH, MAX_NEIGHBOURS, neighbors

_PATH = re.compile(r"/entities/([^/]+)/neighbors")
_DIGITS = re.compile(r"[1-9][0-9]*")  # a count as digits, no sign, no leading zero
_BOUNDS = {"depth": MAX_DEPTH, "limit": MAX_NEIGHBOURS}
# the route function's own defaults (depth 1, no rel filter, limit 200), read from it
_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(neighbors).parameters.items()
    if name in ("depth", "rel", "limit")
}
_REL = {v.value: v for v in m.RelationType}  # type: ignore[attr-defined]

Endpoint = Callable[..., Awaitable[Any]]


def plain_arguments(path: str, query: bytes) -> dict[str, Any] | None:
    """The route function's arguments for a plain request, or None (FastAPI decides)."""
    found = _PATH.fullmatch(path)
    if found is None:
        return None
    args: dict[str, Any] = {"key": found.group(1), **_DEFAULTS}
    given: set[str] = set()
    # read as Starlette reads a query string for FastAPI's parameters
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if name == "rel" and value in _REL:
            args["rel"] = (args["rel"] or []) + [_REL[value]]
        elif (
            name in _BOUNDS
            and name not in given
            and _DIGITS.fullmatch(value)
            and int(value) <= _BOUNDS[name]
        ):
            args[name] = int(value)
            given.add(name)
        else:
            return None
    return args


class NeighboursRoute(BaseRoute):
    """Takes plain GET neighbours requests ahead of FastAPI's routing (see the module)."""

    path_format = "/entities/{key}/neighbors"  # what the router reports as the matched route

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "GET":
            return Match.NONE, {}
        args = plain_arguments(get_route_path(scope), scope.get("query_string") or b"")
        if args is None:
            return Match.NONE, {}
        return Match.FULL, {"path_params": {"key": args["key"]}, "innokg.hot": args}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        store = scope["app"].state.store
        response = await self.endpoint(store, **scope["innokg.hot"])
        await response(scope, receive, send)


def install(app: Any) -> None:
    """Put the route first: FastAPI's own routes still answer everything it does not take."""
    app.router.routes.insert(0, NeighboursRoute(neighbors))
