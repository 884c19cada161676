"""Network analytics on the stored graph with networkx: degree, betweenness, PageRank, communities."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import networkx as nx

from graph.snapshot import lean, stop_if_cancelled
from graph.store import GraphStore

METRICS = ("degree", "pagerank", "betweenness")


# Betweenness samples source nodes, each a BFS over the whole graph (Brandes): exact (every
# node a source) while k·(n+m) stays under this many steps; past it, batches of sources of
# that size are sampled and averaged until MAX_SAMPLES, the time allowed, or the reader leaves.
BETWEENNESS_BUDGET = 500_000
MAX_SAMPLES = 200
SAMPLING_S = 10.0  # at most this long sampling (less if the caller's deadline comes first)


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
    return betweenness(g, deadline, cancelled)


def betweenness(
    g: nx.Graph, deadline: float | None = None, cancelled: threading.Event | None = None
) -> Scores:
    """Exact on a small graph; on a big one, batches of sampled sources until MAX_SAMPLES or the
    time is (nearly) up, their mean reported with the number of sources sampled. Between batches
    a reader who left stops it (one batch of the 100k/300k graph is ~2 s)."""
    n = g.number_of_nodes()
    batch = max(1, min(n, BETWEENNESS_BUDGET // max(n + g.number_of_edges(), 1)))
    if batch >= min(n, MAX_SAMPLES):
        k = min(n, MAX_SAMPLES)
        exact = nx.betweenness_centrality(g, k=None if k == n else k, seed=7)
        return Scores(exact, k, n)
    end = time.monotonic() + SAMPLING_S
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
    return Scores({key: v / rounds for key, v in total.items()}, rounds * batch, n)


def communities(
    store: GraphStore,
    min_size: int = 2,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
) -> list[list[str]]:
    g, _ = undirected(store, deadline, cancelled)
    stop_if_cancelled(cancelled)
    g.remove_nodes_from([n for n, d in g.degree() if d == 0])
    if g.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(g, seed=7)
    return sorted((sorted(c) for c in found if len(c) >= min_size), key=len, reverse=True)
