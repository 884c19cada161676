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


def extract_documents(docs: list[Document]) -> list[Extraction]:
    """Extract each document, then resolve entities across the batch."""
    return resolve_corpus([extract(doc) for doc in docs])


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
    for ex in extract_documents(docs):
        store.write_extraction(ex)
        summary.documents += 1
        summary.entities.update(e.type for e in ex.entities)
        summary.relations.update(r.type for r in ex.relations)
        if on_written:
            on_written(ex)
    return summary
