"""Issue 17, engines: Dask (local cluster, 2 single-threaded worker processes) maps the same
extraction function and writes through the same writer as the process pool: the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import open_store
from graph.snapshot import snapshot
from graph.store import GraphStore
from innokg.config import DEFAULT_CORPUS, Settings
from innokg.engines import ordered
from innokg.pipeline import build

pytest.importorskip("distributed")


def test_dask_local_cluster_builds_the_graph_of_the_process_pool(
    tmp_path: Path, corpus_store: GraphStore
) -> None:
    s = open_store(Settings(data_dir=tmp_path / "data"))
    try:
        summary = build([DEFAULT_CORPUS], s, 50 << 20, workers=2, engine="dask")
        assert (summary.engine, summary.workers, summary.documents) == ("dask", 2, 5)
        assert snapshot(s) == snapshot(corpus_store)
        again = build([DEFAULT_CORPUS], s, 50 << 20, workers=2, engine="dask")
        assert (again.documents, again.skipped_unchanged) == (0, 5)  # stored ids reach workers
        assert snapshot(s) == snapshot(corpus_store)
    finally:
        s.close()


class _Done:
    def __init__(self, value: int) -> None:
        self.value = value

    def result(self) -> int:
        return self.value


def test_results_come_in_input_order_with_a_bounded_window() -> None:
    in_flight, most = [0], [0]

    def submit(task: int) -> _Done:
        in_flight[0] += 1
        most[0] = max(most[0], in_flight[0])
        return _Done(task)

    out = []
    for r in ordered(submit, range(20), window=3):  # type: ignore[arg-type]
        in_flight[0] -= 1
        out.append(r)
    assert out == list(range(20)) and most[0] == 3
