"""Read endpoints over the graph: stats, entities, neighbours, paths, chains, relations."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from starlette.concurrency import run_in_threadpool

from api import models as m
from api import queries as Q
from api.deps import get_store, settings_dependency
from api.errors import Problem
from api.responses import MEDIA_TYPE, UTF8JSONResponse, json_bytes, validated_json
from graph import chains
from graph.evidence import (
    attach_documents_steps,
    document_meta,
    document_url,
    parse_evidence,
    sentence_around,
)
from graph.lookup import lookup, suggestions
from graph.search import query_terms
from graph.steps import arun
from graph.store import GraphStore
from innokg.config import Settings

router = APIRouter(tags=["graph"])
Store = Annotated[GraphStore, Depends(get_store)]


def summary(
    id_: str, type_: str | None, name: str | None, aliases: list[str] | None
) -> m.EntitySummary:
    return m.EntitySummary(id=id_, type=type_ or "", name=name or id_, aliases=aliases or [])


def evidence_of(props: dict[str, Any]) -> list[m.EvidenceRecord]:
    """An edge's evidence records (documents are attached by :func:`attach_documents`)."""
    out = []
    for rec in parse_evidence(props.get("evidence")):
        out.append(
            m.EvidenceRecord(
                doc_id=rec.get("doc_id", ""),
                sentence_id=rec.get("sentence_id"),
                sentence=rec.get("sentence", ""),
                start=rec.get("start"),
                end=rec.get("end"),
                cue=rec.get("cue"),
                confidence=rec.get("confidence"),
            )
        )
    return out


def attach_documents(store: GraphStore, records: list[m.EvidenceRecord]) -> None:
    """Give every evidence record its document (title, date, 文号, highlighted view) — one
    query for the whole response."""
    meta = document_meta(store, {r.doc_id for r in records})
    for r in records:
        d = meta.get(r.doc_id)
        if d is not None:
            r.document = m.DocumentRef(**d, url=document_url(r.doc_id, r.start, r.end))


def _edge_evidence(edges: list[m.Edge]) -> list[m.EvidenceRecord]:
    return [ev for e in edges for ev in e.evidence]


def edge_of(source: str, target: str, type_: str, props: dict[str, Any]) -> m.Edge:
    public = {k: v for k, v in props.items() if k not in ("evidence", "key")}
    return m.Edge(
        type=type_, source=source, target=target, properties=public, evidence=evidence_of(props)
    )


@router.get("/stats", response_model=m.Stats)
def stats(store: Store) -> m.Stats:
    """Nodes by label, relations by type, number of documents."""
    c = store.counts()
    return m.Stats(nodes=c.nodes, relations=c.relations, documents=c.documents)


@router.get("/entities", response_model=m.EntityPage)
def search_entities(
    store: Store,
    type: m.EntityType | None = None,  # noqa: A002 - the API's parameter name
    q: Annotated[
        str | None, Query(max_length=100, description="substring of name or alias")
    ] = None,
    region: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Search entities by name or alias (Chinese substring), type and region; paginated."""
    params = {"type": type.value if type else None, "q": q or None, "region": region or None}
    terms = query_terms(q) if q else []  # the full-text index narrows, CONTAINS decides
    if terms:
        params["terms"] = store.fulltext_terms(terms)
        page_params = {**params, "limit": limit, "offset": offset}
        ((total, rows),) = store.query(Q.search_page(store.fulltext_entities()), page_params).rows
    else:
        count_q, page_q = Q.search(None)
        total = store.query(count_q, params).rows[0][0]
        rows = store.query(page_q, {**params, "limit": limit, "offset": offset}).rows
    return validated_json(
        m.EntityPage(total=total, limit=limit, offset=offset, items=[summary(*row) for row in rows])
    )


@router.get("/resolve", response_model=m.Resolution)
def resolve(
    store: Store,
    name: Annotated[str, Query(min_length=1, max_length=100, description="a name, alias or id")],
) -> m.Resolution:
    """What a name stands for: one entity, or the candidates to choose from (type, region,
    document count) when it is ambiguous; similar names when nothing matches."""
    found = lookup(store, name)
    return m.Resolution(
        query=found.query,
        match=found.match,
        ambiguous=found.ambiguous,
        candidates=[m.Candidate(**c) for c in found.candidates],
    )


def _entity_key(store: GraphStore, ref: str, what: str = "") -> tuple[str, dict[str, Any]]:
    """An id, or a name/alias that stands for one entity → (key, properties). Ambiguous: 409
    listing the candidates; unknown: 404 suggesting similar names. ``what`` names the query
    parameter the reference came in (``from``, ``to``)."""
    where = f" (parameter {what})" if what else ""
    rows = store.query(Q.ENTITY, {"key": ref}).rows
    if rows:
        return ref, rows[0][0]
    found = lookup(store, ref, partial=False)
    one = found.unique
    if one is not None:
        return one["id"], store.query(Q.ENTITY, {"key": one["id"]}).rows[0][0]
    if found.ambiguous:
        raise Problem(
            409,
            f"{ref!r}{where} is ambiguous: it names {len(found.candidates)} entities — "
            f"use one of their ids: {_listing(found.candidates)}",
            candidates=found.candidates,
        )
    hint = found.candidates or suggestions(store, ref)
    raise Problem(
        404,
        f"no entity with id or name {ref!r}{where}"
        + (f" — did you mean: {_listing(hint)}" if hint else ""),
        candidates=hint,
    )


def _listing(candidates: list[dict[str, Any]]) -> str:
    """``Park:云岭高新区 (云州市, 3 documents); …`` — enough to choose by."""
    out = []
    for c in candidates[:8]:
        n = c["documents"]
        facts = [x for x in (c.get("region"), f"{n} document{'' if n == 1 else 's'}") if x]
        out.append(f"{c['id']} ({', '.join(facts)})")
    return "; ".join(out)


# what _entity_key answers for a reference that is not one entity
_BY_NAME = {
    404: {"description": "unknown (with suggestions)"},
    409: {"description": "ambiguous name (with candidates)"},
}


@router.get("/entities/{key}", response_model=m.EntityDetail, responses=_BY_NAME)
def entity(store: Store, key: str) -> m.EntityDetail:
    """Properties, aliases, posts (任职), relations with evidence and the sentences mentioning it.
    ``key`` is an id (Park:云岭高新区) or a name or alias that stands for one entity."""
    key, props = _entity_key(store, key)
    me = summary(key, props.get("type"), props.get("name"), props.get("aliases"))
    posts, edges = [], []
    for src, dst, type_, rprops, oid, otype, oname, oaliases in store.query(
        Q.ENTITY_EDGES, {"key": key, "limit": 500}
    ).rows:
        other = summary(oid, otype, oname, oaliases)
        if type_ == "任职":
            official, org = (me, other) if src == key else (other, me)
            posts.append(m.Post(official=official, organization=org, title=rprops.get("title")))
        edges.append(edge_of(src, dst, type_, rprops))
    mentions = []
    for doc_id, _path, text, sentences in store.query(Q.ENTITY_MENTIONS, {"key": key}).rows:
        for raw in (sentences or [])[:20]:
            rec = json.loads(raw)
            start, end = rec["start"], rec["end"]
            lo, hi = sentence_around(text or "", start, end)
            mentions.append(
                m.EvidenceRecord(
                    doc_id=doc_id,
                    sentence_id=rec.get("sentence_id"),
                    sentence=(text or "")[lo:hi],
                    start=start,
                    end=end,
                )
            )
    attach_documents(store, mentions + _edge_evidence(edges))
    public = {k: v for k, v in props.items() if k not in ("aliases", "grams")}
    return m.EntityDetail(
        **me.model_dump(),
        properties=public,
        documents=props.get("docs") or [],
        posts=posts,
        relations=edges,
        mentions=mentions,
    )


# the neighbours route's bounds, which api/hot.py's direct route takes too
MAX_DEPTH = 3
MAX_NEIGHBOURS = 2000


@router.get("/entities/{key}/neighbors", response_model=m.Subgraph, responses=_BY_NAME)
async def neighbors(
    store: Store,
    key: str,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    rel: Annotated[list[m.RelationType] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURS)] = 200,
) -> Response:
    """The subgraph within ``depth`` hops (nodes + edges with evidence), for the page."""
    # async: its reads run on the event loop (store.aquery; no worker thread on FalkorDB)
    rels = [m.rel_name(r) for r in rel] if rel else None
    # depth 1 over every type: entity, hops and edges in one read (Q.NEIGHBOURHOOD_1)
    one = depth == 1 and rels is None
    query = Q.NEIGHBOURHOOD_1 if one else Q.neighbourhood(depth, rels)
    params = {"key": key, "limit": limit if one else limit + 1}
    found = (await store.aquery(query, params)).rows
    if not found:  # a name or alias, not an id: the lookups' own reads, on a thread
        key, _ = await run_in_threadpool(_entity_key, store, key)
        found = (await store.aquery(query, {**params, "key": key})).rows
    if one:
        entity, rows, among = found[0]
    else:
        props, rows = found[0]
        entity = [props.get("type"), props.get("name"), props.get("aliases")]
    nodes = [_summary_row(key, *entity)] + [_summary_row(*r) for r in rows[:limit]]
    if one:
        among = sorted(among, key=lambda e: (e[0], e[2], e[1]))  # EDGES_AMONG's order
    else:
        among = (await store.aquery(Q.EDGES_AMONG, {"keys": [n["id"] for n in nodes]})).rows
    edges = [_edge_row(s, t, ty, p) for s, t, ty, p in among if rels is None or ty in rels]
    await arun(store, attach_documents_steps(store, [ev for e in edges for ev in e["evidence"]]))
    return UTF8JSONResponse({"nodes": nodes, "edges": edges, "truncated": len(rows) > limit})


# The hot routes build their answers as the models serialize them, from our own rows, and send
# them without a validation (tests check the answers against the models): a model per node,
# edge and evidence record was a tenth of a neighbours request's Python.


def _summary_row(id_: str, type_: str | None, name: str | None, aliases: list | None) -> dict:
    """:class:`api.models.EntitySummary` as a dict (see :func:`summary`)."""
    return {"id": id_, "type": type_ or "", "name": name or id_, "aliases": aliases or []}


def _evidence_row(rec: dict[str, Any]) -> dict[str, Any]:
    """:class:`api.models.EvidenceRecord` as a dict, every field present."""
    return {
        "doc_id": rec.get("doc_id", ""),
        "sentence": rec.get("sentence", ""),
        **{k: rec.get(k) for k in ("sentence_id", "start", "end", "cue", "confidence")},
        "document": rec.get("document"),
    }


def _edge_row(source: str, target: str, type_: str, props: dict[str, Any]) -> dict[str, Any]:
    """:class:`api.models.Edge` as a dict (see :func:`edge_of`)."""
    return {
        "type": type_,
        "source": source,
        "target": target,
        "properties": {k: v for k, v in props.items() if k not in ("evidence", "key")},
        "evidence": [_evidence_row(r) for r in parse_evidence(props.get("evidence"))],
    }


@router.get("/paths", response_model=m.Paths, responses=_BY_NAME)
def paths(
    store: Store,
    from_: Annotated[str, Query(alias="from", min_length=1)],
    to: Annotated[str, Query(min_length=1)],
    max_len: Annotated[int, Query(ge=1, le=4)] = 3,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> m.Paths:
    """Shortest connections between two entities (either direction), with edge evidence.
    ``from``/``to`` are ids or names/aliases that stand for one entity each."""
    from_, _ = _entity_key(store, from_, "from")
    to, _ = _entity_key(store, to, "to")
    if from_ == to:
        raise HTTPException(422, "from and to are the same entity")
    rows = store.query(
        Q.paths(max_len), {"src": from_, "dst": to, "limit": limit}, timeout_ms=10000
    ).rows
    found: list[m.Path] = []
    if rows:
        shortest = min(len(r[0]) for r in rows)
        all_keys = sorted({k for r in rows for k in r[0]})
        info = {r[0]: summary(*r) for r in store.query(Q.NODES_BY_KEY, {"keys": all_keys}).rows}
        for keys, rels in rows:
            if len(keys) != shortest:
                continue
            found.append(
                m.Path(
                    length=len(rels),
                    nodes=[info[k] for k in keys],
                    edges=[edge_of(r["source"], r["target"], r["type"], r["props"]) for r in rels],
                )
            )
    attach_documents(store, [ev for p in found for ev in _edge_evidence(p.edges)])
    return m.Paths(paths=found)


@router.get("/transfer-chains", response_model=m.TransferChains)
async def transfer_chains(
    store: Store,
    settings: Annotated[Settings, Depends(settings_dependency)],
    origin: m.Origin | None = None,
    city: Annotated[
        str | None, Query(max_length=50, description="receiving city, e.g. 石家庄市")
    ] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="year of the chain")] = None,
    kind: Annotated[
        m.ChainKind | None, Query(description="named firms/projects, or generic transfers")
    ] = None,
    target_region: Annotated[
        str | None, Query(max_length=50, description="substring of the receiver or a region")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """京津 → Hebei: who took in which Beijing/Tianjin firms, where — origin → firm/project →
    receiving park → city, each with its sentences and document; generic transfers (a receiver
    taking in 北京 industry in general) are marked ``generic`` and sorted after named ones.
    More than ``limit``: ``truncated``, and the next page at ``offset`` (pages follow the
    store's order; each is sorted). A search past the query time limit answers 504."""
    # async: its reads run on the event loop (store.aquery; no worker thread on FalkorDB)
    found, truncated = await chains.atransfer_chains(
        store,
        origin=origin.value if origin else None,
        city=city or None,
        year=year,
        target=target_region or None,
        kind=kind.value if kind else None,
        limit=limit,
        offset=offset,
        timeout_ms=settings.query_timeout_ms,
        shape=_chain_json,
    )
    body = b'{"chains":[' + b",".join(found) + b'],"truncated":' + json_bytes(truncated) + b"}"
    return Response(body, media_type=MEDIA_TYPE)


_CHAIN_FIELDS = tuple(m.TransferChain.model_fields)


def _chain_json(c: dict[str, Any]) -> bytes:
    """A chain's JSON in the page: made once per store generation (graph/chains.py keeps it)."""
    return json_bytes(_chain_model(c))


def _chain_model(c: dict[str, Any]) -> dict[str, Any]:
    """A chain as :class:`api.models.TransferChain` serializes it, every field present, made
    from our own rows and sent without validating again (about eight model constructions per
    chain, or one validation of the page, were most of a page's Python; tests check the
    answers against the model)."""
    mover, receiver = c["mover"], c["receiver"]
    hops = [{"name": "、".join(c["origin"]), "id": None, "role": "origin"}]
    if mover is not None:
        hops.append({"name": mover["name"], "id": mover["id"], "role": "mover"})
    hops.append({"name": receiver["name"], "id": receiver["id"], "role": "receiver"})
    hops += [{"name": g["name"], "id": g["id"], "role": "region"} for g in c["regions"]]
    evidence = [_evidence_row(ev) for ev in c["evidence"]]
    made = {
        **{k: c[k] for k in ("origin", "origin_codes", "origin_ids", "generic", "city")},
        **{k: c[k] for k in ("city_id", "date", "year", "document", "properties")},
        "mover": mover,
        "taken_in": c["taken_in"],
        "receiver": receiver,
        "regions": [g["name"] for g in c["regions"]],
        "hops": hops,
        "evidence": evidence,
    }
    return {k: made[k] for k in _CHAIN_FIELDS}


@router.get("/relations", response_model=m.RelationPage)
def relations(
    store: Store,
    type: m.RelationType | None = None,  # noqa: A002
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> m.RelationPage:
    """Edges with both ends and their evidence, paginated."""
    count_qs, page_q = Q.relations_page(m.rel_name(type) if type else None)
    total = sum(int(store.query(q).rows[0][0]) for q in count_qs)
    items = []
    for r in store.query(page_q, {"limit": limit, "offset": offset}).records():
        props = r["props"]
        items.append(
            m.RelationItem(
                type=r["type"],
                head=summary(r["hid"], r["htype"], r["hname"], r["haliases"]),
                tail=summary(r["tid"], r["ttype"], r["tname"], r["taliases"]),
                properties={k: v for k, v in props.items() if k not in ("evidence", "key")},
                evidence=evidence_of(props),
            )
        )
    attach_documents(store, [ev for r in items for ev in r.evidence])
    return m.RelationPage(total=total, limit=limit, offset=offset, items=items)
