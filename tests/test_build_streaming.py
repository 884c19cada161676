"""Issue 17, streaming build: documents already stored unchanged are skipped and counted, a pool
of extraction processes gives the same graph as one process, bad files are reported by name
while the rest goes on, and the summary's numbers are the store's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import open_store
from graph.snapshot import snapshot
from graph.store import GraphStore
from innokg.config import DEFAULT_CORPUS, Settings
from innokg.pipeline import build


def _corpus_with_bad_files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(DEFAULT_CORPUS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.pdf").write_bytes(b"\x00\x01 not a pdf")
    shutil.copy(DEFAULT_CORPUS / "000_8ba5aff045826406.txt", folder / "copy.txt")  # same content
    return folder


@pytest.fixture
def fresh_store(tmp_path: Path):  # noqa: ANN201
    s = open_store(Settings(data_dir=tmp_path / "data"))
    yield s
    s.close()


def test_rebuild_skips_unchanged_documents_and_keeps_the_graph(
    fresh_store: GraphStore, corpus_store: GraphStore
) -> None:
    first = build([DEFAULT_CORPUS], fresh_store, 50 << 20)
    assert (first.documents, first.skipped_unchanged) == (5, 0)
    graph = snapshot(fresh_store)
    assert graph == snapshot(corpus_store)
    again = build([DEFAULT_CORPUS], fresh_store, 50 << 20)
    assert (again.documents, again.skipped_unchanged, again.errors) == (0, 5, [])
    assert snapshot(fresh_store) == graph
    forced = build([DEFAULT_CORPUS], fresh_store, 50 << 20, force=True)
    assert (forced.documents, forced.skipped_unchanged) == (5, 0)
    assert snapshot(fresh_store) == graph
    assert fresh_store.counts() == corpus_store.counts()


def test_a_changed_extractor_rewrites_stored_documents(fresh_store: GraphStore) -> None:
    build([DEFAULT_CORPUS], fresh_store, 50 << 20)
    fresh_store._write(  # type: ignore[attr-defined]
        "MATCH (d:Document) WHERE d.path ENDS WITH '000_8ba5aff045826406.txt' "
        "SET d.extractor = 'an older version'"
    )
    again = build([DEFAULT_CORPUS], fresh_store, 50 << 20)
    assert (again.documents, again.skipped_unchanged) == (1, 4)


def test_a_process_pool_gives_the_graph_of_one_process_and_reports_bad_files(
    tmp_path: Path, fresh_store: GraphStore, corpus_store: GraphStore
) -> None:
    folder = _corpus_with_bad_files(tmp_path)
    summary = build([folder], fresh_store, 50 << 20, workers=2)
    assert summary.workers == 2 and summary.engine == "processes"
    assert summary.documents == 5
    assert summary.skipped_unchanged == 1  # copy.txt: the same content as a corpus file
    assert sorted(Path(e.path).name for e in summary.errors) == ["binary.pdf", "empty.txt"]
    assert snapshot(fresh_store) == snapshot(corpus_store)
    assert fresh_store.counts() == corpus_store.counts()


def test_a_store_written_by_an_earlier_version_is_refused_with_a_clear_error(
    fresh_store: GraphStore,
) -> None:
    from graph.store import StoreError

    fresh_store._write("CREATE (:Document {id: 'old', complete: true})")  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="--fresh"):
        build([DEFAULT_CORPUS], fresh_store, 50 << 20)
