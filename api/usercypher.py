"""Running analysts' Cypher (POST /cypher and POST /queries/{name}) one way: the same guard,
parameter limits, time limit, row cap and slot, and results with evidence as objects."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import Request, Response

from api import models as m
from api.lanes import Lane
from api.responses import validated_json
from graph.dialect import prepare
from graph.evidence import decode_records
from graph.limits import USER, check_params
from graph.store import GraphStore, QueryError
from innokg.config import Settings
from queries.library import parse_query


def with_defaults(cypher: str, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` over the ``// @param name = default`` defaults the query text declares."""
    try:
        _, defaults = parse_query(cypher)
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    return {**defaults, **params}


async def run(
    request: Request,
    store: GraphStore,
    settings: Settings,
    lane: Lane,
    cypher: str,
    params: dict[str, Any],
    timeout_ms: int | None,
) -> Response:
    """Checked, prepared, run and serialised on a worker thread in the expensive lane."""
    timeout = min(timeout_ms or settings.query_timeout_ms, settings.query_timeout_ms)

    def work(left: int, _: threading.Event) -> Response:
        check_params(params, USER)
        prepared = prepare(cypher)
        result = store.query(prepared, params, timeout_ms=left, row_cap=settings.query_row_cap)
        return validated_json(
            m.CypherResult(
                columns=result.columns,
                rows=decode_records(result.rows),
                truncated=result.truncated,
                elapsed_ms=round(result.elapsed_ms, 2),
            )
        )

    return await lane.run(request, timeout, work)
