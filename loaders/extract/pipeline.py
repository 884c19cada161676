"""Compose the extraction components for one document (entities first, relations on top)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from loaders.extract.entities import extract_entities, prefetch
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
    if twin is not None:
        entities, relations = in_own_script(doc, twin, entities, relations)
    return Extraction(doc=doc, entities=entities, relations=relations)


def extract_many(docs: Iterable[Document]) -> Iterator[Extraction | Exception]:
    """``extract`` over documents in a row, the model running one document ahead (see
    :func:`loaders.extract.entities.prefetch`); a document that fails yields its exception."""
    items = iter(docs)
    nxt = next(items, None)
    while nxt is not None:
        doc, nxt = nxt, next(items, None)
        if nxt is not None:
            prefetch([s.text for s in (simplified_twin(nxt) or nxt).sentences])
        try:
            yield extract(doc)
        except Exception as exc:  # noqa: BLE001 - the caller reports it by name
            yield exc
