"""Helpers of the extraction tests: run one made-up text through the real pipeline and read its
entity names and relation pairs (one copy instead of one per test module)."""

from __future__ import annotations

from loaders.extract.pipeline import extract
from loaders.load import document_from_text
from schema.records import Extraction


def run(text: str) -> Extraction:
    return extract(document_from_text(text, "t.txt", "txt"))


def names(ex: Extraction, type_: str) -> set[str]:
    """Names and aliases of the entities of ``type_`` that the text mentions."""
    return {n for e in ex.entities if e.type == type_ and e.mentions for n in (e.name, *e.aliases)}


def pairs(ex: Extraction, type_: str) -> set[tuple[str, str]]:
    """(head, tail) names of the relations of ``type_``."""
    by_key = {e.key: e.name for e in ex.entities}
    return {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == type_}


def unordered_pairs(ex: Extraction, type_: str) -> set[frozenset[str]]:
    """The same without direction: 签约/共建 read A与B and B与A alike."""
    return {frozenset(p) for p in pairs(ex, type_)}


def both(*pairs_: tuple[str, str]) -> set[frozenset[str]]:
    return {frozenset(p) for p in pairs_}


def taken_in(ex: Extraction) -> set[tuple[str, str]]:
    return pairs(ex, "承接")
