"""Which ``timeout_ms`` a library query can meet: the floor POST /queries/{name} declares.

    .venv/bin/python bench/library_timeouts.py [--repeat 20] [--limits 1,2,5,10,20,50,100,200]

Against a real `innokg serve` on a fresh data dir holding the corpus (data/corpus, embedded
store), every library query is run ``--repeat`` times with each time limit (the query's own
defaults, so the rows of the corpus graph): how many answered 200 and how many 504, and the
median/max of the store's ``elapsed_ms`` and of the request's wall time at the server's default
limit. A limit below which a query that takes a few ms still times out is no limit a client can
use; the API's minimum is set above the smallest one every query met every time, with room for
a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.hardening_load import serve  # noqa: E402
from queries.library import list_queries  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--limits", default="1,2,5,10,20,50,100,200")
    args = ap.parse_args()
    limits = [int(x) for x in args.limits.split(",")]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "INNOKG_DATA_DIR": data, "INNOKG_STORE": "embedded"}
        subprocess.run(
            [sys.executable, "-m", "innokg.cli", "build", "--fresh"],
            env=env,
            check=True,
            capture_output=True,
        )
        proc, base = serve(env)
        try:
            with httpx.Client(base_url=base, timeout=30) as c:
                print(f"load average {os.getloadavg()}")
                print("query | " + " | ".join(f"{t} ms" for t in limits) + " | elapsed / wall ms")
                for path in list_queries():
                    cells = []
                    for t in limits:
                        codes = [
                            c.post(f"/queries/{path.stem}", json={"timeout_ms": t}).status_code
                            for _ in range(args.repeat)
                        ]
                        cells.append(f"{codes.count(200)}/{codes.count(504)}")
                    elapsed, wall = [], []
                    for _ in range(args.repeat):
                        t0 = time.perf_counter()
                        r = c.post(f"/queries/{path.stem}")
                        wall.append((time.perf_counter() - t0) * 1000)
                        elapsed.append(r.json()["elapsed_ms"])
                    print(
                        f"{path.stem} | "
                        + " | ".join(cells)
                        + f" | {statistics.median(elapsed):.1f} (max {max(elapsed):.1f}) / "
                        f"{statistics.median(wall):.1f} (max {max(wall):.1f})"
                    )
                print(f"load average {os.getloadavg()}")
        finally:
            proc.terminate()
            proc.wait(30)


if __name__ == "__main__":
    main()
