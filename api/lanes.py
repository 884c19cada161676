"""A reserved lane: expensive reads (user Cypher, exports, analytics) share a few slots, wait
for one without holding a thread, and stop when the client goes away.

The embedded store runs a fixed number of query threads; six expensive /cypher queries used
to take them all and /health waited 15 s behind them. Expensive work takes one of
``Settings.expensive_slots`` slots first (waiting at most its own time limit, then a 503), so
the store always has threads left for the API's own small reads. The wait is asynchronous: a
queue of waiting /cypher requests used to hold the server's worker threads, which every other
synchronous route needs too.

The work itself runs on a worker thread with a ``threading.Event`` that is set when the client
disconnects or the time limit passes; paged reads (exports, analytics) stop at their next page,
and the request is answered 504 at its limit + ``GRACE_S`` whatever the work is doing. A single store query
cannot be interrupted from here (FalkorDB has no kill): it ends at its own time limit, and the
slot stays taken until it has, so the lane keeps counting what the store is really doing.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
Work = Callable[[int, threading.Event], T]  # (milliseconds left, cancelled) → result
# a request is answered (504) this long after its limit even if its work goes on: longer than
# the store's own grace (graph.falkor_store), so a store timeout normally answers first
GRACE_S = 0.9


class ClientGone(HTTPException):
    """The client disconnected before the answer was ready (nobody receives this response)."""

    def __init__(self) -> None:
        super().__init__(499, "the client closed the request")


class Lane:
    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._sem: asyncio.Semaphore | None = None  # made on the server's loop

    async def run(self, request: Request, timeout_ms: int, work: Work[T]) -> T:
        """``work(ms_left, cancelled)`` on a thread once a slot is free; 503 past the limit."""
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.slots)
        started = time.monotonic()
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            acquire = asyncio.ensure_future(self._sem.acquire())
            await asyncio.wait(
                {acquire, gone}, timeout=timeout_ms / 1000, return_when=asyncio.FIRST_COMPLETED
            )
            if not acquire.done() or acquire.cancelled():
                acquire.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    if await acquire:  # it was granted while being cancelled
                        self._sem.release()
                if gone.done():
                    raise ClientGone()
                raise HTTPException(
                    503,
                    f"busy: {self.slots} expensive queries are running; try again shortly",
                    headers={"Retry-After": "2"},
                )
            held = True
            try:
                left = max(timeout_ms - int((time.monotonic() - started) * 1000), 1)
                cancelled = threading.Event()
                job = asyncio.ensure_future(run_in_threadpool(work, left, cancelled))
                await asyncio.wait(
                    {job, gone}, timeout=left / 1000 + GRACE_S, return_when=asyncio.FIRST_COMPLETED
                )
                if job.done():
                    return job.result()
                cancelled.set()
                if gone.done():
                    with contextlib.suppress(Exception):
                        await job  # the slot is held until the work has really stopped
                    raise ClientGone()
                # past its time (networkx or rdflib after the last page, which no page check
                # stops): answer now; the slot stays taken until the work has really stopped
                held = False
                job.add_done_callback(self._free)
                raise HTTPException(
                    504, f"timed out after {timeout_ms} ms (answered at the limit; the work stops)"
                )
            finally:
                if held:
                    self._sem.release()
        finally:
            gone.cancel()

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a slot for background work (an export job): waits as long as it takes."""
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.slots)
        async with self._sem:
            yield

    def _free(self, job: asyncio.Future) -> None:
        if not job.cancelled():
            job.exception()  # retrieved: an overrun's own error has nobody to go to
        assert self._sem is not None
        self._sem.release()


async def _disconnected(request: Request) -> None:
    """Returns when the client has gone (the body was read before the route ran)."""
    try:
        while (await request.receive())["type"] != "http.disconnect":
            pass
    except Exception:  # noqa: BLE001 - a server that cannot tell: never report the client gone
        await asyncio.Event().wait()


def expensive(request: Request) -> Lane:
    return request.app.state.expensive
