"""The transfer view: chains drawn left to right, origin → firm/project → receiver → city, and
the table rows beside them — both from graph.chains, so the table (and its CSV) says what
GET /transfer-chains says.

Levels: origins 0, what was taken in 1, receivers 2, cities 3 (a node in several roles takes
the rightmost). A generic transfer (no firm named) is drawn straight from the origin to the
receiver, dashed, and listed apart in the table.
"""

from __future__ import annotations

from typing import Any

from graph.chains import transfer_chains
from graph.store import GraphStore
from viz.data import Subgraph, entity_nodes

LEVELS = {"origin": 0, "mover": 1, "receiver": 2, "city": 3}


def transfer_subgraph(store: GraphStore, limit: int) -> Subgraph:
    chains, truncated = transfer_chains(store, limit=limit)
    levels: dict[str, int] = {}
    synthetic: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    index: dict[tuple[str, str, str], int] = {}
    rows = []

    def place(key: str, role: str) -> None:
        levels[key] = max(levels.get(key, 0), LEVELS[role])

    def edge(flow: tuple[str, str], kind: str, stored: tuple[str, str], chain: dict) -> int:
        """One drawn edge per (from, to, kind); chains sharing it add their evidence."""
        k = (*flow, kind)
        if k not in index:
            index[k] = len(edges)
            edges.append(
                {
                    "source": stored[0],
                    "target": stored[1],
                    "from": flow[0],
                    "to": flow[1],
                    "type": "PART_OF" if kind == "city" else "承接",
                    "kind": kind,
                    "evidence": [],
                    "properties": {"from_region": chain["origin"]} if kind != "city" else {},
                }
            )
        if kind != "city":
            seen = edges[index[k]]["evidence"]
            seen += [ev for ev in chain["evidence"] if ev not in seen]
        return index[k]

    for c in chains:
        origins = [_origin_node(o, c, synthetic) for o in c["origin"]]
        receiver = c["receiver"]["id"]
        place(receiver, "receiver")
        used = []
        for o in origins:
            place(o, "origin")
        if c["generic"]:
            for o in origins:
                used.append(edge((o, receiver), "generic", (receiver, c["taken_in"]["id"]), c))
        else:
            mover = c["mover"]["id"]
            place(mover, "mover")
            for o in origins:
                used.append(edge((o, mover), "origin", (o, mover), c))
            used.append(edge((mover, receiver), "taken_in", (receiver, mover), c))
        if c["city_id"] and c["city_id"] != receiver:
            place(c["city_id"], "city")
            used.append(edge((receiver, c["city_id"]), "city", (receiver, c["city_id"]), c))
        rows.append(_row(c, used))
    real = [k for k in levels if k not in synthetic]
    nodes = entity_nodes(store, real) + list(synthetic.values())
    for n in nodes:
        n["level"] = levels[n["id"]]
    named = sum(1 for c in chains if not c["generic"])
    notice = (
        f"京津转移链：{named} 条点名企业/项目的转移，{len(chains) - named} 条泛指转移（虚线，"
        "表中单列）。"
    )
    if truncated:
        notice += f"只显示前 {limit} 条。"
    return Subgraph(
        nodes=nodes, edges=edges, total=len(nodes), notice=notice, layout="chain", chains=rows
    )


def _origin_node(name: str, chain: dict[str, Any], synthetic: dict[str, dict]) -> str:
    """The Region node a stated origin names, or a node made for it when there is none."""
    for node in chain["origin_nodes"]:
        if node["name"] == name and node["id"]:
            return node["id"]
    key = f"origin:{name}"
    synthetic.setdefault(
        key,
        {"id": key, "type": "Region", "name": name, "aliases": [], "degree": 0, "documents": 0}
        | {"region": None, "evidence": []},
    )
    return key


def _row(c: dict[str, Any], edges: list[int]) -> dict[str, Any]:
    """A table row: what the CSV export writes, column for column."""
    docs: dict[str, dict[str, Any]] = {}
    for ev in c["evidence"]:
        d = ev.get("document")
        if d and d["id"] not in docs:
            docs[d["id"]] = {k: d.get(k) for k in ("id", "title", "date", "doc_number", "url")}
    return {
        "receiver": c["receiver"]["name"],
        "receiver_id": c["receiver"]["id"],
        "city": c["city"],
        "mover": c["mover"]["name"] if c["mover"] else None,
        "mover_id": c["mover"]["id"] if c["mover"] else None,
        "generic": c["generic"],
        "origin": c["origin"],
        "origin_codes": c["origin_codes"],
        "date": c["date"],
        "year": c["year"],
        # a sentence once, though several cues (承接, 吸引) found it
        "sentences": list(dict.fromkeys(ev.get("sentence", "") for ev in c["evidence"])),
        "documents": list(docs.values()),
        "edges": edges,
    }
