"""`innokg build` at archive scale, each run a real CLI process on a generated corpus
(bench/gen_corpus.py), the machine as it is (2 cores, shared):

- a fresh build of N documents with --workers 1 and with --workers 2 (wall time, speed-up),
- a re-run over the already built N documents (skipped unchanged) against the fresh build,
- peak memory of the build's own processes (the CLI and its extraction workers, summed; the
  store server is not counted: it holds the graph) for N and for N/10 documents,
- with --engine dask (local cluster, 2 workers) beside --workers 2.

    python bench/build_scale.py [--docs 500] [--rounds 3] [--dask]

Medians over the rounds; ratios are taken within each round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_corpus import generate  # noqa: E402

CLI = [sys.executable, "-m", "innokg.cli"]


def _tree_rss(pid: int) -> int:
    """RSS (bytes) of a process and its descendants, redis-server excluded."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            names[int(d.name)] = stat.split("(", 1)[1].rsplit(")", 1)[0]
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        if "redis" in names.get(p, ""):
            continue
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_build(data: Path, corpus: Path, *extra: str) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the build's processes, and the summary line."""
    env = {**os.environ, "INNOKG_DATA_DIR": str(data)}
    t = time.perf_counter()
    proc = subprocess.Popen(
        CLI + ["build", str(corpus), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]

    def watch() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    w = threading.Thread(target=watch, daemon=True)
    w.start()
    out, errout = proc.communicate()
    seconds = time.perf_counter() - t
    w.join()
    if proc.returncode != 0:
        raise RuntimeError(f"build failed: {errout[-2000:]}")
    line = next((x for x in out.splitlines() if x.startswith("documents written")), "")
    return seconds, peak[0], line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dask", action="store_true")
    args = ap.parse_args()
    results: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        small = Path(tmp) / "small"
        generate(big, args.docs)
        generate(small, max(1, args.docs // 10))
        for r in range(args.rounds):
            d = Path(tmp) / f"r{r}"
            w1, m1, l1 = run_build(d / "w1", big, "--workers", "1")
            w2, m2, l2 = run_build(d / "w2", big, "--workers", "2")
            re2, _, lr = run_build(d / "w2", big, "--workers", "2")
            s2, ms, _ = run_build(d / "small", small, "--workers", "2")
            note("fresh --workers 1 (s)", w1)
            note("fresh --workers 2 (s)", w2)
            note("speed-up --workers 2 / --workers 1", w1 / w2)
            note("re-run over the built corpus (s)", re2)
            note("re-run / fresh (--workers 2)", re2 / w2)
            note(f"peak RSS {args.docs} docs, --workers 2 (MB)", m2 / 1e6)
            note(f"peak RSS {args.docs // 10} docs, --workers 2 (MB)", ms / 1e6)
            note(f"peak RSS {args.docs} / {args.docs // 10} docs", m2 / ms)
            note(f"peak RSS {args.docs} docs, --workers 1 (MB)", m1 / 1e6)
            print(f"round {r + 1}: w1 {w1:.1f}s, w2 {w2:.1f}s, rerun {re2:.1f}s, small {s2:.1f}s")
            print(f"  {l1}\n  {l2}\n  {lr}", flush=True)
            if args.dask:
                dk, md, ld = run_build(d / "dask", big, "--engine", "dask", "--workers", "2")
                note("fresh --engine dask --workers 2 (s)", dk)
                note("dask / --workers 2 time", dk / w2)
                note(f"peak RSS {args.docs} docs, dask (MB)", md / 1e6)
                print(f"  dask {dk:.1f}s: {ld}", flush=True)
    print(f"\n{args.docs} documents, {args.rounds} rounds, median (min – max)\n")
    print("| measure | median | min – max |\n|---|---|---|")
    for name, vals in results.items():
        print(f"| {name} | {statistics.median(vals):.2f} | {min(vals):.2f} – {max(vals):.2f} |")


if __name__ == "__main__":
    main()
