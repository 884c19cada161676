"""Issue 6, bulk path: parameters reach the server intact (both backends), relationship endpoints
sought by internal id stay correct when ids go stale (FalkorDB), and batching (with look-ahead)
changes nothing."""

from __future__ import annotations

import math

import pytest
from factories import entity, make_doc, relation, transfer_extraction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.embedded import AOF_REWRITE_PERCENTAGE
from graph.falkor_params import literal, params_header
from graph.rows import entity_rows, relation_rows
from graph.snapshot import snapshot
from graph.store import GraphStore, QueryError
from schema.records import Extraction

# Text as documents bring it: any character but surrogates (not encodable) and NUL.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
KEYS = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
    st.text(alphabet="承接共建签约企业园区", min_size=1, max_size=4),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**62), max_value=2**62),
    # the server prints doubles with 15 significant digits: keep clear of overflow on the way back
    st.floats(min_value=-1e300, max_value=1e300, allow_nan=False),
    TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def _same(sent: object, got: object) -> bool:
    if isinstance(sent, float) and isinstance(got, float):
        return math.isclose(sent, got, rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(sent, bool) or isinstance(got, bool):
        return sent is got
    if isinstance(sent, (list, tuple)):
        return isinstance(got, list) and len(sent) == len(got) and all(map(_same, sent, got))
    if isinstance(sent, dict):
        return (
            isinstance(got, dict)
            and set(sent) == set(got)
            and all(_same(v, got[k]) for k, v in sent.items())
        )
    return sent == got


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=VALUES)
def test_parameters_reach_the_server_unchanged(store: GraphStore, value: object) -> None:
    got = store.query("RETURN $v AS v", {"v": value}).rows[0][0]
    assert _same(value, got), (value, got, literal(value))


def test_quotes_backslashes_and_newlines_survive() -> None:
    assert literal('a"b\\c\nd') == '"a\\"b\\\\c\nd"'
    assert (
        params_header({"rows": [{"k": True, "n": None}]}) == "CYPHER `rows`=[{`k`:true,`n`:null}] "
    )
    assert params_header({}) == ""


@pytest.mark.parametrize(
    "params",
    [{"v": float("nan")}, {"v": {"a`b": 1}}, {"": 1}, {"v": object()}, {"v": {"": 1}}],
)
def test_parameters_falkordb_cannot_take_are_a_query_error(
    embedded_store: GraphStore, params: dict
) -> None:
    with pytest.raises(QueryError, match="invalid parameters"):
        embedded_store.query("RETURN 1", params)


# ----------------------------------------------------------------------- endpoints by id


def _extraction(doc_id: str, names: list[str], pairs: list[tuple[int, int]]) -> Extraction:
    text = "，".join(names) + "。"
    doc = make_doc(text, doc_id, f"{doc_id}.txt")
    ents = [entity("Enterprise", n, doc) for n in names]
    rels = [relation("签约", ents[a], ents[b], doc, "签约") for a, b in pairs]
    return Extraction(doc, ents, rels)


def _edges(store: GraphStore) -> set[tuple[str, str, str]]:
    return {(e["head"], e["type"], e["tail"]) for e in snapshot(store).edges}


def test_stale_ids_are_looked_up_again_by_key(embedded_store: GraphStore) -> None:
    """FalkorDB only: the embedded writer seeks endpoints by internal id (Neo4j seeks by key)."""
    store = embedded_store
    store.clear()
    names = ["甲星科技有限公司", "乙辰科技有限公司", "丙宇科技有限公司"]
    ex = _extraction("doc-ids", names, [])
    ids = store.write_entity_rows(entity_rows(ex))
    a, b, c = (ents.key for ents in ex.entities)
    assert set(ids) == {a, b, c}
    # b disappears and a new node takes over its internal id; c is deleted and written again
    newcomer = _extraction("doc-new", ["丁远科技有限公司"], [])
    store._write("CREATE (:Document {id: 'doc-new'})")  # type: ignore[attr-defined]
    store._write("MATCH (n:Entity {key: $k}) DETACH DELETE n", {"k": b})  # type: ignore[attr-defined]
    new_ids = store.write_entity_rows(entity_rows(newcomer))
    assert list(new_ids.values()) == [ids[b]], "FalkorDB is expected to reuse the freed id"
    store._write("MATCH (n:Entity {key: $k}) DETACH DELETE n", {"k": c})  # type: ignore[attr-defined]
    store._write("CREATE (n:Entity:Lab {key: 'Lab:占位研究院', docs: []})")  # type: ignore[attr-defined]
    again = _extraction("doc-ids", [names[2]], [])
    store.write_entity_rows(entity_rows(again))

    rels = _extraction("doc-ids", names, [(0, 1), (0, 2)])
    written = store.write_relation_rows(relation_rows(rels), ids)  # ids of b and c are stale

    assert written == 1  # a→b is skipped (b is gone), a→c lands on the new c
    assert _edges(store) == {(min(a, c), "签约", max(a, c))}  # symmetric: in key order


def test_rows_with_missing_endpoints_are_skipped_and_counted(store: GraphStore) -> None:
    store.clear()
    ex = _extraction("doc-m", ["戊星科技有限公司", "己辰科技有限公司"], [(0, 1)])
    ids = store.write_entity_rows(entity_rows(ex))
    rows = relation_rows(ex)
    ghost = entity("Enterprise", "庚宇科技有限公司", ex.doc)
    rows["签约"].append({**rows["签约"][0], "key": "签约|x|y", "tail": ghost.key})
    assert store.write_relation_rows(rows, ids) == 1
    assert store.write_relation_rows(relation_rows(ex)) == 1  # no ids given: looked up by key
    assert store.counts().relations == {"签约": 1}


def test_small_batches_with_look_ahead_give_the_same_graph(store: GraphStore) -> None:
    names = [f"星{i}科技有限公司" for i in range(12)]
    pairs = [(i, (i * 5 + 1) % 12) for i in range(12)] + [(i, (i + 1) % 12) for i in range(12)]
    ex = _extraction("doc-batch", names, pairs)
    store.clear()
    store.write_extraction(ex)
    whole = snapshot(store)
    store.clear()
    store.batch_size = 5  # type: ignore[attr-defined]
    try:
        store.write_extraction(ex)
        store.write_extraction(ex)
    finally:
        del store.batch_size  # type: ignore[attr-defined]
    assert snapshot(store) == whole
    assert store.counts().relations == {"签约": len({frozenset(p) for p in pairs})}


def _everything(store: GraphStore) -> tuple:
    """Nodes and edges with all their properties, Statements and MENTIONS."""
    snap = snapshot(store)
    statements = store.query(
        "MATCH (s:Statement) RETURN s.key, s.doc, s.edge, s.type, s.head, s.tail, s.evidence, "
        "s.confidence ORDER BY s.key"
    ).rows
    mentions = store.query(
        "MATCH (d:Document)-[m:MENTIONS]->(n:Entity) RETURN d.id, n.key, m.count, m.sentences "
        "ORDER BY d.id, n.key"
    ).rows
    return snap, statements, mentions


def test_batches_sent_again_change_nothing(store: GraphStore) -> None:
    """A retried write whose first attempt landed (the server applied a batch, then its reply
    was lost to a restart) must not count anything twice: each bulk statement is idempotent."""
    store.clear()
    a, b = transfer_extraction("doc-a"), transfer_extraction("doc-b")  # the same edges, twice
    store.write_extraction(a)
    store.write_extraction(b)
    before = _everything(store)
    for ex in (a, b, a):
        ids = store.write_entity_rows(entity_rows(ex))
        assert store.write_relation_rows(relation_rows(ex), ids) == 2
    assert _everything(store) == before
    rows = store.query("MATCH ()-[e:`承接`]->() RETURN e.doc_count, e.evidence_count").rows
    assert rows == [[2, 2]]
    assert store.query("MATCH (n:Park) RETURN n.doc_count").rows == [[2]]


def test_rows_of_several_documents_in_one_call_count_each_document(store: GraphStore) -> None:
    a, b = transfer_extraction("doc-a"), transfer_extraction("doc-b")
    store.clear()
    for ex in (a, b):
        ids = store.write_entity_rows(entity_rows(ex))
        store.write_relation_rows(relation_rows(ex), ids)
    one_by_one = _everything(store)
    store.clear()
    ents, rels = entity_rows(a), relation_rows(a)
    for type_, rows in entity_rows(b).items():
        ents[type_] = ents.get(type_, []) + rows
    for type_, rows in relation_rows(b).items():
        rels[type_] = rels.get(type_, []) + rows
    ids = store.write_entity_rows(ents)
    assert store.write_relation_rows(rels, ids) == 4
    assert _everything(store) == one_by_one


def test_a_key_twice_for_one_document_is_a_clear_error(store: GraphStore) -> None:
    store.clear()
    ex = transfer_extraction("doc-d")
    ents = entity_rows(ex)
    ents["Park"].append(dict(ents["Park"][0]))
    with pytest.raises(ValueError, match="appears twice for document 'doc-d'"):
        store.write_entity_rows(ents)
    assert store.counts().total_nodes == 0
    ids = store.write_entity_rows(entity_rows(ex))
    rels = relation_rows(ex)
    rels["承接"].append(dict(rels["承接"][0]))
    with pytest.raises(ValueError, match="appears twice for document 'doc-d'"):
        store.write_relation_rows(rels, ids)
    assert store.counts().total_relations == 0


def _auto_rewrite(store: GraphStore) -> int:
    conn = store.db.connection  # type: ignore[attr-defined]
    return int(conn.config_get("auto-aof-rewrite-percentage")["auto-aof-rewrite-percentage"])


def test_a_bulk_load_holds_the_append_only_file_rewrites_until_it_ends(
    embedded_store: GraphStore,
) -> None:
    """FalkorDB only: the server forks a rewrite of its whole file whenever the file doubled;
    inside ``bulk()`` it does not, and afterwards it does again (nested loads share one hold,
    an error inside releases it, a bulk write that ends in between does not release it)."""
    store = embedded_store
    store.clear()
    assert _auto_rewrite(store) == AOF_REWRITE_PERCENTAGE
    ex = _extraction("doc-bulk", [f"星{i}科技有限公司" for i in range(6)], [(0, 1), (2, 3)])
    store.batch_size = 2  # type: ignore[attr-defined]
    try:
        with store.bulk():  # type: ignore[attr-defined]
            assert _auto_rewrite(store) == 0
            ids = store.write_entity_rows(entity_rows(ex))  # more than a batch: bulk by itself
            assert _auto_rewrite(store) == 0
            assert store.write_relation_rows(relation_rows(ex), ids) == 2
        assert _auto_rewrite(store) == AOF_REWRITE_PERCENTAGE
        with pytest.raises(RuntimeError), store.bulk():  # type: ignore[attr-defined]
            raise RuntimeError("a load that fails half-way")
        assert _auto_rewrite(store) == AOF_REWRITE_PERCENTAGE
    finally:
        del store.batch_size  # type: ignore[attr-defined]
    assert store.counts().relations == {"签约": 2}


def test_compact_lifts_a_hold_left_by_a_writer_that_died(embedded_store: GraphStore) -> None:
    store = embedded_store
    store.db.connection.config_set("auto-aof-rewrite-percentage", 0)  # type: ignore[attr-defined]
    store.compact()
    assert _auto_rewrite(store) == AOF_REWRITE_PERCENTAGE
