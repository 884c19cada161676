"""承接 as published news writes it beyond one cue and one name (a second component next to
:mod:`loaders.extract.transfer`, whose ``Transfer`` and helpers it reuses read-only).

Constructions, each a row of :data:`CONSTRUCTIONS`:
- ``builds_at``: a Beijing/Tianjin body builds or sets up something in a place (北京甲公司在某县
  建设…基地, 天津市某区的乙实验室在某县设立中试基地) in a text about 承接/疏解/京津 cooperation:
  the place takes the body in;
- ``project_list``: a list of projects taken in (承接的项目有A整体搬迁升级改造、B在某园区建设…、
  C在某县建设…项目等): each firm that opens an item is taken in by the list's receiver, with
  ``from_region`` from the next sentence's 原址在北京市某区 where written;
- ``time_led_hosting``: a park (place) that takes in firms after a time word (P上半年新入驻天津企业4家,
  P地处某镇，今年累计落户北京企业9家): the origins are taken in;
- ``part_moving_in``: a firm's part moving in, however long its name (甲公司的…加工中心已于5月迁入P,
  甲公司把…生产线从天津市某区搬到了P; 甲公司与R签约，将某业务落户P; 迁入某市的P): the firm opening
  the clause (or the sentence, when the clause starts with 将/把) is taken in by P;
- ``among_named``: named members after a generic count (R承接天津项目9个，其中包括A、B等): each is
  taken in by the generic transfer's receiver.
Planned-only, talked-about or called-off moves (拟, 意向, 洽谈, 尚未, 暂缓) give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from loaders.extract.context import DocContext, Span, discussed
from loaders.extract.transfer import (
    _CITY_ORIGINS,
    _RELATIVE_TARGET,
    Transfer,
    _called_off,
    _county_of,
    _origin_like,
    _origins_after,
    _own,
    _province,
    find_transfers,
)

_MOVERS = ("Enterprise", "Lab", "University")
_PLACES = ("Park", "Region")
# A text is about taking in what moves from Beijing/Tianjin when it says so somewhere (承接, 京津)
# or speaks of firms settling or being brought in (落户, 入驻, 引进, 招商).
_ABOUT_TRANSFER = re.compile(r"承接|疏解|转移|京津|协同发展|协作|产业合作|落户|入驻|引进|招商")
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
    for o in _CITY_ORIGINS:
        if name.startswith(o):
            return o
    before = next((x for x in spans if x.type == "Region" and x.end + 1 == s.start), None)
    if before is not None and text[before.end] == "的":
        e = ctx.entities[before.key]
        region = e.name.removesuffix("市")
        province = (e.props.get("province") or "").removesuffix("市")
        if region in _CITY_ORIGINS or province in _CITY_ORIGINS:
            return e.name
    return None


def _run_on(text: str, s: Span, ctx: DocContext) -> int:
    """Where a short form really ends: 甲乙车辆部件原址… when only 甲乙车辆 was recognised (the text
    goes on with more of the full name)."""
    name = ctx.entities[s.key].name
    end = s.end
    while end < len(text) and text[s.start : end + 1] in name:
        end += 1
    return end


# 甲公司(日前/已/将/则)在P(投资)建设/设立…: the adverbs allowed between the body and 在.
_AT = re.compile(r"(?:日前|近日|近期|今年|去年|已经|已|将|则|也|还|正式|先后|同时|此前|于\d+月)*在")
# What is built or set up there (建设的…基地, 设立分公司, 新建了…).
_BUILDS = re.compile(r"(?:投资|新|合作|独资)?(?:建设|设立|新建|兴建|建立|成立|布局)(?:了|的)?")


def _builds_at(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: Prev, exclude: set[str]
) -> Iterator[Transfer]:
    """北京甲公司在某县建设…基地: the place (the last of 某县某园区 written together) takes in a
    Beijing/Tianjin body that builds or sets up something there (在园区新建…: the document's, or
    the heading's, park); not one of its own city."""
    if not _ABOUT_TRANSFER.search(ctx.doc.text):
        return
    for s in spans:
        if s.type not in _MOVERS:
            continue
        at = _AT.match(text, _run_on(text, s, ctx))
        if at is None:
            continue
        chain: list[Span] = []
        pos = at.end()
        for x in spans:
            if x.start == pos and x.type in _PLACES:
                chain.append(x)
                pos = x.end + (1 if text[x.end : x.end + 1] == "的" else 0)
        rel = _RELATIVE_TARGET.match(text, at.end()) if not chain else None
        if rel is not None and _BUILDS.match(text, rel.end()):
            own = _own(ctx, rel.group(1)[-1])  # 在园区新建的基地: the document's (heading's) park
            chain = [own] if own is not None else []
        elif not chain or _BUILDS.match(text, chain[-1].end) is None:
            continue
        if not chain:
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


# 承接的项目有, 本次签约的承接…项目有, 某县承接的项目包括: a list of projects follows.
_LIST_INTRO = re.compile(r"承接(?:的)?[^，。；]{0,12}?项目(?:主要)?(?:有|包括|为)[：:]?")
# 甲原址在北京市某区 / 甲原址位于…: where a listed firm was before (the next sentence).
_FORMER_SITE = re.compile(r"(?:的)?原(?:址|厂址|厂区)(?:在|位于|设在)")


def _list_receiver(
    sid: int, text: str, at: int, spans: list[Span], ctx: DocContext, prev: Prev, exclude: set[str]
) -> Span | None:
    """Who takes in a project list: a place named before 承接 in its clause, else the receiver of
    the previous sentence's 承接 (该县承接…。承接的项目有…), else the document's own county
    (district, city)."""
    lo, _ = _clause_bounds(text, at)
    named = [s for s in spans if lo <= s.start and s.end <= at and s.type in _PLACES]
    named = [s for s in named if s.key not in exclude]
    if named:
        return named[-1]
    psid, ptext, pspans = prev
    if psid == sid - 1 and pspans:
        earlier = _at_sentence(ctx, psid, (-1, "", []))
        got = [t.receiver for t in earlier if t.cue == "承接" and t.receiver.type == "Region"]
        if got:
            return got[-1]
    for level in ("县", "区", "市"):
        e = ctx.own_region(level)
        if e is not None and e.key not in exclude:
            return Span(e.key, "Region", -1, -1, e.name)
    return None


def _former_site(sid: int, key: str, ctx: DocContext) -> str | None:
    """甲原址在北京市某区 in the next sentence: the district (the origin of ``key``)."""
    nxt = sid + 1
    if nxt >= len(ctx.doc.sentences):
        return None
    text = ctx.doc.sentences[nxt].text
    spans = ctx.by_sentence.get(nxt, [])
    for s in spans:
        if s.key != key:
            continue
        m = _FORMER_SITE.match(text, _run_on(text, s, ctx))
        if m is None:
            continue
        place = next((x for x in spans if x.start == m.end() and x.type == "Region"), None)
        if place is not None:
            return ctx.entities[place.key].name
    return None


def _project_list(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: Prev, exclude: set[str]
) -> Iterator[Transfer]:
    """承接的项目有A整体搬迁升级改造、B在某园区建设…、C在某县建设…等: the firm opening each
    item (the list runs to the sentence's end) is taken in by the list's receiver."""
    for m in _LIST_INTRO.finditer(text):
        if discussed(text, m.start()) or _NOT_DONE.search(text, 0, m.start()):
            continue
        stop = min(
            (i for i in (text.find(c, m.end()) for c in "。；;") if i >= 0), default=len(text)
        )
        starts = {m.end()} | {i + 1 for i in range(m.end(), stop) if text[i] == "、"}
        items = [s for s in spans if s.start in starts and s.type in _MOVERS]
        if not items:
            continue
        receiver = _list_receiver(sid, text, m.start(), spans, ctx, prev, exclude)
        if receiver is None:
            continue
        for s in items:
            if s.key == receiver.key:
                continue
            site = _former_site(sid, s.key, ctx)
            origin = (
                [site]
                if site
                else [o for o in _CITY_ORIGINS if ctx.entities[s.key].name.startswith(o)]
            )
            sents = (sid, sid + 1) if site else (sid,)
            yield Transfer(receiver, s, "承接的项目有", 0.6, origin, sents)


# P上半年新入驻天津企业4家, P地处某镇，今年累计落户北京企业9家: a time word (and 新/累计) before
# a mover-first cue whose clause has no other subject.
_TIME_LED = re.compile(
    r"(?:今年|全年|去年|当年|年内|上半年|下半年|前三季度|一年来|近年来|\d{4}年)(?:以来)?"
    r"(?:新|累计|共|已|先后|陆续)*(入驻|落户|进驻)了?"
)


def _time_led_hosting(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: Prev, exclude: set[str]
) -> Iterator[Transfer]:
    """P上半年新入驻天津企业4家: the park (place) right before the time word, or the sentence's
    subject when the time word opens a later clause (P地处某镇，今年累计落户…), takes in the origins."""
    for m in _TIME_LED.finditer(text):
        lo, _ = _clause_bounds(text, m.start())
        host = next((s for s in spans if s.end == m.start() and s.type in _PLACES), None)
        if host is None and lo == m.start() and lo > 0 and text[lo - 1] in "，,":
            first = spans[0] if spans else None
            if first is not None and first.start == 0 and first.type in _PLACES:
                host = first  # P地处某镇，今年累计落户…
        if host is None or host.key in exclude:
            continue
        if _NOT_DONE.search(text, lo, m.end()) or _called_off(text, m.start(), m.end()):
            continue
        for r in _origins_after(text, m.end(), spans, exclude):
            name = ctx.entities[r.key].name.removesuffix("市")
            yield Transfer(host, r, m.group(1), 0.6, [name])


# 甲公司的某加工中心迁入P, 甲公司把生产线从天津市某区搬到了P: a firm's part moving in.
_PART_MOVES = re.compile(
    r"(入驻|迁入|落户|进驻|迁到|迁至|搬迁至|搬迁到|搬到|搬至|转移至|转移到|疏解至|疏解到)了?"
)
_OWN_PART = re.compile(r"(?:的|把|将)(?!.*(?:旗下|下属|所属))")
_CLAUSE_OPEN = re.compile(r"(?:其中|此外|另外|同时|目前|据了解|据介绍)?[，,]?")


def _carried_mover(text: str, comma: int, spans: list[Span]) -> Span | None:
    """The firm the clause before ``comma`` opens with (past a lead-in such as 同日，): the
    subject a clause that starts with 将/把 leaves out."""
    lo, _ = _clause_bounds(text, comma)
    if (
        lo > 0
        and text[lo - 1] in "，,"
        and not _LEAD_CLAUSE.fullmatch(text, _clause_bounds(text, lo - 1)[0], lo - 1)
    ):
        return None  # a clause before it that is not a lead-in: not the sentence's subject
    at = _CLAUSE_OPEN.match(text, lo).end()
    return next((x for x in spans if x.start == at and x.type in _MOVERS), None)


# A clause that only leads in a sentence (同日，/ 11月3日，/ 近日，/ 据悉，).
_LEAD_CLAUSE = re.compile(
    r"同日|当天|近日|日前|目前|此外|另外|其中|据悉|据了解|据介绍|\d{1,2}月\d{1,2}日|今年\d{1,2}月"
)


def _part_moving_in(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: Prev, exclude: set[str]
) -> Iterator[Transfer]:
    """甲公司的<part>(从R)(也/已/将)(于…)迁入P, 甲公司把<part>从R迁到P: the firm opening the clause is
    taken in by the place named right after the cue, however long its part's name."""
    for m in _PART_MOVES.finditer(text):
        place = next((x for x in spans if x.start == m.end() and x.type in _PLACES), None)
        if place is None or place.key in exclude:
            continue
        inner = next((x for x in spans if x.start == place.end + 1 and x.type == "Park"), None)
        if place.type == "Region" and inner is not None and text[place.end] == "的":
            place = inner  # 迁入某市的P: the park
        lo, _ = _clause_bounds(text, m.start())
        at = _CLAUSE_OPEN.match(text, lo).end()
        mover = next((x for x in spans if x.start == at), None)
        if mover is None and text.startswith(("将", "把"), at) and lo > 0 and text[lo - 1] in "，,":
            mover = _carried_mover(text, lo - 1, spans)  # 甲公司与R签约，将某中心落户P
            at = lo - 1
        elif mover is not None and _OWN_PART.match(text, _run_on(text, mover, ctx)):
            at = mover.end
        else:
            mover = None
        if mover is None or mover.type not in _MOVERS:
            continue
        between = [x for x in spans if at <= x.start and x.end <= m.start()]
        came_from = [x for x in between if text[x.start - 1] in "从由自"]
        # only places it comes from may stand between (从天津市某新区迁到P), no other body
        if any(x.type != "Region" and x not in came_from for x in between):
            continue
        if _NOT_DONE.search(text, lo, m.end()) or _called_off(text, m.start(), m.end()):
            continue
        origins = [ctx.entities[x.key].name for x in came_from]
        name = ctx.entities[mover.key].name
        origin = origins or [o for o in _CITY_ORIGINS if name.startswith(o)]
        yield Transfer(place, mover, m.group(1), 0.6, origin)


# R承接天津项目9个，其中包括A、B等 / R累计落户京津企业12家，其中有自某区迁入的A: named members
# of the generic set just counted.
_AMONG = re.compile(r"[，,]其中(?:包括|有)[：:]?")
# A member may be described by where it came from first (从北京市某区迁入的A).
_CAME_FROM = re.compile(
    r"(?:从|自|由)[^，。；、]{1,12}?(?:整体)?(?:迁入|迁来|转移|疏解|搬迁|转入)(?:而来|过来)?的"
)


def _among_named(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: Prev, exclude: set[str]
) -> Iterator[Transfer]:
    """R承接/入驻+origin+count，其中包括A、B等: the named members are taken in by the receiver of
    the generic transfer before 其中 (from where it said, or the place each is described as from)."""
    for m in _AMONG.finditer(text):
        generic = [
            t
            for t in _at_sentence(ctx, sid, prev)
            if t.taken.type == "Region" and 0 <= t.at <= m.start()
        ]
        if not generic:
            continue
        pos = m.end()
        while True:
            came = _CAME_FROM.match(text, pos)
            start = came.end() if came else pos
            item = next((x for x in spans if x.start == start and x.type in _MOVERS), None)
            if item is None:
                break
            src = [
                ctx.entities[x.key].name
                for x in spans
                if came and pos <= x.start and x.end <= came.end() and x.type in _PLACES
            ]
            for t in generic:
                if t.receiver.key != item.key:
                    yield Transfer(t.receiver, item, "其中包括", 0.5, src or list(t.from_region))
            pos = item.end
            if text[pos : pos + 1] not in ("、", "和", "及"):
                break
            pos += 1


CONSTRUCTIONS: tuple[Construction, ...] = (
    Construction("builds_at", _builds_at),
    Construction("project_list", _project_list),
    Construction("time_led_hosting", _time_led_hosting),
    Construction("part_moving_in", _part_moving_in),
    Construction("among_named", _among_named),
)


def find_list_transfers(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev_sent: Prev
) -> list[Transfer]:
    """承接 written by the constructions of :data:`CONSTRUCTIONS` in one sentence."""
    exclude = _origin_like(ctx)
    found = {
        row.name: list(row.find(sid, text, spans, ctx, prev_sent, exclude)) for row in CONSTRUCTIONS
    }
    # a listed project built somewhere (…、B在某园区建设…、…) is the list receiver's alone
    listed = {t.taken.key for t in found["project_list"]}
    found["builds_at"] = [t for t in found["builds_at"] if t.taken.key not in listed]
    out = [t for row in CONSTRUCTIONS for t in found[row.name]]
    for t in out:
        if not t.sentences:
            t.sentences = (sid,)
        # 某县某镇 receives as its county, as transfer.py's own targets do
        t.receiver = _county_of(t.receiver, ctx)
    return out
