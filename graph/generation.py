"""A store's generation: a token that changes after every committed write, by any process.

The API keeps answers of its read routes per generation (api/cache.py), so reading it must
cost next to nothing on every request: it is a small file beside the embedded store (one
``open`` + ``read``, ~10 µs, no store round trip that could wait behind queries), replaced
atomically with a fresh random token after each write statement the store has committed. A
random token rather than a counter: two writers in two processes never write the same value,
and a store removed and made again never repeats an old one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any


class GenerationFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            self.advance()

    def read(self) -> str | None:
        """The current token (``None`` if the file is gone: the caller reads through)."""
        try:
            return self.path.read_bytes().decode("ascii") or None
        except (OSError, UnicodeDecodeError):
            return None

    def advance(self) -> None:
        """Replace the token; called after a write is committed, never before (a reader that
        saw the old token then may have read the old data under it — never the reverse)."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_hex(12).encode("ascii"))
            os.replace(tmp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def kept_for(memos: MutableMapping[Any, tuple[str, dict]], store: Any, cap: int) -> dict | None:
    """The dict of answers kept for ``store`` under its current generation: a fresh one when
    the generation moved on or the dict grew past ``cap`` entries; ``None`` for a store that
    cannot tell its generation (Neo4j: every read goes to the store). Callers fill the dict
    they were given, so an answer read after a write that moved the generation on is kept
    under the old token, which no later reader uses — never old data under the new one."""
    generation = getattr(store, "generation", None)
    gen = generation() if generation is not None else None
    if gen is None:
        return None
    memo = memos.get(store)
    if memo is None or memo[0] != gen or len(memo[1]) > cap:
        memo = memos[store] = (gen, {})
    return memo[1]
