"""Issue 9: the query library on the corpus graph, `innokg query`, exports and analytics."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import networkx as nx
import pytest
import rdflib
from backends import env_for
from corpus_picks import busiest_park

from graph import analytics
from graph.export import export_graph
from graph.snapshot import snapshot
from graph.store import GraphStore
from innokg.config import Settings
from queries.gendoc import DOC, render
from queries.library import list_queries, load_query_file, parse_query


@pytest.mark.parametrize("path", list_queries(), ids=lambda p: p.name)
def test_every_query_file_runs_with_its_defaults(corpus_store: GraphStore, path) -> None:  # noqa: ANN001
    cypher, params = load_query_file(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("// Question:") and "Example output" in text
    for name in params:
        assert f"${name}" in cypher
    result = corpus_store.query(cypher, params)
    assert result.columns


def test_param_header_defaults_are_json() -> None:
    _, params = parse_query(
        '// @param origin = "北京"\n// @param limit = 5\n// @param t = null\nRETURN 1'
    )
    assert params == {"origin": "北京", "limit": 5, "t": None}
    with pytest.raises(ValueError):
        parse_query("// @param x = 北京\nRETURN 1")


def test_transfer_chain_query_answers_the_analysts_question(corpus_store: GraphStore) -> None:
    cypher, params = load_query_file("transfer_chains.cypher")
    rows = corpus_store.query(cypher, {**params, "origin": "北京", "target": "石家庄"}).records()
    firms = [r for r in rows if r["taken_type"] == "Enterprise"]
    assert firms  # a Beijing firm taken in by a receiver in 石家庄
    for row in firms:
        assert "石家庄市" in row["regions"] and "河北省" in row["regions"]
        evidence = [json.loads(e) for e in row["evidence"]]
        assert any(row["taken_in"] in e["sentence"] for e in evidence)
    assert any("北京" in json.loads(e)["sentence"] for r in firms for e in r["evidence"])


def test_cobuild_query_returns_platform_and_partners(corpus_store: GraphStore) -> None:
    cypher, params = load_query_file("cobuild_network.cypher")
    # the entity with the most 共建 partners stands for "a co-builder" (no gold entity named)
    name, partners = corpus_store.query(
        "MATCH (a:Entity)-[:`共建`]-(b:Entity) WITH a, collect(DISTINCT b.name) AS partners "
        "RETURN a.name, partners ORDER BY size(partners) DESC, a.name LIMIT 1"
    ).rows[0]
    rows = corpus_store.query(cypher, {**params, "name": name}).records()
    assert {r["other"] for r in rows} >= set(partners) and partners
    assert all(r["evidence"] for r in rows)


def test_cli_query_file_with_params_and_formats(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    env = env_for(corpus_settings)
    base = [sys.executable, "-m", "innokg.cli", "query", "--file", "queries/top_receivers.cypher"]
    out = subprocess.run(
        base + ["--param", 'origin="天津"', "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["columns"][0] == "receiver" and data["rows"]
    assert all(r["taken_in"] >= 1 for r in data["rows"])
    csv_out = subprocess.run(
        base + ["--format", "csv"], env=env, capture_output=True, text=True, timeout=120
    )
    assert csv_out.stdout.splitlines()[0] == "receiver,type,taken_in,items"
    refused = subprocess.run(
        [sys.executable, "-m", "innokg.cli", "query", "MATCH (n) DELETE n"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2 and "DELETE" in refused.stderr
    assert corpus_store.counts().documents == 5


def test_turtle_and_jsonld_round_trip(corpus_store: GraphStore) -> None:
    ttl = export_graph(corpus_store, "ttl")
    g = rdflib.Graph().parse(data=ttl.decode("utf-8"), format="turtle")
    again = rdflib.Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert len(g) == len(again) > 500
    labels = [
        o for o in g.objects(predicate=rdflib.RDFS.label) if getattr(o, "language", None) == "zh"
    ]
    assert any(str(o) == busiest_park(corpus_store)[1] for o in labels)
    jl = rdflib.Graph().parse(
        data=export_graph(corpus_store, "jsonld").decode("utf-8"), format="json-ld"
    )
    assert len(jl) == len(g)


def test_graphml_and_json_load_back(corpus_store: GraphStore) -> None:
    snap = snapshot(corpus_store)
    g = nx.read_graphml(io.BytesIO(export_graph(corpus_store, "graphml")))
    assert g.number_of_nodes() == len(snap.nodes) and g.number_of_edges() == len(snap.edges)
    data = json.loads(export_graph(corpus_store, "json"))
    h = nx.node_link_graph(data, edges="links")
    assert h.number_of_nodes() == len(snap.nodes) and h.number_of_edges() == len(snap.edges)


def test_analytics_values_are_sane(corpus_store: GraphStore) -> None:
    pr = analytics.centrality(corpus_store, "pagerank")
    assert abs(sum(pr.values()) - 1.0) < 1e-6
    top = max(pr, key=pr.get)
    assert top.split(":", 1)[0] in ("Park", "Region", "Agency", "Enterprise", "Official", "Lab")
    deg = analytics.centrality(corpus_store, "degree")
    assert deg[top] >= 2
    comms = analytics.communities(corpus_store)
    assert comms and all(len(c) >= 2 for c in comms)


def test_cypher_doc_schema_is_generated_from_the_schema() -> None:
    current = DOC.read_text(encoding="utf-8")
    assert render(current) == current, "docs/cypher.md is stale: run python -m queries.gendoc"
