"""What the page shows: a capped subgraph chosen by view, focus and filters (queries + shaping).

Three views: the *overview* (the best-connected entities, few enough that their labels are
readable when the whole view is fitted; Regions and Policies with no stated relation left out
unless asked for), the *transfer* view (京津 transfer chains, see viz/transfer.py) and a
*focus* on one entity's neighbourhood. A name that stands for several entities is not focused:
the page lists the candidates (graph/lookup.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.evidence import attach_documents, parse_evidence, sentence_around
from graph.lookup import lookup, with_regions
from graph.store import GraphStore
from schema.model import ENTITY_TYPES, REL_BY_NAME, RELATION_NAMES, TRAVERSABLE

# The overview's size: the fitted view of this many best-connected nodes keeps labels readable
# on a 1400×900 window (tests/test_page.py measures it against vis-network's label threshold).
OVERVIEW_NODES = 60
# Types whose nodes are left out of the overview when no extracted relation (only PART_OF
# containment, or nothing) links them: the region hierarchy and policy names crowd it otherwise.
ISOLATED_TYPES = ["Region", "Policy"]

_NODE_FIELDS = "n.key AS id, n.type AS type, n.name AS name, n.aliases AS aliases"
_FILTERS = """($types IS NULL OR n.type IN $types)
  AND ($doc IS NULL OR (:Document {id: $doc})-[:MENTIONS]->(n))
  AND ($region IS NULL OR n.name STARTS WITH $region
       OR (n)-[:PART_OF|`位于`*1..3]->(:Region {name: $region}))"""
_DEGREES = f"""
MATCH (n:Entity)
WHERE {_FILTERS}
OPTIONAL MATCH (n)-[r]-(:Entity)
WITH n, count(r) AS degree,
     sum(CASE WHEN r IS NULL OR type(r) = 'PART_OF' THEN 0 ELSE 1 END) AS stated
WITH n, degree, NOT n.type IN $isolated_types OR stated > 0 AS kept
"""
TOP_BY_DEGREE = (
    _DEGREES
    + f"""WHERE (degree > 0 OR $doc IS NOT NULL) AND ($isolated OR kept)
RETURN {_NODE_FIELDS}, degree
ORDER BY degree DESC, name
LIMIT $limit
"""
)
COUNT_MATCHING = (
    _DEGREES
    + """WITH kept, degree > 0 OR $doc IS NOT NULL AS related
RETURN sum(CASE WHEN related AND kept THEN 1 ELSE 0 END) AS kept,
       sum(CASE WHEN related AND NOT kept THEN 1 ELSE 0 END) AS isolated
"""
)
NEIGHBOURS = {
    d: f"""
MATCH (f:Entity)-[:{TRAVERSABLE}*1..{d}]-(n:Entity)
WHERE f.key IN $focus
WITH DISTINCT n LIMIT $limit
RETURN n.key AS k
"""
    for d in (1, 2, 3)
}
NODES = f"""
MATCH (n:Entity) WHERE n.key IN $keys
OPTIONAL MATCH (n)-[r]-(:Entity)
RETURN {_NODE_FIELDS}, count(r) AS degree,
       coalesce(n.doc_count, size(coalesce(n.docs, []))) AS documents
"""
EDGES = """
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.key IN $keys AND b.key IN $keys AND ($rels IS NULL OR type(r) IN $rels)
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
"""
MENTIONS = """
MATCH (d:Document)-[m:MENTIONS]->(n:Entity) WHERE n.key IN $keys
RETURN n.key AS k, d.id AS doc, m.sentences AS sentences
"""
DOC_TEXTS = "MATCH (d:Document) WHERE d.id IN $ids RETURN d.id AS id, d.text AS text"
FACETS = """
MATCH (d:Document) WHERE d.complete = true
RETURN d.id AS id, coalesce(d.title, d.path) AS title ORDER BY d.path
"""
REGIONS = "MATCH (r:Region)<-[:PART_OF|`位于`]-() RETURN DISTINCT r.name AS name ORDER BY name"


@dataclass
class View:
    """The page's request: which part of the graph to show."""

    view: str = "all"  # all | transfer
    focus: str | None = None
    depth: int = 2
    types: list[str] | None = None
    rels: list[str] | None = None
    region: str | None = None
    doc: str | None = None
    max_nodes: int = 500
    limit: int | None = None  # the overview's size when asked for (else OVERVIEW_NODES)
    isolated: bool = False  # include Regions/Policies without stated relations

    def __post_init__(self) -> None:
        self.types = [t for t in self.types or [] if t in ENTITY_TYPES] or None
        self.rels = [r for r in self.rels or [] if r in REL_BY_NAME] or None
        self.depth = min(max(self.depth, 1), 3)


@dataclass
class Subgraph:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    total: int
    notice: str | None = None
    facets: dict[str, Any] = field(default_factory=dict)
    layout: str = "force"  # force | chain (levels left to right)
    chains: list[dict[str, Any]] | None = None  # the transfer view's table rows
    candidates: list[dict[str, Any]] | None = None  # an ambiguous or unknown search
    query: str | None = None  # the searched name, when candidates are listed
    hidden_isolated: int = 0  # Regions/Policies left out of the overview


def build_subgraph(store: GraphStore, v: View, with_facets: bool = True) -> Subgraph:
    """The view's nodes (capped) and the edges among them, with evidence and documents."""
    if v.view == "transfer" and not v.focus:
        from viz.transfer import transfer_subgraph

        sub = transfer_subgraph(store, v.max_nodes)
    elif v.focus:
        sub = _focus(store, v)
    else:
        sub = _overview(store, v)
    if with_facets:
        sub.facets = {
            "documents": store.query(FACETS).records(),
            "regions": [r[0] for r in store.query(REGIONS).rows],
            "types": list(ENTITY_TYPES),
            "relations": list(RELATION_NAMES) + ["PART_OF"],
        }
    return sub


def _overview(store: GraphStore, v: View) -> Subgraph:
    params = {
        "types": v.types,
        "doc": v.doc,
        "region": v.region,
        "isolated": v.isolated,
        "isolated_types": ISOLATED_TYPES,
    }
    kept, isolated = (int(x or 0) for x in store.query(COUNT_MATCHING, params).rows[0])
    available = kept + isolated if v.isolated else kept
    cap = min(v.limit or OVERVIEW_NODES, v.max_nodes)
    keys = [r[0] for r in store.query(TOP_BY_DEGREE, {**params, "limit": cap}).rows]
    notice = None
    if available > len(keys):
        notice = (
            f"总览：连接最多的 {len(keys)} 个实体（共 {available} 个有关系的实体）。"
            "搜索名称或按地区、文档筛选可查看其余部分。"
        )
    sub = _subgraph(store, keys, v.rels, notice)
    sub.total = available
    sub.hidden_isolated = 0 if v.isolated else isolated
    return sub


def _focus(store: GraphStore, v: View) -> Subgraph:
    found = lookup(store, v.focus or "")
    one = found.unique
    if one is not None:
        keys = [one["id"]] + _neighbours(store, [one["id"]], v.depth, v.max_nodes)
        notice = None
        if found.match == "partial":
            notice = f"“{found.query}”即 {one['name']}。"
        return _subgraph(store, keys, v.rels, notice)
    if found.ambiguous:
        ids = [c["id"] for c in found.candidates]
        keys = ids + _neighbours(store, ids, 1, v.max_nodes)
        notice = f"“{found.query}”对应 {len(ids)} 个实体，请在右侧选择一个。"
    else:
        keys, notice = [], f"未找到“{found.query}”。"
    sub = _subgraph(store, list(dict.fromkeys(keys))[: v.max_nodes], v.rels, notice)
    sub.candidates, sub.query = found.candidates, found.query
    return sub


def _neighbours(store: GraphStore, keys: list[str], depth: int, limit: int) -> list[str]:
    rows = store.query(NEIGHBOURS[depth], {"focus": keys, "limit": limit}).rows
    return [r[0] for r in rows if r[0] not in keys]


def _subgraph(
    store: GraphStore, keys: list[str], rels: list[str] | None, notice: str | None
) -> Subgraph:
    nodes = entity_nodes(store, keys)
    edges = store.query(EDGES, {"keys": keys, "rels": rels}).records() if keys else []
    for e in edges:
        props = e.pop("props")
        e["evidence"] = parse_evidence(props.get("evidence"))
        e["properties"] = {k: v for k, v in props.items() if k not in ("evidence", "key")}
    attach_documents(store, [ev for e in edges for ev in e["evidence"]])
    return Subgraph(nodes=nodes, edges=edges, total=len(nodes), notice=notice)


def entity_nodes(store: GraphStore, keys: list[str]) -> list[dict[str, Any]]:
    """Nodes for ``keys`` (in that order): degree, document count, region, up to three
    mention sentences with their documents."""
    if not keys:
        return []
    rows = {r["id"]: r for r in store.query(NODES, {"keys": keys}).records()}
    nodes = with_regions(store, [rows[k] for k in keys if k in rows])
    _mention_evidence(store, nodes)
    return nodes


def _mention_evidence(store: GraphStore, nodes: list[dict[str, Any]]) -> None:
    by_key = {n["id"]: n for n in nodes}
    for n in nodes:
        n["evidence"] = []
    mentions = store.query(MENTIONS, {"keys": list(by_key)}).records()
    ids = sorted({m["doc"] for m in mentions})
    texts = {r[0]: r[1] or "" for r in store.query(DOC_TEXTS, {"ids": ids}).rows} if ids else {}
    for m in mentions:
        node = by_key[m["k"]]
        for rec in parse_evidence(m["sentences"]):
            if len(node["evidence"]) >= 3:
                break
            text = texts.get(m["doc"], "")
            lo, hi = sentence_around(text, rec["start"], rec["end"])
            node["evidence"].append(
                {"doc_id": m["doc"], "sentence": text[lo:hi], "start": lo, "end": hi}
            )
    attach_documents(store, [ev for n in nodes for ev in n["evidence"]])
