"""The OpenAPI document says what each operation can answer, errors as problem+json.

FastAPI declares only 200 and a 422 in application/json, while every error here is an RFC 9457
problem (api/errors.py) and several come from the edges rather than the route: the UTF-8 check
(400), the body limit (413), the bearer token (401/403), the store (400 refused query, 503
unavailable, 504 past its time limit). Routes declare their own outcomes (404 for an unknown id,
409 for an ambiguous name); this adds the shared ones from a table and gives every error status the
problem schema, so clients (and schemathesis's conformance checks) can rely on the document.

What the edges refuse is also taken out of the parameters' schemas: a path or query text holding
NUL (api/encoding.py answers 400) is outside each string parameter's schema (``not`` a
``pattern`` matching NUL), so a request the document calls valid is one the server accepts
(schemathesis ST202).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from api.errors import PROBLEM
from api.userparams import NO_NUL, VALUE_REF, VALUE_SCHEMA


class ValidationItem(BaseModel):
    loc: list[str | int] = Field(description="where: body / query / path, then the field")
    msg: str
    allowed: list[str] | None = Field(None, description="the values an enum-like field takes")


class ProblemDetails(BaseModel):
    """An error (RFC 9457 problem details); ``detail`` says what was wrong and what to do."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[ValidationItem] | None = Field(
        None, description="one item per invalid field (422 validation errors)"
    )


Operation = dict[str, Any]

# (status, description, which operations can answer it)
SHARED: list[tuple[int, str, Callable[[Operation], bool]]] = [
    (
        400,
        "a path or query parameter that is not UTF-8 or holds a NUL (%00), an invalid "
        "Content-Length, or a query the store refused",
        lambda op: True,
    ),
    (401, "missing or wrong bearer token", lambda op: bool(op.get("security"))),
    (403, "writing endpoints are off (no INNOKG_API_TOKEN)", lambda op: bool(op.get("security"))),
    (
        404,
        "no such item (an unknown id or name in the path)",
        lambda op: any(p.get("in") == "path" for p in op.get("parameters", [])),
    ),
    (413, "the request body is over its limit", lambda op: "requestBody" in op),
    (
        422,
        "invalid parameters or body (errors[] names each field)",
        lambda op: bool(op.get("parameters")) or "requestBody" in op,
    ),
    (503, "the graph store is unavailable, or the server is busy (Retry-After)", lambda op: True),
    (504, "a store read ran past its time limit", lambda op: True),
]


def _without_nul(schema: dict[str, Any]) -> None:
    """A path/query parameter's string branches say they hold no NUL (enums, ``$ref``s to
    them and existing patterns already do)."""
    for branch in [schema, *schema.get("anyOf", [])]:
        if branch.get("type") == "string" and not {"pattern", "enum", "not"} & branch.keys():
            branch.update(NO_NUL)
        if branch.get("type") == "array" and isinstance(branch.get("items"), dict):
            _without_nul(branch["items"])


def declare_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error statuses to every operation and the problem schema to each error."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["ProblemDetails"] = problem
    components[VALUE_REF.rsplit("/", 1)[1]] = VALUE_SCHEMA
    content = {PROBLEM: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    for item in schema.get("paths", {}).values():
        for op in item.values():
            for param in op.get("parameters", []):
                if param.get("in") in ("path", "query"):
                    _without_nul(param.setdefault("schema", {}))
            responses = op.setdefault("responses", {})
            for status, description, applies in SHARED:
                if applies(op):
                    responses.setdefault(str(status), {"description": description})
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = content
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            declare_problems(FastAPI.openapi(app))
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
