"""Counts for /health without making /health wait on the store.

/health is what load balancers and people poll while the server is busy; three count scans per
call queued behind expensive queries held it for seconds. The counts are refreshed on a
background thread at most once a second; /health answers with the last ones (503 when the last
refresh failed), so it never waits for the store's query threads. The route is async and
touches nothing but this cache: it needs none of the server's worker threads either (a queue
of slow synchronous requests cannot hold it), only the event loop.
"""

from __future__ import annotations

import threading
import time

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api import models as m
from graph.store import Counts, GraphStore, StoreError

router = APIRouter(tags=["graph"])


@router.get("/health", response_model=m.Health)
async def health(request: Request) -> m.Health:
    """Store reachable, with counts at most a second old (503 when it is not)."""
    cache: CountsCache = request.app.state.counts
    store = request.app.state.store
    try:
        c = cache.latest(store)
        if c is None:  # nothing yet: the first call waits for the store, off the loop
            c = await run_in_threadpool(cache.get, store)
    except StoreError as exc:
        raise HTTPException(503, f"graph store unreachable: {exc}") from exc
    return m.Health(
        status="ok",
        store=request.app.state.settings.store,
        nodes=c.total_nodes,
        relations=c.total_relations,
        documents=c.documents,
    )


class CountsCache:
    def __init__(self, max_age_s: float = 1.0) -> None:
        self.max_age_s = max_age_s
        self._lock = threading.Lock()
        self._value: Counts | None = None
        self._error: StoreError | None = None
        self._at = 0.0
        self._refreshing = False

    def get(self, store: GraphStore) -> Counts:
        """The latest counts; the first call waits for the store."""
        found = self.latest(store)
        if found is None:
            self._refresh(store)
            found = self.latest(store)
        return found  # type: ignore[return-value]

    def latest(self, store: GraphStore) -> Counts | None:
        """The last counts without waiting (None before the first), refreshing them in the
        background when older than ``max_age_s``; the last refresh's error is raised."""
        if self._value is None and self._error is None:
            return None
        if time.monotonic() - self._at >= self.max_age_s:
            with self._lock:
                start, self._refreshing = not self._refreshing, True
            if start:
                threading.Thread(target=self._refresh, args=(store,), daemon=True).start()
        if self._error is not None:
            raise self._error
        return self._value

    def _refresh(self, store: GraphStore) -> None:
        try:
            self._value, self._error = store.counts(), None
        except StoreError as exc:
            self._error = exc
        finally:
            self._at = time.monotonic()
            self._refreshing = False
