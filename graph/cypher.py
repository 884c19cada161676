"""The writer's Cypher, shared by both backends (openCypher subset that FalkorDB and Neo4j share).

Labels and relationship types cannot be parameters; they are formatted in only from the schema's
fixed whitelist (:func:`label`, :func:`rel_type`). Every value is a parameter.
"""

from __future__ import annotations

from schema.model import (
    DOCS_SAMPLE,
    ENTITY_LABEL,
    ENTITY_TYPES,
    EVIDENCE_SAMPLE,
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
# Documents written completely by this extractor (a build skips them).
COMPLETE_DOCUMENTS = """
MATCH (d:Document) WHERE d.complete = true AND d.extractor = $extractor RETURN d.id AS id
"""
# A complete document without an extractor stamp was written by an innokg before Statement nodes.
OLD_FORMAT = """
MATCH (d:Document) WHERE d.complete = true AND d.extractor IS NULL RETURN d.id LIMIT 1
"""


def merge_entities(type_: str, *, return_ids: bool = False) -> str:
    """MERGE a batch of one label and link each to the document (MENTIONS, with its mentions).

    The MENTIONS edge is the document's membership record: an entity the document does not
    mention yet gets one, its ``doc_count`` goes up and its ``docs`` sample takes the document
    while it has room; one it mentions already is left as it is, so a batch sent twice (a retry
    after a restart) changes nothing. Lists stay bounded however many documents mention a node,
    so a write costs the same into any graph. With ``return_ids`` also each row's internal node
    id, which the embedded writer uses to seek relationship endpoints (see
    :func:`merge_relations_by_id`).

    A batch holds one row per key (the writer checks): a node made by this very batch is not
    seen by its own OPTIONAL MATCH. A new node gets all its properties in ON CREATE, once (the
    earlier ON CREATE + SET + SET on every row cost about twice the server time: see
    docs/benchmarks.md, "Store load").
    """
    returning = "RETURN collect(r.key) AS keys, collect(id(n)) AS ids" if return_ids else ""
    labels = f"{ENTITY_LABEL}:{label(type_)}"
    return f"""
MERGE (d:Document {{id: $doc_id}})
WITH d
UNWIND $rows AS r
OPTIONAL MATCH (known:{labels} {{key: r.key}})
OPTIONAL MATCH (d)-[old:MENTIONS]->(known)
WITH d, r, old IS NULL AS fresh
MERGE (n:{labels} {{key: r.key}})
ON CREATE SET n += r.props, n.name = r.name, n.type = r.type, n.aliases = r.aliases,
              n.grams = r.grams, n.docs = [r.doc_id], n.doc_count = 1
ON MATCH SET n += r.props,
    n.grams = CASE WHEN all(a IN r.aliases WHERE a IN coalesce(n.aliases, [])) THEN n.grams
                   ELSE n.grams + ' ' + r.grams END,
    n.aliases = coalesce(n.aliases, []) + [a IN r.aliases WHERE NOT a IN coalesce(n.aliases, [])],
    n.doc_count = n.doc_count + CASE WHEN fresh THEN 1 ELSE 0 END,
    n.docs = CASE WHEN fresh AND size(n.docs) < {DOCS_SAMPLE} THEN n.docs + r.doc_id
                  ELSE n.docs END
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END |
    CREATE (d)-[:MENTIONS {{count: r.count, sentences: r.sentences}}]->(n))
{returning}"""


# A Statement node holds one document's evidence for one edge (the full evidence, found by edge
# key); the edge keeps counts and bounded samples. A row whose Statement exists already (the same
# document written again without a rewrite, or a batch sent again after a restart) adds nothing;
# any other row CREATEs its Statement and adds to the edge. A new edge gets its final properties
# in ON CREATE, set once. (Measured against MERGE + SET of every Statement property and a SET of
# every edge property on every row: docs/benchmarks.md, "Store load".)
def _merge_edge(type_: str) -> str:
    return f"""
OPTIONAL MATCH (old:Statement {{key: r.skey}})
WITH a, b, r, old IS NULL AS fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END |
    CREATE (:Statement {{key: r.skey, doc: r.doc_id, edge: r.key, type: '{type_}', head: a.key,
                         tail: b.key, evidence: r.evidence, confidence: r.confidence}}))
MERGE (a)-[e:{rel_type(type_)} {{key: r.key}}]->(b)
ON CREATE SET e += r.props, e.docs = [r.doc_id], e.evidence = r.evidence[..{EVIDENCE_SAMPLE}],
              e.doc_count = 1, e.evidence_count = size(r.evidence), e.confidence = r.confidence
ON MATCH SET e += r.props,
    e.confidence = CASE WHEN e.confidence > r.confidence THEN e.confidence ELSE r.confidence END,
    e.doc_count = e.doc_count + CASE WHEN fresh THEN 1 ELSE 0 END,
    e.evidence_count = e.evidence_count + CASE WHEN fresh THEN size(r.evidence) ELSE 0 END,
    e.docs = CASE WHEN fresh AND size(e.docs) < {DOCS_SAMPLE} THEN e.docs + r.doc_id
                  ELSE e.docs END,
    e.evidence = CASE WHEN fresh AND size(e.evidence) < {EVIDENCE_SAMPLE}
                      THEN (e.evidence + r.evidence)[..{EVIDENCE_SAMPLE}] ELSE e.evidence END
"""


def merge_relations(type_: str) -> str:
    """Endpoints looked up by key (Neo4j: a unique-constraint seek)."""
    return f"""
UNWIND $rows AS r
MATCH (a:{ENTITY_LABEL} {{key: r.head}}), (b:{ENTITY_LABEL} {{key: r.tail}})
{_merge_edge(type_)}RETURN count(e) AS written
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
{_merge_edge(type_)}RETURN count(e) AS written
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


# Taking back one document's contributions (before a rewrite, on delete, after a crash): found
# through its own Statement nodes and MENTIONS edges (indexed), never by scanning the graph. Each
# statement is atomic on its own and safe to run again, so a crash between them is repaired by
# running them all again.
#
# An edge found from its ends' keys h, t and its key k: two index seeks, then FalkorDB's Expand
# Into (the WITHs keep its planner from traversing every edge of the head instead).
_EDGE_BY_ENDS = f"""MATCH (a:{ENTITY_LABEL} {{key: h}})
WITH *
MATCH (b:{ENTITY_LABEL} {{key: t}})
WITH *
MATCH (a)-[e]->(b) WHERE e.key = k"""

# 1. Its statements leave their edges (counts, samples); an edge no document states any more is
#    deleted. Returns the edges whose samples lost an item but have more to show (refilled by 2).
#    (Results are collected, not filtered with WITH … WHERE: FalkorDB 4.16 moves such a filter
#    below the FOREACH, and the filtered rows' DELETE never runs.)
STRIP_STATEMENTS = f"""
MATCH (s:Statement {{doc: $id}})
WITH s, s.head AS h, s.tail AS t, s.edge AS k
{_EDGE_BY_ENDS}
SET e.doc_count = e.doc_count - 1,
    e.evidence_count = e.evidence_count - size(s.evidence),
    e.docs = [x IN e.docs WHERE x <> $id],
    e.evidence = [x IN e.evidence WHERE NOT x STARTS WITH $prefix]
WITH s, e, a.key AS head, b.key AS tail, e.key AS key, e.doc_count <= 0 AS gone,
     e.doc_count > size(e.docs) AND size(e.docs) < {DOCS_SAMPLE}
     OR e.evidence_count > size(e.evidence) AND size(e.evidence) < {EVIDENCE_SAMPLE}
     OR s.confidence >= e.confidence AS refill
DELETE s
FOREACH (_ IN CASE WHEN gone THEN [1] ELSE [] END | DELETE e)
RETURN collect(CASE WHEN refill AND NOT gone THEN [head, tail, key] END) AS refill
"""
# Statements whose edge is gone already (nothing to strip them from).
DELETE_STATEMENTS = "MATCH (s:Statement {doc: $id}) DELETE s"
# 2. Samples and confidence made again from the edges' remaining statements.
REFILL_EDGES = f"""
UNWIND $rows AS r
WITH r.head AS h, r.tail AS t, r.key AS k
{_EDGE_BY_ENDS}
WITH e, k
MATCH (s:Statement {{edge: k}})
WITH e, collect(s) AS ss
SET e.docs = [x IN ss[..{DOCS_SAMPLE}] | x.doc],
    e.evidence = reduce(acc = [], x IN ss | CASE WHEN size(acc) >= {EVIDENCE_SAMPLE} THEN acc
                        ELSE acc + x.evidence END)[..{EVIDENCE_SAMPLE}],
    e.confidence = reduce(c = 0.0, x IN ss | CASE WHEN x.confidence > c THEN x.confidence
                          ELSE c END)
"""
# 3. Its MENTIONS leave their entities; returns the entities whose docs sample needs a refill.
STRIP_MENTIONS = f"""
MATCH (d:Document {{id: $id}})-[m:MENTIONS]->(n:{ENTITY_LABEL})
SET n.doc_count = n.doc_count - 1, n.docs = [x IN n.docs WHERE x <> $id]
WITH m, n, n.key AS key,
     n.doc_count > size(n.docs) AND size(n.docs) < {DOCS_SAMPLE} AS refill,
     n.doc_count <= 0 AS gone
DELETE m
// the degree is counted only for nodes no document mentions any more (hubs stay cheap)
WITH key, gone, refill, CASE WHEN gone THEN n END AS dead
OPTIONAL MATCH (dead)-[r]-()
WITH key, gone, refill, dead, count(r) AS degree
FOREACH (_ IN CASE WHEN dead IS NOT NULL AND degree = 0 THEN [1] ELSE [] END | DELETE dead)
RETURN collect(CASE WHEN refill AND NOT gone THEN key END) AS refill
"""
REFILL_ENTITIES = f"""
UNWIND $keys AS k
MATCH (n:{ENTITY_LABEL} {{key: k}})
WITH n
MATCH (d:Document)-[:MENTIONS]->(n)
WITH n, collect(d.id) AS ids
SET n.docs = ids[..{DOCS_SAMPLE}]
"""
DELETE_DOCUMENT = "MATCH (d:Document {id: $id}) DETACH DELETE d"

# One edge's full evidence, a page of its statements at a time.
EDGE_STATEMENTS = """
MATCH (s:Statement {edge: $key})
RETURN s.doc AS doc_id, s.evidence AS evidence, s.confidence AS confidence
ORDER BY s.doc SKIP $offset LIMIT $limit
"""

# Counts by label and by relationship type are answered from the store's statistics on both
# FalkorDB and Neo4j (~0.3 ms each on the 100k/300k graph); grouping every node by n.type and
# every edge by type(r) scanned them (40 ms and 1.3 s there, refreshed every second for /health).
RELATIONSHIP_TYPES = "CALL db.relationshipTypes()"


def count_label(name: str) -> str:
    return f"MATCH (n:{label(name)}) RETURN count(n) AS n"


def count_type(name: str) -> str:
    """A type read back from the store (db.relationshipTypes), quoted as Cypher quotes names."""
    quoted = name.replace("`", "``")
    return f"MATCH ()-[r:`{quoted}`]->() RETURN count(r) AS n"


COUNT_DOCUMENTS = "MATCH (d:Document) WHERE d.complete = true RETURN count(d) AS n"
CLEAR = "MATCH (n) DETACH DELETE n"
