"""Build and run the Neo4j test server (a real Neo4j 5.26 LTS from Maven Central's neo4j-harness).

    cd tests && python -m neo4j_server build       # what `make neo4j-server` runs
    cd tests && python -m neo4j_server run DIR     # start one by hand; prints its bolt URI

The Java side is ``src/main/java/innokg/testserver/Neo4jTestServer.java``. ``build`` runs Maven
only when ``pom.xml`` or the Java source changed since the last build (a hash stamp in
``target/``), so a second ``make test`` costs nothing here; downloads are cached in ``~/.m2``.
The pytest fixtures (tests/backends.py) and the benchmarks start it with :class:`TestServer`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "target"
JAR = TARGET / "neo4j-test-server.jar"
STAMP = TARGET / "innokg-build.sha256"
POM = HERE / "pom.xml"
MAIN_CLASS = "innokg.testserver.Neo4jTestServer"
SUPPORTED_JAVA = (17, 21)  # what Neo4j 5.26 runs on


class ServerUnavailable(RuntimeError):
    """Java or Maven is missing: the Neo4j tests cannot run on this machine."""


class ServerFailed(RuntimeError):
    """The tools are there but the build or the server failed."""


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def find_java() -> str:
    """A Java that runs Neo4j 5.26 (17 or 21): $INNOKG_TEST_JAVA, $JAVA_HOME, PATH, /usr/lib/jvm."""
    candidates = [os.environ.get("INNOKG_TEST_JAVA")]
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    candidates.append(shutil.which("java"))
    candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob("*/bin/java"))
    seen: list[str] = []
    for java in filter(None, candidates):
        if java in seen:
            continue
        seen.append(java)
        if _java_major(java) in SUPPORTED_JAVA:
            return java
    if not seen:
        raise ServerUnavailable("no Java found (install Java 17, e.g. Debian's openjdk-17-jdk)")
    raise ServerUnavailable(
        f"no Java {' or '.join(map(str, SUPPORTED_JAVA))} found (Neo4j 5.26 needs one); "
        f"tried {', '.join(seen)}"
    )


def find_maven() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerUnavailable("Maven (mvn) is not installed (Debian: apt-get install maven)")
    return mvn


def harness_version() -> str:
    """The Neo4j version pom.xml builds the server from (``<neo4j.version>``)."""
    found = re.search(r"<neo4j\.version>(\d+\.\d+\.\d+)</neo4j\.version>", POM.read_text())
    if not found:
        raise ServerFailed(f"{POM} names no <neo4j.version>")
    return found.group(1)


def _source_hash() -> str:
    h = hashlib.sha256()
    for path in [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]:
        h.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def is_built() -> bool:
    return JAR.exists() and STAMP.exists() and STAMP.read_text().strip() == _source_hash()


def build(quiet: bool = False) -> None:
    """Compile the launcher and gather its class path in target/ (no-op when up to date)."""
    if is_built():
        return
    java, mvn = find_java(), find_maven()
    env = {**os.environ, "JAVA_HOME": str(Path(java).resolve().parent.parent)}
    if not quiet:
        print("building the Neo4j test server (Maven; first time downloads ~150 MB to ~/.m2)")
    started = time.monotonic()
    # clean: a changed Neo4j version must not leave the old jars on the class path
    proc = subprocess.run(
        [mvn, "-B", "-q", "clean", "package"],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
        raise ServerFailed(f"building the Neo4j test server failed (mvn package):\n{tail}")
    STAMP.write_text(_source_hash())
    if not quiet:
        print(f"built the Neo4j test server in {time.monotonic() - started:.0f} s")


class TestServer:
    """One JVM with ``instances`` Neo4j DBMSes; :attr:`uris` are their bolt URIs.

    Stops when :meth:`stop` is called, and by itself when this process ends (its stdin closes).
    """

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        work_dir: Path,
        *,
        instances: int = 1,
        password: str | None = None,
        heap_mb: int = 768,
        pagecache_mb: int = 64,
        fast_start: bool = True,
        start_timeout: float = 240.0,
    ) -> None:
        self.work_dir = Path(work_dir)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.log = self.work_dir / "server.log"
        java = find_java()
        if not is_built():
            raise ServerFailed(
                f"the Neo4j test server is not built: run `make neo4j-server` ({JAR})"
            )
        cmd = [java, f"-Xms{heap_mb}m", f"-Xmx{heap_mb}m"]
        if fast_start:  # the C1 compiler only: starts ~25% faster, enough for test-sized queries
            cmd.append("-XX:TieredStopAtLevel=1")
        cmd += ["-cp", f"{TARGET}/*:{TARGET}/lib/*", MAIN_CLASS, str(self.work_dir / "dbms")]
        cmd += ["--instances", str(instances), "--pagecache-mb", str(pagecache_mb)]
        if password:
            cmd += ["--password", password]
        self.password = password
        started = time.monotonic()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log
            )
        self.uris = self._read_uris(instances, start_timeout)
        self.start_seconds = time.monotonic() - started

    def _read_uris(self, instances: int, timeout: float) -> list[str]:
        uris: list[str] = []
        other: list[str] = []  # what else the JVM printed (its start-up errors go to stdout)

        def read() -> None:
            assert self.process.stdout is not None
            for raw in self.process.stdout:
                line = raw.decode(errors="replace").strip()
                if line.startswith("bolt://"):
                    uris.append(line)
                    if len(uris) == instances:
                        return
                elif line:
                    other.append(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if len(uris) < instances:
            code = self.process.poll()
            if code is None and not reader.is_alive():  # stdout closed: the JVM is exiting
                try:
                    code = self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    code = None
            self.stop()
            state = f"exited with code {code}" if code is not None else f"not ready in {timeout} s"
            printed = "\n".join(other[-20:])
            raise ServerFailed(
                f"the Neo4j test server {state}; it printed:\n{printed}\nlog:\n{self.log_tail()}"
            )
        return uris

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, timeout: float = 60.0) -> None:
        """Close stdin (the server stops cleanly); escalate to SIGTERM, then SIGKILL."""
        if self.process.poll() is not None:
            return
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def __enter__(self) -> TestServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        try:
            build()
        except ServerUnavailable as exc:
            if os.environ.get("CI", "").lower() == "true":
                print(
                    f"error: the Neo4j tests are required in CI (CI=true): {exc}", file=sys.stderr
                )
                return 1
            print(f"note: {exc}: the Neo4j tests will be skipped", file=sys.stderr)
        except ServerFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if len(argv) == 2 and argv[0] == "run":
        build()
        with TestServer(Path(argv[1]), fast_start=False) as server:
            print("\n".join(server.uris), flush=True)
            try:
                server.process.wait()
            except KeyboardInterrupt:
                pass
        return 0
    print(__doc__, file=sys.stderr)
    return 2
