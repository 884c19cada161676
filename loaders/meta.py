"""Document metadata stated in the text: title, date and 发文字号."""

from __future__ import annotations

import re

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def doc_number(text: str) -> str | None:
    m = _DOC_NUMBER.search(text[:3000])
    return re.sub(r"\s+", "", m.group(0)) if m else None


def date_of(text: str) -> str | None:
    """The first full date in the opening part of the document, as yyyy-mm-dd."""
    for m in _DATE.finditer(text[:5000]):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def title_of(paragraphs: list[str]) -> str | None:
    """The first short paragraph that is not a document header or number."""
    for p in paragraphs[:8]:
        s = p.strip()
        if not s or _DOC_NUMBER.fullmatch(s) or s.endswith("文件"):
            continue
        if len(s) <= 80:
            return s
        return None
    return None
