"""Traditional-character (繁體) documents: detect them and give a simplified view, index for index.

Many web copies of mainland news are machine-converted to traditional characters. The rules,
lexicons and models downstream know simplified text, and entity names must be canonical
(simplified) to merge with other documents. So a traditional document is read through a
simplified *view* of the same length: OpenCC's t2s/tw2s/hk2s dictionaries map every phrase to one
of the same length (checked at run time; a line where that fails is converted character by
character), so an index into the view is an index into the document, and offsets and evidence
stay in the document's own characters. Simplified text is never converted.

Converter: ``opencc`` (the reference C++ OpenCC with Python bindings); see docs/loaders.md.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import opencc

from schema.records import Document, Entity, Relation

# A document is traditional when t2s changes at least this share of its Han characters (and at
# least MIN_CHANGED of them). Measured (docs/loaders.md): simplified texts 0 %, converted copies
# of the same texts ~35 % (no paragraph of 40+ Han characters below 10 %).
TRADITIONAL_SHARE = 0.05
MIN_CHANGED = 3

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


def _convert(config: str, text: str) -> str:
    return _converter(config).convert(text)


def traditional_share(text: str) -> tuple[int, float]:
    """(Han characters t2s changes, their share of all Han characters)."""
    han = len(_HAN.findall(text))
    if not han:
        return 0, 0.0
    converted = _convert("t2s", text)
    if len(converted) != len(text):
        converted = _by_character("t2s", text)
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    return changed, changed / han


def is_traditional(text: str) -> bool:
    changed, share = traditional_share(text)
    return changed >= MIN_CHANGED and share >= TRADITIONAL_SHARE


def _variant_config(text: str) -> str:
    """tw2s, or hk2s when the text has Hong Kong variant characters that only hk2s maps
    (衞 and a few more); tw2s also maps Taiwan's 著 (for 着) where its phrases say so."""
    chars = sorted(set(_HAN.findall(text)))
    probe = "\n".join(chars)
    tw = _convert("tw2s", probe).split("\n")
    hk = _convert("hk2s", probe).split("\n")
    hk_only = any(h != c and t == c for c, t, h in zip(chars, tw, hk, strict=False))
    return "hk2s" if hk_only else "tw2s"


def _by_character(config: str, text: str) -> str:
    """Each character converted alone (no phrases): the same length by construction."""
    chars = sorted(set(text) - {"\n"})
    out = _convert(config, "\n".join(chars)).split("\n")
    table = {c: o for c, o in zip(chars, out, strict=False) if len(o) == 1}
    return "".join(table.get(c, c) for c in text)


def _view(config: str, text: str) -> str:
    """``text`` converted by ``config``, line by line where a phrase would change the length."""
    lines = text.split("\n")
    out = _convert(config, text).split("\n")
    if len(out) != len(lines):
        out = [_convert(config, line) for line in lines]
    view = "\n".join(
        o if len(o) == len(line) else _by_character(config, line)
        for line, o in zip(lines, out, strict=True)
    )
    assert len(view) == len(text)
    return view


def simplified_view(text: str) -> str | None:
    """``text`` in simplified characters with the same length, or None when it is not
    traditional (then it is used as it is)."""
    if not is_traditional(text):
        return None
    return _view(_variant_config(text), text)


# ---------------------------------------------------------------- documents


def simplified_twin(doc: Document) -> Document | None:
    """The document as extraction should read it: simplified, with the same offsets, sentence
    spans and ids. None when the document is not traditional."""
    if not is_traditional(doc.text):
        return None
    config = _variant_config(doc.text)
    text = _view(config, doc.text)
    return replace(
        doc,
        original=_view(config, doc.original),
        text=text,
        sentences=[replace(s, text=text[s.start : s.end]) for s in doc.sentences],
        title=_view(config, doc.title) if doc.title else doc.title,
    )


def _own(doc: Document, twin: Document, span: str, start: int, end: int) -> str:
    """The document's own characters for a span of the twin's text (found near ``start``)."""
    if twin.text[start:end] == span:
        return doc.text[start:end]
    at = twin.text.find(span, max(0, start - len(span)))
    if at < 0:
        at = twin.text.find(span)
    return doc.text[at : at + len(span)] if at >= 0 else span


def in_own_script(
    doc: Document, twin: Document, entities: list[Entity], relations: list[Relation]
) -> tuple[list[Entity], list[Relation]]:
    """Mentions and evidence back in the document's characters; names stay simplified."""
    for e in entities:
        e.mentions = [replace(m, text=_own(doc, twin, m.text, m.start, m.end)) for m in e.mentions]
    for r in relations:
        r.evidence = [
            replace(ev, sentence=_own(doc, twin, ev.sentence, ev.start, ev.end))
            for ev in r.evidence
        ]
    return entities, relations
