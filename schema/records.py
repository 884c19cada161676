"""Plain dataclasses passed between pipeline stages (loader → extractor → resolver → writer).

These are the boundaries every component agrees on; keep them free of I/O and of any backend.
Offsets are character offsets (Python str indices): ``start``/``end`` into the normalized
document text, ``orig_start``/``orig_end`` into the original decoded text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document's normalized text."""

    id: int
    text: str
    start: int
    end: int
    orig_start: int
    orig_end: int


@dataclass
class Document:
    """A loaded document: original text, normalized text, offset map and sentences.

    ``id`` is a content hash of the original text, so re-loading the same content is recognized.
    ``offset_map[i]`` is the index in ``original`` of normalized character ``i``; it has
    ``len(text) + 1`` entries (the last maps the end of the text).
    """

    id: str
    path: str
    format: str
    original: str
    text: str
    offset_map: list[int]
    sentences: list[Sentence]
    title: str | None = None
    date: str | None = None
    doc_number: str | None = None

    @property
    def name(self) -> str:
        """File name (what the gold format calls ``doc``)."""
        from pathlib import PurePath

        return PurePath(self.path).name

    @property
    def stem(self) -> str:
        from pathlib import PurePath

        return PurePath(self.path).stem

    def sentence_at(self, offset: int) -> int | None:
        """Id of the sentence holding normalized offset ``offset`` (None between sentences)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s.id
        return None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span to the original text span."""
        if end <= start:
            o = self.offset_map[start]
            return o, o
        return self.offset_map[start], self.offset_map[end - 1] + 1


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity name in a document (normalized offsets)."""

    text: str
    type: str
    sentence_id: int
    start: int
    end: int
    component: str


@dataclass
class Entity:
    """A canonical entity within one extraction (a document, or a merged batch).

    ``key`` is the stable natural key ``"{type}:{normalized name}"`` used by the store to
    MERGE, so the same entity from two documents lands on one node.
    ``props`` holds type-specific properties (for regions: ``level``, ``parent``, ``province``;
    for any: ``resolved`` when the document only uses a short form).
    """

    key: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    """Where a relation (or mention) is stated: document, sentence and offsets."""

    doc_id: str
    sentence_id: int
    sentence: str
    start: int
    end: int
    orig_start: int
    orig_end: int
    cue: str = ""


@dataclass
class Relation:
    """A typed edge between two canonical entities (by key) with its evidence.

    ``props`` may hold ``from_region`` (list of region names), ``platform``, ``project``,
    ``title``, ``date``, ``amount`` and ``event_id`` as the relation type allows.
    """

    type: str
    head: str
    tail: str
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 1.0
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Extraction:
    """Everything extracted from one document, ready for the writer."""

    doc: Document
    entities: list[Entity]
    relations: list[Relation]


@dataclass
class LoadError:
    """A file that could not be loaded: reported by name, the batch goes on."""

    path: str
    reason: str
