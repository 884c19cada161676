"""A small RDF ontology derived from schema/model.py (classes, object and datatype properties)."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from schema.model import ALL_LABELS, ALL_REL_TYPES

INNO = Namespace("https://innokg.example.org/ontology#")
ENT = Namespace("https://innokg.example.org/entity/")


def entity_iri(key: str):  # noqa: ANN201 - rdflib URIRef
    return ENT[quote(key, safe="")]


def rel_iri(name: str):  # noqa: ANN201
    rel = {r.name: r for r in ALL_REL_TYPES}[name]
    return INNO[rel.en]


def ontology() -> Graph:
    g = Graph()
    g.bind("inno", INNO)
    for lbl in ALL_LABELS:
        cls = INNO[lbl.name]
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.label, Literal(lbl.zh, lang="zh")))
        g.add((cls, RDFS.label, Literal(lbl.name, lang="en")))
        g.add((cls, RDFS.comment, Literal(lbl.doc, lang="en")))
    for rel in ALL_REL_TYPES:
        prop = INNO[rel.en]
        g.add((prop, RDF.type, OWL.ObjectProperty))
        g.add((prop, RDFS.label, Literal(rel.name, lang="zh")))
        g.add((prop, RDFS.comment, Literal(rel.doc, lang="en")))
    for dp in ("name", "alias", "key", "level", "evidence"):
        g.add((INNO[dp], RDF.type, OWL.DatatypeProperty))
    return g
