"""FalkorDB read queries from the event loop: a small pool of asyncio connections per loop.

A synchronous route runs on a worker thread: each API read was handed to a thread, woke it,
waited for the store there and handed the answer back, and the threads of a busy process took
turns at the GIL (under 32 clients that hand-off and redis-py's connection pool were about a
fifth of a neighbours request's Python, py-spy ``--gil``). Here a read is one RESP command
written on an idle connection of this loop and a future resolved when hiredis has read the whole
reply, so the request never leaves the event loop while the store works.

Only the plain path lives here: a connection that fails, or a store that cannot be reached,
raises :class:`Unavailable` and the caller runs the read the synchronous way (which restarts an
embedded server that died). A connection given up on (time limit, cancellation) is closed, never
reused: its late reply must not answer the next query.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import weakref
from typing import Any

import hiredis
import redis

# idle connections kept per loop (more may be open while reads are in flight)
MAX_IDLE = 8


class Unavailable(Exception):
    """The store could not be reached or the connection broke: read the synchronous way."""


class _Connection(asyncio.Protocol):
    """One connection; replies answer the commands in the order they were written."""

    def __init__(self) -> None:
        self.reader = hiredis.Reader(
            encoding="utf-8", errors="strict", replyError=redis.exceptions.ResponseError
        )
        self.transport: asyncio.Transport | None = None
        self.waiting: collections.deque[asyncio.Future[Any]] = collections.deque()
        self.broken = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.reader.feed(data)
        while self.waiting:
            reply = self.reader.gets()
            if reply is False:
                return
            done = self.waiting.popleft()
            if not done.done():
                done.set_result(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self.broken = True
        while self.waiting:
            done = self.waiting.popleft()
            if not done.done():
                done.set_exception(Unavailable(f"FalkorDB connection lost: {exc}"))

    def send(self, *args: Any) -> asyncio.Future[Any]:
        assert self.transport is not None
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiting.append(done)
        self.transport.write(hiredis.pack_command(args))
        return done

    def close(self) -> None:
        self.broken = True
        if self.transport is not None:
            with contextlib.suppress(Exception):  # a loop already closed: nothing to do
                self.transport.close()


class AsyncReads:
    """Connections to one FalkorDB server, an idle list per event loop."""

    def __init__(self, unix_socket: str | None, host: str | None, port: int | None) -> None:
        self.unix_socket, self.host, self.port = unix_socket, host, port
        self._idle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[_Connection]] = (
            weakref.WeakKeyDictionary()
        )
        self.closed = False

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            if self.unix_socket is not None:
                _, conn = await loop.create_unix_connection(_Connection, self.unix_socket)
            else:
                _, conn = await loop.create_connection(_Connection, self.host, self.port)
        except OSError as exc:
            raise Unavailable(f"cannot reach FalkorDB: {exc}") from exc
        return conn

    async def command(self, timeout_s: float, *args: Any) -> Any:
        """The reply to one command (a reply that is an error is raised as the client raises
        it); :class:`asyncio.TimeoutError` after ``timeout_s``."""
        if self.closed:
            raise Unavailable("the store is closed")
        idle = self._idle.setdefault(asyncio.get_running_loop(), [])
        while idle and idle[-1].broken:  # lost while idle (the server restarted)
            idle.pop().close()
        conn = idle.pop() if idle else await self._connect()
        try:
            reply = await asyncio.wait_for(conn.send(*args), timeout_s)
        except BaseException:
            conn.close()  # a late reply must not answer the next command
            raise
        if not conn.broken and len(idle) < MAX_IDLE and not self.closed:
            idle.append(conn)
        else:
            conn.close()
        if isinstance(reply, redis.exceptions.ResponseError):
            raise reply
        return reply

    def close(self) -> None:
        """Close the idle connections of every loop (in-flight ones close when they finish)."""
        self.closed = True
        for idle in list(self._idle.values()):
            while idle:
                idle.pop().close()
