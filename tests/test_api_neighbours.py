"""The neighbours route's one query (entity + hops) answers what the entity lookup followed by
the hop query answered, on both backends: same properties, same entities, same order, same cut."""

from __future__ import annotations

import pytest

from api import queries as Q
from graph.store import GraphStore

ENTITY = "MATCH (n:Entity {key: $key}) RETURN properties(n) AS props"
HOPS = """
MATCH (n:Entity {{key: $key}})-[:{types}*1..{depth}]-(m:Entity)
WITH DISTINCT m ORDER BY m.key LIMIT $limit
RETURN m.key AS id, m.type AS type, m.name AS name, m.aliases AS aliases
"""
# entities with the most edges first: hubs, where order and the cut matter
BUSIEST = "MATCH (n:Entity)-[r]-() RETURN n.key, count(r) AS c ORDER BY c DESC, n.key LIMIT 12"


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("rels", [None, ["任职"], ["承接", "位于"]])
def test_one_query_answers_as_two(corpus_store: GraphStore, depth: int, rels) -> None:  # noqa: ANN001
    from schema.model import REL_BY_NAME, TRAVERSABLE

    types = "|".join(f"`{REL_BY_NAME[r].name}`" for r in rels) if rels else TRAVERSABLE
    keys = [r[0] for r in corpus_store.query(BUSIEST).rows]
    assert len(keys) == 12
    seen_cut = False
    for key in keys:
        for limit in (3, 500):
            params = {"key": key, "limit": limit}
            ((props, found),) = corpus_store.query(Q.neighbourhood(depth, rels), params).rows
            assert props == corpus_store.query(ENTITY, {"key": key}).rows[0][0]
            hops = corpus_store.query(HOPS.format(types=types, depth=depth), params).rows
            assert found == [list(r) for r in hops], (key, depth, rels, limit)
            seen_cut |= limit == 3 and len(found) == 3
    assert seen_cut  # the limit really cut some answer


def test_no_row_for_a_name(corpus_store: GraphStore) -> None:
    name = corpus_store.query("MATCH (n:Park) RETURN n.name ORDER BY n.key LIMIT 1").rows[0][0]
    assert corpus_store.query(Q.neighbourhood(1, None), {"key": name, "limit": 5}).rows == []


def test_answers_are_the_model_serialized(client, corpus_store: GraphStore) -> None:  # noqa: ANN001
    """The route sends dicts without validating them: each answer must be exactly what
    :class:`api.models.Subgraph` makes of it (every field present, of its type)."""
    from urllib.parse import quote

    from api import models as m

    documents = 0
    for (key,) in [r[:1] for r in corpus_store.query(BUSIEST).rows[:6]]:
        for params in ({"depth": 1}, {"depth": 2, "limit": 5}, {"depth": 2, "rel": "任职"}):
            r = client.get(f"/entities/{quote(key, safe='')}/neighbors", params=params)
            assert r.status_code == 200
            body = r.json()
            assert m.Subgraph.model_validate(body).model_dump(mode="json") == body
            assert body["nodes"][0]["id"] == key
            assert body["edges"] or params != {"depth": 1}  # a hub's own edges, at least
            evidence = [ev for e in body["edges"] for ev in e["evidence"]]
            documents += sum(ev["document"] is not None for ev in evidence)
            assert all(
                ev["document"]["url"].startswith("/documents/") for ev in evidence if ev["document"]
            )
    assert documents  # evidence carries its document


@pytest.mark.parametrize("limit", [1, 3, 500])
def test_depth_one_in_one_read_answers_as_three(corpus_store: GraphStore, limit: int) -> None:
    """Q.NEIGHBOURHOOD_1 (entity, hops and the edges among them, untyped) gives what the typed
    hop query and EDGES_AMONG gave: same entities in the same order and cut, same edges."""
    keys = [r[0] for r in corpus_store.query(BUSIEST).rows]
    keys += [r[0] for r in corpus_store.query("MATCH (n:Region) RETURN n.key LIMIT 5").rows]
    between = 0
    for key in keys:
        ((props, found),) = corpus_store.query(
            Q.neighbourhood(1, None), {"key": key, "limit": limit + 1}
        ).rows
        kept = [key] + [r[0] for r in found[:limit]]
        among = corpus_store.query(Q.EDGES_AMONG, {"keys": kept}).rows
        ((entity, found1, edges1),) = corpus_store.query(
            Q.NEIGHBOURHOOD_1, {"key": key, "limit": limit}
        ).rows
        assert entity == [props.get("type"), props.get("name"), props.get("aliases")]
        assert found1 == found, (key, limit)
        assert sorted(map(tuple, edges1)) == sorted(map(tuple, among)), (key, limit)
        between += sum(key not in e[:2] for e in edges1)
    assert between or limit < 500  # edges between two neighbours, not only the entity's own
    assert corpus_store.query(Q.NEIGHBOURHOOD_1, {"key": "Park:无此园区", "limit": 5}).rows == []
