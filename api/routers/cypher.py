"""POST /cypher: read-only, time-limited and row-capped Cypher for developers and analysts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api import models as m
from api.deps import get_settings, get_store
from api.lanes import Lane, expensive
from graph.limits import USER, check_params
from graph.store import GraphStore
from innokg.config import Settings

router = APIRouter(tags=["cypher"])


@router.post(
    "/cypher",
    response_model=m.CypherResult,
    responses={
        400: {"description": "invalid or refused (write) query, or invalid parameters"},
        503: {"description": "busy: the expensive-query slots are taken (Retry-After)"},
        504: {"description": "the query ran past its time limit"},
    },
)
def cypher(
    body: m.CypherRequest,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    lane: Annotated[Lane, Depends(expensive)],
) -> m.CypherResult:
    """Writes are refused twice: by a guard here and by the store's read-only mode."""
    check_params(body.params, USER)
    timeout = min(body.timeout_ms or settings.query_timeout_ms, settings.query_timeout_ms)
    with lane.slot(timeout) as left:
        result = store.query(
            body.query, body.params, timeout_ms=left, row_cap=settings.query_row_cap
        )
    return m.CypherResult(
        columns=result.columns,
        rows=result.rows,
        truncated=result.truncated,
        elapsed_ms=round(result.elapsed_ms, 2),
    )
