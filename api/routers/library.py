"""The analysts' query library over HTTP: GET /queries lists it, POST /queries/{name} runs one
with its defaults applied — with the same guard and limits as POST /cypher.

Each query has its own routes (GET and POST /queries/co_mentions, …) whose body declares that
query's parameters with their types, bounds and defaults (queries.library.PARAMS), so the
OpenAPI document says exactly which bodies are accepted: a name the query does not declare, a
value of the wrong type or a text holding NUL is outside the schema and a 422. The URLs and the
body (``{"params": {…}, "timeout_ms": …}``) are the ones the single ``/queries/{name}`` route
took; a name outside the library is still a 404 listing the names.
"""

# no ``from __future__ import annotations``: each query's route names its own body model, which
# FastAPI must see as a class, not as a string to look up in this module

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request, Response
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    create_model,
)

from api import models as m
from api import usercypher
from api.deps import get_settings, get_store
from api.errors import Problem
from api.lanes import Lane, expensive
from api.userparams import NO_NUL, no_nul
from graph.store import GraphStore
from innokg.config import Settings
from queries.library import PARAMS, ParamSpec, describe, find, list_queries

router = APIRouter(tags=["cypher"])

MAX_TEXT = 200
MAX_COUNT = 100_000  # rows past the row cap are cut anyway (``truncated``)
# The smallest time limit a library query takes: co_mentions, the slowest on the corpus graph,
# took 80 ms (median) and up to 665 ms at load 9-11, and answered 504 in 7-20 of 20 runs below
# 100 ms (bench/library_timeouts.py, docs/benchmarks.md "OpenAPI conformance")
MIN_TIMEOUT_MS = 1000
MAX_TIMEOUT_MS = 60_000

# a name or part of one; NUL is outside the schema on both backends (api/userparams.py)
Text = Annotated[
    str,
    StringConstraints(max_length=MAX_TEXT),
    AfterValidator(no_nul),
    Field(json_schema_extra=NO_NUL),
]


def _whole(value: Any) -> Any:
    """JSON Schema's integer: 20 and 20.0, never "20" or true (strict, or negative tests pass)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Count = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_whole), Strict()]
TimeoutMs = Annotated[
    int, Field(ge=MIN_TIMEOUT_MS, le=MAX_TIMEOUT_MS), BeforeValidator(_whole), Strict()
]
_KINDS: dict[str, Any] = {"text": Text, "count": Count, "entity_type": m.EntityType}


def _annotation(spec: ParamSpec) -> Any:
    kind = _KINDS[spec.kind]
    return kind | None if spec.nullable else kind


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def run_model(name: str, defaults: dict[str, Any]) -> type[BaseModel]:
    """The request body of POST /queries/{name}: its declared parameters, nothing else."""
    fields: dict[str, Any] = {
        p: (_annotation(PARAMS[p]), Field(default=d)) for p, d in defaults.items()
    }
    params = create_model(  # type: ignore[call-overload]
        f"{_camel(name)}Params",
        # undeclared names are refused by the route (a 422 listing the allowed ones)
        __config__=ConfigDict(extra="allow", json_schema_extra={"additionalProperties": False}),
        **fields,
    )
    return create_model(  # type: ignore[call-overload]
        f"{_camel(name)}Run",
        params=(params, Field(default_factory=params, description="overrides of the defaults")),
        timeout_ms=(TimeoutMs | None, Field(default=None, description="at most the server's")),
    )


@router.get("/queries", response_model=list[m.LibraryQuery])
def queries() -> list[m.LibraryQuery]:
    """Every query of the library (queries/*.cypher) with its question and parameter defaults."""
    return [m.LibraryQuery(**describe(p)) for p in list_queries()]


def _unknown(name: str) -> Problem:
    names = [p.stem for p in list_queries()]
    return Problem(404, f"no library query {name!r}; there are: {', '.join(names)}", names=names)


def _query_or_404(name: str) -> m.LibraryQuery:
    path = find(name)
    if path is None:
        raise _unknown(name)
    return m.LibraryQuery(**describe(path))


_RUN_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"description": "a parameter the query does not declare, or a value outside its type"},
    504: {"description": "the query ran past its time limit"},
}


def _routes(path: Path) -> None:
    q = m.LibraryQuery(**describe(path))
    model = run_model(q.name, q.params)

    def library_query() -> m.LibraryQuery:
        return q

    async def run_library_query(
        request: Request,
        store: Annotated[GraphStore, Depends(get_store)],
        settings: Annotated[Settings, Depends(get_settings)],
        lane: Annotated[Lane, Depends(expensive)],
        body: Annotated[model | None, Body()] = None,  # type: ignore[valid-type]
    ) -> Response:
        run = body or model()
        return await _run(request, store, settings, lane, q, run.params, run.timeout_ms)

    router.add_api_route(
        f"/queries/{q.name}",
        library_query,
        methods=["GET"],
        response_model=m.LibraryQuery,
        summary=f"{q.name}: its question, parameters and Cypher",
        operation_id=f"library_query_{q.name}",
    )
    router.add_api_route(
        f"/queries/{q.name}",
        run_library_query,
        methods=["POST"],
        response_model=m.CypherResult,
        responses=_RUN_RESPONSES,
        summary=f"Run {q.name}",
        description=q.question,
        operation_id=f"run_{q.name}",
    )


async def _run(
    request: Request,
    store: GraphStore,
    settings: Settings,
    lane: Lane,
    q: m.LibraryQuery,
    given: BaseModel,
    timeout_ms: int | None,
) -> Response:
    unknown = sorted(given.model_extra or {})
    if unknown:
        raise Problem(
            422,
            f"{q.name} has no parameter {', '.join(unknown)}; its parameters: "
            f"{', '.join(q.params) or '(none)'}",
            allowed=list(q.params),
        )
    overrides = given.model_dump(mode="json", include=given.model_fields_set)
    params = {**q.params, **overrides}
    return await usercypher.run(request, store, settings, lane, q.cypher, params, timeout_ms)


for _path in list_queries():
    _routes(_path)


@router.get("/queries/{name}", response_model=m.LibraryQuery)
def library_query(name: str) -> m.LibraryQuery:
    """One library query: its question, parameters with defaults and Cypher."""
    return _query_or_404(name)


@router.post(
    "/queries/{name}",
    response_model=m.CypherResult,
    responses={404: {"description": "a name outside the library (the names are listed)"}},
    description="A name in the library is its own operation (OpenAPI matches concrete paths "
    "first) and answers as that query; any other name is a 404 listing the names.",
)
def unknown_library_query(name: str) -> Response:
    """A name outside the library, whatever the body: 404 with the names there are."""
    raise _unknown(name)
