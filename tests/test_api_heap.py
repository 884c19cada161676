"""The serving app keeps the collector off its start-up heap (api/heap.py) and hands it back."""

from __future__ import annotations

import gc
import weakref

from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import GraphStore
from innokg.config import Settings


class _Node:
    """A cycle of two of these is garbage only the collector frees."""

    other: _Node | None = None


def test_the_started_app_is_frozen_and_thawed_at_shutdown(
    store: GraphStore, store_settings: Settings
) -> None:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    dead = weakref.ref(a)
    del a, b  # unreachable, but a cycle: still alive until a collection
    assert gc.get_freeze_count() == 0
    with TestClient(create_app(store_settings, store=store)) as client:
        assert gc.get_freeze_count() > 0  # the started app's objects are out of the walks
        assert dead() is None  # garbage from before the start was collected, not frozen
        assert client.get("/health").status_code == 200
    assert gc.get_freeze_count() == 0  # back in the generations: nothing left unseen
