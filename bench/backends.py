"""Stores for the benchmarks on either backend: the embedded FalkorDB in a temp dir, or a real
Neo4j 5.26 from the tests' server (tests/neo4j_server; needs Java 17 + Maven, built on first use).

    with bench_stores(["embedded", "neo4j"]) as fresh:
        store, settings = fresh("neo4j")   # an empty store; the previous one of that backend closed

Neo4j runs in its own JVM with a 2 GB heap and 1 GB page cache and the full JIT (the tests use a
smaller, faster-starting one); "fresh" empties the same DBMS (``clear``) rather than starting a
new one, so its store files stay allocated between repeats.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from graph import open_store  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from innokg.config import Settings  # noqa: E402

BENCH_PASSWORD = "innokg-bench-password"
LABELS = {"embedded": "embedded FalkorDB", "neo4j": "Neo4j 5.26 (neo4j-harness)"}


@contextlib.contextmanager
def bench_stores(
    backends: list[str], neo4j_batch: int | None = None
) -> Iterator[Callable[[str], tuple[GraphStore, Settings]]]:
    open_: dict[str, GraphStore] = {}
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="innokg-bench-")))
        server = None
        if "neo4j" in backends:
            from neo4j_server import TestServer, build

            build()
            server = stack.enter_context(
                TestServer(
                    tmp / "neo4j",
                    password=BENCH_PASSWORD,
                    heap_mb=2048,
                    pagecache_mb=1024,
                    fast_start=False,
                )
            )
        counter = iter(range(1_000_000))

        def fresh(backend: str) -> tuple[GraphStore, Settings]:
            if backend in open_:
                open_.pop(backend).close()
            if backend == "neo4j":
                assert server is not None
                settings = Settings(
                    store="neo4j",
                    data_dir=tmp / "neo4j-app",
                    neo4j_uri=server.uris[0],
                    neo4j_password=BENCH_PASSWORD,
                )
            else:
                settings = Settings(data_dir=tmp / f"embedded-{next(counter)}")
            store = open_store(settings)
            store.clear()
            if backend == "neo4j" and neo4j_batch:
                store.batch_size = neo4j_batch  # type: ignore[attr-defined]
            open_[backend] = store
            return store, settings

        try:
            yield fresh
        finally:
            for store in open_.values():
                store.close()
