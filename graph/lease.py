"""Writer leases: which process is still writing a half-written document.

A document is written in several statements and marked complete at the end, so a store can
hold documents that are incomplete for two reasons: their writer was killed (repair must remove
them) or their writer is still at work in another process (repair must leave them alone). Each
writing process holds an exclusive ``flock`` on its own lease file for as long as it lives and
stamps every document it starts with the lease id; the kernel drops the lock when the process
dies, however it dies, so "can I lock that lease file?" answers "is its writer gone?" without
pid files or clocks.

The lease folder is local (the data directory), so this protects writers on one machine — the
embedded store's case. Neo4j writers on other machines are covered by writing each document in
one transaction instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import uuid
from pathlib import Path

_ID = re.compile(r"[0-9a-f]{32}")


class WriterLease:
    """This process's lease: held (locked) from creation until :meth:`release` or exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.id = uuid.uuid4().hex
        self.path = self.folder / f"{self.id}.lock"
        # locked under a name the sweep ignores, then renamed: never visible unlocked
        tmp = self.folder / f".{self.id}.tmp"
        self._fd: int | None = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(self._fd, str(os.getpid()).encode())  # for people reading the folder
        os.replace(tmp, self.path)
        sweep(self.folder)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


def writer_alive(folder: Path, writer_id: object) -> bool:
    """True while the process holding lease ``writer_id`` lives (this one included)."""
    if not isinstance(writer_id, str) or not _ID.fullmatch(writer_id):
        return False
    path = Path(folder) / f"{writer_id}.lock"
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:  # nobody holds it: its writer is gone; the file is left-over
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return False
    finally:
        os.close(fd)


def sweep(folder: Path) -> None:
    """Remove lease files whose writers are gone (they are only a few bytes, but unbounded)."""
    for path in Path(folder).glob("*.lock"):
        writer_alive(folder, path.stem)
