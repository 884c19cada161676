"""The API under concurrent clients: a real `innokg serve --workers N` process over the embedded
store holding the generated graph (100k nodes, 300k relationships), driven over HTTP from here.

    python bench/api_concurrency.py [--workers 2] [--clients 32] [--requests 20] [--store DIR]

With ``--store DIR`` the generated graph is loaded into DIR once and reused by later runs (the
bulk load takes minutes on these machines; the graph is the same for the same sizes and seed).

Scenarios (each bounded in requests and time): 32 clients on /entities/{id}/neighbors, on
/transfer-chains (the same page: after the first, answers kept per store generation are served,
api/cache.py), on /transfer-chains with a new URL each time (never kept), on /entities?q=; then 8 clients searching while one client asks for neighbours
(its p50). The load generator runs on the same 2 cores as the server (it is counted against the
server's share), so numbers are upper bounds of what a separate client machine would see.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench.gen_graph import generate, load_generated  # noqa: E402
from bench.store_load import pct  # noqa: E402
from graph import open_store  # noqa: E402
from innokg.config import Settings  # noqa: E402


def _stat(pid: int) -> tuple[int, float]:
    """(parent pid, CPU seconds) of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(root: int, data_dir: str) -> float:
    """CPU seconds used so far by the server: the serve process, its workers and the store."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                procs[int(entry.name)] = _stat(int(entry.name))
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, (ppid, _) in procs.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    with contextlib.suppress(OSError, ValueError):
        tree.add(int((Path(data_dir) / "falkordb" / "redis.pid").read_text()))
    return sum(procs[pid][1] for pid in tree if pid in procs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Connect each client before its first timed request (--connect-first): 32 clients opening their
# sockets at once put the connect burst into the first of their 15 requests, about 7% of a
# scenario's samples, so into its p99; a keep-alive client connects once.
CONNECT_FIRST = [False]
REFUSED = [0]  # 503 answers (a read that waited past its limit) in the current scenario


class Connection:
    """A minimal keep-alive HTTP/1.1 client on one socket: httpx cost ~5 ms of CPU per request
    here, as much as the server's whole answer, on the same two cores."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        """Open the socket (keep-alive: once per client, before its timed requests)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def get(self, path: str) -> tuple[int, bytes]:
        await self.connect()
        assert self.reader is not None and self.writer is not None
        target = quote(path, safe="/?&=%:")
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        length = {k.lower(): v for k, v in headers.items()}.get("content-length")
        if length is None:
            raise RuntimeError(f"no content-length in the answer to {path}")
        body = await self.reader.readexactly(int(length))
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _client(
    base: tuple[str, int], url: Callable[[], str], n: int, out: list[float], stop: float
) -> None:
    conn = Connection(*base)
    try:
        if CONNECT_FIRST[0]:
            await asyncio.wait_for(conn.connect(), 60)
        for _ in range(n):
            if time.monotonic() > stop:
                return
            t = time.perf_counter()
            status, body = await asyncio.wait_for(conn.get(url()), 60)
            out.append((time.perf_counter() - t) * 1000)
            if status != 200:
                if status != 503:
                    raise RuntimeError(f"{status} {body[:200]!r}")
                REFUSED[0] += 1  # busy: counted (its time is in the latencies too)
    finally:
        conn.close()


async def scenario(
    base: tuple[str, int], groups: list[tuple[int, Callable[[], str], int]], cap_s: float
) -> list[list[float]]:
    """Run groups of (clients, url maker, requests each) at once; latencies per group."""
    stop = time.monotonic() + cap_s
    outs: list[list[float]] = [[] for _ in groups]
    tasks = [
        _client(base, url, n, outs[i], stop)
        for i, (clients, url, n) in enumerate(groups)
        for _ in range(clients)
    ]
    await asyncio.gather(*tasks)
    return outs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--skip", default="", help="comma-separated scenario names to leave out")
    ap.add_argument("--store", type=Path, default=None, help="data dir to keep the graph in")
    ap.add_argument(
        "--connect-first",
        action="store_true",
        help="open each client's keep-alive socket before its timed requests",
    )
    args = ap.parse_args()
    CONNECT_FIRST[0] = args.connect_first
    nodes, rels = generate(args.nodes, args.rels)
    keys = [r["key"] for rows in nodes.values() for r in rows]
    rnd = random.Random(3)
    with contextlib.ExitStack() as stack:
        d = str(args.store or stack.enter_context(tempfile.TemporaryDirectory()))
        loaded = Path(d) / f"bench-graph-{args.nodes}-{args.rels}"
        if not loaded.exists():
            settings = Settings(data_dir=Path(d))
            store = open_store(settings)
            store.clear()
            t = time.perf_counter()
            load_generated(store, nodes, rels)
            store.compact()
            store.close()
            loaded.write_text(f"loaded in {time.perf_counter() - t:.1f} s\n")
        del nodes, rels
        port = _free_port()
        env = {**os.environ, "INNOKG_DATA_DIR": d}
        server = subprocess.Popen(
            [sys.executable, "-m", "innokg.cli", "serve", "--port", str(port)]
            + ["--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = ("127.0.0.1", port)
        try:
            deadline = time.monotonic() + 900  # a large store takes minutes to load when busy
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            nb = lambda: f"/entities/{quote(rnd.choice(keys), safe='')}/neighbors?depth=1"  # noqa: E731
            chains = lambda: "/transfer-chains?origin=北京&limit=100"  # noqa: E731
            # the same page with a parameter the API ignores: a new URL each time, so no kept
            # answer (api/cache.py) serves it — what a page nobody asked for yet costs
            fresh = iter(range(10**9))
            chains_new = lambda: f"/transfer-chains?origin=北京&limit=100&_={next(fresh)}"  # noqa: E731
            search = lambda: f"/entities?q={rnd.choice('华创星云北天')}{rnd.randint(1, 9)}&limit=20"  # noqa: E731
            asyncio.run(scenario(base, [(4, nb, 10), (2, search, 5)], 60))  # warm-up
            c, n = args.clients, args.requests
            print(
                f"graph: {args.nodes} nodes, {args.rels} relationships; innokg serve --workers "
                f"{args.workers}; {c} clients × {n} requests\n"
            )
            print(
                "| scenario | requests | p50 ms | p99 ms | server CPU ms/request | "
                "client CPU ms/request | 503 |\n|---|---|---|---|---|---|---|"
            )
            for name, url in [
                ("GET /entities/{id}/neighbors?depth=1", nb),
                ("GET /transfer-chains?origin=北京&limit=100", chains),
                ("GET /transfer-chains?origin=北京&limit=100&_=<new> (not kept)", chains_new),
                ("GET /entities?q=…&limit=20", search),
            ]:
                if any(k and k in name for k in args.skip.split(",")):
                    continue
                REFUSED[0] = 0
                cpu0, mine0 = server_cpu(server.pid, d), time.process_time()
                (lat,) = asyncio.run(scenario(base, [(c, url, n)], 300))
                cpu = (server_cpu(server.pid, d) - cpu0) / len(lat) * 1000
                mine = (time.process_time() - mine0) / len(lat) * 1000
                print(
                    f"| {c} clients: {name} | {len(lat)} | {statistics.median(lat):.1f} | "
                    f"{pct(lat, 0.99):.1f} | {cpu:.1f} | {mine:.1f} | {REFUSED[0]} |",
                    flush=True,
                )
            cpu0, REFUSED[0] = server_cpu(server.pid, d), 0
            searching, one = asyncio.run(scenario(base, [(8, search, n * 2), (1, nb, n * 4)], 300))
            cpu = (server_cpu(server.pid, d) - cpu0) / (len(searching) + len(one)) * 1000
            print(
                f"| 8 clients searching: their ?q= | {len(searching)} | "
                f"{statistics.median(searching):.1f} | {pct(searching, 0.99):.1f} | {cpu:.1f} | "
                f"| {REFUSED[0]} |"
            )
            print(
                f"| … meanwhile 1 client: neighbours | {len(one)} | {statistics.median(one):.1f} | "
                f"{pct(one, 0.99):.1f} | | | |"
            )
            print(f"\nload average at the end: {os.getloadavg()}")
        finally:
            server.terminate()
            try:
                server.wait(timeout=120)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    main()
