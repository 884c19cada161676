"""POST /cypher: read-only, time-limited and row-capped Cypher for developers and analysts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import AfterValidator, Field, WithJsonSchema

from api import models as m
from api import usercypher
from api.deps import get_settings, get_store
from api.lanes import Lane, expensive
from api.userparams import NO_NUL, VALUE_REF, no_nul, storable
from graph.store import GraphStore
from innokg.config import Settings

router = APIRouter(tags=["cypher"])

ParamValue = Annotated[Any, WithJsonSchema({"$ref": VALUE_REF})]


class CypherRequest(m.CypherRequest):
    """The body of POST /cypher, saying what the stores can take (api/userparams.py): a query
    and parameters holding no NUL, and nested map keys FalkorDB can take — a 422 otherwise."""

    query: Annotated[str, AfterValidator(no_nul)] = Field(
        min_length=1,
        max_length=20000,
        examples=["MATCH (p:Park) RETURN p.name LIMIT 5"],
        json_schema_extra=NO_NUL,
    )
    params: Annotated[dict[m.ParamName, ParamValue], AfterValidator(storable)] = Field(
        default={}, json_schema_extra={"additionalProperties": False}
    )


@router.post(
    "/cypher",
    response_model=m.CypherResult,
    responses={
        400: {"description": "invalid or refused (write) query, or invalid parameters"},
        503: {"description": "busy: the expensive-query slots are taken (Retry-After)"},
        504: {"description": "the query ran past its time limit"},
    },
)
async def cypher(
    request: Request,
    body: CypherRequest,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    lane: Annotated[Lane, Depends(expensive)],
) -> Response:
    """Writes are refused twice: by a guard here and by the store's read-only mode.

    ``// @param name = default`` lines in the query supply parameters not given (so a library
    file runs as written); the legend's English relationship names (takes_in) are read as the
    types (承接); evidence and mention records come back as objects; 504 past the time limit.
    """
    params = usercypher.with_defaults(body.query, body.params)
    return await usercypher.run(request, store, settings, lane, body.query, params, body.timeout_ms)
