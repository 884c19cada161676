"""Network analytics on the stored graph with networkx: degree, betweenness, PageRank, communities."""

from __future__ import annotations

import threading

import networkx as nx

from graph.snapshot import snapshot, stop_if_cancelled
from graph.store import GraphStore

METRICS = ("degree", "pagerank", "betweenness")


# Betweenness samples k sources, each a BFS over the whole graph: k is chosen so that k·(n+m)
# stays under this many steps (~10 s of networkx here, not minutes, on the 100k/300k graph).
BETWEENNESS_BUDGET = 500_000


def undirected(
    store: GraphStore, deadline: float | None = None, cancelled: threading.Event | None = None
) -> tuple[nx.Graph, dict[str, dict]]:
    """Entities and extracted relations (structure excluded) as a simple undirected graph."""
    snap = snapshot(store, include_structure=False, deadline=deadline, cancelled=cancelled)
    g = nx.Graph()
    info = {n["key"]: {"type": n["type"], "name": n["props"].get("name")} for n in snap.nodes}
    g.add_nodes_from(info)
    for e in snap.edges:
        g.add_edge(e["head"], e["tail"])
    return g, info


def centrality(store: GraphStore, metric: str = "pagerank") -> dict[str, float]:
    g, _ = undirected(store)
    return centrality_of(g, metric)


def centrality_of(g: nx.Graph, metric: str) -> dict[str, float]:
    if g.number_of_nodes() == 0:
        return {}
    if metric == "degree":
        return {k: float(v) for k, v in g.degree()}
    if metric == "betweenness":
        size = g.number_of_nodes() + g.number_of_edges()
        k = max(1, min(200, g.number_of_nodes(), BETWEENNESS_BUDGET // max(size, 1)))
        return nx.betweenness_centrality(g, k=k, seed=7)
    if metric == "pagerank":
        return nx.pagerank(g)
    raise ValueError(f"metric must be one of {', '.join(METRICS)}")


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
