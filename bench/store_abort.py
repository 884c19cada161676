"""Can a running FalkorDB query be stopped from outside? (docs/store.md)

    .venv/bin/python bench/store_abort.py [--timeout-ms 8000]

Starts the embedded store on a fresh data dir, runs a long ``GRAPH.RO_QUERY … TIMEOUT`` on one
connection (no client retries), kills that connection with ``CLIENT KILL ID`` from another after
1.5 s, and polls ``GRAPH.INFO RunningQueries`` until the query is gone: the seconds it kept
running after its client was killed, against its own limit. Also lists the module's commands
that could abort a query (none in FalkorDB 4.16).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import open_store  # noqa: E402
from graph.embedded import stop_server  # noqa: E402
from innokg.config import Settings  # noqa: E402

SLOW = "UNWIND range(1, 40000) AS i UNWIND range(1, 40000) AS j RETURN count(*)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout-ms", type=int, default=8000)
    args = ap.parse_args()
    d = Path(tempfile.mkdtemp(prefix="innokg-abort-"))
    store = open_store(Settings(data_dir=d), writer=True)
    try:
        sock = str(next(d.rglob("*.sock")))
        runner = redis.Redis(unix_socket_path=sock, retry=Retry(NoBackoff(), 0))
        other = redis.Redis(unix_socket_path=sock)
        names = (n.decode() if isinstance(n, bytes) else n for n in other.command_list())
        commands = sorted(n for n in names if n.lower().startswith("graph."))
        print("module commands:", ", ".join(commands))
        ended: dict[str, object] = {}

        def run() -> None:
            t = time.monotonic()
            try:
                runner.execute_command("GRAPH.RO_QUERY", "innokg", SLOW, "TIMEOUT", args.timeout_ms)
                ended["reply"] = "answered"
            except redis.RedisError as exc:
                ended["reply"] = type(exc).__name__
            ended["client_s"] = round(time.monotonic() - t, 2)

        started = time.monotonic()
        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(1.5)
        running = other.execute_command("GRAPH.INFO", "RunningQueries")[1]
        print("running before the kill:", len(running))
        killed_at = time.monotonic()
        other.execute_command("CLIENT", "KILL", "ID", runner.client_id())
        while other.execute_command("GRAPH.INFO", "RunningQueries")[1]:
            if time.monotonic() - killed_at > args.timeout_ms / 1000 + 30:
                print("still running 30 s past its limit")
                break
            time.sleep(0.1)
        gone = time.monotonic()
        thread.join()
        print(
            f"client killed at {killed_at - started:.2f} s (its call: {ended}); the query ran "
            f"until {gone - started:.2f} s, {gone - killed_at:.2f} s after the kill "
            f"(its TIMEOUT: {args.timeout_ms / 1000:g} s)"
        )
    finally:
        store.close()
        stop_server(d)


if __name__ == "__main__":
    main()
