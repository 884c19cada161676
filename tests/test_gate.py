"""The read gate (api/gate.py) over the ASGI interface: reads run at most ``slots`` at a time,
in arrival order; a request whose client leaves while waiting never runs; a wait past the limit
is a 503 with Retry-After; other routes are not held."""

from __future__ import annotations

import asyncio
import json

from api.gate import ReadGate


class Client:
    """One HTTP request as the server hands it to the app: receive/send, and a way to leave."""

    def __init__(self, path: str, method: str = "GET") -> None:
        self.scope = {"type": "http", "method": method, "path": path, "headers": []}
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.inbox.put_nowait({"type": "http.request", "body": b"", "more_body": False})
        self.sent: list[dict] = []

    async def receive(self) -> dict:
        return await self.inbox.get()

    async def send(self, message: dict) -> None:
        self.sent.append(message)

    def leave(self) -> None:
        self.inbox.put_nowait({"type": "http.disconnect"})

    @property
    def status(self) -> int | None:
        return next((m["status"] for m in self.sent if m["type"] == "http.response.start"), None)


def _app(log: list[str], hold: dict[str, asyncio.Event]):  # noqa: ANN202
    async def app(scope, receive, send) -> None:  # noqa: ANN001
        body = await receive()  # the request's own message reaches the app, after a wait too
        assert body["type"] == "http.request"
        log.append(scope["path"])
        if scope["path"] in hold:
            await hold[scope["path"]].wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


def test_one_slot_in_arrival_order_and_a_client_that_left_is_not_served() -> None:
    async def scenario() -> None:
        log: list[str] = []
        hold = {"/entities/a": asyncio.Event()}
        gate = ReadGate(_app(log, hold), slots=1, wait_ms=5000)
        a, b, c, d = (Client(p) for p in ("/entities/a", "/entities/b", "/stats", "/paths"))
        tasks = [asyncio.ensure_future(gate(x.scope, x.receive, x.send)) for x in (a, b, c, d)]
        await _settle()
        assert log == ["/entities/a"]  # the others wait for the one slot
        b.leave()
        await _settle()
        assert tasks[1].done() and b.sent == []  # gone while waiting: dropped, nothing sent
        hold["/entities/a"].set()
        await asyncio.gather(*tasks)
        assert log == ["/entities/a", "/stats", "/paths"]  # first come, first served
        assert [x.status for x in (a, c, d)] == [200, 200, 200]
        assert gate.running == 0 and not gate._waiting

    asyncio.run(scenario())


def test_a_wait_past_the_limit_is_503_with_retry_after() -> None:
    async def scenario() -> None:
        log: list[str] = []
        hold = {"/entities/a": asyncio.Event()}
        gate = ReadGate(_app(log, hold), slots=1, wait_ms=50)
        a, b = Client("/entities/a"), Client("/transfer-chains")
        first = asyncio.ensure_future(gate(a.scope, a.receive, a.send))
        await _settle()
        await gate(b.scope, b.receive, b.send)
        assert b.status == 503 and log == ["/entities/a"]
        headers = dict(b.sent[0]["headers"])
        assert headers[b"retry-after"] == b"1"
        assert headers[b"content-type"] == b"application/problem+json"
        assert "busy" in json.loads(b.sent[1]["body"])["detail"]
        hold["/entities/a"].set()
        await first
        assert a.status == 200 and gate.running == 0 and not gate._waiting

    asyncio.run(scenario())


def test_health_writes_and_the_page_are_not_held() -> None:
    async def scenario() -> None:
        log: list[str] = []
        hold = {"/entities/a": asyncio.Event()}
        gate = ReadGate(_app(log, hold), slots=1, wait_ms=5000)
        a = Client("/entities/a")
        first = asyncio.ensure_future(gate(a.scope, a.receive, a.send))
        await _settle()
        for other in (Client("/health"), Client("/"), Client("/entities", method="POST")):
            await asyncio.wait_for(gate(other.scope, other.receive, other.send), 5)
            assert other.status == 200
        hold["/entities/a"].set()
        await first
        assert gate.running == 0

    asyncio.run(scenario())


def test_a_request_cancelled_while_waiting_does_not_keep_a_slot() -> None:
    async def scenario() -> None:
        log: list[str] = []
        hold = {"/entities/a": asyncio.Event()}
        gate = ReadGate(_app(log, hold), slots=1, wait_ms=5000)
        a, b, c = Client("/entities/a"), Client("/entities/b"), Client("/entities/c")
        first = asyncio.ensure_future(gate(a.scope, a.receive, a.send))
        await _settle()
        second = asyncio.ensure_future(gate(b.scope, b.receive, b.send))
        third = asyncio.ensure_future(gate(c.scope, c.receive, c.send))
        await _settle()
        second.cancel()
        await _settle()
        hold["/entities/a"].set()
        await asyncio.wait_for(asyncio.gather(first, third), 5)
        assert log == ["/entities/a", "/entities/c"] and c.status == 200
        assert gate.running == 0 and not gate._waiting

    asyncio.run(scenario())
