"""Issue 17, incremental writes: a document's write touches only what it contributes (found
through indexes, never by scanning), lists on shared nodes and edges stay bounded (counts plus a
sample, the full evidence on Statement nodes), and taking a document back restores exactly the
graph without it."""

from __future__ import annotations

import json
import re

import pytest
from backends import WritePlans
from factories import entity, make_doc, relation, transfer_extraction

from graph.store import GraphStore
from schema.model import DOCS_SAMPLE, EVIDENCE_SAMPLE
from schema.records import Extraction

EDGE = "签约|Enterprise:甲星科技有限公司|University:乙辰大学"


def signing(doc_id: str, confidence: float = 0.8, sentences: int = 1) -> Extraction:
    """One document stating 甲星科技有限公司 签约 乙辰大学 (in ``sentences`` sentences)."""
    doc = make_doc(f"甲星科技有限公司与乙辰大学签订合作协议（{doc_id}）。", doc_id, f"{doc_id}.txt")
    firm, uni = entity("Enterprise", "甲星科技有限公司", doc), entity("University", "乙辰大学", doc)
    rel = relation("签约", firm, uni, doc, "签订")
    rel.confidence = confidence
    rel.evidence = [
        type(rel.evidence[0])(doc_id, i, doc.text, 0, 4, 0, 4, "签订") for i in range(sentences)
    ]
    return Extraction(doc, [firm, uni], [rel])


def _edge(store: GraphStore) -> dict:
    rows = store.query("MATCH ()-[e:`签约`]->() RETURN properties(e)").rows
    assert len(rows) == 1
    return rows[0][0]


@pytest.fixture
def clean(store: GraphStore) -> GraphStore:
    store.clear()
    return store


def test_edge_lists_stay_bounded_with_counts_and_full_evidence_by_document(
    clean: GraphStore,
) -> None:
    n = DOCS_SAMPLE + 10
    for i in range(n):
        clean.write_extraction(signing(f"doc-{i:02d}", sentences=2))
    e = _edge(clean)
    assert e["doc_count"] == n and e["evidence_count"] == 2 * n
    assert len(e["docs"]) == DOCS_SAMPLE and len(e["evidence"]) == EVIDENCE_SAMPLE
    assert set(e["docs"]) <= {f"doc-{i:02d}" for i in range(n)}
    firm = clean.query("MATCH (n:Enterprise) RETURN n.doc_count, n.docs").rows[0]
    assert firm[0] == n and len(firm[1]) == DOCS_SAMPLE

    full = clean.edge_evidence(EDGE, limit=1000)  # type: ignore[attr-defined]
    assert [s["doc_id"] for s in full] == [f"doc-{i:02d}" for i in range(n)]
    assert all(len(s["evidence"]) == 2 for s in full)
    assert {json.loads(r)["doc_id"] for s in full for r in s["evidence"]} == {
        s["doc_id"] for s in full
    }
    page = clean.edge_evidence(EDGE, offset=5, limit=3)  # type: ignore[attr-defined]
    assert [s["doc_id"] for s in page] == ["doc-05", "doc-06", "doc-07"]


def test_taking_documents_back_refills_samples_and_restores_counts(clean: GraphStore) -> None:
    n = DOCS_SAMPLE + 5
    for i in range(n):
        clean.write_extraction(signing(f"doc-{i:02d}"))
    for i in range(n - 3):  # the sample's documents go first
        assert clean.delete_document(f"doc-{i:02d}")
    left = {f"doc-{i:02d}" for i in range(n - 3, n)}
    e = _edge(clean)
    assert e["doc_count"] == 3 and e["evidence_count"] == 3
    assert set(e["docs"]) == left
    assert {json.loads(r)["doc_id"] for r in e["evidence"]} == left
    firm = clean.query("MATCH (n:Enterprise) RETURN n.doc_count, n.docs").rows[0]
    assert firm[0] == 3 and set(firm[1]) == left
    for doc_id in left:
        clean.delete_document(doc_id)
    assert clean.counts().total_nodes == 0 and clean.counts().total_relations == 0
    assert clean.query("MATCH (s:Statement) RETURN count(s)").rows[0][0] == 0


def test_confidence_is_recomputed_when_its_document_goes(clean: GraphStore) -> None:
    clean.write_extraction(signing("doc-low", confidence=0.6))
    clean.write_extraction(signing("doc-high", confidence=0.95))
    assert _edge(clean)["confidence"] == pytest.approx(0.95)
    clean.delete_document("doc-high")
    assert _edge(clean)["confidence"] == pytest.approx(0.6)


def test_rewriting_a_document_replaces_only_its_own_contributions(clean: GraphStore) -> None:
    clean.write_extraction(transfer_extraction("doc-a"))
    clean.write_extraction(signing("doc-b"))
    before = _edge(clean)
    # doc-a written again with different content under the same id: its old edges go
    doc = make_doc("星河大学与云岭高新区共建实验室。", "doc-a", "doc-a.txt")
    uni, park = entity("University", "星河大学", doc), entity("Park", "云岭高新区", doc)
    clean.write_extraction(Extraction(doc, [uni, park], [relation("共建", uni, park, doc, "共建")]))
    assert clean.counts().relations == {"共建": 1, "签约": 1}
    assert clean.counts().nodes == {"University": 2, "Park": 1, "Enterprise": 1}
    assert _edge(clean) == before
    park_docs = clean.query("MATCH (n:Park) RETURN n.doc_count, n.docs").rows[0]
    assert park_docs == [1, ["doc-a"]]


def test_the_same_document_written_twice_counts_once(clean: GraphStore) -> None:
    for _ in range(3):
        clean.write_extraction(signing("doc-x", sentences=3))
    e = _edge(clean)
    assert (e["doc_count"], e["evidence_count"], e["docs"]) == (1, 3, ["doc-x"])


# ------------------------------------------------------------------ no scans on the write path

# Plan operators that read a whole label or the whole graph (FalkorDB and Neo4j names).
_SCANS = re.compile(
    r"All Node Scan|Node By Label Scan|All Edge Scan|AllNodesScan|NodeByLabelScan|"
    r"DirectedAllRelationshipsScan|UndirectedAllRelationshipsScan|RelationshipTypeScan",
    re.I,
)


def test_no_writer_statement_scans_a_label_or_the_graph(clean: GraphStore) -> None:
    clean.write_extraction(transfer_extraction("doc-a"))
    clean.write_extraction(signing("doc-b"))
    with WritePlans(clean) as recorded:
        clean.write_extraction(transfer_extraction("doc-a"))  # a rewrite: takes back, writes
        clean.delete_document("doc-b")
    plans = recorded.plans()
    assert len(plans) > 5
    for query, plan in plans:
        assert plan.strip(), query  # a plan was read
        assert not _SCANS.search(plan), f"{query}\n{plan}"
