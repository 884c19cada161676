"""Jobs: work too long for a request (a whole-graph export, communities or betweenness of a big
graph) done by a process of its own, its result a file fetched when ready.

``GET /export`` and ``GET /analytics/...`` answer within ``INNOKG_EXPORT_TIMEOUT_MS`` (60 s):
enough for a corpus-sized graph, not for the generated 100k/300k one (an export takes 55-183 s
and 1.7 GB there; one Louvain call longer than the limit). ``POST /exports`` and ``POST
/analytics/{communities,central}/jobs`` run the same work as a job instead (what each kind runs:
api/jobtasks.py; why jobs and not a streamed response: docs/api.md; measured in
docs/benchmarks.md):

- one job runs at a time per server process, holding one slot of the expensive lane
  (api/lanes.py) while it runs, so /health and the API's own reads keep their threads;
- it runs in a child process (below the server in CPU priority, with an address-space limit and
  a time limit, killed past it) so its memory is not the API's; the child reports where it is
  (one JSON line per step on stdout), kept as the job's ``progress``;
- at most ``export_jobs_kept`` jobs (of every kind) exist at once (queued, running or with a
  result): past that, 429 with Retry-After (the client's to wait for, not a server fault); a second request for the same work already queued
  or running gets that job;
- a result expires ``export_job_ttl_s`` after it was written (file removed).

State lives in ``<data dir>/exports/<id>.state.json`` next to the result, so every process of
``innokg serve --workers N`` answers for every job; a job whose process is gone is failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from api import jobtasks
from api.lanes import Lane
from graph.embedded import _alive
from innokg.config import Settings

STATES = ("queued", "running", "done", "failed")


@dataclass
class Job:
    id: str
    format: str  # the result file's extension: an export's format, json for analytics
    state: str = "queued"
    created: float = 0.0
    started: float | None = None
    finished: float | None = None
    expires: float | None = None
    bytes: int | None = None
    error: str | None = None
    owner: int = 0  # pid of the server process that runs it
    kind: str = "export"  # what it runs: a key of api.jobtasks.TASKS
    params: dict = field(default_factory=dict)  # the work's own parameters (validated before)
    progress: dict | None = None  # the child's last report: {"phase": ..., counts}


class Busy(Exception):
    """As many jobs as allowed are kept; try again once one has expired."""


class Jobs:
    def __init__(self, settings: Settings, lane: Lane) -> None:
        self.settings, self.lane = settings, lane
        self.folder = settings.data_dir.resolve() / "exports"
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._one = asyncio.Lock()  # one job at a time in this process
        self._procs: dict[str, asyncio.subprocess.Process] = {}
        self._tasks: set[asyncio.Task] = set()
        self._mine: set[str] = set()  # jobs this instance started
        # a DELETE from another thread (a test client's) must not fall between a running job's
        # "still there?" and its next save, which would bring the deleted job back
        self._guard = threading.RLock()
        self.sweep()

    # ------------------------------------------------------------------ state on disk

    def _status(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.state.json"  # not {id}.json: that is a json result

    def result(self, job: Job) -> Path:
        return self.folder / f"{job.id}.{job.format}"

    def _save(self, job: Job) -> None:
        tmp = self.folder / f".{job.id}.state.json.tmp"
        tmp.write_text(json.dumps(dataclasses.asdict(job)))
        tmp.chmod(0o600)
        tmp.replace(self._status(job.id))

    def get(self, job_id: str) -> Job | None:
        if not job_id.replace("-", "").replace("_", "").isalnum():
            return None
        try:
            job = Job(**json.loads(self._status(job_id).read_text()))
        except (OSError, ValueError, TypeError):
            return None
        if job.state in ("queued", "running") and not _alive(job.owner):
            job.state, job.finished = "failed", time.time()
            job.error = "the server process running it stopped before it finished"
            job.expires = job.finished + self.settings.export_job_ttl_s
            self._save(job)
        if job.expires is not None and job.expires <= time.time():
            self._remove(job)
            return None
        return job

    def jobs(self) -> list[Job]:
        found = (self.get(p.name.split(".")[0]) for p in self.folder.glob("*.state.json"))
        return [j for j in found if j is not None]

    def sweep(self) -> None:
        """Expired jobs and their files go; so do partial files no live job is writing."""
        live = {j.id for j in self.jobs()}
        for p in self.folder.iterdir():
            if p.name.lstrip(".").split(".")[0] not in live:
                with contextlib.suppress(OSError):
                    p.unlink()

    def _remove(self, job: Job) -> None:
        for p in (self._status(job.id), self.result(job), self._partial(job)):
            with contextlib.suppress(OSError):
                p.unlink()

    def _partial(self, job: Job) -> Path:
        return self.folder / f".{job.id}.{job.format}.part"

    # ------------------------------------------------------------------ running

    def submit(self, kind: str, params: dict) -> tuple[Job, bool]:
        """(the job, whether it is new): the same work already queued or running is that job."""
        fmt = jobtasks.TASKS[kind].extension(params)
        jobs = self.jobs()
        for job in jobs:
            same = (job.kind, job.format, job.params) == (kind, fmt, params)
            if same and job.state in ("queued", "running"):
                return job, False
        if len(jobs) >= self.settings.export_jobs_kept:
            raise Busy(
                f"busy: {len(jobs)} jobs are kept (the limit); fetch one or try again "
                "when one has expired"
            )
        job = Job(
            secrets.token_urlsafe(12),
            fmt,
            created=time.time(),
            owner=os.getpid(),
            kind=kind,
            params=params,
        )
        self._save(job)
        self._mine.add(job.id)
        task = asyncio.get_running_loop().create_task(self._run(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job, True

    async def _run(self, job: Job) -> None:
        async with self._one, self.lane.slot():
            with self._guard:
                if self.get(job.id) is None:  # cancelled while queued
                    return
                job.state, job.started = "running", time.time()
                self._save(job)
            try:
                error = await self._child(job)
            except Exception as exc:  # noqa: BLE001 - reported on the job, not lost
                error = f"{type(exc).__name__}: {exc}"
            finally:
                self._procs.pop(job.id, None)
            with self._guard:
                self._finish(job, error)

    def _finish(self, job: Job, error: str | None) -> None:
        if self.get(job.id) is None:  # cancelled while running: nothing to report
            self._remove(job)
            return
        job.finished = time.time()
        job.expires = job.finished + self.settings.export_job_ttl_s
        if error is None:
            self._partial(job).replace(self.result(job))
            job.state, job.bytes = "done", self.result(job).stat().st_size
        else:
            job.state, job.error = "failed", error
            with contextlib.suppress(OSError):
                self._partial(job).unlink()
        self._save(job)

    async def _child(self, job: Job) -> str | None:
        """Run the job's work in a child process: None once it has written its result, else
        why not. Its progress lines update the job as they come."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "api.jobtasks",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        self._procs[job.id] = proc
        order = {
            "settings": _settings_json(self.settings),
            "kind": job.kind,
            "params": job.params,
            "out": str(self._partial(job)),
            "memory_bytes": self.settings.export_job_memory_bytes,
        }
        assert proc.stdin is not None and proc.stderr is not None
        proc.stdin.write(json.dumps(order).encode())
        proc.stdin.close()
        errors = asyncio.ensure_future(proc.stderr.read())
        limit = self.settings.export_job_timeout_s
        try:
            await asyncio.wait_for(self._follow(job, proc), limit)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            errors.cancel()
            return f"the job took longer than {limit:g} s and was stopped"
        err = await errors
        if proc.returncode == 0:
            return None
        lines = err.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"the job's process ended with {proc.returncode}"

    async def _follow(self, job: Job, proc: asyncio.subprocess.Process) -> None:
        """Until the child ends: each line it prints is where it is now."""
        assert proc.stdout is not None
        async for line in proc.stdout:
            with contextlib.suppress(ValueError):
                where = json.loads(line)
                with self._guard:
                    if isinstance(where, dict) and self._status(job.id).exists():  # not DELETEd
                        job.progress = where
                        self._save(job)
        await proc.wait()

    def cancel(self, job: Job) -> None:
        """Stop it (if this process runs it) and forget it; its files go. (Another server
        process running it sees the job gone when it ends.)"""
        with self._guard:
            proc = self._procs.get(job.id)
            if proc is not None and proc.returncode is None:
                proc.kill()
            self._remove(job)

    def close(self) -> None:
        """The server stops: its running jobs end, its unfinished jobs are failed."""
        for proc in self._procs.values():
            if proc.returncode is None:
                proc.kill()
        for task in self._tasks:
            task.cancel()
        for job_id in self._mine:
            job = self.get(job_id)
            if job is not None and job.state in ("queued", "running"):
                job.state, job.finished = "failed", time.time()
                job.error = "the server stopped before it finished"
                job.expires = job.finished + self.settings.export_job_ttl_s
                self._save(job)
                with contextlib.suppress(OSError):
                    self._partial(job).unlink()


def _settings_json(settings: Settings) -> dict:
    return {
        k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(settings).items()
    }
