"""Counts for /health without making /health wait on the store.

/health is what load balancers and people poll while the server is busy; three count scans per
call queued behind expensive queries held it for seconds. The counts are refreshed on a
background thread at most once a second; /health answers with the last ones (503 when the last
refresh failed), so it never waits for the store's query threads.
"""

from __future__ import annotations

import threading
import time

from graph.store import Counts, GraphStore, StoreError


class CountsCache:
    def __init__(self, max_age_s: float = 1.0) -> None:
        self.max_age_s = max_age_s
        self._lock = threading.Lock()
        self._value: Counts | None = None
        self._error: StoreError | None = None
        self._at = 0.0
        self._refreshing = False

    def get(self, store: GraphStore) -> Counts:
        if self._value is None and self._error is None:
            self._refresh(store)  # the first call waits
        elif time.monotonic() - self._at >= self.max_age_s:
            with self._lock:
                start, self._refreshing = not self._refreshing, True
            if start:
                threading.Thread(target=self._refresh, args=(store,), daemon=True).start()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def _refresh(self, store: GraphStore) -> None:
        try:
            self._value, self._error = store.counts(), None
        except StoreError as exc:
            self._error = exc
        finally:
            self._at = time.monotonic()
            self._refreshing = False
