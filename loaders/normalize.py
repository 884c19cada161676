"""Normalize print/PDF layout text while keeping a map back to the original offsets.

News pages and PDF plans break lines inside sentences (even inside names: ``李争\\n表示``), use
half-width commas between Han characters, insert page-jump markers such as ``(上接第一版)`` and
repeat page headers. Every later stage works on the normalized text; ``offset_map`` maps each
normalized character back to its original index so evidence can point into the source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from loaders.script import simplified_view
from loaders.wrap import Boundary, layout_of

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")

# Sentence-final (or paragraph-final) characters: a line ending with one of these is complete.
_LINE_FINAL = set("。！？!?；;：:…”’」』）)】》")
# Lines that start with these are captions or section markers: never joined to a neighbour.
_CAPTION_START = ("■", "▲", "□", "●", "◆", "★", "△", "▼", "◎")
_PAGE_JUMP = re.compile(
    r"[（(]\s*(?:上接|下转|接上|转下|紧接|续)\s*第?\s*[一二三四五六七八九十百\d]+\s*版\s*[）)]"
)
_ENUM_HEAD = re.compile(
    r"^(?:第[一二三四五六七八九十百零\d]+[章节条部分篇]|[一二三四五六七八九十]+、|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]\s?\D|专栏\s*\d|附件|附表|表\s*\d)"
)
_BYLINE = re.compile(r"(记者|通讯员|摄影|摄$|供图$|图/|文/|本报讯|编辑|责编|校对)")
_PAGE_HEADER_HINT = re.compile(
    r"(第\s*[\d一二三四五六七八九十]+\s*版|\d{4}年\d{1,2}月\d{1,2}日|^\d+$|^-\s*\d+\s*-$)"
)
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_SPACES = " \t\u3000\u00a0\u2002\u2003\u2009"

# A line at least this long that does not end a sentence is taken as a wrapped line.
WRAP_MIN_LEN = 24


@dataclass(frozen=True)
class Normalized:
    text: str
    offset_map: list[int]  # len(text) + 1 entries
    paragraph_starts: tuple[int, ...]  # normalized offsets where a paragraph begins


def is_han(ch: str) -> bool:
    return bool(_HAN_RE.match(ch))


def _is_caption(line: str) -> bool:
    return line.startswith(_CAPTION_START)


def _is_heading_like(line: str) -> bool:
    """Title-like lines end a paragraph: enumerated headings, table rows, lines with no
    sentence punctuation at all, and short lines with at most one comma and no full stop."""
    if _ENUM_HEAD.match(line):
        return True
    if "\t" in line or "·····" in line:
        return True  # tables and tables of contents
    commas = sum(line.count(c) for c in ",，、")
    stops = sum(line.count(c) for c in "。！？；")
    if commas == 0 and stops == 0:
        return True
    return len(line) <= 32 and commas <= 1 and stops == 0


def _starts_block(line: str) -> bool:
    """Whether a line opens a block of its own: a caption, heading, byline or title."""
    return (
        _is_caption(line)
        or bool(_ENUM_HEAD.match(line))
        or (bool(_BYLINE.search(line)) and len(line) < 40)
        or _is_heading_like(line)
    )


def _continues(line: str, nxt: str) -> bool:
    """Whether ``line`` is wrapped and its sentence goes on in ``nxt``."""
    if not line or not nxt:
        return False
    if _is_caption(line) or _is_caption(nxt):
        return False
    if line[-1] in _LINE_FINAL:
        return False
    if (_BYLINE.search(line) and len(line) < 40) or (_BYLINE.search(nxt) and len(nxt) < 40):
        return False
    if _ENUM_HEAD.match(nxt) and not any(c in line for c in ",，、"):
        return False
    if "\t" in line or "\t" in nxt:
        return False
    if _is_heading_like(line):
        # A short line is still a wrapped fragment when the next line starts mid-sentence.
        return nxt[0] in "，,、。；;：:）)”’" and not _ENUM_HEAD.match(line)
    return True


def _repeated_headers(lines: list[str]) -> set[str]:
    counts = Counter(s for s in (ln.strip() for ln in lines) if s)
    return {s for s, n in counts.items() if n >= 3 and len(s) <= 40 and _PAGE_HEADER_HINT.search(s)}


def normalize(original: str) -> Normalized:
    """Join wrapped lines, fix punctuation and spaces, drop layout noise; keep offsets.

    A traditional-character text is judged through its simplified view (same length: the rules
    know 记者, not 記者) and keeps its own characters in the result.
    """
    view = simplified_view(original)
    if view is None:
        return _normalize(original)
    norm = _normalize(view)
    own = "".join(
        original[o] if o < len(view) and c == view[o] else c
        for c, o in zip(norm.text, norm.offset_map, strict=False)
    )
    return Normalized(own, norm.offset_map, norm.paragraph_starts)


def _normalize(original: str) -> Normalized:
    out: list[str] = []
    omap: list[int] = []
    para_starts: list[int] = []

    # Lines with their original start offsets.
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in original.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, body))
        pos += len(raw)
    drop = _repeated_headers([b for _, b in lines])
    layout = layout_of([b for _, b in lines])

    # Logical lines: physical lines joined where the layout, not the author, broke them; each
    # with the kind of break before it.
    logical: list[tuple[Boundary, list[tuple[int, str]]]] = []
    prev_body: str | None = None
    blank = False
    for start, body in lines:
        stripped = body.strip(_SPACES)
        if not stripped or stripped in drop:
            blank = blank or not stripped
            continue
        seg = (start + len(body) - len(body.lstrip(_SPACES)), stripped)
        kind = Boundary.AUTHOR if prev_body is None else layout.boundary(prev_body, body, blank)
        if kind is Boundary.WRAP:
            # a space at the break is the author's (one space; more is a margin)
            last_start, last = logical[-1][1][-1]
            tail = prev_body[len(prev_body.rstrip(_SPACES)) :]
            lead = body[: len(body) - len(body.lstrip(_SPACES))]
            logical[-1][1][-1] = (last_start, last + tail)
            seg = (seg[0] - len(lead), lead + stripped) if len(lead) == 1 else seg
            logical[-1][1].append(seg)
        else:
            logical.append((kind, [seg]))
        prev_body, blank = body, False

    # Group logical lines into paragraphs.
    paragraphs: list[list[list[tuple[int, str]]]] = []
    prev_text = ""
    for kind, segs in logical:
        text = _strip_markers("".join(b for _, b in segs))
        if kind is Boundary.UNSURE:
            joined = not _starts_block(text)
        else:
            joined = bool(paragraphs) and _continues(prev_text, text)
        if joined:
            paragraphs[-1].append(segs)
        else:
            paragraphs.append([segs])
        prev_text = text

    for para in paragraphs:
        chars: list[tuple[str, int]] = []
        for segs in para:
            line = [(c, start + i) for start, body in segs for i, c in enumerate(body)]
            text = "".join(c for c, _ in line)
            keep = [True] * len(line)
            for m in _PAGE_JUMP.finditer(text):
                keep[m.start() : m.end()] = [False] * (m.end() - m.start())
            chars.extend(co for co, k in zip(line, keep, strict=True) if k)
        first = "".join(b for _, b in para[0])
        chars = _clean_chars(chars, byline=bool(_BYLINE.search(first)))
        if not chars:
            continue
        if out:
            out.append("\n")
            omap.append(omap[-1] + 1 if omap else 0)
        para_starts.append(len(out))
        for c, o in chars:
            out.append(c)
            omap.append(o)
    omap.append(len(original) if not omap else max(omap[-1] + 1, 0))
    # the end sentinel points just after the last mapped character
    return Normalized("".join(out), omap, tuple(para_starts))


def _strip_markers(line: str) -> str:
    return _PAGE_JUMP.sub("", line).strip(_SPACES)


def _clean_chars(chars: list[tuple[str, int]], byline: bool) -> list[tuple[str, int]]:
    """Drop spaces between Han characters and make half-width sentence punctuation full-width."""
    result: list[tuple[str, int]] = []
    n = len(chars)
    i = 0
    while i < n:
        c, o = chars[i]
        if c in _SPACES:
            j = i
            while j < n and chars[j][0] in _SPACES:
                j += 1
            prev = result[-1][0] if result else ""
            nxt = chars[j][0] if j < n else ""
            if not prev or not nxt:
                i = j
                continue
            han_gap = (is_han(prev) or prev in "，。、；：“”《》（）") and (
                is_han(nxt) or nxt in "，。、；：“”《》（）"
            )
            if han_gap and not byline:
                i = j
                continue
            result.append((" ", o))
            i = j
            continue
        if c in _HALF_PUNCT:
            prev = result[-1][0] if result else ""
            nxt = chars[i + 1][0] if i + 1 < n else ""
            numeric = prev.isdigit() and nxt.isdigit()
            latin = prev.isascii() and prev.isalnum() and (not nxt or nxt.isascii())
            if not numeric and not latin:
                c = _HALF_PUNCT[c]
        result.append((c, o))
        i += 1
    return result
