"""Exports: RDF (Turtle, JSON-LD) via rdflib, GraphML and node-link JSON via networkx."""

from __future__ import annotations

import io
import json
import threading

import networkx as nx
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from graph.ontology import INNO, entity_iri, ontology, rel_iri
from graph.snapshot import Snapshot, snapshot, stop_if_cancelled
from graph.store import GraphStore

FORMATS = ("ttl", "jsonld", "graphml", "json")
MEDIA_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
    "json": "application/json",
}


def to_networkx(snap: Snapshot) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in snap.nodes:
        g.add_node(n["key"], **n["props"])
    for e in snap.edges:
        props = {("rel_key" if k == "key" else k): v for k, v in e["props"].items()}
        g.add_edge(e["head"], e["tail"], key=e["type"], type=e["type"], **props)
    return g


def _flat(value: object) -> object:
    """GraphML holds scalars only: lists become JSON text."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_rdf(snap: Snapshot):  # noqa: ANN201 - rdflib Graph
    g = ontology()
    for n in snap.nodes:
        s = entity_iri(n["key"])
        p = n["props"]
        g.add((s, RDF.type, INNO[n["type"]]))
        g.add((s, RDFS.label, Literal(p.get("name", ""), lang="zh")))
        g.add((s, INNO.key, Literal(n["key"])))
        for a in p.get("aliases") or []:
            g.add((s, INNO.alias, Literal(a, lang="zh")))
        if p.get("level"):
            g.add((s, INNO.level, Literal(p["level"])))
    for e in snap.edges:
        g.add((entity_iri(e["head"]), rel_iri(e["type"]), entity_iri(e["tail"])))
    return g


def export_graph(
    store: GraphStore,
    fmt: str,
    deadline: float | None = None,
    cancelled: threading.Event | None = None,
) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    snap = snapshot(store, deadline=deadline, cancelled=cancelled)
    stop_if_cancelled(cancelled)  # serialising a big graph takes as long as reading it
    if fmt in ("ttl", "jsonld"):
        g = to_rdf(snap)
        data = g.serialize(format="turtle" if fmt == "ttl" else "json-ld")
        return data.encode("utf-8") if isinstance(data, str) else data
    g = to_networkx(snap)
    if fmt == "json":
        return json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False).encode("utf-8")
    flat = nx.MultiDiGraph()
    for k, attrs in g.nodes(data=True):
        flat.add_node(k, **{a: _flat(v) for a, v in attrs.items() if v is not None})
    for u, v, k, attrs in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{a: _flat(x) for a, x in attrs.items() if x is not None})
    buf = io.BytesIO()
    nx.write_graphml(flat, buf, encoding="utf-8")
    return buf.getvalue()
