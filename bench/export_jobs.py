"""Exports and analytics of a big graph over HTTP: synchronous endpoints against jobs.

    .venv/bin/python bench/export_jobs.py --store DATA_DIR [--formats json,ttl] [--sync]
        [--jobs /analytics/communities/jobs,...] [--skip-analytics]

``DATA_DIR`` holds the generated graph (--nodes/--rels, 100k/300k): loaded into it with
bench/gen_graph.py on the first run, reused after; the bench writes an exports/ folder into
it. Starts `innokg serve` on it (127.0.0.1), then for each format and each analytics job
(``--jobs``, POST paths): POST → poll (the progress phases and when each was first seen) →
``GET`` the file, timing the job, the download, and the peak resident memory of the API and
of its job process, while /health is polled every 200 ms (p50/p99). ``--sync`` also times
``GET /export?format=json`` (a 504 past INNOKG_EXPORT_TIMEOUT_MS, 60 s). Then the synchronous
``/analytics/central`` (betweenness, PageRank) and ``/analytics/communities``: seconds,
status, and for betweenness the samples.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.hardening_load import rss_mb, serve  # noqa: E402


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """(the API process, its largest child: the export process or an upload worker)."""
    kids = children(pid)
    own = rss_mb(pid) - sum(rss_mb(k) for k in kids)
    return own, max((rss_mb(k) for k in kids), default=0.0)


class Watch:
    """/health every 200 ms, peak memory and the CPU seconds of the API's children that came
    and went meanwhile (the job process: its CPU time is what load does not change), in a
    thread, until stopped."""

    def __init__(self, base: str, api_pid: int) -> None:
        self.ms: list[float] = []
        self.api = self.child = 0.0
        self.before = {k: cpu_s(k) for k in children(api_pid)}  # the idle upload worker
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, args=(base, api_pid), daemon=True)
        self._t.start()

    def _run(self, base: str, api_pid: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as h:
            while not self._stop.is_set():
                t = time.perf_counter()
                h.get("/health")
                self.ms.append((time.perf_counter() - t) * 1000)
                api, child = tree_rss_mb(api_pid)
                self.api, self.child = max(self.api, api), max(self.child, child)
                for k in children(api_pid):
                    self.cpu[k] = max(self.cpu.get(k, 0.0), cpu_s(k) - self.before.get(k, 0.0))
                time.sleep(0.2)

    def stop(self) -> dict:
        self._stop.set()
        self._t.join()
        ms = sorted(self.ms) or [0.0]
        return {
            "health_p50_ms": round(statistics.median(ms), 1),
            "health_p99_ms": round(ms[max(int(len(ms) * 0.99) - 1, 0)], 1),
            "api_peak_rss_mb": round(self.api, 1),
            "child_peak_rss_mb": round(self.child, 1),
            "children_cpu_s": round(sum(self.cpu.values()), 1),
        }


def ensure_loaded(folder: Path, n_nodes: int, n_rels: int) -> None:
    """The generated graph in ``folder``, loaded once (a marker file says so) and reused."""
    from bench.gen_graph import generate, load_generated
    from graph import open_store
    from innokg.config import Settings

    marker = folder / f"bench-graph-{n_nodes}-{n_rels}"
    if marker.exists():
        return
    store = open_store(Settings(data_dir=folder))
    try:
        store.clear()
        t = time.perf_counter()
        load_generated(store, *generate(n_nodes, n_rels))
        store.compact()
    finally:
        store.close()
    marker.write_text(f"loaded in {time.perf_counter() - t:.1f} s\n")


def run_job(c: httpx.Client, base: str, api_pid: int, post: str) -> dict:
    """POST a job, poll it to its end (the progress phases seen, with the second each was first
    seen), download its file: times, /health meanwhile, peak memory."""
    w = Watch(base, api_pid)
    t = time.perf_counter()
    job = c.post(post).json()
    phases: dict[str, float] = {}
    while (job := c.get(job["status"]).json())["state"] in ("queued", "running"):
        where = job.get("progress") or {}
        step = where.get("phase", job["state"]) + (f" {where['level']}" if "level" in where else "")
        phases.setdefault(step, round(time.perf_counter() - t, 1))
        time.sleep(0.5)
    took = time.perf_counter() - t
    row = {"job_seconds": round(took, 1), "state": job["state"], "phases_at_s": phases}
    row.update(progress=job.get("progress"), **w.stop())
    if job["state"] == "done":
        t = time.perf_counter()
        size = 0
        with c.stream("GET", job["file"]) as f:
            for chunk in f.iter_bytes():
                size += len(chunk)
        row["download_seconds"] = round(time.perf_counter() - t, 2)
        row["bytes"] = size
    else:
        row["error"] = job["error"]
    c.delete(job["status"])
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=300_000)
    ap.add_argument("--load-only", action="store_true", help="load the graph, measure nothing")
    ap.add_argument("--formats", default="json,graphml,ttl")
    ap.add_argument("--sync", action="store_true")
    ap.add_argument(
        "--jobs",
        default="/analytics/communities/jobs,/analytics/central/jobs?metric=betweenness",
        help="analytics jobs to run (POST paths), comma-separated; empty for none",
    )
    ap.add_argument("--skip-analytics", action="store_true")
    args = ap.parse_args()
    ensure_loaded(args.store, args.nodes, args.rels)
    if args.load_only:
        return
    out: dict = {"load_average_before": os.getloadavg()}
    server, base = serve({**os.environ, "INNOKG_DATA_DIR": str(args.store)})
    try:
        out["health"] = httpx.get(base + "/health").json()
        with httpx.Client(base_url=base, timeout=900) as c:
            if args.sync:
                w = Watch(base, server.pid)
                t = time.perf_counter()
                r = c.get("/export", params={"format": "json"})
                out["GET /export?format=json"] = {
                    "seconds": round(time.perf_counter() - t, 1),
                    "status": r.status_code,
                    "bytes": len(r.content),
                    **w.stop(),
                }
            for fmt in filter(None, args.formats.split(",")):
                out[f"POST /exports?format={fmt}"] = run_job(
                    c, base, server.pid, f"/exports?format={fmt}"
                )
            for path in filter(None, args.jobs.split(",")):
                out[f"POST {path}"] = run_job(c, base, server.pid, path)
            if not args.skip_analytics:
                for path in (
                    "/analytics/central?metric=betweenness",
                    "/analytics/central?metric=pagerank",
                    "/analytics/communities",
                ):
                    w = Watch(base, server.pid)
                    t = time.perf_counter()
                    r = c.get(path)
                    out[path] = {
                        "seconds": round(time.perf_counter() - t, 1),
                        "status": r.status_code,
                        "samples": r.headers.get("x-betweenness-samples"),
                        "nodes": r.headers.get("x-graph-nodes"),
                        **w.stop(),
                    }
    finally:
        server.terminate()
        server.wait(timeout=60)
        from graph.embedded import stop_server

        stop_server(args.store)
    out["load_average_after"] = os.getloadavg()
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
