"""Start and stop of the embedded store, from the CLI and from Python.

    python bench/start_stop.py [--nodes 20000] [--rels 60000] [--repeat 5]

1. ``innokg query`` on a built store: seconds from the answer on stdout (its work done) to the
   process' exit (closing the store, stopping its server), and the whole command.
2. start-to-ready of a store holding the generated graph: ``open_store`` (server start, load,
   indexes, repair) when the append-only file holds every write since the start (replayed at
   start), and after ``compact()`` (one snapshot, loaded); and ``close()``.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_graph import generate, load_generated  # noqa: E402
from graph import open_store  # noqa: E402
from innokg.config import DEFAULT_CORPUS, Settings  # noqa: E402

CLI = [sys.executable, "-m", "innokg.cli"]


def cli_exit(data: Path) -> tuple[float, float]:
    """(seconds from the answer to exit, whole command)."""
    env = {**os.environ, "INNOKG_DATA_DIR": str(data)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        CLI + ["query", "MATCH (n:Entity) RETURN count(n) AS n", "--format", "json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    proc.stdout.read(1)  # the answer starts: the query is done
    t1 = time.perf_counter()
    proc.stdout.read()
    proc.wait()
    t2 = time.perf_counter()
    return t2 - t1, t2 - t0


def timed_open(settings: Settings) -> tuple[float, float]:
    t = time.perf_counter()
    s = open_store(settings)
    ready = time.perf_counter() - t
    t = time.perf_counter()
    s.close()
    return ready, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=20_000)
    ap.add_argument("--rels", type=int, default=60_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "corpus"
        env = {**os.environ, "INNOKG_DATA_DIR": str(corpus)}
        subprocess.run(
            CLI + ["build", str(DEFAULT_CORPUS)], env=env, check=True, capture_output=True
        )
        runs = [cli_exit(corpus) for _ in range(args.repeat)]
        after = statistics.median(r[0] for r in runs)
        whole = statistics.median(r[1] for r in runs)
        print(
            f"innokg query on the corpus store: exit {after:.2f} s after the answer "
            f"(whole command {whole:.2f} s), median of {args.repeat}"
        )

        gen = Settings(data_dir=Path(d) / "gen")
        s = open_store(gen)
        nodes, rels = generate(args.nodes, args.rels)
        load_generated(s, nodes, rels)
        del nodes, rels
        s.close()  # not compacted: the append-only file holds every write
        replay = [timed_open(gen) for _ in range(args.repeat)]
        s = open_store(gen)
        compact_s = s.compact()
        s.close()
        loaded = [timed_open(gen) for _ in range(args.repeat)]
        aof = sum(f.stat().st_size for f in (Path(d) / "gen" / "falkordb").rglob("*.aof"))
        print(
            f"\nstore with {args.nodes} nodes, {args.rels} relationships (median of {args.repeat}):"
        )
        print("| append-only file | start to ready s | close s |\n|---|---|---|")
        print(
            f"| every write since start (replayed) | "
            f"{statistics.median(r[0] for r in replay):.2f} | "
            f"{statistics.median(r[1] for r in replay):.2f} |"
        )
        print(
            f"| compacted ({compact_s:.1f} s; {aof / 1e6:.1f} MB of .aof left) | "
            f"{statistics.median(r[0] for r in loaded):.2f} | "
            f"{statistics.median(r[1] for r in loaded):.2f} |"
        )


if __name__ == "__main__":
    main()
