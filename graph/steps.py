"""Reads written once for a thread and for the event loop.

A function that needs several store queries (a chains page: the chains, their origins' regions,
their documents) is written as a generator that yields each :class:`Read` and is sent its
:class:`~graph.store.QueryResult`; :func:`run` answers the reads with ``store.query`` (the page,
exports, a worker thread), :func:`arun` with ``await store.aquery`` (the API's async routes, no
worker thread on FalkorDB). Both give the same answer from the same code.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.store import GraphStore, QueryResult

T = TypeVar("T")


@dataclass(frozen=True)
class Read:
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    timeout_ms: int | None = None


Steps = Generator[Read, QueryResult, T]


def run(store: GraphStore, steps: Steps[T]) -> T:
    """Answer every read of ``steps`` with ``store.query``; the generator's result."""
    try:
        read = next(steps)
        while True:
            read = steps.send(store.query(read.cypher, read.params, timeout_ms=read.timeout_ms))
    except StopIteration as done:
        return done.value


async def arun(store: GraphStore, steps: Steps[T]) -> T:
    """:func:`run` with ``await store.aquery``."""
    try:
        read = next(steps)
        while True:
            result = await store.aquery(read.cypher, read.params, timeout_ms=read.timeout_ms)
            read = steps.send(result)
    except StopIteration as done:
        return done.value
