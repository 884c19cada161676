"""Issue 17: `innokg serve --workers 2` answers from two API processes over one embedded store,
each listening on its own socket (SO_REUSEPORT) so that connections are spread over them; a
worker that dies is replaced; the server stops cleanly (the store's server with it)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from innokg.config import DEFAULT_CORPUS

CLI = [sys.executable, "-m", "innokg.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sockets(pid: int, port: int) -> dict[str, Any]:
    """The process's TCP sockets on ``port`` (from /proc): {'listen': {inode, …},
    'established': n}."""
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                link = os.readlink(fd)
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
    found: dict[str, Any] = {"listen": set(), "established": 0}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                cols = line.split()
                if int(cols[1].rsplit(":", 1)[1], 16) != port or cols[9] not in inodes:
                    continue
                if cols[3] == "0A":
                    found["listen"].add(cols[9])
                elif cols[3] == "01":
                    found["established"] += 1
    return found


def _workers(server: subprocess.Popen) -> set[int]:
    """The API worker processes (the store's redis-server is a child too)."""
    out = subprocess.run(
        ["ps", "-o", "pid=,comm=", "--ppid", str(server.pid)], capture_output=True, text=True
    ).stdout.splitlines()
    return {int(ln.split()[0]) for ln in out if "redis" not in ln}


def _wait_for_workers(server: subprocess.Popen, port: int, n: int, not_: set[int]) -> set[int]:
    deadline = time.monotonic() + 120
    pids: set[int] = set()
    while time.monotonic() < deadline:
        pids = _workers(server) - not_
        listening = {p: _sockets(p, port)["listen"] for p in pids}
        listening = {p: socks for p, socks in listening.items() if socks}
        if len(listening) >= n:
            # one socket each (uvicorn's workers all listen on the one socket they inherit)
            assert len(set().union(*listening.values())) == len(listening), listening
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    assert json.loads(r.read())["documents"] == 1
                return set(listening)
            except OSError:
                pass
        assert server.poll() is None, server.stderr.read()
        time.sleep(0.5)
    raise AssertionError(f"expected {n} API workers listening on {port}, found {pids}")


def _spread(port: int, pids: set[int], clients: int = 32) -> dict[int, int]:
    """Open ``clients`` keep-alive connections at once, one request each; connections per
    worker while they are all open."""
    conns = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(clients)]
    try:
        for c in conns:
            c.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        for c in conns:
            assert c.recv(65536).startswith(b"HTTP/1.1 200")
        return {p: _sockets(p, port)["established"] for p in pids}
    finally:
        for c in conns:
            c.close()


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INNOKG_", "NEO4J_"))}
    env["INNOKG_DATA_DIR"] = str(tmp_path / "data")
    return env


def _serve(env: dict[str, str], port: int, *flags: str, **out: Any) -> subprocess.Popen:
    """`innokg serve --workers 2` in its own session; ``out``: where stdout/stderr go."""
    return subprocess.Popen(
        CLI + ["serve", "--port", str(port), "--workers", "2", *flags],
        env=env,
        text=True,
        start_new_session=True,
        **out,
    )


def test_serve_with_two_workers(tmp_path: Path) -> None:
    env = _env(tmp_path)
    doc = DEFAULT_CORPUS / "000_8ba5aff045826406.txt"
    subprocess.run(CLI + ["build", str(doc), "--workers", "1"], env=env, check=True, timeout=300)
    port = _free_port()
    server = _serve(env, port, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        pids = _wait_for_workers(server, port, 2, set())
        # each worker listens on its own socket, and the kernel spreads connections over them
        # (uvicorn's shared socket gave 30/2 and 29/3 in ten tries of 32)
        for _ in range(3):
            per_worker = _spread(port, pids)
            assert sum(per_worker.values()) == 32, per_worker
            assert min(per_worker.values()) >= 6, per_worker
        # a worker that dies is replaced, and the server answers meanwhile
        gone = min(pids)
        os.kill(gone, signal.SIGKILL)
        pids = _wait_for_workers(server, port, 2, {gone})
        assert gone not in pids
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert server.returncode == 0, server.stderr.read()
    assert not _workers(server), "API workers were left running"
    sock = tmp_path / "data" / "falkordb" / "falkor.sock"
    assert not sock.exists(), "the embedded server was left running"


def test_a_port_in_use_is_one_clear_error(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            CLI + ["serve", "--port", str(port), "--workers", "2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stdout + done.stderr


def test_access_log_only_when_asked(tmp_path: Path) -> None:
    """Off by default (a line per request was ~5% of a cheap read's CPU); `--access-log` logs
    each request, in every worker."""
    env = _env(tmp_path)
    for flags, logged in (["--access-log"], True), ([], False):
        port = _free_port()
        server = _serve(env, port, *flags, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5):
                        break
                except OSError:
                    assert server.poll() is None
                    time.sleep(0.3)
            for _ in range(6):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=30) as r:
                    assert r.status == 200
        finally:
            server.send_signal(signal.SIGINT)
            out, _ = server.communicate(timeout=60)
        assert ('"GET /stats HTTP/1.1" 200' in out) is logged, out[-2000:]
