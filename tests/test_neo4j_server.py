"""Issue 14: the Neo4j test server (tests/neo4j_server) — its one-line readiness, auth, clean stop
on stdin EOF and on SIGTERM, a clear failure when it cannot start, and the build step's verdict
without Maven: required in CI, skipped with the reason outside."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError
from neo4j_server import HERE, ServerFailed, TestServer

pytestmark = pytest.mark.neo4j


@pytest.fixture
def built(backends) -> None:  # noqa: ANN001
    """The server is built (or the test is skipped/failed as every Neo4j test is)."""
    backends.neo4j_uris()


def test_prints_its_uri_takes_auth_and_stops_when_stdin_closes(built, tmp_path: Path) -> None:  # noqa: ANN001
    server = TestServer(tmp_path, password="a-test-password")
    try:
        [uri] = server.uris
        assert uri.startswith("bolt://127.0.0.1:")
        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "a-test-password")) as d:
            assert d.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "wrong")) as d:
            with pytest.raises(AuthError):
                d.verify_connectivity()
        assert server.process.stdin is not None
        server.process.stdin.close()
        assert server.process.wait(timeout=60) == 0  # a hang guard, not a speed bar
        assert not list((tmp_path / "dbms").iterdir()), "the database folder is removed on stop"
    finally:
        server.stop()


def test_stops_cleanly_on_sigterm(built, tmp_path: Path) -> None:  # noqa: ANN001
    server = TestServer(tmp_path)
    try:
        server.process.send_signal(signal.SIGTERM)
        code = server.process.wait(timeout=60)
        assert code in (0, 143, -signal.SIGTERM), code
        assert "Exception" not in server.log_tail(200)
    finally:
        server.stop()


# a test process that starts a server and is then killed (it cannot close the server's stdin)
PARENT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from neo4j_server import TestServer
server = TestServer(Path(sys.argv[2]))
print(server.process.pid, flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for its reaper is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_stops_when_the_process_that_started_it_is_killed(built, tmp_path: Path) -> None:  # noqa: ANN001
    """No JVM outlives a test session, however it ends: SIGKILL closes the session's end of the
    server's stdin, and the server stops by itself."""
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(HERE.parent), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    jvm = None
    try:
        assert parent.stdout is not None
        jvm = int(parent.stdout.readline())
        assert _running(jvm)
        parent.kill()
        parent.wait(timeout=30)
        deadline = time.monotonic() + 60
        while _running(jvm) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _running(jvm), "the Neo4j server outlived the process that started it"
    finally:
        parent.kill()
        if jvm is not None and _running(jvm):
            os.kill(jvm, signal.SIGKILL)


def test_a_server_that_cannot_start_is_a_clear_failure(built, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(ServerFailed, match="exited with code") as failed:
        TestServer(tmp_path, heap_mb=1)  # the JVM refuses a 1 MB heap
    assert "heap" in str(failed.value).lower()


def _no_maven_env(tmp_path: Path, ci: bool) -> dict[str, str]:
    bin_dir = tmp_path / "bin"  # java stays findable (JDK folder), mvn is nowhere on PATH
    bin_dir.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "JAVA_HOME", "PATH")}
    env["PATH"] = str(bin_dir)
    if ci:
        env["CI"] = "true"
    return env


@pytest.mark.parametrize("ci", [True, False], ids=["CI", "local"])
def test_build_without_maven(built, tmp_path: Path, ci: bool) -> None:  # noqa: ANN001
    copy = tmp_path / "tooling" / "neo4j_server"
    shutil.copytree(HERE, copy, ignore=shutil.ignore_patterns("target", "__pycache__"))
    run = subprocess.run(
        [sys.executable, "-m", "neo4j_server", "build"],
        cwd=copy.parent,
        env=_no_maven_env(tmp_path, ci),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Maven (mvn) is not installed" in run.stderr
    if ci:
        assert run.returncode == 1 and "required in CI" in run.stderr
    else:
        assert run.returncode == 0 and "will be skipped" in run.stderr
