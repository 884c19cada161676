"""Files → Documents. The loader component of the pipeline: read, normalize, split, describe.

Every failure is a :class:`LoadFailure` with one clear reason; the caller reports it by file
name and goes on with the rest of the batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from loaders.meta import describe
from loaders.normalize import normalize
from loaders.read import SUPPORTED, LoadFailure, format_of, read_bytes
from schema.records import Document, LoadError

__all__ = [
    "LoadFailure",
    "expand_paths",
    "load_file",
    "load_bytes",
    "document_from_text",
    "content_id",
]


def content_id(text: str) -> str:
    """Document id: hash of the decoded original text, so the same content is recognized."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[LoadError]]:
    """Files named directly, plus supported files found recursively in folders (sorted)."""
    files: list[Path] = []
    errors: list[LoadError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found)
        elif path.is_file():
            if format_of(path) is None:
                errors.append(
                    LoadError(str(path), f"unsupported file type {path.suffix or '(none)'!r}")
                )
            else:
                files.append(path)
        else:
            errors.append(LoadError(str(path), "no such file or directory"))
    return files, errors


def document_from_text(original: str, path: str, fmt: str) -> Document:
    """Normalize and split decoded text into a Document (pure; used for every format)."""
    if not original.strip():
        raise LoadFailure("empty file (no text)")
    from loaders.split import split_sentences

    norm = normalize(original)
    if not norm.text.strip():
        raise LoadFailure("no text left after removing layout noise")
    sentences = split_sentences(norm.text, norm.offset_map)
    meta = describe(original)
    return Document(
        id=content_id(original),
        path=path,
        format=fmt,
        original=original,
        text=norm.text,
        offset_map=norm.offset_map,
        sentences=sentences,
        title=meta.title,
        date=meta.date,
        doc_number=meta.doc_number,
    )


def load_file(path: Path, max_bytes: int = 50 * 1024 * 1024) -> Document:
    """Load one file; raises LoadFailure with a reason (size is checked before reading)."""
    path = Path(path)
    fmt = format_of(path)
    if fmt is None:
        raise LoadFailure(f"unsupported file type {path.suffix or '(none)'!r}")
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise LoadFailure("no such file or directory") from exc
    except OSError as exc:
        raise LoadFailure(f"cannot read file ({exc.strerror})") from exc
    if size == 0:
        raise LoadFailure("empty file (0 bytes)")
    if size > max_bytes:
        raise LoadFailure(
            f"file too large: {size / 1048576:.1f} MB > limit {max_bytes / 1048576:.0f} MB"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadFailure(f"cannot read file ({exc.strerror})") from exc
    return load_bytes(data, str(path), max_bytes)


def load_bytes(data: bytes, name: str, max_bytes: int = 50 * 1024 * 1024) -> Document:
    """Load a file's content (an upload) named ``name``; the same checks as :func:`load_file`."""
    fmt = format_of(Path(name))
    if fmt is None:
        raise LoadFailure(f"unsupported file type {Path(name).suffix or '(none)'!r}")
    if not data:
        raise LoadFailure("empty file (0 bytes)")
    if len(data) > max_bytes:
        raise LoadFailure(
            f"file too large: {len(data) / 1048576:.1f} MB > limit {max_bytes / 1048576:.0f} MB"
        )
    return document_from_text(read_bytes(data, fmt), name, fmt)
