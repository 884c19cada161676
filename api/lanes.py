"""A reserved lane: expensive reads (user Cypher, exports, analytics) share a few slots.

The embedded store runs a fixed number of query threads; six expensive /cypher queries used
to take them all and /health waited 15 s behind them. Expensive work takes one of
``Settings.expensive_slots`` slots first (waiting at most its own time limit, then a 503), so
the store always has threads left for the API's own small reads and /health.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from fastapi import HTTPException, Request


class Lane:
    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._sem = threading.BoundedSemaphore(slots)

    @contextlib.contextmanager
    def slot(self, timeout_ms: int) -> Iterator[int]:
        """Hold a slot; yields the milliseconds left of ``timeout_ms`` after waiting for it."""
        started = time.monotonic()
        if not self._sem.acquire(timeout=timeout_ms / 1000):
            raise HTTPException(
                503,
                f"busy: {self.slots} expensive queries are running; try again shortly",
                headers={"Retry-After": "2"},
            )
        try:
            left = timeout_ms - int((time.monotonic() - started) * 1000)
            yield max(left, 1)
        finally:
            self._sem.release()


def expensive(request: Request) -> Lane:
    return request.app.state.expensive
