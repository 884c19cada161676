"""Engines that map :func:`innokg.work.extract_file` over a build's files.

Each yields results in input order, with a bounded number of files in flight, so memory does not
grow with the corpus and the writer (one, in the calling process) writes in the same order
whichever engine extracted: the same files give the same graph on every engine.

- ``InProcess``: one core, no pool (``--workers 1``).
- ``ProcessPool``: a local process pool (``--workers N``, default all cores).
- ``DaskEngine``: Dask distributed (``--engine dask``): a local cluster of N single-threaded
  worker processes, or an existing cluster given by its scheduler address (docs/scale.md).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

from innokg.work import FileResult, FileTask, extract_file

ENGINES = ("processes", "dask")


class Engine(Protocol):
    name: str
    workers: int

    def map(
        self, tasks: Iterable[FileTask], max_bytes: int, stored: frozenset[str]
    ) -> Iterator[FileResult]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def make_engine(name: str = "processes", workers: int | None = None, **options: Any) -> Engine:
    workers = workers or default_workers()
    if name == "dask":
        return DaskEngine(workers, scheduler=options.get("scheduler"))
    if name != "processes":
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {name!r}")
    return InProcess() if workers == 1 else ProcessPool(workers)


def ordered(
    submit: Callable[[FileTask], Any], tasks: Iterable[FileTask], window: int
) -> Iterator[FileResult]:
    """Submit tasks with at most ``window`` in flight; yield their results in input order."""
    pending: deque[Any] = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class InProcess:
    name, workers = "in-process", 1

    def map(
        self, tasks: Iterable[FileTask], max_bytes: int, stored: frozenset[str]
    ) -> Iterator[FileResult]:
        return (extract_file(t, max_bytes, stored) for t in tasks)

    def close(self) -> None:
        pass


# Set in each pool process by its initializer: sent once, not with every task.
_STORED: frozenset[str] = frozenset()
_MAX_BYTES = 0


def _init_worker(max_bytes: int, stored: frozenset[str], parent: int) -> None:
    global _STORED, _MAX_BYTES
    _STORED, _MAX_BYTES = stored, max_bytes
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """A pool worker whose build was killed (SIGKILL: no clean-up ran) would wait for work
    forever; it exits within a second of its parent instead."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _pool_task(task: FileTask) -> FileResult:
    return extract_file(task, _MAX_BYTES, _STORED)


class ProcessPool:
    """``workers`` processes (forked: they start warm and cheaply), four files each in flight."""

    name = "processes"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self, tasks: Iterable[FileTask], max_bytes: int, stored: frozenset[str]
    ) -> Iterator[FileResult]:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(max_bytes, stored, os.getpid()),
        )
        return ordered(lambda t: self._pool.submit(_pool_task, t), tasks, 4 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """Dask distributed: ``scheduler`` is a cluster's address (``tcp://host:8786``); without
    it a local cluster of ``workers`` single-threaded processes is started and stopped here.
    Files are read by the workers, so on a cluster every worker must see the same paths (a
    shared file system); results come back to this process, which writes them."""

    name = "dask"

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # an optional dependency: pip install 'innokg[dask]'
            raise RuntimeError(
                "--engine dask needs Dask distributed: pip install 'innokg[dask]'"
            ) from exc
        self.workers = workers
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
                silence_logs=40,  # errors only: its INFO lines would break the progress bar
            )
            self._client = Client(self._cluster)

    def map(
        self, tasks: Iterable[FileTask], max_bytes: int, stored: frozenset[str]
    ) -> Iterator[FileResult]:
        client = self._client
        # one object to every worker (scatter would send a collection element by element)
        stored_f = client.scatter([stored], broadcast=True)[0] if stored else stored
        n = sum(client.nthreads().values()) or self.workers

        def submit(task: FileTask) -> Any:
            # pure=False: the same file is not deduplicated into one task by its arguments
            return client.submit(extract_file, task, max_bytes, stored_f, pure=False)

        return ordered(submit, tasks, 4 * n)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
