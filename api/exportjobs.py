"""Export jobs: the whole graph written to a file by a process of its own, fetched when ready.

``GET /export`` answers within ``INNOKG_EXPORT_TIMEOUT_MS`` (60 s): enough for a corpus-sized
graph, not for the generated 100k/300k one (55 s for node-link JSON and 183 s for Turtle on a
quiet machine, 1.7 GB of memory; 4-5x longer when the machine is busy). ``POST /exports`` runs
the same export as ``innokg export`` as a job instead (why jobs and not a streamed response:
docs/api.md, measured in docs/benchmarks.md):

- one job runs at a time per server process, holding one slot of the expensive lane
  (api/lanes.py) while it runs, so /health and the API's own reads keep their threads;
- it runs in a child process (below the server in CPU priority, with an address-space limit and
  a time limit, killed past it) so its memory is not the API's;
- at most ``export_jobs_kept`` jobs exist at once (queued, running or with a result): past
  that, 503 with Retry-After; a second request for a format already queued or running gets
  that job;
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
import time
from dataclasses import dataclass
from pathlib import Path

from api.lanes import Lane
from graph.embedded import _alive
from innokg.config import Settings

STATES = ("queued", "running", "done", "failed")


@dataclass
class Job:
    id: str
    format: str
    state: str = "queued"
    created: float = 0.0
    started: float | None = None
    finished: float | None = None
    expires: float | None = None
    bytes: int | None = None
    error: str | None = None
    owner: int = 0  # pid of the server process that runs it


class Busy(Exception):
    """As many jobs as allowed are kept; try again once one has expired."""


class ExportJobs:
    def __init__(self, settings: Settings, lane: Lane) -> None:
        self.settings, self.lane = settings, lane
        self.folder = settings.data_dir.resolve() / "exports"
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._one = asyncio.Lock()  # one export at a time in this process
        self._procs: dict[str, asyncio.subprocess.Process] = {}
        self._tasks: set[asyncio.Task] = set()
        self._mine: set[str] = set()  # jobs this instance started
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

    def submit(self, fmt: str) -> tuple[Job, bool]:
        """(the job, whether it is new): a format already queued or running is that job."""
        jobs = self.jobs()
        for job in jobs:
            if job.format == fmt and job.state in ("queued", "running"):
                return job, False
        if len(jobs) >= self.settings.export_jobs_kept:
            raise Busy(
                f"busy: {len(jobs)} export jobs are kept (the limit); fetch one or try again "
                "when one has expired"
            )
        job = Job(secrets.token_urlsafe(12), fmt, created=time.time(), owner=os.getpid())
        self._save(job)
        self._mine.add(job.id)
        task = asyncio.get_running_loop().create_task(self._run(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job, True

    async def _run(self, job: Job) -> None:
        async with self._one, self.lane.slot():
            if self.get(job.id) is None:  # cancelled while queued
                return
            job.state, job.started = "running", time.time()
            self._save(job)
            try:
                error = await self._export(job)
            except Exception as exc:  # noqa: BLE001 - reported on the job, not lost
                error = f"{type(exc).__name__}: {exc}"
            finally:
                self._procs.pop(job.id, None)
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

    async def _export(self, job: Job) -> str | None:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "api.exportjobs",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self._procs[job.id] = proc
        order = {
            "settings": _settings_json(self.settings),
            "format": job.format,
            "out": str(self._partial(job)),
            "memory_bytes": self.settings.export_job_memory_bytes,
        }
        limit = self.settings.export_job_timeout_s
        try:
            _, err = await asyncio.wait_for(proc.communicate(json.dumps(order).encode()), limit)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            return f"the export took longer than {limit:g} s and was stopped"
        if proc.returncode == 0:
            return None
        lines = err.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"the export process ended with {proc.returncode}"

    def cancel(self, job: Job) -> None:
        """Stop it (if this process runs it) and forget it; its files go."""
        proc = self._procs.get(job.id)
        if proc is not None and proc.returncode is None:
            proc.kill()
        elif job.state == "running" and job.owner != os.getpid() and _alive(job.owner):
            pass  # another server process runs it: it sees the job gone when it ends
        self._remove(job)

    def close(self) -> None:
        """The server stops: its running exports end, its unfinished jobs are failed."""
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


def _work() -> None:
    """The child: read the order on stdin, write the export to ``out`` (no time limit of its
    own but the job's: each page of the read still has one, graph.snapshot)."""
    import resource

    order = json.loads(sys.stdin.read())
    os.nice(10)
    if order["memory_bytes"]:
        resource.setrlimit(resource.RLIMIT_AS, (order["memory_bytes"],) * 2)
    values = order["settings"]
    values["data_dir"] = Path(values["data_dir"])
    settings = Settings(**values)
    from graph import open_store
    from graph.export import export_graph

    store = open_store(settings)
    try:
        data = export_graph(store, order["format"])
    finally:
        store.close()
    out = Path(order["out"])
    with open(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    try:
        _work()
    except MemoryError:
        sys.exit("the export needed more memory than the job may use (export_job_memory_bytes)")
    except Exception as exc:  # noqa: BLE001 - the last line of stderr is the job's error
        sys.exit(f"{type(exc).__name__}: {exc}")
