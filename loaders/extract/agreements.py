"""签约 and 共建: who signs with whom, and who co-builds which platform.

Signing (GUIDELINE pairing): ``A与B签署`` → A–B; ``A与B、C签署`` → A–B, A–C; ``A、B、C三方签署``,
``A、B与C举行三方签约``, ``A、B和C共同签订``, ``A和B(也)签订`` (listed without 与) → every pair;
``A、B分别与X、Y签订`` → A–X, B–Y; the parties written inside the agreement's title
(``签署甲市政府与乙大学战略合作协议``) sign it, whoever holds the pen; a place after 在 is where, not
who (``A与B在某市签署``).
Co-building: ``A与B共建P`` → A→P, B→P; ``P系A与B联合共建的…``; ``A联合B在某地建立P``; ``三方签署共建P
协议`` and ``签订《共建P…协议》`` → every signer → P; ``双方将合作开发P``, ``双方共同出资成立C公司`` →
the last signers → P; with no platform named, partner–partner.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from loaders.extract import lexicon as L
from loaders.extract.context import (
    RELATIVE_BODIES,
    DocContext,
    Span,
    counted_referents,
    discussed,
)
from loaders.extract.regions import gazetteer

PARTIES = ("Enterprise", "Lab", "University", "Park", "Agency", "Region")
PLATFORMS = ("Lab", "Park", "Enterprise")
_COORD = ("、", "和", "及", "与", "以及", "，")
_SIGN = re.compile(r"(签订|签署|签约|签下)")
_AGREEMENT_END = re.compile(r"[^，。；]{0,40}?(?:协议|合同|备忘录|协议书)")
_COUNTED = re.compile(r"(?:三|四|五|六|七|八|九|十|多)(?:方|地)")
# The count written in what is signed (与乙、丙签署了三方合作协议): every signer with every other.
_COUNTED_AFTER = re.compile(rf"(?:签订|签署|签约|签下)了?{_COUNTED.pattern}")
_TOGETHER = ("共同", "一起", "联合")
_RESPECTIVELY = "分别与"
_COBUILD = re.compile(
    r"(合作共建|联合共建|共同建设|联合建设|合作建设|共同筹建|携手打造|共同打造|联合打造|合作开发|"
    r"共同开发|联合组建|共同组建|合作组建|共建)"
)
_JOINT_FOUND = re.compile(r"共同出资(?:[\d.]+[亿万]?元)?(?:成立|组建|设立)")
# 甲(将)联合/携手乙(在某地)建立/共建/打造P: 甲 and 乙 build P together.
_JOINING = re.compile(r"(?:联合|携手|联手|会同)")
_JOINT_BUILD = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:建立|组建|建设|成立|打造|共建)")
_BOTH = re.compile(
    r"(?:合作)?(?:双方|[三四五六]方|各方|[两三四]地|[两三四五六]家(?:单位|企业|机构))"
)
_IS = re.compile(r"(?:系|是|为|由)")
# Adverbs a party may carry before 与/分别与 (甲还与乙签订, 甲将与乙合作建设, 甲已与乙共建): the
# party still ends the chain.
_ADVERBS = ("已经", "将", "还", "也", "已", "又", "拟", "正", "均", "则", "再")
# When the parties sign, written between them and the cue (甲和乙于今年6月签署, 甲和乙去年签订).
_WHEN = (
    r"于?(?:(?:今年|去年|前年|\d{4}年)(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月(?:\d{1,2}日)?)"
    r"(?:上午|下午)?"
)
# What news writes between a party and its 与 besides adverbs (甲近日与乙签约, 甲成功与乙签订,
# 甲于3月与乙签署, 甲在北京与乙签署): when, how, where; the party still ends the chain.
_BEFORE_WITH = (
    "近日",
    "日前",
    "此前",
    "目前",
    "当天",
    "当日",
    "随后",
    "成功",
    "正式",
    "先后",
    "率先",
    "同时",
    "最终",
    "终于",
    "首次",
    "再次",
    "主动",
    "积极",
    *_ADVERBS,
)
# A list of parties closed by 等 and what they are (甲、乙、丙等8家企业|与某县签约): the named
# ones still end the chain.
_ETC = (
    r"等(?:[\d一二三四五六七八九十两几多数]+(?:家|个|所))?"
    r"(?:重点|知名|龙头|科技)?(?:企业|单位|公司|机构|项目|高校|院校|科研院所|院所|客商|投资方)?"
)
_ADVERBS_END = re.compile(
    rf"(?:{_ETC})?(?:{'|'.join(_BEFORE_WITH)}|{_WHEN}|在[\u4e00-\u9fff]{{2,8}}?(?:市|省|县|区))*$"
)


@dataclass
class Link:
    type: str  # 签约 | 共建
    head: Span
    tail: Span
    cue: str
    confidence: float
    props: dict = field(default_factory=dict)


def _chain_left(
    spans: list[Span], text: str, end: int, seps: tuple[str, ...] = _COORD
) -> list[Span]:
    """The coordinated parties ending right at ``end`` (甲、乙和丙|与…), in text order."""
    out: list[Span] = []
    pos = end
    for s in reversed(spans):
        if out and (s.start, s.end) == (out[-1].start, out[-1].end) and s.type in PARTIES:
            out.append(s)  # 京津: two regions, one mention
            continue
        if s.end > pos:
            continue
        gap = text[s.end : pos]
        if (
            s.type not in PARTIES
            or (out and gap not in seps)
            or (not out and gap.strip())
            or _qualifies_kind(text, s)
        ):
            if out and s.start == out[-1].start:
                continue  # 京津: two regions, one mention
            break
        out.append(s)
        pos = s.start
    return list(reversed(out))


def _qualifies_kind(text: str, s: Span) -> bool:
    """京津高校, 北京企业, 天津多家电商平台: a region written before a kind of bodies or a count
    of them, which are the party (generic, so none), not the region."""
    return s.type == "Region" and (
        text.startswith(L.KINDS_OF_BODIES, s.end) or bool(_COUNT_OF.match(text, s.end))
    )


_COUNT_OF = re.compile(r"(?:多|几|数|[\d一二三四五六七八九十两]+)家")
# A body outside the eight types (协会, 医院, 学校) written as the subject before 与, or a named
# one the entity side missed (某某先进制造产业园与甲签署): it signs, so the sentence's other
# subjects do not.
_OTHER_SIGNER = re.compile(
    r"(?:协会|商会|学会|促进会|医院|学校|中学|小学|"
    r"[\u4e00-\u9fff]{4,}(?:产业园|开发区|高新区|有限公司|集团|大学|研究院|管委会))$"
)


def _chain_right(spans: list[Span], text: str, start: int, stop: int) -> list[Span]:
    """The coordinated parties from ``start`` up to ``stop`` (…与|甲、乙|签署)."""
    out: list[Span] = []
    pos = start
    for s in spans:
        if s.start < pos or s.end > stop:
            continue
        gap = text[pos : s.start]
        if out and s.start == out[-1].start:
            out.append(s)
            continue
        if s.type == "Official":
            pos = s.end
            continue
        if s.type not in PARTIES or (out and gap not in _COORD) or _qualifies_kind(text, s):
            break
        if not out and len(gap) > 2:
            break
        if gap.endswith("在"):
            break  # A与B在某市签署: the place is not a party
        out.append(s)
        pos = s.end
    return out


def _before_adverbs(text: str, pos: int) -> int:
    """Where the adverbs (将, 还, 也 …) written right before ``pos`` begin (``pos`` if none), and
    an 等(8家企业) closing a list of parties before them."""
    m = _ADVERBS_END.search(text, 0, pos)
    return m.start() if m else pos


def _pairs(parties: list[Span]) -> list[tuple[Span, Span]]:
    """Every pair of parties, but not the two regions of one mention with each other (京津)."""
    return [
        (p, q)
        for i, p in enumerate(parties)
        for q in parties[i + 1 :]
        if p.key != q.key and (p.start < 0 or (p.start, p.end) != (q.start, q.end))
    ]


def _agreement_parties(text: str, pos: int, spans: list[Span]) -> list[Span]:
    """签署甲与乙合作协议: the parties named in the agreement's title after the cue."""
    m = _AGREEMENT_END.match(text, pos)
    if not m:
        return []
    inside = [s for s in spans if pos <= s.start and s.end <= m.end() and s.type in PARTIES]
    if (
        len(inside) >= 2
        and text[pos : inside[0].start] in ("《", "“", "", "了《", "了")
        and all(
            text[a.end : b.start] in ("", "、") for a, b in zip(inside, inside[1:], strict=False)
        )
    ):
        return inside  # 签署《甲厅乙市人民政府科技合作协议》: the title opens with its parties
    with_pos = text.find("与", pos, m.end())
    if len(inside) >= 2 and with_pos >= 0:
        left = [s for s in inside if s.end <= with_pos]
        right = [s for s in inside if s.start > with_pos]
        if left and right:
            return [left[-1], right[0]]
    return []


def find_signings(
    sid: int,
    text: str,
    spans: list[Span],
    prev: list[Span],
    people: dict[str, Span] | None = None,
    ctx: DocContext | None = None,
) -> list[Link]:
    """签约 in one sentence; ``prev`` are the previous sentence's spans (its subject may sign),
    ``people`` the organisation each official holds a post in (a person signs for it: 某院院长
    甲与某县人民政府签署 → 某院), ``ctx`` what a signer written by reference (该公司) means."""
    out: list[Link] = []
    for m in _SIGN.finditer(text):
        before = text[: m.start()]
        parties = _for_people(text, spans, people or {})
        parties_pairs = _signers(text, m.start(), parties, prev, ctx)
        title_parties = _agreement_parties(text, m.end(), spans)
        if title_parties:
            parties_pairs = _pairs(title_parties)
        if not parties_pairs:  # 甲校长某某代表学校、乙县县长某某代表县政府签字，双方签订
            parties_pairs = _pairs(_represented(text, m.start(), spans, people or {}))
        project = next(
            (
                s
                for s in spans
                if s.type == "Policy" and s.start >= m.end() and s.start - m.end() <= 6
            ),
            None,
        )
        event = hashlib.sha1(f"{sid}:{m.start()}:{before[-20:]}".encode()).hexdigest()[:12]
        for p, q in parties_pairs:
            if _own_body(p, q) or _own_body(q, p):
                continue  # a region and its own government are one party, not two
            props = {"event_id": event}
            if project is not None:
                props["project"] = project.text
            out.append(Link("签约", p, q, m.group(0), 0.7, props))
    return out


_TITLES_AFTER_NAME = re.compile(
    r"(?:[\u4e00-\u9fff]{0,6}?(?:长|书记|主任|教授|院士|经理|董事长|总裁))?"
)


def _for_people(text: str, spans: list[Span], people: dict[str, Span]) -> list[Span]:
    """Spans with each official who holds a known post replaced by that post's organisation
    (at the person's place), so a person signing stands for the body."""
    out = []
    for s in spans:
        org = people.get(s.key) if s.type == "Official" else None
        stop = _next_stop(text, s.end)
        if org is not None and _TITLES_AFTER_NAME.fullmatch(text, s.end, stop):
            out.append(Span(org.key, org.type, s.start, stop, org.text))  # 甲院长某某教授|与
        else:
            out.append(s)
    return out


# 某某代表学校/公司/县政府: a person signing for the body of their post, by its kind word.
_ON_BEHALF_OF_OWN = re.compile(
    r"代表(?:本单位|单位|学校|我校|大学|学院|本院|我院|研究院|公司|企业|集团|县政府|区政府|市政府|"
    r"政府|管委会)"
)


def _represented(text: str, cue: int, spans: list[Span], people: dict[str, Span]) -> list[Span]:
    """The bodies the people before the cue sign for (某某代表甲, 某某代表学校 → their post's
    body), in order, when a signing ceremony names its signers only so."""
    lo = max(text.rfind(c, 0, cue) for c in "。；;") + 1
    out: list[Span] = []
    for s in spans:
        if s.type != "Official" or not lo <= s.end <= cue or not text.startswith("代表", s.end):
            continue
        named = next((p for p in spans if p.start == s.end + 2 and p.type in PARTIES), None)
        own = people.get(s.key) if _ON_BEHALF_OF_OWN.match(text, s.end) else None
        body = named or own
        if body is not None and body.key not in {b.key for b in out}:
            out.append(body)
    return out if len(out) >= 2 else []


def _next_stop(text: str, pos: int) -> int:
    """Where the words after a name end: the next 与/和/、/，, or the next verb-like cue."""
    m = re.compile(r"[与和、，。；]|共同|签").search(text, pos)
    return m.start() if m else len(text)


def _own_body(region: Span, body: Span) -> bool:
    """某县 and 某县人民政府 (or 某省某县 and 某县人民政府): the body of the place itself."""
    if region.type != "Region" or body.type != "Agency":
        return False
    surface = gazetteer().surface
    inner = next(
        (region.text[k:] for k in range(len(region.text)) if region.text[k:] in surface), ""
    )
    return body.text.startswith(region.text) or bool(inner) and body.text.startswith(inner)


_LEAD = re.compile(
    rf"(?:日前|近日|正式|成功|当天|共同|一起|分别|先后|现场|{_WHEN}|{'|'.join(_ADVERBS)}|)+$"
)
# Where the parties sign, written right after the last of them (甲、乙、丙在某地共同签署).
_PLACE_AFTER_PARTIES = re.compile(r"在[\u4e00-\u9fff]{1,8}$")


def _lead_start(text: str, cue: int, spans: list[Span]) -> int:
    """Where the words between the parties and the cue begin: 正式, 成功, 共同, 日前, and the
    place the parties are in (甲、乙在某地共同签署: 在某地 follows a party)."""
    m = _LEAD.search(text, 0, cue)
    pos = m.start() if m else cue
    place = _PLACE_AFTER_PARTIES.search(text, max(0, pos - 9), pos)
    if place and any(s.end == place.start() and s.type in PARTIES for s in spans):
        m = _LEAD.search(text, 0, place.start())
        pos = m.start() if m else place.start()
    return pos


def _signers(
    text: str, cue: int, spans: list[Span], prev: list[Span], ctx: DocContext | None = None
) -> list[tuple[Span, Span]]:
    # words between the parties and the cue: 正式, 成功, 共同, 日前, 在某地
    gap_start = _lead_start(text, cue, spans)
    together = any(w in text[gap_start:cue] for w in _TOGETHER)
    resp = text.rfind(_RESPECTIVELY, 0, cue)
    if resp >= 0 and cue - resp <= 60 and "，" not in text[resp:cue]:
        left = _chain_left(spans, text, _before_adverbs(text, resp))
        left = left or _aforementioned(text, _before_adverbs(text, resp), spans, prev, ctx)
        left = left or counted_referents(text, resp, spans, prev)  # 三个项目已分别与乙签订
        right = _chain_right(spans, text, resp + len(_RESPECTIVELY), cue)
        if not right and _GENERIC_PARTNER.fullmatch(text, resp + len(_RESPECTIVELY), gap_start):
            right = _items_after(text, cue, spans)  # 分别与相关企业签订甲项目、乙项目和丙项目
        if len(left) == len(right) > 1:
            return list(zip(left, right, strict=True))
        if left and right and (len(left) == 1 or len(right) == 1):
            return [(a, b) for a in left for b in right if a.key != b.key]
        return []
    clause = _continued_clause(text, gap_start)
    with_pos = text.rfind("与", 0, clause)
    if with_pos >= 0 and clause - with_pos <= 60 and "，" not in text[with_pos:clause]:
        left = _chain_left(spans, text, _before_adverbs(text, with_pos))
        left = left or _aforementioned(text, _before_adverbs(text, with_pos), spans, prev, ctx)
        right = _chain_right(spans, text, with_pos + 1, clause)
        if not left and (
            _GOES_ON.search(text, 0, with_pos)
            or _TIME_CLAUSE.search(text, 0, with_pos)
            or _SUBJECTLESS.search(text, 0, with_pos)
        ):
            # 甲所长某某一行来我市考察，并与乙签署; 甲公司主要生产…，2025年与乙签订
            left = _opening_party(text, spans, with_pos)
        if not left:  # 两家企业均与乙签约
            left = counted_referents(text, with_pos, spans, prev)
        if not left and not _OTHER_SIGNER.search(text, 0, _before_adverbs(text, with_pos)):
            left = _subject(spans, prev, with_pos)
        if not left or not right:
            return []
        if together or _COUNTED.search(text, right[-1].end, cue) or _COUNTED_AFTER.match(text, cue):
            return _pairs(left + right)  # 市政府、某高新区与甲、乙共同签署 / 甲与乙、丙三方签署
        return [(a, b) for a in left for b in right if a.key != b.key]
    # 甲、乙、丙三方签署 / 甲、乙和丙共同签订 / 甲和乙签订 (listed without 与): every pair
    listed = _chain_left(spans, text, _end_of_parties(text, spans, gap_start))
    if len(listed) >= 2:
        return _pairs(listed)
    return []


# A clause that only goes on with what its sentence's subject did (…举行会谈，并签署): the
# signers are the previous clause's.
_GOES_ON = re.compile(r"[，,](?:并|随后|会上|会后|现场|同时|双方|还)+$")


def _continued_clause(text: str, pos: int) -> int:
    """Where the signers' clause ends: ``pos``, or the comma before a clause that only goes on
    (甲与乙在某市举行会商会议，并签署 → the comma)."""
    m = _GOES_ON.search(text, 0, pos)
    return m.start() if m else pos


# A partner named only as a kind (相关企业, 有关单位): the parties are in what is signed.
_GENERIC_PARTNER = re.compile(r"(?:相关|有关|多家|一批)?(?:企业|单位|公司|机构|客商|投资方)")


def _items_after(text: str, cue: int, spans: list[Span]) -> list[Span]:
    """The first party named in each item of the list after the cue (…签订甲公司某项目、乙集团
    某项目和丙园区某项目 → 甲公司, 乙集团, 丙园区), up to the end of the clause."""
    end = next((i for i in range(cue, len(text)) if text[i] in "，。；"), len(text))
    bounds = [cue] + [i + 1 for i in range(cue, end) if text[i] in "、和及"] + [end]
    out: list[Span] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        first = next((s for s in spans if a <= s.start < b and s.type in PARTIES), None)
        if first is None:
            return []  # an item without a party: the list cannot be paired in order
        out.append(first)
    return out


def _end_of_parties(text: str, spans: list[Span], pos: int) -> int:
    """Where a party list ends before ``pos``, past a count (三方) if any."""
    m = re.search(r"(?:两|二|三|四|五|六|七|八|九|十|多)(?:方|地)$", text[:pos])
    return m.start() if m else pos


# What a sentence may open with before its subject: a date or a time word.
_OPENING = re.compile(
    r"(?:\d{1,2}月\d{1,2}日(?:上午|下午|晚)?|近日|日前|当天|今年\d{1,2}月)?[，,]?"
)


# A clause with no subject of its own before 与: only a time and adverbs (，2025年与乙签订).
_TIME_CLAUSE = re.compile(
    rf"[，,](?:\d{{4}}年(?:\d{{1,2}}月)?|今年|去年|此前|随后)(?:{'|'.join(_ADVERBS)})*$"
)
# A reported-speech lead-in before a sentence's subject (据介绍，甲公司…).
_LEAD_IN = re.compile(r"据[^，。；“”]{0,30}?(?:介绍|了解|统计|悉)[，,]")


# A clause with no subject of its own before 与: only adverbs and words of when (，下一步将与乙…).
_SUBJECTLESS = re.compile(
    rf"[，,](?:下一步|接下来|今后|未来|目前|随后|同时|此外|并|{'|'.join(_ADVERBS)})*$"
)
# An interview's speaker (or a heading word) before what the sentence says (某某：…).
_SPEAKER = re.compile(r"[\u4e00-\u9fff]{2,4}[：:]")


def _opening_party(text: str, spans: list[Span], pos: int) -> list[Span]:
    """The party a sentence opens with (after its date, a lead-in or an interview's speaker),
    whose clause a later 并与乙签署 goes on from."""
    lead = _LEAD_IN.match(text)
    lead = lead or _SPEAKER.match(text)
    at = lead.end() if lead else _OPENING.match(text).end()
    return [s for s in spans if s.start == at and s.end <= pos and s.type in PARTIES][:1]


def _subject(spans: list[Span], prev: list[Span], with_pos: int) -> list[Span]:
    """(某区)与甲签订: a subject not written before 与 is the sentence's or the previous one's."""
    cand = [s for s in spans if s.end <= with_pos and s.type in ("Region", "Agency", "Park")]
    cand = cand or [s for s in prev if s.type in ("Region", "Agency", "Park")]
    return cand[-1:]


def find_cobuilding(
    text: str,
    spans: list[Span],
    last_signers: list[Span],
    ctx: DocContext | None = None,
    speaker: Span | None = None,
) -> list[Link]:
    """共建 in one sentence; ``last_signers`` are the parties of the latest signing (双方), ``ctx``
    says which body a word that refers back (该公司, 学校) means, ``speaker`` is the body the
    person quoted here speaks for (their 我们, 企业, 县里)."""
    out: list[Link] = []
    for m in _COBUILD.finditer(text):
        if discussed(text, m.start()):
            continue  # 双方就共建某平台进行了洽谈: talks, not a co-building
        respective = _respective_cobuilding(text, m, spans, ctx)
        if respective:
            out += respective
            continue
        partners = _builders(text, m.start(), spans, last_signers, ctx, speaker)
        platform = (
            _platform_after(text, m.end(), spans)
            or _platform_before(text, m.start(), spans)
            or _platform_referred(text, m.start(), ctx)
        )
        if platform is None and partners and _after_unnamed_partner(text, partners[0], spans):
            continue  # 支持企业与甲、乙共建平台: 甲 and 乙 each build with 企业, not with each other
        if platform is None and _refers_to_platform(text, m.start()):
            continue  # 该中心由甲、乙和丙三方共建: a platform we do not know, not partner pairs
        if platform is None and _UNKNOWN_PLATFORM.match(text, m.end()):
            continue  # 共建某某生物医药中试平台 (a name not taken as an entity): not partner pairs
        out += _links(partners, platform, m.group(0))
    for m in _JOINT_FOUND.finditer(text):  # 双方共同出资成立某公司, P由甲与乙共同出资组建
        platform = _platform_after(text, m.end(), spans) or _platform_before(text, m.start(), spans)
        partners = _builders(text, m.start(), spans, last_signers, ctx)
        if platform is not None:
            out += _links(partners, platform, "共同出资")
    for m in _JOINING.finditer(text):  # 市科技局联合某研究院在某县建立…, 甲将携手乙打造…
        left = _chain_left(spans, text, _before_adverbs(text, m.start()))
        right = _chain_right(spans, text, m.end(), len(text))
        if not left or not right or right[0].start != m.end():
            continue
        build = _JOINT_BUILD.match(text, right[-1].end)
        platform = _platform_after(text, build.end(), spans) if build else None
        if platform is None and build is not None:  # P由甲联合乙、丙建设
            platform = _platform_before(text, m.start(), spans)
        if platform is not None:
            out += _links(left[-1:] + right, platform, m.group(0))
    return out


# A platform's long name right after the cue, up to the clause's end (共建某某工程研究中心):
# one is named, though not known as an entity, so the partners build it, not each other.
_UNKNOWN_PLATFORM = re.compile(
    r"了?[\u4e00-\u9fffA-Za-z0-9—-]{6,20}?"
    r"(?:研究中心|研究院|研究所|实验室|中试平台|中试基地|技术创新中心)(?=[，。；]|$)"
)


def _respective_cobuilding(
    text: str, m: re.Match[str], spans: list[Span], ctx: DocContext | None
) -> list[Link]:
    """甲分别与乙、丙共建P和Q: 甲 builds both, 乙 builds P and 丙 builds Q (GUIDELINE: a
    respectively-list pairs in order); only where the partners and platforms are as many."""
    stop = _before_adverbs(text, m.start())
    resp = text.rfind(_RESPECTIVELY, 0, stop)
    if resp < 0 or stop - resp > 40:
        return []
    right = _chain_right(spans, text, resp + len(_RESPECTIVELY), stop)
    if len(right) < 2 or right[-1].end != stop:
        return []
    left = _chain_left(spans, text, _before_adverbs(text, resp)) or _referred(
        text, _before_adverbs(text, resp), ctx
    )
    first = _platform_after(text, m.end(), spans)
    if not left or first is None:
        return []
    platforms = [first]
    for s in spans:
        if s.start > platforms[-1].end and s.type in PLATFORMS:
            if text[platforms[-1].end : s.start] not in _COORD[:3]:
                break
            platforms.append(s)
    if len(platforms) != len(right):
        return []
    out: list[Link] = []
    for partner, platform in zip(right, platforms, strict=True):
        out += _links([*left[-1:], partner], platform, m.group(0))
    return out


def _after_unnamed_partner(text: str, first: Span, spans: list[Span]) -> bool:
    """The partners are listed after a 与 whose other side names no party (区内企业与甲、乙)."""
    return first in spans and first.start > 0 and text[first.start - 1] == "与"


def _links(partners: list[Span], platform: Span | None, cue: str) -> list[Link]:
    if platform is not None:
        return [
            Link("共建", p, platform, cue, 0.75, {"platform": platform.text})
            for p in partners
            if p.key != platform.key
        ]
    if len(partners) >= 2:
        return [Link("共建", p, q, cue, 0.6) for p, q in _pairs(partners)]
    return []


def _builders(
    text: str,
    cue: int,
    spans: list[Span],
    last_signers: list[Span],
    ctx: DocContext | None = None,
    speaker: Span | None = None,
) -> list[Span]:
    """Who builds: 甲与乙(联合)共建, 甲、乙三方签署共建, 该公司与乙共建, or 双方 (the latest
    signers); in reported speech 我们/企业/县里和乙共建 (or a clause opening with 和乙共建) is
    the speaker's body with 乙."""
    both = _both_before(text, cue, spans)
    if both is not None:
        # 甲还与乙达成合作意向，双方将共建…: the pair of this sentence; else the latest signers
        left, right = _with_pair(text, both, spans)
        signers = {s.key for s in last_signers}
        if right and not {s.key for s in left + right} <= signers:
            return left + right if left else []  # 双方 is this pair, named or not
        if last_signers:
            return last_signers
    sign = _SIGN.search(text, max(0, cue - 4), cue)
    stop = sign.start() if sign else cue
    lead = re.search(r"(?:联合|共同|合作|携手|将|一起|正式|日前|参与|)+$", text[:stop])
    stop = lead.start() if lead else stop
    with_pos = text.rfind("与", 0, stop)
    if with_pos >= 0 and stop - with_pos <= 40:
        right = _chain_right(spans, text, with_pos + 1, stop)
        left = _chain_left(spans, text, _before_adverbs(text, with_pos))
        if not left:
            left = _referred(text, _before_adverbs(text, with_pos), ctx)
        if not left:
            left = _leader(text, _before_adverbs(text, with_pos), spans)
        if not left and _SUBJECTLESS.search(text, 0, with_pos):
            left = _opening_party(text, spans, with_pos)  # 甲位于某镇，下一步将与乙共建P
        if left and right:
            return left + right
    said = _said_with(text, stop, spans, speaker)
    if said:
        return said
    listed = _chain_left(spans, text, _end_of_parties(text, spans, stop))
    if listed:  # 由甲牵头，乙、丙参与共建: the leader builds with them
        listed = _leader(text, listed[0].start, spans) + listed
    return listed if len(listed) >= 2 else []


# The speaker's own body as a clause's subject (我们, 企业, 县里), or no subject at all (，和乙…).
_WE_WORDS = re.compile(r"(?:^|[，,：:“])(?:我们|我们县|企业|公司|县里|市里|区里|我县|我市|我区)?$")


def _said_with(text: str, stop: int, spans: list[Span], speaker: Span | None) -> list[Span]:
    """我们和乙共建 / 企业与乙共建 / ，和乙共建 in what ``speaker``'s person says: the body they
    speak for and 乙."""
    if speaker is None:
        return []
    for word in ("与", "和"):
        with_pos = text.rfind(word, 0, stop)
        if with_pos < 0 or stop - with_pos > 40:
            continue
        right = _chain_right(spans, text, with_pos + 1, stop)
        if right and _WE_WORDS.search(text, 0, _before_adverbs(text, with_pos)):
            return [speaker, *right]
    return []


# The party that leads the others (由甲牵头，与乙、丙共建的P; 由甲牵头、乙参与共建的P): a builder too.
_LEADS = re.compile(r"(?:牵头|领衔|带头)[，,、]?$")


def _leader(text: str, end: int, spans: list[Span]) -> list[Span]:
    """甲牵头(，)与乙共建: the party written before 牵头 ending at ``end``."""
    m = _LEADS.search(text, 0, end)
    return _chain_left(spans, text, m.start()) if m else []


def _both_before(text: str, cue: int, spans: list[Span]) -> int | None:
    """Where 双方 (三方, 两地 …) stands as the builders before the cue: close to it, or further
    back in the same clause group with no party named in between (双方将在…开展合作，共建P)."""
    found = [m for m in _BOTH.finditer(text, 0, cue)]
    if not found:
        return None
    m = found[-1]
    if cue - m.end() <= 12:
        return m.start()
    between = text[m.end() : cue]
    if any(c in between for c in "。；") or any(
        m.end() <= s.start and s.end <= cue and s.type in PARTIES for s in spans
    ):
        return None
    return m.start()


def _with_pair(text: str, pos: int, spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """The parties before and after the 与 of 甲(还)与乙 written before ``pos`` in the same
    sentence (either may be empty: 甲 not a known entity, or no 与)."""
    with_pos = text.rfind("与", 0, pos)
    if with_pos < 0:
        return [], []
    right = _chain_right(spans, text, with_pos + 1, pos)
    return _chain_left(spans, text, _before_adverbs(text, with_pos)), right


_REFERRING = re.compile(
    rf"(?:^|(?<=[，,；：:]))(?:{'|'.join(sorted(RELATIVE_BODIES, key=len, reverse=True))})$"
)


def _referred(text: str, end: int, ctx: DocContext | None) -> list[Span]:
    """The body a clause's subject written by reference (该公司, 学校, 该院) ending at ``end``
    means: the document's main one of that kind."""
    m = _REFERRING.search(text, 0, end)
    if m is None or ctx is None:
        return []
    type_, ending = RELATIVE_BODIES[m.group(0)]
    e = ctx.referent(type_, ending)
    return [Span(e.key, e.type, m.start(), m.end(), e.name)] if e is not None else []


def _aforementioned(
    text: str, end: int, spans: list[Span], prev: list[Span], ctx: DocContext | None
) -> list[Span]:
    """该公司/该院 ending at ``end`` as a clause's subject: the last body of that kind named in
    the sentence or the one before (GUIDELINE: the body named in the same or the previous
    sentence), else the document's one; other referring words (公司, 学校): the document's."""
    m = _REFERRING.search(text, 0, end)
    if m is None:
        return []
    type_, ending = RELATIVE_BODIES[m.group(0)]
    if m.group(0).startswith("该"):
        for pool in ([s for s in spans if s.end <= m.start()], prev):
            named = [s for s in pool if s.type == type_ and s.text.endswith(ending)]
            if named:
                return [Span(named[-1].key, type_, m.start(), m.end(), named[-1].text)]
    return _referred(text, end, ctx)


def _platform_after(text: str, pos: int, spans: list[Span]) -> Span | None:
    """The platform named right after the cue (共建“某中心”, 合作开发某示范区), same clause."""
    for s in spans:
        if s.start < pos:
            continue
        gap = text[pos : s.start]
        if len(gap) > 6 or any(c in gap for c in "，。；"):
            return None
        if s.type in PLATFORMS:
            return s
    return None


# A clause's subject written by its kind (研究院由甲与乙合作共建, 该中心系甲与乙共建): the platform.
_PLATFORM_KINDS = tuple(k for k, (t, _) in RELATIVE_BODIES.items() if t in ("Lab", "Park"))
_REFERRED_PLATFORM = re.compile(
    rf"(?:^|(?<=[，,；：:]))(?:该)?({'|'.join(sorted(_PLATFORM_KINDS, key=len, reverse=True))})"
    r"(?:系|是|为|由)"
)


def _platform_referred(text: str, cue: int, ctx: DocContext | None) -> Span | None:
    """研究院由甲与乙共建: the clause's subject is the document's platform of that kind (the body
    RELATIVE_BODIES says the word means), written in the same clause as the cue."""
    lo = max((text.rfind(c, 0, cue) for c in "，,；：:。"), default=-1) + 1
    m = _REFERRED_PLATFORM.match(text, lo)
    if m is None or ctx is None or m.end() > cue:
        return None
    type_, ending = RELATIVE_BODIES[m.group(1)]
    e = ctx.referent(type_, ending)
    return Span(e.key, e.type, -1, -1, e.name) if e is not None else None


# 该中心由…, 该平台系…: a platform by its kind word after 该/此/这一.
_THIS_PLATFORM = re.compile(
    r"(?:该|此|这一)(?:中心|平台|研究院|研究所|实验室|基地|园区|产业园|示范区|联合体)(?:系|是|为|由)"
)


def _refers_to_platform(text: str, cue: int) -> bool:
    """The cue's clause opens with a word for a platform (该中心由…共建, 研究院由…共建)."""
    lo = max((text.rfind(c, 0, cue) for c in "，,；：:。"), default=-1) + 1
    m = _REFERRED_PLATFORM.match(text, lo) or _THIS_PLATFORM.match(text, lo)
    return m is not None and m.end() <= cue


def _platform_before(text: str, cue: int, spans: list[Span]) -> Span | None:
    """P系/是/由 甲与乙(联合)共建(的): the platform is what the sentence is about."""
    for s in spans:
        if s.end > cue or s.type not in PLATFORMS:
            continue
        m = _IS.match(text, s.end)
        if m and "，" not in text[s.end : cue] and cue - s.end <= 30:
            return s
    return None
