"""jieba, initialised once and quietly: word boundaries and dictionary POS tags."""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg


@lru_cache(maxsize=1)
def _init() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    jieba.posseg.initialize()
    return jieba.dt


def word_tag(word: str) -> str | None:
    """jieba's dictionary POS tag of a word (None when it is not in the dictionary)."""
    _init()
    return jieba.posseg.dt.word_tag_tab.get(word)


def word_freq(word: str) -> int:
    _init()
    return jieba.dt.FREQ.get(word) or 0


def words(text: str) -> list[str]:
    """Segment text (dictionary + HMM for unknown words such as names)."""
    _init()
    return jieba.lcut(text, HMM=True)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    pos = 0
    for w in words(text):
        spans.append((pos, pos + len(w), w))
        pos += len(w)
    return spans
