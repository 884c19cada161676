"""Split normalized text into sentences, respecting quotes 「」“” and titles 《》.

A sentence ends at 。！？；(or ……) outside quotes, or at a paragraph break. Closing quotes and
brackets right after the end mark stay with the sentence. Quote depth resets at each paragraph,
since Chinese news often opens a quote in one paragraph and closes it in a later one.
"""

from __future__ import annotations

from schema.records import Sentence

_END = set("。！？!?；")
_OPEN = {"“": "”", "「": "」", "『": "』", "《": "》", "‘": "’", "（": "）", "(": ")"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_TRAIL = set("”」』’》）)】")
# A sentence inside an unclosed quote is still cut once it gets this long.
MAX_QUOTED = 400


def split_sentences(text: str, offset_map: list[int]) -> list[Sentence]:
    """Sentences with offsets into ``text`` and (through ``offset_map``) into the original."""
    spans: list[tuple[int, int]] = []
    start = 0
    stack: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            spans.append((start, i))
            start = i + 1
            stack.clear()
        elif c in _OPEN and not (c == "‘" and stack and stack[-1] == "“"):
            stack.append(c)
        elif c in _CLOSE:
            if stack and stack[-1] == _CLOSE[c]:
                stack.pop()
            elif _CLOSE[c] in stack:
                while stack and stack[-1] != _CLOSE[c]:
                    stack.pop()
                if stack:
                    stack.pop()
        elif c in _END or (c == "…" and i + 1 < n and text[i + 1] == "…"):
            if c == "…":
                i += 1
            if not stack or (i - start > MAX_QUOTED and stack[-1] not in "《("):
                j = i + 1
                while j < n and text[j] in _TRAIL:
                    if text[j] in _CLOSE and stack and stack[-1] == _CLOSE[text[j]]:
                        stack.pop()
                    j += 1
                spans.append((start, j))
                start = j
                i = j
                continue
        i += 1
    spans.append((start, n))

    sentences: list[Sentence] = []
    for s, e in spans:
        while s < e and text[s] in " \t\n":
            s += 1
        while e > s and text[e - 1] in " \t\n":
            e -= 1
        if e <= s:
            continue
        sentences.append(
            Sentence(
                id=len(sentences),
                text=text[s:e],
                start=s,
                end=e,
                orig_start=offset_map[s],
                orig_end=offset_map[e - 1] + 1,
            )
        )
    return sentences
