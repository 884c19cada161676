"""Issue 17: `innokg serve --workers 2` answers from two API processes over one embedded store,
and stops cleanly (the store's server with it)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from innokg.config import DEFAULT_CORPUS

CLI = [sys.executable, "-m", "innokg.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INNOKG_", "NEO4J_"))}
    env["INNOKG_DATA_DIR"] = str(tmp_path / "data")
    doc = DEFAULT_CORPUS / "000_8ba5aff045826406.txt"
    subprocess.run(CLI + ["build", str(doc), "--workers", "1"], env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        CLI + ["serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        pids: set[int] = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(pids) < 2:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    assert json.loads(r.read())["documents"] == 1
                # the API worker processes (the store's redis-server is a child too)
                out = subprocess.run(
                    ["ps", "-o", "pid=,comm=", "--ppid", str(server.pid)],
                    capture_output=True,
                    text=True,
                ).stdout.splitlines()
                pids = {int(ln.split()[0]) for ln in out if "redis" not in ln}
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.5)
        assert len(pids) >= 2, "expected two API worker processes"
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    sock = tmp_path / "data" / "falkordb" / "falkor.sock"
    assert not sock.exists(), "the embedded server was left running"
