"""Uploads are loaded and extracted in worker processes, never on the server's event loop.

A .docx zip bomb held every request for 60 s and a 20k-page PDF 14 s when the upload was
extracted inside the async handler. Here each job runs in one of a few long-lived worker
processes (spawned, so they share no locks or threads with the server) under an address-space
limit; a job that runs past its time is ended by killing its worker, which is replaced. The
server only waits on a pipe, from a thread, so it goes on answering everyone else.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from loaders.read import LoadFailure
from schema.records import Extraction

UPLOAD_NICENESS = 10


class JobFailed(Exception):
    """A job that ran out of time or memory, or whose worker died; ``status`` for the API."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def _serve(conn: Connection, memory_bytes: int) -> None:
    """Worker main loop: (name, data, max_bytes) → ("ok", Extraction) | ("fail", reason)."""
    import os
    import resource

    # below the server in CPU priority: a zip bomb being refused must not slow /health
    os.nice(UPLOAD_NICENESS)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from innokg.pipeline import extract_documents
    from loaders.extract.pipeline import extract
    from loaders.load import document_from_text, load_bytes

    extract(document_from_text("北京。", "warm-up.txt", "txt"))  # load dictionaries now
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        name, data, max_bytes = job
        try:
            doc = load_bytes(data, name, max_bytes)
            (ex,) = extract_documents([doc])
            reply: tuple[str, Any] = ("ok", ex)
        except LoadFailure as exc:
            reply = ("fail", exc.reason)
        except MemoryError:
            reply = ("limit", "reading it needed more memory than an upload may use")
        except Exception as exc:  # noqa: BLE001 - reported to the uploader by name
            reply = ("fail", f"cannot load ({type(exc).__name__}: {exc})")
        del data, job
        conn.send(reply)


class _Worker:
    def __init__(self, memory_bytes: int) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_serve, args=(child, memory_bytes), daemon=True, name="innokg-upload"
        )
        self.process.start()
        child.close()
        # the first job's time limit should not include starting Python and its dictionaries
        if not self.conn.poll(120) or self.conn.recv()[0] != "ready":
            self.kill()
            raise OSError("the upload worker did not start")

    def call(self, job: tuple[str, bytes, int], timeout: float) -> tuple[str, Any]:
        """Blocking; raises TimeoutError (the caller kills the worker) or EOFError."""
        self.conn.send(job)
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


class ExtractionPool:
    """``size`` workers; an upload waits for a free one, then gets ``timeout`` seconds."""

    def __init__(self, size: int, timeout: float, memory_bytes: int) -> None:
        self.size, self.timeout, self.memory_bytes = size, timeout, memory_bytes
        self._idle: list[_Worker] = []
        self._slots: asyncio.Semaphore | None = None  # made on the server's loop
        self._threads = ThreadPoolExecutor(size, thread_name_prefix="innokg-upload")
        self._lock = threading.Lock()
        self._closed = False

    async def extract(self, name: str, data: bytes, max_bytes: int) -> Extraction:
        """Load and extract one uploaded file; LoadFailure for bad input, JobFailed otherwise."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.timeout)
        except TimeoutError as exc:
            raise JobFailed(503, f"all {self.size} upload workers are busy; try again") from exc
        try:
            loop = asyncio.get_running_loop()
            kind, value = await loop.run_in_executor(
                self._threads, self._run, (name, data, max_bytes)
            )
        finally:
            self._slots.release()
        if kind == "ok":
            return value
        if kind == "fail":
            raise LoadFailure(value)
        raise JobFailed(422, value)

    def _run(self, job: tuple[str, bytes, int]) -> tuple[str, Any]:
        worker = self._take()
        try:
            result = worker.call(job, self.timeout)
        except TimeoutError:
            worker.kill()
            return "limit", f"reading it took longer than the {self.timeout:.0f} s allowed"
        except (EOFError, OSError):
            worker.kill()  # died (out of memory in C code, killed): replaced next time
            return "limit", "reading it needed more memory than an upload may use"
        self._give_back(worker)
        return result

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.kill()
        return _Worker(self.memory_bytes)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
            else:
                self._idle.append(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)
