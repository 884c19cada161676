"""The per-file work of a build, as one pure function that any engine can map over files.

``extract_file`` loads one file, recognizes a document the store already holds (its id is a hash
of its content), extracts it, and returns the result as a value: errors are reported by name,
never raised, so one bad file cannot stop a batch on any engine. The in-process loop, the
process pool (``--workers``) and Dask (``--engine dask``) all map this same function and hand
its results to the same writer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from loaders.extract.pipeline import extract
from loaders.load import LoadFailure, load_file
from schema.records import Extraction, LoadError


@dataclass(frozen=True)
class FileTask:
    """One file to build: where to read it, and the path to record as its provenance."""

    path: str
    display: str


@dataclass
class FileResult:
    task: FileTask
    doc_id: str | None = None
    extraction: Extraction | None = None
    error: LoadError | None = None
    skipped: bool = False  # already stored, unchanged

    @property
    def text_bytes(self) -> int:
        ex = self.extraction
        return len(ex.doc.text.encode("utf-8")) if ex is not None else 0


def extract_file(task: FileTask, max_bytes: int, stored: Container[str] = ()) -> FileResult:
    """Load and extract one file; ``stored`` holds the ids of documents to skip."""
    try:
        doc = load_file(Path(task.path), max_bytes=max_bytes)
    except LoadFailure as exc:
        return FileResult(task, error=LoadError(task.path, exc.reason))
    except Exception as exc:  # noqa: BLE001 - a library bug in one file must not stop the batch
        return FileResult(task, error=LoadError(task.path, f"cannot load ({_what(exc)})"))
    doc.path = task.display
    if doc.id in stored:
        return FileResult(task, doc_id=doc.id, skipped=True)
    try:
        ex = extract(doc)
    except Exception as exc:  # noqa: BLE001 - reported by name, the batch goes on
        return FileResult(
            task, doc_id=doc.id, error=LoadError(task.path, f"extraction failed ({_what(exc)})")
        )
    return FileResult(task, doc_id=doc.id, extraction=slim(ex))


def slim(ex: Extraction) -> Extraction:
    """What the writer needs of an extraction: the original text, the offset map and the
    sentence list stay behind (they are most of its size, and it crosses process boundaries)."""
    doc = dataclasses.replace(ex.doc, original="", offset_map=[], sentences=[])
    return Extraction(doc=doc, entities=ex.entities, relations=ex.relations)


def _what(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"
