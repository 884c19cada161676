"""The analysts' query library over HTTP: GET /queries lists it, POST /queries/{name} runs one
with its defaults applied — with the same guard and limits as POST /cypher."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from api import models as m
from api import usercypher
from api.deps import get_settings, get_store
from api.errors import Problem
from api.lanes import Lane, expensive
from graph.store import GraphStore
from innokg.config import Settings
from queries.library import describe, find, list_queries

router = APIRouter(tags=["cypher"])


@router.get("/queries", response_model=list[m.LibraryQuery])
def queries() -> list[m.LibraryQuery]:
    """Every query of the library (queries/*.cypher) with its question and parameter defaults."""
    return [m.LibraryQuery(**describe(p)) for p in list_queries()]


def _query_or_404(name: str) -> m.LibraryQuery:
    path = find(name)
    if path is None:
        names = [p.stem for p in list_queries()]
        raise Problem(404, f"no library query {name!r}; there are: {', '.join(names)}", names=names)
    return m.LibraryQuery(**describe(path))


@router.get("/queries/{name}", response_model=m.LibraryQuery)
def library_query(name: str) -> m.LibraryQuery:
    """One library query: its question, parameters with defaults and Cypher."""
    return _query_or_404(name)


@router.post(
    "/queries/{name}",
    response_model=m.CypherResult,
    responses={
        404: {"description": "no such query (the names are listed)"},
        422: {"description": "a parameter the query does not declare"},
        504: {"description": "the query ran past its time limit"},
    },
)
async def run_library_query(
    request: Request,
    name: str,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    lane: Annotated[Lane, Depends(expensive)],
    body: m.QueryRun | None = None,
) -> Response:
    """Run one library query: its declared defaults, overridden by ``params``."""
    q = _query_or_404(name)
    body = body or m.QueryRun()
    unknown = sorted(set(body.params) - set(q.params))
    if unknown:
        raise Problem(
            422,
            f"{name} has no parameter {', '.join(unknown)}; its parameters: "
            f"{', '.join(q.params) or '(none)'}",
            allowed=list(q.params),
        )
    params = {**q.params, **body.params}
    return await usercypher.run(request, store, settings, lane, q.cypher, params, body.timeout_ms)
