"""What a job runs (api/jobs.py), in its own process: a table of kinds, each the same work as
its synchronous endpoint without the request's time limit.

The child reads its order on stdin, lowers its priority, limits its address space, opens the
store and writes the result to ``out``; each step it reaches is one JSON line on stdout (the
job's ``progress``); the last line of stderr is the job's error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from innokg.config import Settings

if TYPE_CHECKING:  # the child imports its work after its memory limit is set
    from graph.analytics import Progress
    from graph.store import GraphStore


@dataclass(frozen=True)
class Task:
    """A kind of job: its result file's extension (from its parameters) and its work."""

    extension: Callable[[dict], str]
    run: Callable[[GraphStore, dict, Progress], bytes]


def _export(store: GraphStore, params: dict, progress: Progress) -> bytes:
    from graph.export import export_graph

    progress({"phase": "exporting"})
    return export_graph(store, params["format"])


def _communities(store: GraphStore, params: dict, progress: Progress) -> bytes:
    from graph.analytics import communities

    found = communities(store, params["min_size"], progress=progress)
    progress({"phase": "written", "communities": len(found)})
    return _json(found)


def _central(store: GraphStore, params: dict, progress: Progress) -> bytes:
    from graph.analytics import central

    # no sampling time cap: betweenness of a big graph gets all MAX_SAMPLES sources
    rows, scores = central(
        store, params["metric"], params["type"], params["limit"], sampling_s=None, progress=progress
    )
    progress({"phase": "written", "nodes": scores.nodes, "samples": scores.samples})
    return _json(rows)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


TASKS: dict[str, Task] = {
    "export": Task(lambda p: p["format"], _export),
    "communities": Task(lambda p: "json", _communities),
    "central": Task(lambda p: "json", _central),
}


def _tell(where: dict) -> None:
    print(json.dumps(where, ensure_ascii=False), flush=True)


def _work() -> None:
    import resource

    order = json.loads(sys.stdin.read())
    os.nice(10)
    if order["memory_bytes"]:
        resource.setrlimit(resource.RLIMIT_AS, (order["memory_bytes"],) * 2)
    values = order["settings"]
    values["data_dir"] = Path(values["data_dir"])
    settings = Settings(**values)
    from graph import open_store

    store = open_store(settings)
    try:
        data = TASKS[order["kind"]].run(store, order["params"], _tell)
    finally:
        store.close()
    out = Path(order["out"])
    with open(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    try:
        _work()
    except MemoryError:
        sys.exit("the job needed more memory than it may use (export_job_memory_bytes)")
    except Exception as exc:  # noqa: BLE001 - the last line of stderr is the job's error
        sys.exit(f"{type(exc).__name__}: {exc}")
