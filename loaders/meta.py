"""Document metadata stated in the text: title (headline), date (dateline) and 发文字号.

Evidence is shown with its document's title, date and 文号, so each is taken only where the
text states it as the document's own: the 文号 from a line of its own in the header (a number
cited in the body is another document's), the date from a signature or dateline (the first
date in the text is as often a deadline or a history), the title from the headline above the
byline or the 关于…的通知 line of an official document. Where the text does not say, None.
All functions are pure and work on the decoded original text (layout intact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_NUMBER = r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d{1,4}\s*号"
# the 文号 on a line of its own (maybe labelled, maybe followed by the signer), or labelled
_NUMBER_LINE = re.compile(rf"^(?:(?:发文字号|文\s*号)\s*[:：]\s*)?({_NUMBER})(?:\s+签发人.*)?$")
_NUMBER_LABELLED = re.compile(rf"(?:发文字号|文\s*号)\s*[:：]\s*({_NUMBER})")

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_Y = r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})"
_MD = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_FULL_DATE = re.compile(rf"{_Y}\s*年\s*{_MD}\s*月\s*{_MD}\s*日")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_YEAR_MONTH_LINE = re.compile(rf"^[（(]?{_Y}\s*年\s*{_MD}\s*月[）)]?$")
_DATE_LABEL = re.compile(r"(?:发布|印发|成文|发文)?(?:时间|日期)\s*[:：]")
_LEDE = re.compile(
    r"^(?:本报讯|本网讯|本刊讯|新华社|中新社|[【\[]?[^\s，,。]{0,12}(?:日报|晚报|网)讯)"
)

# A byline or lede: the headline is the line above it.
_BYLINE = re.compile(
    r"^(?:[□■◎●]|本报讯|本网讯|本刊讯|新华社|中新社|通讯员|记者|作者|来源|文/|图/)"
    r"|^[^，,。]{0,20}(?:日报|晚报|新闻|电视台|客户端|报)\s*(?:首席)?记者"
    r"|^[^，,。]{0,12}记者\s*[\u4e00-\u9fff]{2,4}(?:\s|$)"
    r"|^[^，,。]{0,24}[|｜/\s](?:作者|记者|编辑|来源)[:：\s]"
)
# Lines that are never a title: document headers, captions, signatures, notes.
_NOT_TITLE = re.compile(
    r"(文件$|^[（(]此件|供图$|摄$|^[■▲●◆★△▼]|^(?:附件|编者按|按语)|^[\d\s.．\-/年月日]+$)"
)
_OFFICIAL_TITLE = re.compile(
    r"关于.{2,80}的(?:通知|意见|决定|批复|报告|函|公告|通告|规定|办法|方案|通报|请示|复函|实施意见)$"
)
_ISSUER = re.compile(
    r"[^，,。：:\s]{2,30}(?:办公室|办公厅|政府|委员会|管委会|厅|局|委|部|院|中心|小组)"
)
_SENTENCE_END = "。！？；!?;"
_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕,.;:?!()[]\"'·—…"
_MAX_TITLE = 64
_HEAD_LINES = 15


@dataclass(frozen=True)
class DocMeta:
    title: str | None
    date: str | None
    doc_number: str | None


def describe(original: str) -> DocMeta:
    """Title, date and 文号 of a document, from its decoded original text."""
    lines = [ln.strip() for ln in original.splitlines()]
    lines = [ln for ln in lines if ln]
    return DocMeta(title=title_from_lines(lines), date=date_of(lines), doc_number=doc_number(lines))


def _tidy(line: str) -> str:
    """Collapse whitespace; keep one space between two words (headline halves), none by
    punctuation (layout gaps such as “十四五” 规划)."""
    parts = line.split()
    out = parts[0] if parts else ""
    for p in parts[1:]:
        if out[-1] in _PUNCT or p[0] in _PUNCT:
            out += p
        else:
            out += " " + p
    return out


def _headline_like(line: str) -> bool:
    s = _tidy(line)
    if not 4 <= len(s) <= _MAX_TITLE or _NOT_TITLE.search(s) or _BYLINE.search(s):
        return False
    if s[-1] in _SENTENCE_END + "，,：:" or "。" in s:
        return False
    if _NUMBER_LINE.match(s) or _FULL_DATE.fullmatch(s):
        return False
    return s.count("，") + s.count(",") <= 1 and bool(re.search(f"[{_HAN}]", s))


def title_from_lines(lines: list[str]) -> str | None:
    """The 关于…的通知 line of an official document; else the headline above the byline or
    lede; else the first headline-like line at the top. None when the text opens with prose."""
    head = [_tidy(ln) for ln in lines[:_HEAD_LINES]]
    for i, s in enumerate(head):
        joined = s
        for extra in head[i + 1 : i + 3]:  # an official title may wrap over lines
            if _OFFICIAL_TITLE.search(_bare(joined)):
                break
            joined += extra
        if "关于" in s and _OFFICIAL_TITLE.search(_bare(joined)) and len(joined) <= 120:
            if s.startswith("关于") and i and _ISSUER.fullmatch(head[i - 1]):
                joined = head[i - 1] + joined  # the issuer on the line above
            return joined
    for i, s in enumerate(head[:12]):
        if _BYLINE.search(s) or _LEDE.search(s):
            above = [t for t in head[:i] if not t.startswith("—")]  # skip ——subtitles
            if above and _headline_like(above[-1]):
                return above[-1]
            break
    for s in head[:6]:
        if _headline_like(s):
            return s
        if len(s) > _MAX_TITLE:  # prose: the page has no headline
            return None
    return None


def _bare(s: str) -> str:
    return s.replace(" ", "")


def title_of(paragraphs: list[str]) -> str | None:
    """Title from a document's paragraphs (kept for callers that have no original text)."""
    return title_from_lines([p.strip() for p in paragraphs if p.strip()])


def _cn_number(s: str) -> int:
    """Arabic or Chinese numerals: 2022, 二〇二二, 十六, 二十, 三十一."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _iso(y: str, mo: str, d: str | None = None) -> str | None:
    try:
        year, month = _cn_number(y), _cn_number(mo)
        day = _cn_number(d) if d is not None else None
    except (KeyError, ValueError):
        return None
    if not (1900 <= year <= 2100 and 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if day is not None else f"{year:04d}-{month:02d}"


def _date_in(s: str) -> str | None:
    m = _FULL_DATE.search(s)
    if m:
        return _iso(*m.groups())
    m = _ISO_DATE.search(s)
    return _iso(*m.groups()) if m else None


def date_of(lines: list[str] | str) -> str | None:
    """The document's own date (ISO): a signature/dateline on a line of its own, a labelled
    date (发布时间：…), a dated lede (本报讯…2024年1月26日); else a year-month line (二〇二二年二月,
    a plan's cover) as yyyy-mm. A date inside the prose is not the document's."""
    if isinstance(lines, str):
        lines = [ln.strip() for ln in lines.splitlines() if ln.strip()]
    edges = lines[:40] + lines[-40:] if len(lines) > 80 else lines
    for s in edges:
        bare = s.strip("（）() ")
        if _FULL_DATE.fullmatch(bare) or _ISO_DATE.fullmatch(bare):
            return _date_in(bare)
    for s in lines[:_HEAD_LINES]:
        label = _DATE_LABEL.search(s)
        if label and (found := _date_in(s[label.end() : label.end() + 30])):
            return found
        lede = _LEDE.search(s)
        if lede:
            after = re.sub(r"^\s*[（(][^）)]{0,30}[）)]\s*", "", s[lede.end() :])
            m = _FULL_DATE.match(after)  # 本报讯（记者 某）2024年1月26日…: dated right after
            if m:
                return _iso(*m.groups())
        if re.fullmatch(r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?", s):
            return _date_in(s)
    for s in edges:
        m = _YEAR_MONTH_LINE.match(s.replace(" ", ""))
        if m:
            return _iso(*m.groups())
    return None


def doc_number(lines: list[str] | str) -> str | None:
    """The 发文字号 on a line of its own in the header (or labelled 文号：…); a number cited in
    the body (根据…（冀政发〔2018〕3号）) belongs to another document."""
    if isinstance(lines, str):
        lines = [ln.strip() for ln in lines.splitlines() if ln.strip()]
    for s in lines[:20]:
        m = _NUMBER_LINE.match(s) or _NUMBER_LABELLED.search(s)
        if m:
            return re.sub(r"\s+", "", m.group(1))
    return None
