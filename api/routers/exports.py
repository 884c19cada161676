"""GET /export and the analytics endpoints (networkx over the stored graph)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from api import models as m
from api.deps import get_store
from graph import analytics
from graph.export import MEDIA_TYPES, export_graph
from graph.store import GraphStore

router = APIRouter(tags=["export & analytics"])
Store = Annotated[GraphStore, Depends(get_store)]


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}},
)
def export(store: Store, format: m.ExportFormat = m.ExportFormat("json")) -> Response:  # noqa: A002
    """The whole graph as Turtle, JSON-LD, GraphML (Gephi) or node-link JSON."""
    ext = format.value
    return Response(
        export_graph(store, ext),
        media_type=MEDIA_TYPES[ext],
        headers={"Content-Disposition": f'attachment; filename="innokg.{ext}"'},
    )


class Central(BaseModel):
    id: str
    name: str
    type: str
    score: float


@router.get("/analytics/central", response_model=list[Central])
def central(
    store: Store,
    type: m.EntityType | None = None,  # noqa: A002
    metric: m.Metric = m.Metric("pagerank"),
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[Central]:
    """The most central entities (optionally of one type) by degree, PageRank or betweenness."""
    g, info = analytics.undirected(store)
    scores = analytics.centrality_of(g, metric.value)
    ranked = sorted(
        ((k, v) for k, v in scores.items() if not type or info[k]["type"] == type.value),
        key=lambda kv: -kv[1],
    )[:limit]
    return [
        Central(id=k, name=info[k]["name"] or k, type=info[k]["type"], score=round(v, 6))
        for k, v in ranked
    ]


@router.get("/analytics/communities", response_model=list[list[str]])
def communities(store: Store, min_size: Annotated[int, Query(ge=2, le=100)] = 3) -> list[list[str]]:
    """Communities (Louvain) of the cooperation network, largest first, as entity ids."""
    return analytics.communities(store, min_size)
