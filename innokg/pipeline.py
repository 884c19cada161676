"""Build orchestration: files → Documents → Extractions → store. I/O lives here, not in stages."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.store import GraphStore
from innokg.work import FileResult, FileTask
from loaders.extract.pipeline import extract
from loaders.extract.resolve import resolve_corpus
from loaders.load import LoadFailure, expand_paths, load_file
from schema.records import Document, Extraction, LoadError


@dataclass
class BuildSummary:
    documents: int = 0
    skipped_unchanged: int = 0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    errors: list[LoadError] = field(default_factory=list)
    # written by this build but not complete in the store at its end (should stay empty)
    missing: list[str] = field(default_factory=list)
    engine: str = ""
    workers: int = 1
    seconds: float = 0.0  # loading, extracting and writing
    compact_seconds: float = 0.0  # rewriting the embedded store's append-only file after

    @property
    def all_failed(self) -> bool:
        return self.documents == 0 and self.skipped_unchanged == 0 and bool(self.errors)


def load_documents(
    paths: Iterable[str | Path],
    max_bytes: int,
    on_file: Callable[[Path], None] | None = None,
) -> tuple[list[Document], list[LoadError]]:
    """Load every file under ``paths``; bad files become LoadErrors and the rest goes on."""
    files, errors = expand_paths(paths)
    docs: list[Document] = []
    seen: set[str] = set()
    for path in files:
        try:
            doc = load_file(path, max_bytes=max_bytes)
        except LoadFailure as exc:
            errors.append(LoadError(str(path), exc.reason))
        except Exception as exc:  # noqa: BLE001 - a library bug in one file must not stop the batch
            errors.append(LoadError(str(path), f"cannot load ({type(exc).__name__}: {exc})"))
        else:
            doc.path = _display_path(path)
            if doc.id not in seen:  # the same content under two names is one document
                seen.add(doc.id)
                docs.append(doc)
        if on_file:
            on_file(path)
    return docs, errors


def _display_path(path: Path) -> str:
    """Paths under the working directory are stored relative to it (portable provenance)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def extract_documents(
    docs: list[Document], errors: list[LoadError] | None = None
) -> list[Extraction]:
    """Extract each document, then resolve entities across the batch.

    With ``errors``, a document whose extraction fails is reported there by name and the rest
    goes on; without, the failure propagates.
    """
    extracted = []
    for doc in docs:
        if errors is None:
            extracted.append(extract(doc))
            continue
        try:
            extracted.append(extract(doc))
        except Exception as exc:  # noqa: BLE001 - reported by name, the batch goes on
            errors.append(LoadError(doc.path, f"extraction failed ({type(exc).__name__}: {exc})"))
    return resolve_corpus(extracted)


def count_files(paths: Iterable[str | Path]) -> int:
    files, errors = expand_paths(paths)
    return len(files) + len(errors)


def build(
    paths: Iterable[str | Path],
    store: GraphStore,
    max_bytes: int,
    on_file: Callable[[Path], None] | None = None,
    on_written: Callable[[Extraction], None] | None = None,
    *,
    workers: int | None = 1,
    engine: str = "processes",
    scheduler: str | None = None,
    force: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
) -> BuildSummary:
    """Load, extract and write, streaming: files are extracted by ``engine`` (``workers``
    processes; None: all cores) and each document is written as its result arrives, in file
    order, so memory stays bounded and every engine gives the same graph.

    A document the store already holds completely, written by this version of the extraction
    code, is skipped and counted (its id is a hash of its content); ``force`` rewrites it. A
    repeated build is therefore cheap and its graph the same however often it runs.
    """
    from innokg.engines import make_engine
    from innokg.resolve import resolve_against_store

    summary = BuildSummary()
    store.check_writable()
    files, summary.errors = expand_paths(paths)
    for e in summary.errors:
        if on_file:
            on_file(Path(e.path))
    tasks = [FileTask(str(f), _display_path(f)) for f in files]
    stored = frozenset() if force else frozenset(store.unchanged_documents())
    seen: set[str] = set()
    written: list[str] = []
    started = time.perf_counter()
    runner = make_engine(engine, workers, scheduler=scheduler)
    summary.engine, summary.workers = runner.name, runner.workers
    try:
        for res in runner.map(tasks, max_bytes, stored):
            if res.error is not None:
                summary.errors.append(res.error)
            elif res.skipped or res.doc_id in seen:  # unchanged, or the same content twice
                summary.skipped_unchanged += 1
            else:
                seen.add(res.doc_id or "")
                ex = resolve_against_store(store, res.extraction)
                store.write_extraction(ex)
                written.append(ex.doc.id)
                summary.documents += 1
                summary.entities.update(e.type for e in ex.entities)
                summary.relations.update(r.type for r in ex.relations)
                if on_written:
                    on_written(ex)
            if on_file:
                on_file(Path(res.task.path))
            if on_result:
                on_result(res)
    finally:
        runner.close()
    summary.seconds = time.perf_counter() - started
    summary.missing = missing_documents(store, written)
    if summary.documents:
        summary.compact_seconds = store.compact()
    return summary


def missing_documents(store: GraphStore, ids: list[str]) -> list[str]:
    """Which of ``ids`` the store does not hold complete (what a build reports at its end)."""
    from graph.cypher import COMPLETE_AMONG

    held: set[str] = set()
    for i in range(0, len(ids), 1000):
        held.update(r[0] for r in store.query(COMPLETE_AMONG, {"ids": ids[i : i + 1000]}).rows)
    return [i for i in ids if i not in held]
