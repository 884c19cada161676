"""`innokg serve --workers N`: N API processes, each listening on its own socket bound to the
same port with SO_REUSEPORT, so the kernel spreads connections over them.

uvicorn's own ``--workers`` shares one listening socket: whichever worker wakes first accepts,
and a keep-alive client stays with the worker that accepted it. 32 clients connecting at once
were split 25/7, 32/0 and 20/12 over two workers (three tries, bench/api_concurrency.py's
clients), so one core did most of the work and the p99 was that worker's queue. With a socket
per worker the kernel picks the socket by a hash of the connection's addresses
(tests/test_serve_workers.py checks the spread).

This process keeps the store open (the embedded server starts once and outlives any worker),
starts the workers, starts another when one dies, and stops them on SIGINT/SIGTERM. A worker
that could not start (uvicorn's startup failure: the app cannot load, the port is taken) stops
the whole server rather than being restarted forever.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable

# uvicorn's exit code for a server that could not start (uvicorn.config.STARTUP_FAILURE)
STARTUP_FAILURE = 3
STOP_GRACE_S = 30.0
# a worker that dies this soon after it started is replaced after a pause
RESTART_WINDOW_S = 10.0
RESTART_PAUSE_S = 2.0


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port that other processes of this user can share."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def worker_command(host: str, port: int, access_log: bool = False) -> list[str]:
    serve = ["serve", "--host", host, "--port", str(port), "--workers", "1", "--reuse-port"]
    serve.append("--access-log" if access_log else "--no-access-log")
    return [sys.executable, "-m", "innokg.cli", *serve]


def supervise(
    workers: int, start: Callable[[], subprocess.Popen], log: Callable[[str], None]
) -> int:
    """Run ``workers`` processes made by ``start`` until SIGINT/SIGTERM; the exit code."""
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    procs: list[tuple[subprocess.Popen, float]] = []
    code = 0
    try:
        procs = [(start(), time.monotonic()) for _ in range(workers)]
        while not stop.wait(0.5):
            for i, (proc, started) in enumerate(procs):
                status = proc.poll()
                if status is None:
                    continue
                if stop.wait(0.2):  # Ctrl-C reaches the workers too: they went first
                    break
                if status == STARTUP_FAILURE:
                    log(f"API worker {proc.pid} could not start; stopping")
                    code = status
                    stop.set()
                    break
                log(f"API worker {proc.pid} exited ({status}); starting another")
                if time.monotonic() - started < RESTART_WINDOW_S and stop.wait(RESTART_PAUSE_S):
                    break  # dying as soon as it starts: not in a tight loop
                procs[i] = (start(), time.monotonic())
    finally:
        for proc, _ in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for proc, _ in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code
