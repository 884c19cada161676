"""Substring search over names and aliases through a full-text index (both backends).

Full-text engines match whole terms, while users search Chinese names by any substring
(``?q=四环``). So every entity carries ``grams``: the single characters and adjacent pairs of
its name and aliases, lower-cased, space-separated. A query of two or more characters asks the
index for all of its pairs, one character for that character; the store then keeps only the
candidates whose name or an alias really contains the query (the index narrows, ``CONTAINS``
decides, so answers equal a full scan's). Characters that full-text tokenizers split on
(punctuation, spaces) are left out of terms on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable


def _runs(text: str) -> list[str]:
    """Maximal runs of letters and digits (the characters a tokenizer keeps together)."""
    runs, cur = [], []
    for ch in text.lower():
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            runs.append("".join(cur))
            cur = []
    if cur:
        runs.append("".join(cur))
    return runs


def _terms(text: str, *, singles: bool) -> list[str]:
    out: dict[str, None] = {}
    for run in _runs(text):
        if singles:
            out.update(dict.fromkeys(run))
        out.update(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))
    return list(out)


def grams(names: Iterable[str]) -> str:
    """The ``grams`` property of an entity with these names (name and aliases)."""
    out: dict[str, None] = {}
    for name in names:
        out.update(dict.fromkeys(_terms(name, singles=True)))
    return " ".join(out)


def query_terms(q: str) -> list[str]:
    """Index terms every entity containing ``q`` has: its pairs, else its characters.

    Empty when ``q`` has no letter or digit: such a query needs a scan.
    """
    return _terms(q, singles=False) or _terms(q, singles=True)
