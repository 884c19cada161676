"""Keep the garbage collector off a serving process's long-lived heap.

Everything alive once the app has started (modules, routes, the OpenAPI schema, the store's
client) lives as long as the process, yet the collector's older generations walk it again and
again while requests allocate: on the 100k graph's chains page (2,400 reply cells, 100 chains)
that was 4–6 ms of about 11 ms of Python per request (docs/benchmarks.md, 2026-12-03b).
``gc.freeze()`` moves what is alive at start-up out of the collector's generations; the
thresholds stay Python's own (raising them measured no better). At shutdown ``gc.unfreeze()``
hands it back, so an app started and stopped inside a longer process (the tests) leaves no
cycles behind that the collector can never see.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen_heap() -> Iterator[int]:
    """While the app serves: what lives at start-up is frozen (yields how many objects)."""
    gc.collect()  # garbage from start-up is freed first, not frozen with the rest
    gc.freeze()
    try:
        yield gc.get_freeze_count()
    finally:
        gc.unfreeze()
