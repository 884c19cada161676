"""Compose the extraction components for one document (entities first, relations on top)."""

from __future__ import annotations

from loaders.extract.entities import committee_in_post, extract_entities
from loaders.extract.relations import extract_relations
from loaders.script import in_own_script, simplified_twin
from schema.records import Document, Extraction


def extract(doc: Document) -> Extraction:
    """Entities (resolved within the document), then relations between them.

    A traditional-character document is read through its simplified twin (same offsets), so
    names come out simplified; mentions and evidence are given back in its own characters.
    """
    twin = simplified_twin(doc)
    entities = extract_entities(twin or doc)
    relations = extract_relations(twin or doc, entities)
    # a party committee named only inside post phrases has lent its region to the posts; it is
    # no entity of its own (GUIDELINE)
    gone = {e.key for e in entities if committee_in_post(twin or doc, e)}
    if gone:
        entities = [e for e in entities if e.key not in gone]
        relations = [r for r in relations if r.head not in gone and r.tail not in gone]
    if twin is not None:
        entities, relations = in_own_script(doc, twin, entities, relations)
    return Extraction(doc=doc, entities=entities, relations=relations)
