"""GET /export and the analytics endpoints (networkx over the stored graph)."""

from __future__ import annotations

import threading
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api import models as m
from api.deps import get_settings, get_store
from api.lanes import Lane, expensive
from api.responses import UTF8JSONResponse
from graph import analytics
from graph.export import MEDIA_TYPES, export_graph
from graph.snapshot import stop_if_cancelled
from graph.store import GraphStore

router = APIRouter(tags=["export & analytics"])
Store = Annotated[GraphStore, Depends(get_store)]
Heavy = Annotated[Lane, Depends(expensive)]
_BOUNDED = {
    503: {"description": "busy: the expensive-query slots are taken (Retry-After)"},
    504: {"description": "the graph is too big to read within the time limit"},
}


def _deadline(left_ms: int) -> float:
    return time.monotonic() + left_ms / 1000


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
    """The whole graph as Turtle, JSON-LD, GraphML (Gephi) or node-link JSON (within
    INNOKG export time limit; `innokg export` has none). Stops when the client goes away."""
    ext = format.value
    budget = get_settings(request).export_timeout_ms
    data = await lane.run(
        request, budget, lambda left, gone: export_graph(store, ext, _deadline(left), gone)
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


@router.get("/analytics/central", response_model=list[Central], responses=_BOUNDED)
async def central(
    request: Request,
    store: Store,
    lane: Heavy,
    type: m.EntityType | None = None,  # noqa: A002
    metric: m.Metric = m.Metric("pagerank"),
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Response:
    """The most central entities (optionally of one type) by degree, PageRank or betweenness."""

    def work(left: int, gone: threading.Event) -> Response:
        g, info = analytics.undirected(store, _deadline(left), gone)
        stop_if_cancelled(gone)
        scores = analytics.centrality_of(g, metric.value)
        ranked = sorted(
            ((k, v) for k, v in scores.items() if not type or info[k]["type"] == type.value),
            key=lambda kv: -kv[1],
        )[:limit]
        return UTF8JSONResponse(
            [
                {
                    "id": k,
                    "name": info[k]["name"] or k,
                    "type": info[k]["type"],
                    "score": round(v, 6),
                }
                for k, v in ranked
            ]
        )

    return await lane.run(request, get_settings(request).export_timeout_ms, work)


@router.get("/analytics/communities", response_model=list[list[str]], responses=_BOUNDED)
async def communities(
    request: Request,
    store: Store,
    lane: Heavy,
    min_size: Annotated[int, Query(ge=2, le=100)] = 3,
) -> Response:
    """Communities (Louvain) of the cooperation network, largest first, as entity ids."""

    def work(left: int, gone: threading.Event) -> Response:
        return UTF8JSONResponse(analytics.communities(store, min_size, _deadline(left), gone))

    return await lane.run(request, get_settings(request).export_timeout_ms, work)
