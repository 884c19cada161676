"""Which distributed engine to map the extraction with: start-up, throughput and shutdown of
each, mapping the same ``innokg.work.extract_file`` over the same generated documents with 2
workers (no store writes: the engine alone).

    python bench/engine_overhead.py [--docs 60] [--engines processes,dask,ray]

Ray is not a project dependency: run this with it installed to compare (docs/scale.md).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_corpus import generate  # noqa: E402
from innokg.engines import ordered  # noqa: E402
from innokg.work import FileTask, extract_file  # noqa: E402


def run_processes(tasks: list[FileTask]) -> tuple[float, float, float]:
    from innokg.engines import ProcessPool

    t0 = time.perf_counter()
    pool = ProcessPool(2)
    it = pool.map(tasks, 50 << 20, frozenset())
    t1 = time.perf_counter()
    n = sum(1 for r in it if r.extraction is not None)
    t2 = time.perf_counter()
    pool.close()
    assert n == len(tasks)
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def run_dask(tasks: list[FileTask]) -> tuple[float, float, float]:
    from innokg.engines import DaskEngine

    t0 = time.perf_counter()
    eng = DaskEngine(2)
    t1 = time.perf_counter()
    n = sum(1 for r in eng.map(tasks, 50 << 20, frozenset()) if r.extraction is not None)
    t2 = time.perf_counter()
    eng.close()
    assert n == len(tasks)
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def run_ray(tasks: list[FileTask]) -> tuple[float, float, float]:
    import ray

    t0 = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    remote = ray.remote(num_cpus=1)(extract_file)

    class _Ref:
        def __init__(self, ref) -> None:  # noqa: ANN001
            self.ref = ref

        def result(self):  # noqa: ANN202
            return ray.get(self.ref)

    t1 = time.perf_counter()
    submit = lambda t: _Ref(remote.remote(t, 50 << 20, frozenset()))  # noqa: E731
    n = sum(1 for r in ordered(submit, tasks, 8) if r.extraction is not None)
    t2 = time.perf_counter()
    ray.shutdown()
    assert n == len(tasks)
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--engines", default="processes,dask,ray")
    args = ap.parse_args()
    runners = {"processes": run_processes, "dask": run_dask, "ray": run_ray}
    with tempfile.TemporaryDirectory() as d:
        files = generate(Path(d) / "c", args.docs)
        tasks = [FileTask(str(f), f.name) for f in files]
        mb = sum(f.stat().st_size for f in files) / 1e6
        print(f"{args.docs} documents, {mb:.1f} MB, 2 workers\n")
        print("| engine | start s | extract s | docs/s | stop s |\n|---|---|---|---|---|")
        for name in args.engines.split(","):
            try:
                start, work, stop = runners[name](tasks)
            except ImportError as exc:
                print(f"| {name} | not installed ({exc.name}) | | | |")
                continue
            print(
                f"| {name} | {start:.1f} | {work:.1f} | {args.docs / work:.2f} | {stop:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
