"""GET /export and the analytics endpoints (networkx), each within the request's time limit;
past it a 504 names the job that does the same work (api/routers/jobs.py)."""

from __future__ import annotations

import threading
import time
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api import models as m
from api.deps import get_settings, get_store
from api.lanes import Lane, Work, expensive
from api.responses import UTF8JSONResponse
from graph import analytics
from graph.export import MEDIA_TYPES, export_graph
from graph.store import GraphStore, QueryTimeout

router = APIRouter(tags=["export & analytics"])
Store = Annotated[GraphStore, Depends(get_store)]
Heavy = Annotated[Lane, Depends(expensive)]
_BOUNDED = {
    503: {"description": "busy: the expensive-query slots are taken (Retry-After)"},
    504: {"description": "the graph is too big to read within the time limit"},
}


def _deadline(left_ms: int) -> float:
    return time.monotonic() + left_ms / 1000


async def _or_job(request: Request, lane: Lane, work: Work, job: str):  # noqa: ANN202
    """``work`` within the request's time limit; its 504 says which job does it without one."""
    try:
        return await lane.run(request, get_settings(request).export_timeout_ms, work)
    except (QueryTimeout, HTTPException) as exc:
        if isinstance(exc, HTTPException) and exc.status_code != 504:
            raise
        why = exc.detail if isinstance(exc, HTTPException) else str(exc)
        raise HTTPException(504, f"{why}; {job}") from exc


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}, **_BOUNDED},
)
async def export(
    request: Request,
    store: Store,
    lane: Heavy,
    format: m.ExportFormat = m.ExportFormat("json"),  # noqa: A002
) -> Response:
    """The whole graph as Turtle, JSON-LD, GraphML (Gephi) or node-link JSON, within the
    export time limit (`INNOKG_EXPORT_TIMEOUT_MS`, 60 s); stops when the client goes away. A
    graph too big for that (a 504) is exported by a job: `POST /exports`."""
    ext = format.value
    data = await _or_job(
        request,
        lane,
        lambda left, gone: export_graph(store, ext, _deadline(left), gone),
        f"POST /exports?format={ext} exports a graph of any size as a job",
    )
    return Response(
        data,
        media_type=MEDIA_TYPES[ext],
        headers={"Content-Disposition": f'attachment; filename="innokg.{ext}"'},
    )


class Central(BaseModel):
    id: str
    name: str
    type: str
    score: float


_SAMPLED = {
    200: {
        "headers": {
            "X-Betweenness-Samples": {
                "description": "metric=betweenness: the number of source nodes its scores "
                "come from; fewer than X-Graph-Nodes means sampled (an estimate)",
                "schema": {"type": "integer"},
            },
            "X-Graph-Nodes": {
                "description": "the entities in the cooperation network scored",
                "schema": {"type": "integer"},
            },
        }
    }
}


@router.get("/analytics/central", response_model=list[Central], responses={**_SAMPLED, **_BOUNDED})
async def central(
    request: Request,
    store: Store,
    lane: Heavy,
    type: m.EntityType | None = None,  # noqa: A002
    metric: m.Metric = m.Metric("pagerank"),
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Response:
    """The most central entities (optionally of one type) by degree, PageRank or betweenness.
    Betweenness of a big graph is estimated from as many sampled source nodes as its time
    allows (X-Betweenness-Samples says how many; exact on graphs up to 200 entities)."""

    def work(left: int, gone: threading.Event) -> Response:
        rows, scores = analytics.central(
            store, metric.value, type and type.value, limit, _deadline(left), gone
        )
        headers = {"X-Graph-Nodes": str(scores.nodes)}
        if scores.samples is not None:
            headers["X-Betweenness-Samples"] = str(scores.samples)
        return UTF8JSONResponse(rows, headers=headers)

    query = f"metric={metric.value}&limit={limit}" + (f"&type={type.value}" if type else "")
    hint = f"POST /analytics/central/jobs?{query} runs it as a job (betweenness unsampled by time)"
    return await _or_job(request, lane, work, hint)


@router.get("/analytics/communities", response_model=list[list[str]], responses=_BOUNDED)
async def communities(
    request: Request,
    store: Store,
    lane: Heavy,
    min_size: Annotated[int, Query(ge=2, le=100)] = 3,
) -> Response:
    """Communities (Louvain) of the cooperation network, largest first, as entity ids. A graph
    too big for the time limit (a 504; at once past 50,000 relations) is done by a job: `POST
    /analytics/communities/jobs`."""

    def work(left: int, gone: threading.Event) -> Response:
        found = analytics.communities(
            store, min_size, _deadline(left), gone, max_edges=analytics.SYNC_LOUVAIN_EDGES
        )
        return UTF8JSONResponse(found)

    hint = f"POST /analytics/communities/jobs?min_size={min_size} runs it as a job"
    return await _or_job(request, lane, work, hint)
