"""Issue 14 item 6: docker-compose.yml (the production recipe) configures what the tests ran and
what the app reads — read from the files, so it runs without Docker or Java. (That the test
server really is the pom's version: test_neo4j.py asks the running server.)"""

from __future__ import annotations

import os
import re
import tomllib

import pytest
import yaml
from neo4j_server import harness_version

from innokg.config import PROJECT_ROOT, Settings

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
NEO4J, API = COMPOSE["services"]["neo4j"], COMPOSE["services"]["api"]
# compose's own interpolation from .env / the shell: ${NAME}, ${NAME:?msg}, ${NAME:-default}
INTERPOLATED = re.compile(r"(?<!\$)\$\{(\w+)(?::?[-?][^}]*)?\}")


def test_the_image_is_the_neo4j_line_the_tests_run() -> None:
    major_minor = ".".join(harness_version().split(".")[:2])
    assert re.fullmatch(rf"neo4j:{re.escape(major_minor)}(\.\d+)?-community", NEO4J["image"]), (
        NEO4J["image"],
        harness_version(),
    )


class RecordingEnviron(dict):
    """os.environ that remembers which names were read."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def get(self, key, default=None):  # noqa: ANN001, ANN201
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        self.read.add(key)
        return super().__getitem__(key)


def test_the_api_env_names_are_what_the_app_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {k: INTERPOLATED.sub(f"<{k}>", str(v)) for k, v in API["environment"].items()}
    environ = RecordingEnviron(values)
    monkeypatch.setattr(os, "environ", environ)
    s = Settings.from_env()
    assert not set(values) - environ.read, "compose sets variables the app never reads"
    assert s.store == "neo4j"
    assert (s.neo4j_uri, s.neo4j_user) == ("bolt://neo4j:7687", "neo4j")
    assert (s.neo4j_password, s.api_token) == ("<NEO4J_PASSWORD>", "<INNOKG_API_TOKEN>")


def test_ports_connect_the_api_to_bolt_and_the_host_to_both() -> None:
    uri = API["environment"]["NEO4J_URI"]
    host, port = re.fullmatch(r"bolt://([\w-]+):(\d+)", uri).groups()
    assert host in COMPOSE["services"] and host == "neo4j"
    container_ports = {p.rsplit(":", 1)[1] for p in NEO4J["ports"]}
    assert port == "7687" and port in container_ports  # Neo4j's Bolt port
    assert "127.0.0.1:7687:7687" in NEO4J["ports"]  # the host CLI line in README
    served = API["command"][API["command"].index("--port") + 1]
    assert f"127.0.0.1:{served}:{served}" in API["ports"]
    assert API["depends_on"]["neo4j"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["neo4j", "api"], ids=lambda n: f"{n}-service")
def test_container_side_variables_exist_in_that_container(name: str) -> None:
    """``$$NAME`` is expanded by the container's shell, so the container must have NAME (a
    healthcheck reading an unset password never turns healthy, and the API never starts)."""
    service = COMPOSE["services"][name]
    text = " ".join(map(str, service.get("healthcheck", {}).get("test", [])))
    text += " " + " ".join(map(str, service.get("command", [])))
    used = set(re.findall(r"\$\$\{?(\w+)", text))
    assert used <= set(service.get("environment", {})), used - set(service["environment"])


def test_interpolated_variables_are_in_env_example() -> None:
    text = (PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?\s*(\w+)=", example, flags=re.M))
    used = set(INTERPOLATED.findall(text))
    assert used and used <= named, used - named


def test_the_image_holds_every_package_the_app_installs() -> None:
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    top = {p.split(".")[0] for p in pyproject["tool"]["setuptools"]["packages"]}
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\w+) \1\s*$", dockerfile, flags=re.M))
    assert top <= copied, top - copied
