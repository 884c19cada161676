"""Jobs over HTTP (api/jobs.py): start one, follow it, fetch its result, delete it.

Exports start at ``POST /exports`` and live at ``/exports/{id}``; analytics start at ``POST
/analytics/{communities,central}/jobs`` (the same query as their GET) and live at
``/analytics/jobs/{id}``. Both families share the store of jobs, its limits and these handlers.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel

from api import models as m
from api.deps import get_settings
from api.jobs import Busy, Job, Jobs
from api.lanes import expensive
from api.responses import UTF8JSONResponse
from graph.export import MEDIA_TYPES

router = APIRouter(tags=["jobs"])
EXPORTS, ANALYTICS = "/exports", "/analytics/jobs"
PREFIX = {"export": EXPORTS, "communities": ANALYTICS, "central": ANALYTICS}


class JobState(BaseModel):
    """A job; times are Unix seconds. ``progress`` is the step it reached (``phase`` and its
    counts); ``file`` is the result's URL once ``state`` is ``done``."""

    id: str
    kind: str  # export | communities | central
    format: str  # the result's extension: the export format, json for analytics
    params: dict[str, Any]
    state: str  # queued | running | done | failed
    progress: dict[str, Any] | None = None
    created: float
    started: float | None = None
    finished: float | None = None
    expires: float | None = None
    bytes: int | None = None
    error: str | None = None
    status: str
    file: str | None = None


def get_jobs(request: Request) -> Jobs:
    state = request.app.state
    if getattr(state, "export_jobs", None) is None:  # the name api/app.py closes at shutdown
        state.export_jobs = Jobs(get_settings(request), expensive(request))
    return state.export_jobs


AllJobs = Annotated[Jobs, Depends(get_jobs)]
_NO_JOB = {404: {"description": "no such job (or its result expired)"}}
_STARTED = {
    202: {"headers": {"Location": {"schema": {"type": "string"}}}},
    429: {
        "description": "as many jobs as allowed are kept: fetch or delete one, or retry later "
        "(Retry-After)"
    },
}


def _job_json(job: Job) -> dict:
    body = {k: v for k, v in job.__dict__.items() if k != "owner"}
    body["status"] = f"{PREFIX[job.kind]}/{job.id}"
    body["file"] = f"{body['status']}/file" if job.state == "done" else None
    return body


def _start(jobs: Jobs, kind: str, params: dict) -> Response:
    try:
        job, _ = jobs.submit(kind, params)
    except Busy as exc:
        # the client's own limit (jobs it keeps), not the server failing: 429, not 503
        raise HTTPException(429, str(exc), headers={"Retry-After": "60"}) from exc
    body = _job_json(job)
    return UTF8JSONResponse(body, status_code=202, headers={"Location": body["status"]})


@router.post("/exports", status_code=202, response_model=JobState, responses=_STARTED)
async def start_export(
    jobs: AllJobs,
    format: m.ExportFormat = m.ExportFormat("json"),  # noqa: A002
) -> Response:
    """Export the whole graph as a job (any size): 202 with the job; poll `GET
    /exports/{id}` until `state` is `done`, then fetch `file`. A format already queued or
    running answers with that job. Results expire (`INNOKG_EXPORT_JOB_TTL_S`, 1 h); at most
    `INNOKG_EXPORT_JOBS` (4) jobs of every kind are kept at once."""
    return _start(jobs, "export", {"format": format.value})


@router.post(
    "/analytics/communities/jobs", status_code=202, response_model=JobState, responses=_STARTED
)
async def start_communities(
    jobs: AllJobs, min_size: Annotated[int, Query(ge=2, le=100)] = 3
) -> Response:
    """`GET /analytics/communities` as a job, for a graph too big for the request's limit:
    poll `GET /analytics/jobs/{id}` (its `progress` names the Louvain level reached), then
    fetch `file` (the same JSON as the GET). Limits and expiry as for export jobs."""
    return _start(jobs, "communities", {"min_size": min_size})


@router.post(
    "/analytics/central/jobs", status_code=202, response_model=JobState, responses=_STARTED
)
async def start_central(
    jobs: AllJobs,
    type: m.EntityType | None = None,  # noqa: A002
    metric: m.Metric = m.Metric("pagerank"),
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Response:
    """`GET /analytics/central` as a job: the same rows; betweenness of a big graph from all
    its sampled sources (MAX_SAMPLES, 200) instead of as many as 10 s allow (the job's final
    `progress` says how many)."""
    params = {"metric": metric.value, "type": type and type.value, "limit": limit}
    return _start(jobs, "central", params)


def _found(jobs: Jobs, job_id: str, prefix: str) -> Job:
    job = jobs.get(job_id)
    if job is None or PREFIX[job.kind] != prefix:
        raise HTTPException(404, f"no job {job_id!r} here (unknown, or its result expired)")
    return job


def _media_type(job: Job) -> str:
    return MEDIA_TYPES[job.format]


def _routes(prefix: str, what: str) -> None:
    """Status, file and DELETE of the jobs under ``prefix`` (one set of handlers for both)."""

    async def status(jobs: AllJobs, job_id: str) -> Response:
        job = _found(jobs, job_id, prefix)
        headers = {} if job.state in ("done", "failed") else {"Retry-After": "5"}
        return UTF8JSONResponse(_job_json(job), headers=headers)

    async def file(jobs: AllJobs, job_id: str) -> Response:
        job = _found(jobs, job_id, prefix)
        if job.state != "done":
            why = f": {job.error}" if job.error else ""
            raise HTTPException(
                409, f"job {job.id} is {job.state}{why}", headers={"Retry-After": "5"}
            )
        name = "innokg" if job.kind == "export" else f"innokg-{job.kind}"
        return FileResponse(
            jobs.result(job), media_type=_media_type(job), filename=f"{name}.{job.format}"
        )

    async def cancel(jobs: AllJobs, job_id: str) -> Response:
        jobs.cancel(_found(jobs, job_id, prefix))
        return Response(status_code=204)

    status.__doc__ = f"{what}'s state (queued, running, done, failed), progress and file URL."
    file.__doc__ = f"The result of a done {what} (a file download; byte ranges resume it)."
    cancel.__doc__ = f"Stop a queued or running {what}, or delete its result before it expires."
    path = prefix + "/{job_id}"
    router.add_api_route(path, status, methods=["GET"], response_model=JobState, responses=_NO_JOB)
    router.add_api_route(
        path + "/file",
        file,
        methods=["GET"],
        response_class=Response,
        responses={
            200: {"content": {t: {} for t in MEDIA_TYPES.values()}},
            409: {"description": "the job is not done (queued, running or failed)"},
            **_NO_JOB,
        },
        name=f"{what} file",
    )
    router.add_api_route(path, cancel, methods=["DELETE"], status_code=204, responses=_NO_JOB)


_routes(EXPORTS, "an export job")
_routes(ANALYTICS, "an analytics job")
