"""The API's Cypher, parameterized; only whitelisted relationship types are ever formatted in."""

from __future__ import annotations

from schema.model import REL_BY_NAME, RELATION_NAMES, TRAVERSABLE

ENTITY_FIELDS = "n.key AS id, n.type AS type, n.name AS name, n.aliases AS aliases"

_SEARCH_WHERE = """
WHERE ($type IS NULL OR n.type = $type)
  AND ($q IS NULL OR n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q))
  AND ($region IS NULL OR n.name STARTS WITH $region
       OR any(a IN coalesce(n.aliases, []) WHERE a STARTS WITH $region)
       OR (n)-[:PART_OF|`位于`*1..3]->(:Region {name: $region}))
"""


def search(fulltext: str | None) -> tuple[str, str]:
    """The count and page queries of ``/entities``.

    With ``fulltext`` (the store's clause yielding ``n`` for ``$terms``, see graph.search) the
    candidates come from the full-text index and ``CONTAINS`` keeps the real matches, so the
    answer is a scan's at the cost of the candidates; without it (no ``q``, or a ``q`` with no
    letter or digit) every entity is scanned.
    """
    head = f"{fulltext}\nWITH n" if fulltext else "MATCH (n:Entity)"
    match = head + _SEARCH_WHERE
    page = (
        match
        + f"RETURN {ENTITY_FIELDS}\nORDER BY size(n.name), n.name, n.key SKIP $offset LIMIT $limit"
    )
    return match + "RETURN count(n) AS total", page


def search_page(fulltext: str) -> str:
    """Total and page of ``/entities`` in one query, for full-text candidates (bounded by the
    index's answer): the count and the page used to run the same search twice."""
    return (
        f"{fulltext}\nWITH n{_SEARCH_WHERE}"
        "WITH n ORDER BY size(n.name), n.name, n.key\n"
        "WITH collect([n.key, n.type, n.name, n.aliases]) AS found\n"
        "RETURN size(found) AS total, found[$offset..$offset + $limit] AS page\n"
    )


ENTITY = "MATCH (n:Entity {key: $key}) RETURN properties(n) AS props"
ENTITY_EDGES = """
MATCH (n:Entity {key: $key})-[r]-(m:Entity)
RETURN startNode(r).key AS source, endNode(r).key AS target, type(r) AS type,
       properties(r) AS props, m.key AS id, m.type AS mtype, m.name AS name, m.aliases AS aliases
ORDER BY type, name, id, source
LIMIT $limit
"""
ENTITY_MENTIONS = """
MATCH (d:Document)-[m:MENTIONS]->(n:Entity {key: $key})
RETURN d.id AS doc_id, d.path AS path, d.text AS text, m.sentences AS sentences
ORDER BY path, doc_id
"""


def _hops(depth: int, rels: list[str] | None) -> str:
    if depth not in (1, 2, 3):
        raise ValueError("depth must be 1, 2 or 3")
    types = ":" + TRAVERSABLE
    if rels:
        types = ":" + "|".join(f"`{REL_BY_NAME[r].name}`" for r in rels)
    return f"[{types}*1..{depth}]"


def neighbourhood(depth: int, rels: list[str] | None) -> str:
    """The entity's properties and the distinct entities within ``depth`` hops (1–3; over
    ``rels`` only, if given), the first ``$limit`` by key, in one query; no row when ``$key`` is
    not an id. One store round trip fewer per request than :data:`ENTITY` and then the hops."""
    return f"""
MATCH (n:Entity {{key: $key}})
OPTIONAL MATCH (n)-{_hops(depth, rels)}-(m:Entity)
WITH n, m ORDER BY m.key
WITH n, collect(DISTINCT m) AS found
RETURN properties(n) AS props,
       [x IN found[..$limit] | [x.key, x.type, x.name, x.aliases]] AS found
"""


# Depth 1 without a relationship filter, the page's default and the hot request, in one query:
# the entity's type, name and aliases (not its search grams and document list), its first $limit
# neighbours by key (one more, to tell a cut) and the edges among them. Untyped on purpose: two entities are joined only by relation types and PART_OF (the
# store's other relationship, MENTIONS, starts at a Document, and m:Entity leaves those out), and
# FalkorDB 4.x unions the matrices of a typed alternation per query: on the 100k/300k graph the
# typed form cost 2.3 ms of store CPU against 1.0 ms untyped and 1.3 ms for the two queries it
# replaces (tests/test_api_neighbours.py checks it answers as those two do, on both backends).
NEIGHBOURHOOD_1 = """
MATCH (n:Entity {key: $key})
OPTIONAL MATCH (n)--(m:Entity)
WHERE m <> n
WITH n, m ORDER BY m.key
WITH n, collect(DISTINCT m) AS found
WITH n, found, [n] + found[..$limit] AS kept
UNWIND kept AS a
OPTIONAL MATCH (a)-[r]->(b:Entity)
WHERE b IN kept
WITH n, found, collect([a.key, b.key, type(r), properties(r)]) AS among
RETURN [n.type, n.name, n.aliases] AS entity,
       [x IN found[..$limit + 1] | [x.key, x.type, x.name, x.aliases]] AS found,
       [e IN among WHERE e[1] IS NOT NULL] AS edges
"""

EDGES_AMONG = """
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.key IN $keys AND b.key IN $keys
RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props
ORDER BY source, type, target
"""

NODES_BY_KEY = """
MATCH (n:Entity) WHERE n.key IN $keys
RETURN n.key AS id, n.type AS type, n.name AS name, n.aliases AS aliases
"""


def paths(max_len: int) -> str:
    if not 1 <= max_len <= 4:
        raise ValueError("max_len must be 1–4")
    return f"""
MATCH (a:Entity {{key: $src}}), (b:Entity {{key: $dst}})
MATCH p = (a)-[:{TRAVERSABLE}*1..{max_len}]-(b)
WITH p, length(p) AS len ORDER BY len LIMIT $limit
RETURN [n IN nodes(p) | n.key] AS keys,
       [r IN relationships(p) | {{type: type(r), source: startNode(r).key,
                                  target: endNode(r).key, props: properties(r)}}] AS rels
"""


def relations_page(rel: str | None) -> tuple[list[str], str]:
    """Count queries (their totals are summed) and the page query for ``/relations``.

    Counting one type without labels (``()-[r:T]->()``) is answered from the store's statistics
    on both FalkorDB and Neo4j (0 ms against ~180 ms with labels on 50k edges); schema types only
    ever link entities, so the labels were redundant. The page is ordered on its sort keys alone
    and properties (evidence) are read for the page only.
    """
    types = [REL_BY_NAME[rel].name] if rel else list(RELATION_NAMES)
    counts = [f"MATCH ()-[r:`{t}`]->() RETURN count(r) AS total" for t in types]
    pattern = "|".join(f"`{t}`" for t in types)
    page = f"""
MATCH (a)-[r:{pattern}]->(b)
WITH a, r, b ORDER BY type(r), a.name, b.name, a.key, b.key SKIP $offset LIMIT $limit
RETURN type(r) AS type, a.key AS hid, a.type AS htype, a.name AS hname, a.aliases AS haliases,
       b.key AS tid, b.type AS ttype, b.name AS tname, b.aliases AS taliases, properties(r) AS props
"""
    return counts, page


DOCUMENTS_COUNT = "MATCH (d:Document) WHERE d.complete = true RETURN count(d) AS total"
DOCUMENTS = """
MATCH (d:Document) WHERE d.complete = true
RETURN d.id AS id, d.path AS path, d.title AS title, d.date AS date, d.doc_number AS doc_number
ORDER BY d.path SKIP $offset LIMIT $limit
"""
DOCUMENT = """
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)-[m:MENTIONS]->(n:Entity)
RETURN d.id AS id, d.path AS path, d.title AS title, d.date AS date, d.doc_number AS doc_number,
       d.text AS text, collect([n.key, n.type, n.name, m.sentences]) AS mentions
"""
