"""Build orchestration: files → Documents → Extractions → store. I/O lives here, not in stages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.store import GraphStore
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
) -> BuildSummary:
    """Load, extract and write; unchanged documents already in the store are rewritten in place
    (writes are idempotent), so the graph after a build is the same however often it runs."""
    summary = BuildSummary()
    docs, summary.errors = load_documents(paths, max_bytes, on_file)
    written: list[str] = []
    for ex in extract_documents(docs, summary.errors):
        store.write_extraction(ex)
        written.append(ex.doc.id)
        summary.documents += 1
        summary.entities.update(e.type for e in ex.entities)
        summary.relations.update(r.type for r in ex.relations)
        if on_written:
            on_written(ex)
    summary.missing = missing_documents(store, written)
    return summary


def missing_documents(store: GraphStore, ids: list[str]) -> list[str]:
    """Which of ``ids`` the store does not hold complete (what a build reports at its end)."""
    from graph.cypher import COMPLETE_AMONG

    held: set[str] = set()
    for i in range(0, len(ids), 1000):
        held.update(r[0] for r in store.query(COMPLETE_AMONG, {"ids": ids[i : i + 1000]}).rows)
    return [i for i in ids if i not in held]
