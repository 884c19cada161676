"""The writer's Cypher, shared by both backends (openCypher subset that FalkorDB and Neo4j share).

Labels and relationship types cannot be parameters; they are formatted in only from the schema's
fixed whitelist (:func:`label`, :func:`rel_type`). Every value is a parameter.
"""

from __future__ import annotations

from schema.model import (
    ENTITY_LABEL,
    ENTITY_TYPES,
    REL_BY_NAME,
    RELATION_KEY_SEP,
)


def label(name: str) -> str:
    if name not in ENTITY_TYPES:
        raise ValueError(f"not a schema label: {name!r}")
    return f"`{name}`"


def rel_type(name: str) -> str:
    if name not in REL_BY_NAME:
        raise ValueError(f"not a schema relationship type: {name!r}")
    return f"`{name}`"


INCOMPLETE_DOCUMENTS = (
    "MATCH (d:Document) WHERE d.complete = false RETURN d.id AS id, d.writer AS writer"
)
COMPLETE_AMONG = "MATCH (d:Document) WHERE d.id IN $ids AND d.complete = true RETURN d.id AS id"
DOCUMENT_EXISTS = "MATCH (d:Document {id: $id}) RETURN d.complete AS complete"

CREATE_DOCUMENT = """
MERGE (d:Document {id: $id})
SET d += $props, d.complete = false
"""
COMPLETE_DOCUMENT = "MATCH (d:Document {id: $id}) SET d.complete = true"


def merge_entities(type_: str, *, return_ids: bool = False) -> str:
    """MERGE a batch of one label; with ``return_ids`` also each row's internal node id, which
    the embedded writer uses to seek relationship endpoints (see :func:`merge_relations_by_id`)."""
    returning = "RETURN collect(r.key) AS keys, collect(id(n)) AS ids" if return_ids else ""
    return f"""
UNWIND $rows AS r
MERGE (n:{ENTITY_LABEL}:{label(type_)} {{key: r.key}})
ON CREATE SET n.name = r.name, n.type = r.type, n.aliases = r.aliases, n.docs = [r.doc_id]
ON MATCH SET n.aliases = [a IN coalesce(n.aliases, []) WHERE NOT a IN r.aliases] + r.aliases,
             n.docs = CASE WHEN r.doc_id IN coalesce(n.docs, []) THEN n.docs
                           ELSE coalesce(n.docs, []) + r.doc_id END
SET n += r.props
{returning}"""


MERGE_MENTIONS = f"""
UNWIND $rows AS r
MATCH (d:Document {{id: $doc_id}}), (n:{ENTITY_LABEL} {{key: r.key}})
MERGE (d)-[m:MENTIONS]->(n)
SET m.count = r.count, m.sentences = r.sentences
"""


# ON CREATE is the bulk path (new edges); ON MATCH merges docs and evidence without duplicates.
_MERGE_EDGE = """
MERGE (a)-[e:{type} {{key: r.key}}]->(b)
ON CREATE SET e += r.props, e.docs = [r.doc_id], e.evidence = r.evidence, e.confidence = r.confidence
ON MATCH SET e += r.props,
    e.docs = CASE WHEN r.doc_id IN e.docs THEN e.docs ELSE e.docs + r.doc_id END,
    e.evidence = [x IN e.evidence WHERE NOT x IN r.evidence] + r.evidence,
    e.confidence = CASE WHEN e.confidence > r.confidence THEN e.confidence ELSE r.confidence END
"""


def merge_relations(type_: str) -> str:
    """Endpoints looked up by key (Neo4j: a unique-constraint seek)."""
    return f"""
UNWIND $rows AS r
MATCH (a:{ENTITY_LABEL} {{key: r.head}}), (b:{ENTITY_LABEL} {{key: r.tail}})
{_MERGE_EDGE.format(type=rel_type(type_))}RETURN count(e) AS written
"""


def merge_relations_by_id(type_: str) -> str:
    """Endpoints sought by internal id (rows carry ``h``/``t`` instead of head/tail keys).

    FalkorDB plans ``id(a) = h`` as a NodeByIdSeek only when ``h`` is a plain variable and the
    node pattern has no label; its per-row index lookup by key cost more than half of a bulk
    load (docs/benchmarks.md). Ids are reused after deletes, so each row is checked against
    its edge key (``type|head|tail``, see schema.model.relation_key): a row whose id went
    stale is not written, and the writer looks its endpoints up again by key.
    """
    check = f"r.key = $prefix + a.key + '{RELATION_KEY_SEP}' + b.key"  # rows follow key order
    return f"""
UNWIND $rows AS r
WITH r, r.h AS h, r.t AS t
MATCH (a) WHERE id(a) = h
MATCH (b) WHERE id(b) = t
WITH a, b, r WHERE {check}
{_MERGE_EDGE.format(type=rel_type(type_))}RETURN count(e) AS written
"""


def relation_key_prefix(type_: str) -> str:
    """The ``$prefix`` parameter of :func:`merge_relations_by_id`."""
    return f"{type_}{RELATION_KEY_SEP}"


# Internal ids of existing entities (endpoints a relation batch needs that it did not write).
ENTITY_IDS = f"""
UNWIND $keys AS k
MATCH (n:{ENTITY_LABEL} {{key: k}})
RETURN k AS key, id(n) AS id
"""


# Removing one document's contributions (before a rewrite, on delete, after a crash).
DELETE_MENTIONS = "MATCH (d:Document {id: $id})-[m:MENTIONS]->() DELETE m"
STRIP_EDGES = """
MATCH ()-[e]->() WHERE $id IN e.docs
SET e.docs = [x IN e.docs WHERE x <> $id],
    e.evidence = [x IN coalesce(e.evidence, []) WHERE NOT x STARTS WITH $prefix]
"""
DELETE_EMPTY_EDGES = "MATCH ()-[e]->() WHERE e.docs IS NOT NULL AND size(e.docs) = 0 DELETE e"
STRIP_NODES = f"""
MATCH (n:{ENTITY_LABEL}) WHERE $id IN n.docs
SET n.docs = [x IN n.docs WHERE x <> $id]
"""
DELETE_EMPTY_NODES = f"""
MATCH (n:{ENTITY_LABEL}) WHERE size(coalesce(n.docs, [])) = 0
OPTIONAL MATCH (n)-[r]-()
WITH n, count(r) AS degree WHERE degree = 0
DELETE n
"""
DELETE_DOCUMENT = "MATCH (d:Document {id: $id}) DETACH DELETE d"

COUNT_NODES = f"MATCH (n:{ENTITY_LABEL}) RETURN n.type AS label, count(n) AS n"
COUNT_RELATIONS = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n"
COUNT_DOCUMENTS = "MATCH (d:Document) WHERE d.complete = true RETURN count(d) AS n"
CLEAR = "MATCH (n) DETACH DELETE n"
