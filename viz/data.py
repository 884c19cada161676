"""What the page shows: a capped subgraph chosen by view, focus, filters (queries + shaping)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.evidence import document_meta, document_url, parse_evidence, sentence_around
from graph.store import GraphStore
from schema.model import ENTITY_TYPES, REL_BY_NAME, RELATION_NAMES, TRAVERSABLE

_NODE_FIELDS = "n.key AS id, n.type AS type, n.name AS name, n.aliases AS aliases"

TOP_BY_DEGREE = f"""
MATCH (n:Entity)
WHERE ($types IS NULL OR n.type IN $types)
  AND ($doc IS NULL OR (:Document {{id: $doc}})-[:MENTIONS]->(n))
  AND ($region IS NULL OR n.name STARTS WITH $region OR (n)-[:PART_OF|`位于`*1..3]->(:Region {{name: $region}}))
OPTIONAL MATCH (n)-[r]-(:Entity)
WITH n, count(r) AS degree
WHERE degree > 0 OR $doc IS NOT NULL
RETURN {_NODE_FIELDS}, degree
ORDER BY degree DESC, name
LIMIT $limit
"""
COUNT_MATCHING = """
MATCH (n:Entity)
WHERE ($types IS NULL OR n.type IN $types)
  AND ($doc IS NULL OR (:Document {id: $doc})-[:MENTIONS]->(n))
  AND ($region IS NULL OR n.name STARTS WITH $region OR (n)-[:PART_OF|`位于`*1..3]->(:Region {name: $region}))
RETURN count(n) AS total
"""
TRANSFER_NODES = """
MATCH (p:Entity)-[c:`承接`]->(x:Entity)
WHERE size(coalesce(c.from_region, [])) > 0
OPTIONAL MATCH (p)-[:PART_OF*1..3]->(up:Region)
WITH collect(DISTINCT p.key) + collect(DISTINCT x.key) + collect(DISTINCT up.key) AS keys
UNWIND keys AS k
WITH DISTINCT k WHERE k IS NOT NULL
RETURN k
"""
ORIGIN_REGIONS = """
MATCH (r:Region) WHERE r.name IN ['北京市', '天津市'] RETURN r.key AS k
"""
NEIGHBOURS = {
    d: f"""
MATCH (f:Entity {{key: $focus}})-[:{TRAVERSABLE}*1..{d}]-(n:Entity)
WITH DISTINCT n LIMIT $limit
RETURN n.key AS k
"""
    for d in (1, 2, 3)
}
NODES = f"""
MATCH (n:Entity) WHERE n.key IN $keys
OPTIONAL MATCH (n)-[r]-(:Entity)
RETURN {_NODE_FIELDS}, count(r) AS degree
"""
EDGES = """
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.key IN $keys AND b.key IN $keys AND ($rels IS NULL OR type(r) IN $rels)
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
"""
MENTIONS = """
MATCH (d:Document)-[m:MENTIONS]->(n:Entity) WHERE n.key IN $keys
RETURN n.key AS k, d.id AS doc, d.path AS path, m.sentences AS sentences
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


def _focus_key(store: GraphStore, focus: str) -> str | None:
    rows = store.query("MATCH (n:Entity {key: $k}) RETURN n.key", {"k": focus}).rows
    if rows:
        return rows[0][0]
    rows = store.query(
        "MATCH (n:Entity) WHERE n.name = $q OR $q IN coalesce(n.aliases, []) "
        "OR n.name CONTAINS $q RETURN n.key ORDER BY size(n.name) LIMIT 1",
        {"q": focus},
    ).rows
    return rows[0][0] if rows else None


def build_subgraph(store: GraphStore, v: View, with_facets: bool = True) -> Subgraph:
    """Choose nodes (capped at ``max_nodes``, by degree), then the edges among them."""
    notice = None
    params = {"types": v.types, "doc": v.doc, "region": v.region}
    if v.focus:
        key = _focus_key(store, v.focus)
        if key is None:
            keys, total = [], 0
            notice = f"未找到“{v.focus}”。"
        else:
            keys = [key] + [
                r[0]
                for r in store.query(NEIGHBOURS[v.depth], {"focus": key, "limit": v.max_nodes}).rows
            ]
            total = len(keys)
    elif v.view == "transfer":
        keys = [r[0] for r in store.query(TRANSFER_NODES).rows]
        keys += [r[0] for r in store.query(ORIGIN_REGIONS).rows]
        keys = list(dict.fromkeys(keys))[: v.max_nodes]
        total = len(keys)
    else:
        total = store.query(COUNT_MATCHING, params).rows[0][0]
        keys = [r[0] for r in store.query(TOP_BY_DEGREE, {**params, "limit": v.max_nodes}).rows]
        if total > len(keys) and len(keys) < v.max_nodes:
            notice = (
                f"显示 {len(keys)} 个有关系的实体（共 {total} 个实体；"
                "其余未与其他实体相连，可按文档筛选查看）。"
            )
    if notice is None and total > len(keys):
        notice = f"显示前 {len(keys)} 个节点（共 {total} 个）— 请使用筛选或搜索缩小范围。"
    nodes = store.query(NODES, {"keys": keys}).records() if keys else []
    edges = store.query(EDGES, {"keys": keys, "rels": v.rels}).records() if keys else []
    if v.view == "transfer" and not v.focus:
        edges = [e for e in edges if e["type"] in ("承接", "PART_OF")]
    _attach_evidence(store, nodes, edges)
    facets = {}
    if with_facets:
        facets = {
            "documents": store.query(FACETS).records(),
            "regions": [r[0] for r in store.query(REGIONS).rows],
            "types": list(ENTITY_TYPES),
            "relations": list(RELATION_NAMES) + ["PART_OF"],
        }
    return Subgraph(nodes=nodes, edges=edges, total=total, notice=notice, facets=facets)


def _attach_evidence(store: GraphStore, nodes: list[dict], edges: list[dict]) -> None:
    """Up to three source sentences per node; every edge's evidence records, parsed."""
    for e in edges:
        props = e.pop("props")
        e["evidence"] = parse_evidence(props.get("evidence"))
        e["properties"] = {k: v for k, v in props.items() if k not in ("evidence", "key")}
    if not nodes:
        return
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
    _attach_documents(store, [ev for x in (*nodes, *edges) for ev in x["evidence"]])


def _attach_documents(store: GraphStore, records: list[dict[str, Any]]) -> None:
    """Each evidence record gets its document's title, date, 文号 and highlighted view."""
    meta = document_meta(store, {r.get("doc_id", "") for r in records})
    for r in records:
        d = meta.get(r.get("doc_id", ""))
        if d is not None:
            r["document"] = {**d, "url": document_url(d["id"], r.get("start"), r.get("end"))}
