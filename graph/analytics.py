"""Network analytics on the stored graph with networkx: degree, betweenness, PageRank, communities."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graph.snapshot import lean, stop_if_cancelled
from graph.store import GraphStore, QueryTimeout

METRICS = ("degree", "pagerank", "betweenness")
Progress = Callable[[dict], None]  # told where a long computation is (a job's progress)


# Betweenness samples source nodes, each a BFS over the whole graph (Brandes): exact (every
# node a source) while k·(n+m) stays under this many steps; past it, batches of sources of
# that size are sampled and averaged until MAX_SAMPLES, the time allowed, or the reader leaves.
BETWEENNESS_BUDGET = 500_000
MAX_SAMPLES = 200
SAMPLING_S = 10.0  # at most this long sampling (less if the caller's deadline comes first)
# Louvain (networkx, pure Python) costs more than linearly: 7.7 CPU s for the generated 10k/30k
# graph, 68 s for 30k/90k, minutes for 100k/300k (docs/benchmarks.md). A request's Louvain of
# more relations than this is refused at once (the job does it) instead of a 504 after 60 s
# with the API's own thread still busy for minutes.
SYNC_LOUVAIN_EDGES = 50_000


@dataclass
class Scores:
    """Scores by entity key; for betweenness the source nodes it used (``samples`` < ``nodes``:
    an estimate from that many sampled sources, the usual k-sample of networkx)."""

    values: dict[str, float]
    samples: int | None = None
    nodes: int = 0


def undirected(
    store: GraphStore, deadline: float | None = None, cancelled: threading.Event | None = None
) -> tuple[nx.Graph, dict[str, dict]]:
    """Entities and extracted relations (structure excluded) as a simple undirected graph."""
    nodes, edges = lean(store, deadline=deadline, cancelled=cancelled)
    g = nx.Graph()
    info = {n["key"]: {"type": n["type"], "name": n["name"]} for n in nodes}
    g.add_nodes_from(info)
    g.add_edges_from(edges)
    return g, info


def centrality(store: GraphStore, metric: str = "pagerank") -> dict[str, float]:
    g, _ = undirected(store)
    return centrality_of(g, metric)


def centrality_of(g: nx.Graph, metric: str) -> dict[str, float]:
    return scores_of(g, metric).values


def scores_of(
    g: nx.Graph,
    metric: str,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
    sampling_s: float | None = SAMPLING_S,
    progress: Progress | None = None,
) -> Scores:
    n = g.number_of_nodes()
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}")
    if n == 0:
        return Scores({}, 0 if metric == "betweenness" else None)
    if metric == "degree":
        return Scores({k: float(v) for k, v in g.degree()}, nodes=n)
    if metric == "pagerank":
        return Scores(nx.pagerank(g), nodes=n)
    return betweenness(g, deadline, cancelled, sampling_s, progress)


def central(
    store: GraphStore,
    metric: str = "pagerank",
    type_: str | None = None,
    limit: int = 20,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
    sampling_s: float | None = SAMPLING_S,
    progress: Progress | None = None,
) -> tuple[list[dict], Scores]:
    """The ``limit`` most central entities (of ``type_``) as rows {id, name, type, score}, and
    the scores they come from (for betweenness: how many sources were sampled)."""
    _tell(progress, {"phase": "reading"})
    g, info = undirected(store, deadline, cancelled)
    stop_if_cancelled(cancelled)
    _tell(progress, {"phase": metric, "nodes": g.number_of_nodes()})
    # sampling ends a second early: ranking and the answer still have to be made
    scores = scores_of(
        g, metric, None if deadline is None else deadline - 1.0, cancelled, sampling_s, progress
    )
    ranked = sorted(
        ((k, v) for k, v in scores.values.items() if not type_ or info[k]["type"] == type_),
        key=lambda kv: -kv[1],
    )[:limit]
    rows = [
        {"id": k, "name": info[k]["name"] or k, "type": info[k]["type"], "score": round(v, 6)}
        for k, v in ranked
    ]
    return rows, scores


def _tell(progress: Progress | None, where: dict) -> None:
    if progress is not None:
        progress(where)


def betweenness(
    g: nx.Graph,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
    sampling_s: float | None = SAMPLING_S,
    progress: Progress | None = None,
) -> Scores:
    """Exact on a small graph; on a big one, batches of sampled sources until MAX_SAMPLES or the
    time is (nearly) up, their mean reported with the number of sources sampled. Between batches
    a reader who left stops it (one batch of the 100k/300k graph is ~2 s). A job passes
    ``sampling_s=None``: no time cap of its own, MAX_SAMPLES sources."""
    n = g.number_of_nodes()
    batch = max(1, min(n, BETWEENNESS_BUDGET // max(n + g.number_of_edges(), 1)))
    if batch >= min(n, MAX_SAMPLES):
        k = min(n, MAX_SAMPLES)
        exact = nx.betweenness_centrality(g, k=None if k == n else k, seed=7)
        return Scores(exact, k, n)
    end = float("inf") if sampling_s is None else time.monotonic() + sampling_s
    end = end if deadline is None else min(end, deadline)
    total: dict[str, float] = dict.fromkeys(g, 0.0)
    rounds, took = 0, 0.0
    # the first batch always runs; a next one only if it should end in time (1.5× the last)
    while rounds == 0 or (
        (rounds + 1) * batch <= MAX_SAMPLES and time.monotonic() + 1.5 * took < end
    ):
        stop_if_cancelled(cancelled)
        t = time.monotonic()
        part = nx.betweenness_centrality(g, k=batch, seed=7 + rounds)
        took = time.monotonic() - t
        for key, v in part.items():
            total[key] += v
        rounds += 1
        if progress is not None:
            progress({"phase": "betweenness", "samples": rounds * batch, "of": MAX_SAMPLES})
    return Scores({key: v / rounds for key, v in total.items()}, rounds * batch, n)


def communities(
    store: GraphStore,
    min_size: int = 2,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
    progress: Progress | None = None,
    max_edges: int | None = None,
) -> list[list[str]]:
    """Louvain communities of at least ``min_size`` entities, largest first. Louvain works in
    levels (each merges the last one's communities); between levels the deadline and a reader
    who left stop it, and ``progress`` hears each level. The first level is most of the work
    (on the 100k/300k graph longer than a request may take: docs/benchmarks.md). More than
    ``max_edges`` relations: QueryTimeout before Louvain starts."""
    _tell(progress, {"phase": "reading"})
    g, _ = undirected(store, deadline, cancelled)
    stop_if_cancelled(cancelled)
    g.remove_nodes_from([n for n, d in g.degree() if d == 0])
    if g.number_of_nodes() == 0:
        return []
    if max_edges is not None and g.number_of_edges() > max_edges:
        raise QueryTimeout(
            f"communities of {g.number_of_edges()} relations take longer than a request may "
            f"(more than {max_edges})"
        )
    _tell(progress, {"phase": "louvain", "level": 0, "nodes": g.number_of_nodes()})
    found: list[set] = []
    # louvain_communities is the last of these partitions (networkx's own definition)
    for level, found in enumerate(nx.community.louvain_partitions(g, seed=7), 1):
        _tell(progress, {"phase": "louvain", "level": level, "communities": len(found)})
        stop_if_cancelled(cancelled)
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout("communities: the time limit passed between Louvain levels")
    return sorted((sorted(c) for c in found if len(c) >= min_size), key=len, reverse=True)
