"""Compose the extraction components for one document (entities first, relations on top)."""

from __future__ import annotations

from loaders.extract.entities import extract_entities
from loaders.extract.relations import extract_relations
from schema.records import Document, Extraction


def extract(doc: Document) -> Extraction:
    """Entities (resolved within the document), then relations between them."""
    entities = extract_entities(doc)
    relations = extract_relations(doc, entities)
    return Extraction(doc=doc, entities=entities, relations=relations)
