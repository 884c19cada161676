"""Analysts' Cypher as they write it: the legend's English relationship names, and a clear error
for Chinese names without backticks.

The legend shows each relationship type with an English name (承接 takes_in); ``[:takes_in]``
used to match nothing, silently. Here it is read as ``[:`承接`]``. The legend's Chinese name of a
label (``(n:`园区`)``, which would match nothing) is refused naming the label. A Chinese type or label
without backticks (``[r:承接]``) is a parse error in FalkorDB whose message cuts the Chinese
out; it is refused before it reaches the store, saying how to write it. Only names in label or
relationship-type position are touched (after ``(x:``, ``[r:``, ``|``, ``WHERE n:``); strings,
comments, backticked names and map keys (``{name: …}``) never are.
"""

from __future__ import annotations

import re

from graph.store import QueryError
from schema.model import ALL_REL_TYPES, ENTITY_LABELS, LABEL_BY_NAME, REL_BY_NAME

# The legend's English names of relationship types → the types (case-insensitive).
REL_ALIASES: dict[str, str] = {
    r.en.lower(): r.name for r in ALL_REL_TYPES if r.en.lower() != r.name.lower()
}
# The legend's Chinese names of labels → the labels (园区 → Park).
LABEL_ALIASES: dict[str, str] = {}
for _lbl in ENTITY_LABELS:
    for _zh in _lbl.zh.split("/"):
        LABEL_ALIASES[_zh] = _lbl.name

_SKIP = re.compile(
    r"""'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?|//[^\n]*|/\*.*?(?:\*/|\Z)|(`(?:[^`]|``)*`?)""", re.S
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_IDENT = re.compile(r"[\w$]")


def _mask(cypher: str) -> str:
    """Same length as the query: strings and comments blanked, backticked names as ``A…``, so
    positions found in the mask are positions in the query."""

    def repl(m: re.Match[str]) -> str:
        return "A" * len(m.group(0)) if m.group(1) is not None else " " * len(m.group(0))

    return _SKIP.sub(repl, cypher)


def _type_colon(mask: str, colon: int) -> bool:
    """Is the ``:`` at ``colon`` a label/type colon (``(n:``, ``[r:``, ``WHERE n:``), not a map
    key's (``{name:``, ``, name:``)?"""
    i = colon - 1
    while i >= 0 and mask[i].isspace():
        i -= 1
    if i < 0 or mask[i] in "([":
        return True
    if not _IDENT.match(mask[i]):
        return False
    while i >= 0 and _IDENT.match(mask[i]):
        i -= 1
    while i >= 0 and mask[i].isspace():
        i -= 1
    return i < 0 or mask[i] not in "{,"


def _names_after(mask: str, colon: int) -> list[tuple[int, int]]:
    """Spans of the names in ``:A|B`` / ``:A|:B`` / ``:A&B`` starting at ``colon``."""
    spans, i = [], colon + 1
    while True:
        while i < len(mask) and mask[i].isspace():
            i += 1
        start = i
        while i < len(mask) and _IDENT.match(mask[i]):
            i += 1
        if i == start:
            return spans
        spans.append((start, i))
        j = i
        while j < len(mask) and mask[j].isspace():
            j += 1
        if j < len(mask) and mask[j] in "|&":
            i = j + 1
            while i < len(mask) and mask[i] in " \t\r\n:":
                i += 1
            continue
        return spans


def _fix(name: str) -> str:
    """What to write instead of an unbackticked Chinese name."""
    if name in REL_BY_NAME:
        return f"relationship type {name} must be in backticks: [r:`{name}`]"
    if name in LABEL_ALIASES:
        label = LABEL_ALIASES[name]
        return f"{name} is the legend's name of the label {label}: write (n:{label})"
    labels = ", ".join(LABEL_BY_NAME)
    types = ", ".join(f"`{r.name}`" for r in ALL_REL_TYPES)
    return (
        f"{name}: Chinese labels and relationship types must be in backticks, and {name} is "
        f"not in the schema (labels: {labels}; relationship types: {types})"
    )


def prepare(cypher: str) -> str:
    """The query with the legend's English relationship names turned into the schema's types;
    QueryError naming the fix for an unbackticked Chinese label or type."""
    mask = _mask(cypher)
    edits: list[tuple[int, int, str]] = []
    for i, ch in enumerate(mask):
        if ch != ":" or not _type_colon(mask, i):
            continue
        for start, end in _names_after(mask, i):
            name = cypher[start:end]
            if name.startswith("`"):
                inner = name[1:-1].replace("``", "`")
                if inner in LABEL_ALIASES and inner not in REL_BY_NAME:
                    raise QueryError(_fix(inner))  # `园区` is no label: it would match nothing
                continue
            if _HAN.search(name):
                raise QueryError(_fix(name))
            target = REL_ALIASES.get(name.lower())
            if target is not None:
                edits.append((start, end, f"`{target}`"))
    for start, end, text in sorted(set(edits), reverse=True):
        cypher = cypher[:start] + text + cypher[end:]
    return cypher
