"""The writer's Cypher, shared by both backends (openCypher subset that FalkorDB and Neo4j share).

Labels and relationship types cannot be parameters; they are formatted in only from the schema's
fixed whitelist (:func:`label`, :func:`rel_type`). Every value is a parameter.
"""

from __future__ import annotations

from schema.model import ENTITY_LABEL, ENTITY_TYPES, REL_BY_NAME


def label(name: str) -> str:
    if name not in ENTITY_TYPES:
        raise ValueError(f"not a schema label: {name!r}")
    return f"`{name}`"


def rel_type(name: str) -> str:
    if name not in REL_BY_NAME:
        raise ValueError(f"not a schema relationship type: {name!r}")
    return f"`{name}`"


INCOMPLETE_DOCUMENTS = "MATCH (d:Document) WHERE d.complete = false RETURN d.id AS id"
DOCUMENT_EXISTS = "MATCH (d:Document {id: $id}) RETURN d.complete AS complete"

CREATE_DOCUMENT = """
MERGE (d:Document {id: $id})
SET d += $props, d.complete = false
"""
COMPLETE_DOCUMENT = "MATCH (d:Document {id: $id}) SET d.complete = true"


def merge_entities(type_: str) -> str:
    return f"""
UNWIND $rows AS r
MERGE (n:{ENTITY_LABEL}:{label(type_)} {{key: r.key}})
ON CREATE SET n.name = r.name, n.type = r.type, n.aliases = r.aliases, n.docs = [r.doc_id]
ON MATCH SET n.aliases = [a IN coalesce(n.aliases, []) WHERE NOT a IN r.aliases] + r.aliases,
             n.docs = CASE WHEN r.doc_id IN coalesce(n.docs, []) THEN n.docs
                           ELSE coalesce(n.docs, []) + r.doc_id END
SET n += r.props
"""


MERGE_MENTIONS = f"""
UNWIND $rows AS r
MATCH (d:Document {{id: $doc_id}}), (n:{ENTITY_LABEL} {{key: r.key}})
MERGE (d)-[m:MENTIONS]->(n)
SET m.count = r.count, m.sentences = r.sentences
"""


def merge_relations(type_: str) -> str:
    # ON CREATE is the bulk path (new edges); ON MATCH merges docs and evidence without duplicates
    return f"""
UNWIND $rows AS r
MATCH (a:{ENTITY_LABEL} {{key: r.head}}), (b:{ENTITY_LABEL} {{key: r.tail}})
MERGE (a)-[e:{rel_type(type_)} {{key: r.key}}]->(b)
ON CREATE SET e += r.props, e.docs = [r.doc_id], e.evidence = r.evidence, e.confidence = r.confidence
ON MATCH SET e += r.props,
    e.docs = CASE WHEN r.doc_id IN e.docs THEN e.docs ELSE e.docs + r.doc_id END,
    e.evidence = [x IN e.evidence WHERE NOT x IN r.evidence] + r.evidence,
    e.confidence = CASE WHEN e.confidence > r.confidence THEN e.confidence ELSE r.confidence END
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
