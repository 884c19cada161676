"""Which version of the extraction code produced a document's contributions.

A document's id is a hash of its content, so an unchanged file is recognized; whether its stored
extraction is still what the code would produce is this fingerprint: a hash of the loaders' and
the schema's source and data files. A build skips a document only when both match, so changing a
rule re-extracts everything on the next build, and an unchanged archive costs almost nothing.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_PARTS = ("loaders", "schema")
_SUFFIXES = {".py", ".txt", ".json", ".tsv", ".csv", ".yaml", ".yml"}


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """16 hex digits over the path and bytes of every source and data file under loaders/ and
    schema/ (sorted, caches excluded)."""
    digest = hashlib.sha256()
    for part in _PARTS:
        for path in sorted((_ROOT / part).rglob("*")):
            if path.is_file() and path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
