"""A first-come, first-served gate in front of the API's own read routes.

Every synchronous route runs on a worker thread; with 32 requests in flight each process had 32
threads taking turns at the GIL, so a request's time was decided by the scheduler rather than
by when it came (neighbours p50 0.5 s, p99 3-6 s at 32 clients on the 100k graph), and a
request whose client had already gone still ran once a thread was free. Here at most
``slots`` of these requests run at once per process; the rest wait in arrival order without a
thread, and a request whose client disconnects while waiting is dropped without running. A
request that waits longer than ``wait_ms`` gets 503 with Retry-After.

Only the listed read routes pass through the gate: /health and the page stay immediate, and
expensive work (/cypher, exports, analytics) has its own lane (api/lanes.py).
"""

from __future__ import annotations

import asyncio
import collections

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem

GATED_PREFIXES = ("/entities", "/resolve", "/paths", "/transfer-chains", "/relations", "/stats")


class ReadGate:
    def __init__(self, app: ASGIApp, slots: int, wait_ms: int) -> None:
        self.app, self.slots, self.wait_s = app, slots, wait_ms / 1000
        self.running = 0
        self._waiting: collections.deque[asyncio.Future[None]] = collections.deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith(GATED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        if self.running < self.slots and not self._waiting:
            self.running += 1
            try:
                await self.app(scope, receive, send)
            finally:
                self._release()
            return
        await self._queued(scope, receive, send)

    async def _queued(self, scope: Scope, receive: Receive, send: Send) -> None:
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        early: list[Message] = []  # what the client sent while waiting, replayed to the app

        async def gone() -> None:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                early.append(message)

        watch = asyncio.ensure_future(gone())
        try:
            done, _ = await asyncio.wait(
                {turn, watch}, timeout=self.wait_s, return_when="FIRST_COMPLETED"
            )
        except BaseException:  # this request was cancelled while waiting (server shutting down)
            watch.cancel()
            if turn.done() and not turn.cancelled():
                self._release()  # the slot was just handed to it: pass it on
            else:
                turn.cancel()
                self._waiting.remove(turn)
            raise
        left = watch in done
        watch.cancel()
        if not turn.done():  # the client left, or the wait is over: give the turn up
            turn.cancel()
            self._waiting.remove(turn)
            if not left:
                busy = problem(
                    503,
                    f"busy: {self.slots} reads are running in this process and the wait was "
                    "over; try again shortly",
                )
                busy.headers["Retry-After"] = "1"
                await busy(scope, receive, send)
            return
        # the turn was handed over by _release: this request holds the slot from now
        try:
            if left:
                return  # nobody to answer
            replay = collections.deque(early)

            async def receive_again() -> Message:
                return replay.popleft() if replay else await receive()

            await self.app(scope, receive_again, send)
        finally:
            self._release()

    def _release(self) -> None:
        """Hand the slot to the first live waiter, else free it."""
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # running stays the same: the slot changes hands
                return
        self.running -= 1
