"""Issue 2: the product runs end to end from the command line, configured from the environment."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import yaml

from innokg.config import DEFAULT_CORPUS, PROJECT_ROOT, Settings

CLI = [sys.executable, "-m", "innokg.cli"]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INNOKG_", "NEO4J_"))}
    env.update(INNOKG_DATA_DIR=str(data_dir), **extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_settings_defaults_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(("INNOKG_", "NEO4J_")):
            monkeypatch.delenv(key)
    s = Settings.from_env()
    assert s.store == "embedded" and s.data_dir == Path(".innokg") and s.api_token is None
    monkeypatch.setenv("INNOKG_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://db:7687")
    monkeypatch.setenv("INNOKG_API_TOKEN", "t0ken")
    monkeypatch.setenv("INNOKG_MAX_FILE_MB", "3")
    s = Settings.from_env()
    assert (s.store, s.neo4j_uri, s.api_token) == ("neo4j", "bolt://db:7687", "t0ken")
    assert s.max_file_bytes == 3 * 1024 * 1024
    monkeypatch.setenv("INNOKG_STORE", "sqlite")
    with pytest.raises(ValueError, match="INNOKG_STORE"):
        Settings.from_env()


def test_docker_compose_is_valid_and_configured_for_neo4j() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5")
    assert "NEO4J_AUTH" in neo4j["environment"] and "healthcheck" in neo4j
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    api = compose["services"]["api"]
    assert api["build"] == "."
    assert api["environment"]["INNOKG_STORE"] == "neo4j"
    assert api["environment"]["NEO4J_URI"].startswith("bolt://neo4j")
    assert (PROJECT_ROOT / "Dockerfile").exists()


def test_dependencies_use_official_driver_not_py2neo() -> None:
    meta = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = " ".join(meta["project"]["dependencies"]).lower()
    assert "neo4j" in deps and "py2neo" not in deps
    assert meta["project"]["scripts"]["innokg"] == "innokg.cli:main"


def test_corpus_is_bundled_with_sources_note() -> None:
    assert (DEFAULT_CORPUS / "SOURCES.md").exists()
    assert len(list(DEFAULT_CORPUS.glob("*.txt"))) >= 5


def test_cli_lists_every_verb() -> None:
    out = subprocess.run(CLI + ["--help"], capture_output=True, text=True, check=True).stdout
    for verb in ("build", "extract", "eval", "serve", "query", "export", "viz"):
        assert verb in out


def test_build_then_serve_health_end_to_end(tmp_path: Path) -> None:
    """The README's main path: build the bundled corpus into the embedded store, then serve it."""
    env = _env(tmp_path / "data")
    built = subprocess.run(CLI + ["build"], env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "documents written: 5" in built.stdout

    port = _free_port()
    server = subprocess.Popen(
        CLI + ["serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    health = (r.status, json.loads(r.read().decode("utf-8")))
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"server exited: {server.stderr.read()}")
                time.sleep(0.5)
        assert health is not None, "server did not answer /health in 60 s"
        status, body = health
        assert status == 200
        assert json.dumps(body)  # JSON
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=10) as r:
            stats = json.loads(r.read().decode("utf-8"))
        assert stats["documents"] == 5
        assert sum(stats["nodes"].values()) > 50
        assert sum(stats["relations"].values()) > 10
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_build_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("河北省某市科技局近日印发《关于促进科技创新的若干措施》。\n", encoding="utf-8")
    empty = tmp_path / "in" / "empty.txt"
    empty.write_bytes(b"")
    env = _env(tmp_path / "data")
    run = subprocess.run(
        CLI + ["build", str(good.parent), str(tmp_path / "missing.txt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "empty.txt" in run.stderr and "missing.txt" in run.stderr
    assert "documents written: 1" in run.stdout
    only_bad = subprocess.run(
        CLI + ["build", str(empty)], env=env, capture_output=True, text=True, timeout=300
    )
    assert only_bad.returncode != 0
