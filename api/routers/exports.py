"""GET /export, export jobs (POST /exports) and the analytics endpoints (networkx)."""

from __future__ import annotations

import threading
import time
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel

from api import models as m
from api.deps import get_settings, get_store
from api.exportjobs import Busy, ExportJobs, Job
from api.lanes import Lane, expensive
from api.responses import UTF8JSONResponse
from graph import analytics
from graph.export import MEDIA_TYPES, export_graph
from graph.snapshot import stop_if_cancelled
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
    budget = get_settings(request).export_timeout_ms
    try:
        data = await lane.run(
            request, budget, lambda left, gone: export_graph(store, ext, _deadline(left), gone)
        )
    except (QueryTimeout, HTTPException) as exc:
        if isinstance(exc, HTTPException) and exc.status_code != 504:
            raise
        why = exc.detail if isinstance(exc, HTTPException) else str(exc)
        raise HTTPException(
            504, f"{why}; POST /exports?format={ext} exports a graph of any size as a job"
        ) from exc
    return Response(
        data,
        media_type=MEDIA_TYPES[ext],
        headers={"Content-Disposition": f'attachment; filename="innokg.{ext}"'},
    )


class ExportJob(BaseModel):
    """An export job; times are Unix seconds. ``file`` is the result's URL once ``done``."""

    id: str
    format: m.ExportFormat
    state: str  # queued | running | done | failed
    created: float
    started: float | None = None
    finished: float | None = None
    expires: float | None = None
    bytes: int | None = None
    error: str | None = None
    status: str
    file: str | None = None


def export_jobs(request: Request) -> ExportJobs:
    state = request.app.state
    if getattr(state, "export_jobs", None) is None:
        state.export_jobs = ExportJobs(get_settings(request), expensive(request))
    return state.export_jobs


Jobs = Annotated[ExportJobs, Depends(export_jobs)]
_NO_JOB = {404: {"description": "no such job (or its result expired)"}}


def _job_json(job: Job) -> dict:
    body = {k: v for k, v in job.__dict__.items() if k != "owner"}
    body["status"] = f"/exports/{job.id}"
    body["file"] = f"/exports/{job.id}/file" if job.state == "done" else None
    return body


def _found(jobs: ExportJobs, job_id: str) -> Job:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no export job {job_id!r} (unknown, or its result expired)")
    return job


@router.post(
    "/exports",
    status_code=202,
    response_model=ExportJob,
    responses={
        202: {"headers": {"Location": {"schema": {"type": "string"}}}},
        503: {"description": "busy: as many export jobs as allowed are kept (Retry-After)"},
    },
)
async def start_export(
    jobs: Jobs,
    format: m.ExportFormat = m.ExportFormat("json"),  # noqa: A002
) -> Response:
    """Export the whole graph as a job (any size): 202 with the job; poll `GET
    /exports/{id}` until `state` is `done`, then fetch `file`. A format already queued or
    running answers with that job. Results expire (`INNOKG_EXPORT_JOB_TTL_S`, 1 h); at most
    `INNOKG_EXPORT_JOBS` (4) jobs are kept at once."""
    try:
        job, _ = jobs.submit(format.value)
    except Busy as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "60"}) from exc
    return UTF8JSONResponse(
        _job_json(job), status_code=202, headers={"Location": f"/exports/{job.id}"}
    )


@router.get("/exports/{job_id}", response_model=ExportJob, responses=_NO_JOB)
async def export_job(jobs: Jobs, job_id: str) -> Response:
    """An export job's state (queued, running, done, failed) and, once done, its file URL."""
    job = _found(jobs, job_id)
    headers = {} if job.state in ("done", "failed") else {"Retry-After": "5"}
    return UTF8JSONResponse(_job_json(job), headers=headers)


@router.get(
    "/exports/{job_id}/file",
    response_class=Response,
    responses={
        200: {"content": {t: {} for t in MEDIA_TYPES.values()}},
        409: {"description": "the job is not done (queued, running or failed)"},
        **_NO_JOB,
    },
)
async def export_file(jobs: Jobs, job_id: str) -> Response:
    """The result of a done export job (a file download; byte ranges can resume it)."""
    job = _found(jobs, job_id)
    if job.state != "done":
        why = f": {job.error}" if job.error else ""
        raise HTTPException(
            409, f"export job {job.id} is {job.state}{why}", headers={"Retry-After": "5"}
        )
    return FileResponse(
        jobs.result(job),
        media_type=MEDIA_TYPES[job.format],
        filename=f"innokg.{job.format}",
    )


@router.delete("/exports/{job_id}", status_code=204, responses=_NO_JOB)
async def cancel_export(jobs: Jobs, job_id: str) -> Response:
    """Stop a queued or running export job, or delete a result before it expires."""
    jobs.cancel(_found(jobs, job_id))
    return Response(status_code=204)


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
        deadline = _deadline(left)
        g, info = analytics.undirected(store, deadline, gone)
        stop_if_cancelled(gone)
        # sampling ends a second early: ranking and the answer still have to be made
        scores = analytics.scores_of(g, metric.value, deadline - 1.0, gone)
        ranked = sorted(
            ((k, v) for k, v in scores.values.items() if not type or info[k]["type"] == type.value),
            key=lambda kv: -kv[1],
        )[:limit]
        headers = {"X-Graph-Nodes": str(scores.nodes)}
        if scores.samples is not None:
            headers["X-Betweenness-Samples"] = str(scores.samples)
        return UTF8JSONResponse(
            [
                {
                    "id": k,
                    "name": info[k]["name"] or k,
                    "type": info[k]["type"],
                    "score": round(v, 6),
                }
                for k, v in ranked
            ],
            headers=headers,
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
