"""Undo print layout's hard line breaks: find a document's column width and join full lines.

Print and PDF copies break every line at a fixed width (a column of ~35 characters) wherever it
falls: inside a name, after a byline word (记者, 摄, 本报讯) or so that a chunk looks like a heading.
A line that fills the column was cut by the layout, not by the author, so whatever it contains it
goes on in the next line. :func:`unwrap` joins such lines first; the paragraph rules in
``normalize.py`` then judge the author's lines, as they would in an unwrapped copy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

_SPACES = " \t\u3000\u00a0\u2002\u2003\u2009"
# Characters that take half a column in print (Latin letters, digits, ASCII punctuation).
_HALF = re.compile(r"[\x20-\x7e\uff61-\uff9f]")
_SENTENCE_FINAL = set("。！？!?；;：:…”’」』）)】》")
_CAPTION_START = ("■", "▲", "□", "●", "◆", "★", "△", "▼", "◎")
_ENUM_HEAD = re.compile(
    r"^(?:第[一二三四五六七八九十百零\d]+[章节条部分篇]|[一二三四五六七八九十]+、|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]\s?\D|专栏\s*\d|附件|附表)"
)

# A column narrower than this is not a wrap width (too many short lines look alike).
MIN_WIDTH = 10
# A line this much shorter than the column still fills it (a closing mark pushed a character on).
SLACK = 1.0
# Evidence needed: this many lines fill the column, making this share of the non-blank lines,
# and at most this share of lines is longer than the column.
MIN_FULL_LINES = 3
MIN_FULL_SHARE = 0.3
MAX_LONG_SHARE = 0.05


def display_width(line: str) -> float:
    """Width in columns of Han text: Latin letters, digits and ASCII take half a column."""
    return len(line) - 0.5 * len(_HALF.findall(line))


def char_count(line: str) -> float:
    return float(len(line))


@dataclass(frozen=True)
class Column:
    """A document's wrap width under one way of measuring a line."""

    width: float
    measure: Callable[[str], float]

    def fills(self, body: str) -> bool:
        return self.measure(body) >= self.width - SLACK


def column_of(bodies: list[str]) -> Column | None:
    """The column width the layout wrapped at, or None when lines are the author's own.

    Lines are measured both by characters (text wrapped by a program) and by print width (half
    a column for Latin and digits, as typeset); the measure under which more lines fill one width
    wins. Unwrapped text has lines of every length, so no width gathers enough of them.
    """
    lines = [b for b in bodies if b.strip(_SPACES)]
    if len(lines) < MIN_FULL_LINES:
        return None
    best: tuple[int, Column] | None = None
    for measure in (char_count, display_width):
        values = [measure(line) for line in lines]
        # candidate widths: the most common rounded lengths, scored by the lines that fill them
        candidates = Counter(round(v) for v in values if v >= MIN_WIDTH)
        for width, _ in candidates.most_common(5):
            full = sum(1 for v in values if width - SLACK <= v <= width + SLACK)
            long = sum(1 for v in values if v > width + SLACK)
            if (
                full >= MIN_FULL_LINES
                and full >= MIN_FULL_SHARE * len(lines)
                and long <= MAX_LONG_SHARE * len(lines)
                and (best is None or full > best[0])
            ):
                best = (full, Column(float(width), measure))
    return best[1] if best else None


def is_indented(body: str) -> bool:
    """A paragraph indent: an ideographic space, a tab or at least two spaces before the text."""
    lead = body[: len(body) - len(body.lstrip(_SPACES))]
    return "\u3000" in lead or "\t" in lead or len(lead) >= 2


def _ends_sentence(body: str) -> bool:
    return body.rstrip(_SPACES)[-1:] in _SENTENCE_FINAL


class Boundary(Enum):
    """What a line break is: the layout's (join), the author's, or either (a full line ends a
    sentence and the document marks paragraphs neither by blank lines nor by indents)."""

    WRAP = "wrap"
    AUTHOR = "author"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Layout:
    """How a document is laid out: its column, and how it marks a paragraph's start."""

    column: Column | None
    blank_marks: bool  # blank lines separate paragraphs (not every line)
    indent_marks: bool  # a paragraph's first line is indented, its other lines are not

    def boundary(self, line: str, nxt: str, blank_between: bool) -> Boundary:
        """The break between raw line bodies ``line`` and ``nxt``."""
        if self.column is None or not self.column.fills(line):
            return Boundary.AUTHOR
        for _, test in _PARAGRAPH_STARTS:
            if test(self, line, nxt, blank_between):
                return Boundary.AUTHOR
        if _ends_sentence(line) and not (self.blank_marks or self.indent_marks):
            return Boundary.UNSURE
        return Boundary.WRAP


# After a line that fills the column, the author's paragraph still ends when: (name, test).
_PARAGRAPH_STARTS: tuple[tuple[str, Callable[[Layout, str, str, bool], bool]], ...] = (
    ("indented next line", lambda lay, line, nxt, blank: lay.indent_marks and is_indented(nxt)),
    ("blank line", lambda lay, line, nxt, blank: lay.blank_marks and blank),
    ("caption", lambda lay, line, nxt, blank: nxt.lstrip(_SPACES).startswith(_CAPTION_START)),
    (
        "heading after a sentence end",
        lambda lay, line, nxt, blank: _ends_sentence(line) and bool(_ENUM_HEAD.match(nxt.lstrip())),
    ),
)


def layout_of(bodies: list[str]) -> Layout:
    """Measure a document's layout from its raw lines (without line ends)."""
    column = column_of(bodies)
    if column is None:
        return Layout(None, False, False)
    full_then_blank = full = indented = full_flush = 0
    for i, body in enumerate(bodies):
        if not body.strip(_SPACES):
            continue
        indented += is_indented(body)
        if column.fills(body):
            full += 1
            full_flush += not is_indented(body)
            nxt = bodies[i + 1] if i + 1 < len(bodies) else ""
            full_then_blank += not nxt.strip(_SPACES)
    has_blank = any(not b.strip(_SPACES) for b in bodies)
    return Layout(
        column,
        blank_marks=has_blank and full_then_blank < 0.5 * full,
        indent_marks=indented > 0 and full_flush > 0,
    )
