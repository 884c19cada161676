"""Relation extraction (placeholder order: structural PART_OF first; cue rules follow)."""

from __future__ import annotations

from schema.records import Document, Entity, Relation


def extract_relations(doc: Document, entities: list[Entity]) -> list[Relation]:
    return []
