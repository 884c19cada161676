"""承接 as published news writes it beyond one cue and one name (a second component next to
:mod:`loaders.extract.transfer`, whose ``Transfer`` and helpers it reuses read-only).

Constructions, each a row of :data:`CONSTRUCTIONS`:
- ``builds_at``: a Beijing/Tianjin body builds or sets up something in a place (北京甲公司在某县
  建设…基地, 天津市某区的乙实验室在某县设立中试基地) in a text about 承接/疏解/京津 cooperation:
  the place takes the body in.
Planned-only, talked-about or called-off moves (拟, 意向, 洽谈, 尚未, 暂缓) give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from loaders.extract.context import DocContext, Span
from loaders.extract.transfer import Transfer, _called_off, _origin_like, find_transfers

_MOVERS = ("Enterprise", "Lab", "University")
_PLACES = ("Park", "Region")
_ORIGINS = ("北京", "天津")
# A text is about taking in what moves from Beijing/Tianjin when it says so somewhere.
_ABOUT_TRANSFER = re.compile(r"承接|疏解|转移|京津|协同发展|协作|产业合作")
# Words that make a clause's move only intended or under talks, not done or agreed.
_NOT_DONE = re.compile(r"拟|意向|洽谈|尚未|暂缓|论证|考察|有望|有意")

Prev = tuple[int, str, list[Span]]


@dataclass(frozen=True)
class Construction:
    """One news construction of 承接 and the function that reads it."""

    name: str
    find: Callable[[int, str, list[Span], DocContext, Prev, set[str]], Iterator[Transfer]]


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    lo = max((text.rfind(c, 0, pos) for c in "，,。；;"), default=-1) + 1
    hi = min((i for i in (text.find(c, pos) for c in "，,。；;") if i >= 0), default=len(text))
    return lo, hi


def _origin_of(s: Span, text: str, spans: list[Span], ctx: DocContext) -> str | None:
    """Where a body comes from: 北京/天津 starting its name, or a Beijing/Tianjin place written
    right before it with 的 (天津市某区的乙实验室)."""
    name = ctx.entities[s.key].name
    for o in _ORIGINS:
        if name.startswith(o):
            return o
    before = next((x for x in spans if x.type == "Region" and x.end + 1 == s.start), None)
    if before is not None and text[before.end] == "的":
        e = ctx.entities[before.key]
        region = e.name.removesuffix("市")
        province = (e.props.get("province") or "").removesuffix("市")
        if region in _ORIGINS or province in _ORIGINS:
            return e.name
    return None


def _province(ctx: DocContext, s: Span) -> str:
    e = ctx.entities[s.key]
    if e.type != "Region":
        return ""
    return (e.props.get("province") or e.name).removesuffix("市")


# 甲公司(日前/已/将/则)在P(投资)建设/设立…: the adverbs allowed between the body and 在.
_AT = re.compile(r"(?:日前|近日|近期|今年|去年|已经|已|将|则|也|还|正式|先后|同时|此前|于\d+月)*在")
# What is built or set up there (建设的…基地, 设立分公司, 新建了…).
_BUILDS = re.compile(r"(?:投资|新|合作|独资)?(?:建设|设立|新建|兴建|建立|成立|布局)(?:了|的)?")


def _builds_at(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: Prev, exclude: set[str]
) -> Iterator[Transfer]:
    """北京甲公司在某县建设…基地: the place (the last of 某县某园区 written together) takes in a
    Beijing/Tianjin body that builds or sets up something there; not one of its own city."""
    if not _ABOUT_TRANSFER.search(ctx.doc.text):
        return
    for s in spans:
        if s.type not in _MOVERS:
            continue
        at = _AT.match(text, s.end)
        if at is None:
            continue
        chain: list[Span] = []
        pos = at.end()
        for x in spans:
            if x.start == pos and x.type in _PLACES:
                chain.append(x)
                pos = x.end + (1 if text[x.end : x.end + 1] == "的" else 0)
        if not chain or _BUILDS.match(text, chain[-1].end) is None:
            continue
        place = chain[-1]
        origin = _origin_of(s, text, spans, ctx)
        if origin is None or place.key in exclude or place.key == s.key:
            continue
        if _province(ctx, place) == origin.removesuffix("市")[:2]:
            continue  # 北京甲公司在北京市某区建设研发中心: no move
        lo, hi = _clause_bounds(text, s.end)
        if _NOT_DONE.search(text, lo, hi) or _called_off(text, s.start, at.end()):
            continue
        if _taken_by_cue(sid, text, spans, ctx, prev, s.key):
            continue  # a later cue (该企业是某县去年引进的) says who took it in
        yield Transfer(place, s, "在…建设", 0.6, [origin])


def _at_sentence(ctx: DocContext, sid: int, prev: Prev) -> list[Transfer]:
    """The cue-read transfers of sentence ``sid`` (read as the relation pass would)."""
    if sid >= len(ctx.doc.sentences):
        return []
    here = ctx.sentence
    ctx.sentence = sid
    try:
        sent = ctx.doc.sentences[sid]
        return find_transfers(sid, sent.text, ctx.by_sentence.get(sid, []), ctx, prev)
    finally:
        ctx.sentence = here


def _taken_by_cue(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: Prev, key: str
) -> bool:
    """Whether a cue of this sentence or the next already says who takes ``key`` in."""
    found = _at_sentence(ctx, sid, prev) + _at_sentence(ctx, sid + 1, (sid, text, spans))
    return any(t.taken.key == key for t in found)


CONSTRUCTIONS: tuple[Construction, ...] = (Construction("builds_at", _builds_at),)


def find_list_transfers(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev_sent: Prev
) -> list[Transfer]:
    """承接 written by the constructions of :data:`CONSTRUCTIONS` in one sentence."""
    exclude = _origin_like(ctx)
    found = {
        row.name: list(row.find(sid, text, spans, ctx, prev_sent, exclude)) for row in CONSTRUCTIONS
    }
    out = [t for row in CONSTRUCTIONS for t in found[row.name]]
    for t in out:
        if not t.sentences:
            t.sentences = (sid,)
    return out
