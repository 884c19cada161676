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


def test_pool_workers_exit_when_their_build_is_killed(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):  # enough work that the build is still extracting when it is killed
        shutil.copy(DEFAULT_CORPUS / "004_37fd5f56e0385e07.txt", folder / f"{i}.txt")
        with (folder / f"{i}.txt").open("a", encoding="utf-8") as f:
            f.write(f"\n第{i}份。\n")
    env = {**os.environ, "INNOKG_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "build", str(folder), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def workers() -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=,comm=", "--ppid", str(proc.pid)], capture_output=True, text=True
        ).stdout.splitlines()
        return [int(ln.split()[0]) for ln in out if "redis" not in ln]

    deadline = time.monotonic() + 120
    found: list[int] = []
    while time.monotonic() < deadline and len(found) < 2 and proc.poll() is None:
        found = workers()
        time.sleep(0.2)
    assert len(found) == 2, "the build did not start its two workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    alive = found
    while time.monotonic() < deadline and alive:
        alive = [p for p in alive if os.path.exists(f"/proc/{p}") and _not_zombie(p)]
        time.sleep(0.2)
    assert not alive, f"pool workers outlived their build: {alive}"
    from graph.embedded import stop_server

    stop_server(tmp_path / "data")


def _not_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] != "Z"
    except OSError:
        return False
