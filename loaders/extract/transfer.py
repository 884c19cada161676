"""承接: a receiver (park, region, firm) takes in firms, labs, projects or generic industry.

Constructions, each a row of :data:`CONSTRUCTIONS` or a function below:
- receiver first: ``R承接/引进/吸引 X`` (``石家庄承接京津产业转移``, ``园区引进了甲公司``);
- mover first: ``X落户/入驻/迁入/转移到 R`` (``甲公司落户云岭高新区``);
- a park's projects starting work: ``R…有甲、乙等8个项目开工建设`` and the same across two
  sentences (``R迎来首批8家企业开工。开工企业分别为甲、乙``).
What is taken in is a named organisation when one is written there; when it is generic
(``京津产业转移``, ``京津企业``) the tail is the origin Region (GUIDELINE).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from loaders.extract.context import DocContext, Span, discussed
from schema.records import Entity

_MOVABLE = ("Enterprise", "Lab", "University", "Park")
_RECEIVERS = ("Park", "Region", "Enterprise")
_PLACES = ("Park", "Region")
# Where transferred bodies come from (GUIDELINE: the 京津 rule).
_CITY_ORIGINS = ("北京", "天津")
_CLAUSE_END = "，。；;！？"
# Words that stand for the document's own park or region right before a cue (该区承接…).
_RELATIVE_WORDS = (
    r"(该区|本区|我区|本园区|该园区|园区|该产业园|该园|该开发区|该高新区|该基地|基地|该市|我市|本市|我省|"
    r"该县|我县)"
)
_RELATIVE_RECEIVER = re.compile(
    _RELATIVE_WORDS
    + r"(?:[为是要将在已还又共新]|积极|全面|加快|主动|着力|努力|大力|先后|陆续|相继|已经|累计|今年|去年)*$"
)
# The same word as the subject of the clause group the cue ends (该区…的海岸线…，为承接…提供了空间;
# 我市将发挥区位优势，积极承接…): it starts the sentence, a clause or a reported speech.
_RELATIVE_SUBJECT = re.compile(r"(?:^|[，,：:“]|表示|指出|介绍|认为)" + _RELATIVE_WORDS)
# Between a cue and the origin regions: a count (引进10余家京津…机构), 了, 来自.
_BEFORE_ORIGIN = re.compile(
    r"(?:了|来自|更多|一批|[\d一二三四五六七八九十百几多余]+(?:余|多)?(?:家|个|批|项))*"
)
# What a generic transfer takes in, right after its origin (北京[的][医药]企业).
_WHAT_MOVES = re.compile(
    r"(?:的)?[\u4e00-\u9fff]{0,4}?(?:企业|项目|机构|产业|资源|功能|高校|院所|人才|资金|技术|成果)"
)
_COUNTED = re.compile(
    r"等?[\d一二三四五六七八九十百几多余]+(?:余|多)?(?:家|个|批|项)[\u4e00-\u9fff]{0,4}(?:企业|企|项目|单位|机构)"
)
_LIST_JOINERS = ("、", "和", "及", "与", "以及")
_START_CUES = ("开工建设", "开工", "落地", "投产", "签约入驻", "签约落户", "入驻", "落户", "入园")
_LIST_HEAD = re.compile(
    r"^(?:开工|落户|入驻|签约|落地|投产|入园)?(?:的)?(?:企业|项目)(?:分别)?(?:为|是|有|包括)[：:]?"
)


@dataclass(frozen=True)
class Cue:
    """A transfer cue and which side of it the receiver is written on."""

    word: str
    receiver_first: bool
    within: int  # how far (characters) from the cue the receiver may be


CONSTRUCTIONS: tuple[Cue, ...] = (
    Cue("承接", True, 40),
    Cue("引进", True, 20),
    Cue("吸引", True, 20),
    Cue("引入", True, 20),
    Cue("招引", True, 20),
    Cue("签约", True, 20),  # only with an origin after it (签约北京项目): see _receiver_first
    Cue("落户", False, 2),
    Cue("入驻", False, 2),
    Cue("进驻", False, 2),
    Cue("迁入", False, 2),
    Cue("落地", False, 1),
    Cue("引进至", False, 2),  # 甲公司的项目被引进至R: the passive, mover first
    Cue("转移到", False, 2),
    Cue("转移至", False, 2),
    Cue("疏解到", False, 2),
    Cue("疏解至", False, 2),
    Cue("搬迁至", False, 2),
    Cue("搬迁到", False, 2),
    Cue("搬到", False, 2),
    Cue("搬至", False, 2),
    Cue("迁至", False, 2),
    Cue("迁到", False, 2),
    Cue("移至", False, 2),
)
_CUE_RE = re.compile("|".join(sorted((c.word for c in CONSTRUCTIONS), key=len, reverse=True)))
_CUES = {c.word: c for c in CONSTRUCTIONS}


@dataclass
class Transfer:
    receiver: Span
    taken: Span
    cue: str
    confidence: float
    from_region: list[str] = field(default_factory=list)
    sentences: tuple[int, ...] = ()
    at: int = -1  # where the cue ends in the sentence


def _origin_like(ctx: DocContext) -> set[str]:
    """Regions transfers come from (北京, 天津, 雄安 in 京津雄) or that span them (京津冀)."""
    return {
        k
        for k, e in ctx.entities.items()
        if e.type == "Region"
        and (e.props.get("level") == "area" or e.name.rstrip("市") in ("北京", "天津"))
    }


def _receives(ctx: DocContext, s: Span) -> bool:
    """An area inside Hebei (雄安新区) is an origin in 京津雄 but receives what moves to it."""
    e = ctx.entities.get(s.key)
    return e is not None and e.props.get("level") == "area" and e.props.get("province") == "河北省"


def _origin(text: str, pos: int, spans: list[Span], ctx: DocContext) -> list[str]:
    """北京/天津 written near the cue with 从/自/来自, or as 京/津."""
    lo, hi = max(0, pos - 20), pos + 12
    window = text[lo:hi]
    names = []
    for s in spans:
        if s.type == "Region" and lo <= s.start < hi:
            name = ctx.entities[s.key].name.rstrip("市")
            if name in ("北京", "天津") and (
                re.search(rf"(从|自|由){re.escape(s.text)}", window) or s.text in ("北京", "天津")
            ):
                names.append(name)
    return sorted(set(names))


def _name_origin(origin: list[str], taken: Span) -> list[str]:
    """A firm named 北京…/天津… comes from there when the sentence names no other origin."""
    if origin:
        return origin
    return [c for c in ("北京", "天津") if taken.text.startswith(c)][:1]


def _clause(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stays inside one clause (no ，。；)."""
    return not any(c in _CLAUSE_END for c in text[start:end])


def _receiver_before(
    text: str, pos: int, spans: list[Span], cue: Cue, exclude: set[str], ctx: DocContext
) -> Span | None:
    rel = _RELATIVE_RECEIVER.search(text, 0, pos)
    if (
        rel is not None
        and rel.end() == pos
        and rel.start() > 0
        and text[rel.start() - 1] in "，,是为"
        and not any(x.start <= rel.start() < x.end for x in spans)
    ):
        # P位于某镇，是该县承接…的主要平台: the relative word right before the cue is the receiver
        # (none when the document names no such place: not the park before it)
        return _own(ctx, rel.group(1)[-1])
    for s in reversed(spans):
        if s.end > pos or (s.key in exclude and not _receives(ctx, s)) or s.type not in _RECEIVERS:
            continue
        between = text[s.end : pos]
        if pos - s.end > cue.within or "。" in between or "；" in between:
            break
        if cue.word != "承接" and not _clause(text, s.end, pos):
            break  # 引进/吸引: the receiver is the subject of the same clause
        if not _clause(text, s.end, pos) and _PLACED_AT.search(text, 0, s.start):
            # 园区位于某镇，重点承接…: what is placed there receives, not the place
            placed = _placed(text, s.start, spans, exclude, ctx)
            if placed is not None or s.type == "Region":
                return placed
        if not _clause(text, s.end, pos):
            # P位于R某地，规划面积…，已承接…: the sentence's subject, not a place in its clauses
            subject = _sentence_subject(text, spans, exclude, ctx)
            if subject is not None and subject.start < s.start and subject.key != s.key:
                return subject
        return s
    m = _RELATIVE_RECEIVER.search(text, 0, pos)
    if m and m.end() == pos:  # 该区承接…: the document's own park or region
        return _own(ctx, m.group(1)[-1])
    if cue.word == "承接":
        lo = max(0, pos - cue.within)
        subj = next(reversed(list(_RELATIVE_SUBJECT.finditer(text, lo, pos))), None)
        if subj is not None and not any(c in "。；;" for c in text[subj.end() : pos]):
            return _own(ctx, subj.group(1)[-1])
    return None


# A location verb right before a place (园区位于某镇, 该园区设在某镇境内, 飞地园选址在某镇).
_PLACED_AT = re.compile(r"(?:位于|地处|坐落在|坐落于|设在|设于|选址在|选址于|选址)$")


def _placed(
    text: str, at: int, spans: list[Span], exclude: set[str], ctx: DocContext
) -> Span | None:
    """The subject of 位于/地处 right before ``at``: a park or place named there, a relative word
    (园区, 该园区: the document's park), or a named park's kind word (飞地园); else none."""
    cue = _PLACED_AT.search(text, 0, at)
    assert cue is not None
    lo = max((text.rfind(c, 0, cue.start()) for c in _CLAUSE_END), default=-1) + 1
    named = next((x for x in spans if x.end == cue.start() and x.type in _RECEIVERS), None)
    if named is not None:
        return None if named.key in exclude else named
    subject = text[lo : cue.start()]
    rel = _RELATIVE_TARGET.fullmatch(subject)
    if rel is not None:
        return _own(ctx, rel.group(1)[-1])
    parks = {
        e.key: e
        for e in ctx.entities.values()
        if e.type == "Park" and e.mentions and len(subject) >= 2 and e.name.endswith(subject)
    }
    if len(parks) == 1:
        e = next(iter(parks.values()))
        return Span(e.key, "Park", -1, -1, e.name)
    return None


def _sentence_subject(
    text: str, spans: list[Span], exclude: set[str], ctx: DocContext
) -> Span | None:
    """The park or place a sentence begins with (某产业园位于…), or the word for the document's
    own one (园区坐落在…)."""
    lead = _LEAD_IN.match(text)
    at = lead.end() if lead else 0
    m = _RELATIVE_SUBJECT.match(text, at)
    if m is not None and m.start(1) == at:
        return _own(ctx, m.group(1)[-1])
    first = next((x for x in spans if x.type in _PLACES and x.key not in exclude), None)
    return first if first is not None and first.start == at else None


# A reported-speech lead-in before a sentence's subject (据某某介绍，P位于…).
_LEAD_IN = re.compile(r"据[^，。；“”]{0,30}?(?:介绍|了解|统计|悉)[，,]")


# What of a firm moves with it (甲公司的生产线转移到Y): the firm is taken in.
_PART = re.compile(
    r"的(?:[^，。；、“”的]{0,14}?)(?:生产线|总部|项目|基地|业务|工厂|产能|部门|团队|中心|车间)"
)

# Words after a mover-first cue that stand for the document's own park or place (…等项目陆续落户园区).
_RELATIVE_TARGET = re.compile(_RELATIVE_WORDS)
# What may follow such a word: a clause end, a list, 的, or a verb joined on (落户园区并开工).
_AFTER_TARGET = _CLAUSE_END + "，、的并"


def _relative_target(text: str, pos: int, ctx: DocContext) -> Span | None:
    m = _RELATIVE_TARGET.match(text, pos)
    if m is None or m.end() < len(text) and text[m.end()] not in _AFTER_TARGET:
        return None
    return _own(ctx, m.group(1)[-1])


# A list item of a plan that is only a park's name (1.某产业园。), the heading of what follows.
_ITEM_NUMBER = re.compile(r"^(?:[（(]?[\d一二三四五六七八九十]+[.、．）)]\s*)?")


def _heading_park(ctx: DocContext) -> Entity | None:
    """The park a heading sentence just before (or a few before) names: 园区 in its item means
    it (1.某产业园。园区位于某镇，重点承接…), not the document's most mentioned park."""
    for sid in range(ctx.sentence - 1, max(-1, ctx.sentence - 4), -1):
        if sid < 0 or sid >= len(ctx.doc.sentences):
            continue
        text = ctx.doc.sentences[sid].text
        lead = _ITEM_NUMBER.match(text)
        start = lead.end() if lead else 0
        spans = ctx.by_sentence.get(sid, [])
        park = next(
            (
                x
                for x in spans
                if x.type == "Park"
                and _HEADING_VERB.fullmatch(text, start, x.start)
                and text[x.end :].strip() in ("。", "")
            ),
            None,
        )
        if park is not None:
            return ctx.entities.get(park.key)
        if lead is not None and lead.end() > 0:
            if _PARK_HEADING.fullmatch(text, start):
                return _UNNAMED  # 1.某产业园。 with the name not (fully) recognised: unknown
            return None  # another item starts: no heading park for this one
    return None


# A heading that is only a park's name (1.某某临港装备产业园。), recognised as a park or not,
# maybe after a verb (1.建设某科技园。).
_HEADING_VERB = re.compile(r"(?:建设|打造|建好|做强|提升|培育|推进|发展)?")
_PARK_HEADING = re.compile(
    r"[\u4e00-\u9fff]{2,20}?(?:产业园|园区|开发区|高新区|科技园|基地|园)。?\s*"
)
_UNNAMED = Entity(key="Park:?", type="Park", name="?")


def _own(ctx: DocContext, level: str) -> Span | None:
    if level == "地":  # 基地: the document's base (a park or a lab named …基地)
        base = ctx.referent("Park", "基地") or ctx.referent("Lab", "基地")
        return Span(base.key, base.type, -1, -1, base.name) if base is not None else None
    if level in ("区", "园"):
        park = _heading_park(ctx) or ctx.referent("Park")
        if park is _UNNAMED:
            return None
        if park is not None:
            return Span(park.key, "Park", -1, -1, park.name)
    e = ctx.own_region(level)
    return Span(e.key, "Region", -1, -1, e.name) if e else None


def _speaker_org(text: str, pos: int, spans: list[Span], exclude: set[str]) -> Span | None:
    """“我们…承接…。”X党工委副书记Y介绍: a quote's "we" is the body its speaker speaks for, named
    right after the closing quote."""
    close = text.find("”", pos)
    if close < 0 or "“" in text[pos:close]:
        return None
    for s in spans:
        if s.start >= close and s.start - close <= 2:
            return s if s.type in _PLACES and s.key not in exclude else None
    return None


# 作为承接京津产业转移的重要平台，某区…: the body the 作为 clause describes is the next clause's
# subject (a common opening of government and news writing); a year or time word may come first.
_AS_BEFORE = re.compile(r"(?:^|[，。；：“])作为(?:[^，。；“”]{0,4})$")
_AS_PLATFORM = re.compile(
    r"[^，。；“”]{1,24}?的[^，。；“”]{0,10}?"
    r"(?:平台|载体|承载地|阵地|基地|园区|目的地|首选地|之地|桥头堡|前沿|窗口)(?:之一)?[，,]"
    r"(?:近年来|目前|如今|今年|去年|截至目前|[\d]{4}年)?[，,]?"
)


def _as_platform(
    text: str, m: re.Match[str], spans: list[Span], exclude: set[str], ctx: DocContext
) -> Span | None:
    """作为承接…的平台，R…: R, the place or park the next clause starts with (or 我县/该区,
    the document's own one)."""
    if _AS_BEFORE.search(text, 0, m.start()) is None:
        return None
    after = _AS_PLATFORM.match(text, m.end())
    if after is None:
        return None
    rel = _RELATIVE_TARGET.match(text, after.end())
    if rel is not None:
        return _own(ctx, rel.group(1)[-1])
    first = next((s for s in spans if s.start >= after.end()), None)
    if first is None or first.start != after.end() or first.key in exclude:
        return None
    return first if first.type in _PLACES else None


# Between two listed firms' projects (甲公司储能项目、乙公司膜材料项目落户P): each firm's project.
_WORKS = r"(?:项目|生产基地|研发中心|生产线|工厂|总部)"
_PROJECT_JOINER = re.compile(rf"的?[\u4e00-\u9fff]{{0,8}}?{_WORKS}(?:、|和|及|以及)")
_PROJECT_END = re.compile(rf"{_WORKS}[^，。；、]{{0,8}}$")


def _coordinated(
    spans: list[Span], last: Span, text: str, types: tuple[str, ...] = (), projects: bool = False
) -> list[Span]:
    """将A、B和C打造成为承接…: the spans of last's type (or of ``types``) listed with it (、/和/
    及/与 between; with ``projects``, also each one's project: A某项目、B某项目)."""
    out: list[Span] = []
    cur = last
    for s in reversed([s for s in spans if s.end <= last.start]):
        between = text[s.end : cur.start]
        joined = between in _LIST_JOINERS or (projects and _PROJECT_JOINER.fullmatch(between))
        if s.type not in (types or (last.type,)) or not joined:
            break
        out.append(s)
        cur = s
    return out


def _origins_after(text: str, end: int, spans: list[Span], exclude: set[str]) -> list[Span]:
    """承接京津产业转移, 引进10余家京津及国际…机构: the origin regions written right after the cue."""
    gap = _BEFORE_ORIGIN.match(text, end)
    pos = gap.end() if gap else end
    # 签约北京医药企业80余家, 引进一批北京高端项目: an origin inside what is taken in, when what
    # follows it is a kind of thing taken in
    later = next(
        (
            s
            for s in spans
            if s.type == "Region"
            and s.key in exclude
            and pos < s.start <= pos + 6
            and _clause(text, pos, s.start)
            and _WHAT_MOVES.match(text, s.end)
        ),
        None,
    )
    starts_list = any(s.start == pos and s.type == "Region" and s.key in exclude for s in spans)
    if (
        later is not None
        and not starts_list  # 承接北京、天津的成果: the list starts right at the cue
        and not any(s.start >= pos and s.start < later.start and s.type != "Region" for s in spans)
    ):
        pos = later.start
    out: list[Span] = []
    for s in spans:
        if out and s.start == out[-1].start and s.key in exclude:
            out.append(s)  # 京津: one mention of two regions
            continue
        if s.start < pos or s.type != "Region":
            continue
        if s.start != pos or s.key not in exclude or s.text.startswith("京津冀"):
            break  # 京津冀 holds the receiver too: not where things come from
        out.append(s)
        pos = s.end
        while pos < len(text) and text[pos] in "、和及与":
            pos += 1
    return out + [s for s in _origins_from(text, end, spans, exclude, bool(out)) if s not in out]


# 承接北京市海淀区转移的企业, 承接某区、某区的…企业: what follows the districts of the origin.
_DISTRICT_MOVES = re.compile(
    r"(?:转移|疏解|外迁|迁出|转出)?的?(?:[\d一二三四五六七八九十百几多余]+(?:余|多)?(?:家|个|批|项))?"
    r"[\u4e00-\u9fff]{0,8}?(?:企业|项目|机构|产业|资源|功能|院所|成果|环节)"
)


def _district_origins(text: str, end: int, spans: list[Span], ctx: DocContext) -> list[Span]:
    """承接北京市海淀区转移的企业: districts of 北京/天津 written right after the cue, then what moves
    from them (a generic transfer whose origin is a district: the tail is the district)."""
    gap = _BEFORE_ORIGIN.match(text, end)
    pos = gap.end() if gap else end
    out: list[Span] = []
    for s in spans:
        if s.start < pos:
            continue
        e = ctx.entities.get(s.key)
        if (
            s.start != pos
            or e is None
            or e.type != "Region"
            or e.props.get("province") not in ("北京市", "天津市")
            or e.props.get("level") == "province"
        ):
            break
        out.append(s)
        pos = s.end
        while pos < len(text) and text[pos] in "、和及与":
            pos += 1
    return out if out and _DISTRICT_MOVES.match(text, out[-1].end) else []


# 从北京、天津引进, 自京津地区引进: the origins written before the cue, after 从/自 (an area word
# such as 地区 may close them).
_FROM = ("从", "自")
_AREA_WORDS = ("等地区", "等地", "地区", "两地")


def _origins_before(text: str, cue: int, spans: list[Span], exclude: set[str]) -> list[Span]:
    """The origin regions of a generic transfer written with 从/自 right before the cue."""
    pos = cue
    for word in _AREA_WORDS:
        if text.endswith(word, 0, pos):
            pos -= len(word)
            break
    chain: list[Span] = []
    for s in reversed(spans):
        if chain and (s.start, s.end) == (chain[-1].start, chain[-1].end) and s.key in exclude:
            chain.append(s)  # 京津: two regions, one mention
            continue
        if s.end > pos:
            continue
        gap = text[s.end : pos]
        if s.type != "Region" or s.key not in exclude or s.text.startswith("京津冀"):
            break
        if gap and (not chain or gap not in _LIST_JOINERS):
            break
        chain.append(s)
        pos = s.start
    return chain[::-1] if chain and text.endswith(_FROM, 0, pos) else []


# Further origins of what a cue takes in, each after 来自: a 、-list in the cue's clause (承接来自
# 北京的项目11个、来自天津的7个), or the clause after a count with no origin, opened by 其中 (引进
# 项目87个，其中来自京津的项目占比过半).
_MORE_FROM = re.compile(r"[、和及](?:来自|从)")
_AMONG_FROM = re.compile(r"[，,]其中(?:有)?(?:来自|从)")


def _origins_from(
    text: str, end: int, spans: list[Span], exclude: set[str], found: bool
) -> list[Span]:
    stop = min((i for i in (text.find(c, end) for c in "，,。；;") if i >= 0), default=len(text))
    starts = [m.end() for m in _MORE_FROM.finditer(text, end, stop)] if found else []
    if not found:
        among = _AMONG_FROM.match(text, stop)
        starts = [among.end()] if among else []
    return [s for s in spans for p in starts if s.start == p and s.key in exclude]


# Between two firms' parts taken in (甲公司的某基地，及乙公司的…; 甲的项目和乙的项目).
_PARTS_JOINED = re.compile(
    r"的[^，。；、“”的]{0,10}?(?:生产基地|研发中心|分公司|子公司|基地|中心|工厂|生产线|总部|项目)"
    r"[，,]?(?:以及|及|和|、)"
)


def _taken_after(text: str, end: int, spans: list[Span]) -> list[Span]:
    """Named organisations listed in the clause right after the cue (each close to the one
    before it: 引进了甲有限公司、乙有限公司等12家企业)."""
    out = []
    last = end
    for s in spans:
        if s.start < end:
            continue
        if out and _PARTS_JOINED.fullmatch(text, last, s.start):
            pass  # 引进了甲公司的某基地，及乙公司的某分公司: each firm's part, listed
        elif s.start - last > 12 or not _clause(text, end, s.start):
            break
        last = s.end
        if s.type in _MOVABLE:
            out.append(s)
        elif s.type not in ("Region",):
            break
    return out[:6]


def _subject(text: str, spans: list[Span], exclude: set[str]) -> Span | None:
    """The place a sentence starts with; of 某区的某园区 the inner one."""
    subject = next(
        (s for s in spans if s.type in _PLACES and s.start <= 8 and s.key not in exclude), None
    )
    for s in spans:
        if subject is None or s.start != subject.end + 1 or text[subject.end] != "的":
            continue
        if s.type in _PLACES or (
            s.type in _RECEIVERS and _LOCATED_LEAD.search(text, 0, subject.start)
        ):
            subject = s  # 坐落于某园区的甲公司，…引进了乙: the body the place describes
    return subject


_LOCATED_LEAD = re.compile(r"(?:坐落于|坐落在|位于|地处)$")


# 甲公司，是园区去年引进的重点项目 / 这家企业是去年被某县引进的: what was taken in is the subject.
_WAS = re.compile(r"是[^，。；“”]{0,12}$")
# 甲项目是某区承接京津产业转移的重点项目: a generic transfer between the cue and 的 names what
# kind of move it was, and the project or firm after 的 is the subject (the usual government
# wording for a landmark project).
_GENERIC_MOVE_OF = re.compile(
    r"[^，。；、“”的]{1,12}?(?:产业转移|功能疏解|转移|疏解)的"
    r"(?=[\u4e00-\u9fff]{0,4}?(?:项目|企业)(?:之一)?(?:[，。；;！]|$))"
)


def _was_taken_in(
    text: str,
    m: re.Match[str],
    cue: Cue,
    spans: list[Span],
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]],
) -> list[Transfer] | None:
    """X是(被)R(去年)引进的…: R took in X, the subject written (or referred to) before 是; None
    when the cue is not so written."""
    was = _WAS.search(text, 0, m.start())
    kind = _GENERIC_MOVE_OF.match(text, m.end())
    if was is None or not (text.startswith("的", m.end()) or kind is not None):
        return None
    if kind is not None and any(
        m.end() <= s.start < kind.end() and s.type in _MOVABLE for s in spans
    ):
        return None  # 承接甲公司转移的项目: the named firm is what is taken in
    if any(s.start == m.end() + 1 and s.type in _MOVABLE for s in spans):
        return None  # 这是R从北京引进的甲公司: what is taken in is named after 的
    inside = [s for s in spans if s.start >= was.start() and s.end <= m.start()]
    places = [s for s in inside if s.type in _PLACES and s.key not in exclude]
    receiver = places[-1] if places else None
    if receiver is None:
        rel = _RELATIVE_TARGET.search(text, was.start(), m.start())
        receiver = _own(ctx, rel.group(1)[-1]) if rel else None
    if receiver is None or any(s.type in _MOVABLE and s.key != receiver.key for s in inside):
        return []
    before = [s for s in spans if s.end <= was.start()]
    subject = before[-1] if before and before[-1].type in _MOVABLE else None
    joint = text[subject.end : was.start()] if subject is not None else ""
    if subject is not None and joint.removeprefix("项目") in ("", "，", ",", "也", "则"):
        movers = [subject]
    else:
        movers = _referred_movers(text, was.start(), spans, ctx, prev)
    origin = _origin(text, m.start(), spans, ctx)
    if kind is not None:
        origin = (
            sorted(
                {
                    ctx.entities[s.key].name.rstrip("市")
                    for s in spans
                    if m.end() <= s.start < kind.end() and s.type == "Region"
                }
                & {"北京", "天津"}
            )
            or origin
        )
    return [
        Transfer(receiver, x, cue.word, 0.6, _name_origin(origin, x))
        for x in movers
        if x.key != receiver.key
    ]


# A sentence that starts with its cue, its subject left out (今年已引进甲、乙等8家企业。): only time
# words and adverbs before the cue.
_SUBJECTLESS = re.compile(
    r"(?:(?:今年|去年|目前|近年来|截至目前|此外|同时|另外|\d{4}年(?:以来)?|今年以来)[，,]?)*"
    r"(?:已经|已|还|又|先后|陆续|相继|累计|共|新|计划|将)*"
)


def _previous_receiver(
    text: str,
    m: re.Match[str],
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]],
) -> Span | None:
    """园区位于某镇，重点承接…。今年已引进甲、乙等8家企业: a sentence that starts with its cue goes on
    with the receiver of the sentence before (its one receiver)."""
    psid, ptext, pspans = prev
    if psid < 0 or psid != ctx.sentence - 1 or _SUBJECTLESS.fullmatch(text, 0, m.start()) is None:
        return None
    found = {t.receiver.key: t.receiver for t in _cued(ptext, pspans, ctx, exclude)}
    if len(found) != 1:
        return None
    r = next(iter(found.values()))
    return Span(r.key, r.type, -1, -1, r.text)


def _receiver_first(
    text: str,
    m: re.Match[str],
    cue: Cue,
    spans: list[Span],
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]] = (-1, "", []),
) -> Iterator[Transfer]:
    was = _was_taken_in(text, m, cue, spans, ctx, exclude, prev)
    if was is not None:
        yield from was
        return
    receiver = _receiver_before(text, m.start(), spans, cue, exclude, ctx)
    if receiver is None and cue.word == "承接":
        receiver = _speaker_org(text, m.end(), spans, exclude) or _as_platform(
            text, m, spans, exclude, ctx
        )
    if receiver is None and cue.word != "承接":
        # 某区的发展目标是，到2025年，引进…: the sentence's subject receives
        receiver = _subject(text, spans, exclude) or _previous_receiver(text, m, ctx, exclude, prev)
        if receiver is not None and _PLACED_AT.search(text, 0, receiver.start):
            # 该园区设在某镇境内，已吸引…: what is placed there receives, not the place
            receiver = _placed(text, receiver.start, spans, exclude, ctx)
    if receiver is None:
        return
    receivers = (
        [receiver, *_coordinated(spans, receiver, text)] if receiver.start >= 0 else [receiver]
    )
    taken = [] if cue.word == "签约" else _taken_after(text, m.end(), spans)
    regions = [] if taken else _origins_after(text, m.end(), spans, exclude)
    if not taken and not regions:
        regions = _district_origins(text, m.end(), spans, ctx)
    if not taken and not regions:
        regions = _origins_before(text, m.start(), spans, exclude)
    origin = _origin(text, m.start(), spans, ctx)
    for rec in receivers:
        for r in regions:
            name = ctx.entities[r.key].name.removesuffix("市")
            yield Transfer(rec, r, cue.word, 0.7, [name])
        for t in taken:
            if t.key != rec.key:
                yield Transfer(rec, t, cue.word, 0.6, _name_origin(origin, t))


# Where the target is described before it is named (入驻地处某县东部的某产业园): skip to the name.
_DESCRIBED_TARGET = re.compile(r"(?:地处|位于|坐落于|坐落在)[^，。；、]{1,20}?的")
# 疏解到这里: the place the sentence is set in (在某产业园，…).
_HERE = re.compile(r"这里|此地|这儿")


def _county_of(s: Span, ctx: DocContext) -> Span:
    """固安县柳泉镇: a town written with its county before it is where the county takes things in
    (the gold reads the county as the receiver); the span keeps its offsets."""
    e = ctx.entities.get(s.key)
    if e is None or e.type != "Region" or e.props.get("level") != "town":
        return s
    prefix = s.text.removesuffix(e.name)
    if prefix == s.text or len(prefix) < 2:
        return s
    county = next(
        (
            x
            for x in ctx.entities.values()
            if x.type == "Region" and x.key != e.key and prefix in (x.name, *x.aliases)
        ),
        None,
    )
    return Span(county.key, "Region", s.start, s.end, s.text) if county is not None else s


def _target(text: str, end: int, cue: Cue, spans: list[Span], ctx: DocContext) -> Span | None:
    """Where a mover-first cue says things go: the place written right after it (of R的P, the
    park), past a description (入驻地处R东部的P); 这里 (the place after 在 earlier in the sentence); 园区/该区;
    all of these after 了 (把生产线转移到了园区)."""
    if text.startswith("了", end):
        end += 1
    d = _DESCRIBED_TARGET.match(text, end)
    if d is not None:
        named = next((s for s in spans if s.start == d.end() and s.type in _PLACES), None)
        if named is not None:
            return named
    near = next(
        (s for s in spans if s.start >= end and s.type in _PLACES and s.start - end <= cue.within),
        None,
    )
    if near is not None:
        # 落户某镇的某产业园, 入驻某区的某科技园: the park, not the place it is in
        inner = next(
            (
                s
                for s in spans
                if s.start == near.end + 1 and s.type == "Park" and text[near.end] == "的"
            ),
            None,
        )
        return inner if inner is not None and near.type == "Region" else _county_of(near, ctx)
    if _HERE.match(text, end):
        return next(
            (
                s
                for s in reversed(spans)
                if s.end <= end and s.type in _PLACES and s.start > 0 and text[s.start - 1] == "在"
            ),
            None,
        )
    return _relative_target(text, end, ctx)


# A mover the clause refers back to (这家企业从天津迁至R, 这家主营面料的企业把工厂转移到R,
# 该项目将入驻P, 两家企业的项目均将落户P, 三个项目将落户P, 该项目由甲公司投资建设，将落户P): the
# kind (``kind``), or a count (``count``) of firms or of projects (the last ones named), or a bare
# 公司 (``firm``) or 研究院 (``lab``) starting the clause.
_REFERRING_MOVER = re.compile(
    r"(?:这家(?:[\u4e00-\u9fff]{1,10}?的)?|该|此|新|这一)(?P<kind>企业|公司|项目)"
    r"|(?P<count>[两三四五六])(?:家(?P<firms>企业|公司)|个项目)"
    r"|^(?:\d+年，?)?(?P<firm>公司)|^(?P<lab>研究院|研究所|实验室)"
    r"|^后者"  # A与B签约，后者的生产线将转移至A: the last body named
)
_COUNTS = "两三四五六"
_BUILT_BY = re.compile(r"由$")
_FOUNDED = re.compile(r"(?:组建|成立|设立|注册|创办)了?$")
_BUILD_WORDS = re.compile(r"投资|出资|建设|承建|运营")


_WE = re.compile(r"我们|我们公司|我们企业")
_SAYS = re.compile(r"\s*(?:说|表示|介绍|告诉记者)")


def _speakers_firm(text: str, pos: int, spans: list[Span]) -> list[Span]:
    """“我们把生产线从天津搬到R……”…，甲公司总经理某某说: inside a quote, 我们 before the cue is
    the firm (or lab) of the speaker named after the quote."""
    open_ = text.rfind("“", 0, pos)
    if open_ < 0 or "”" in text[open_:pos] or not _WE.search(text, open_, pos):
        return []
    close = text.find("”", pos)
    if close < 0:
        return []
    speaker = next(
        (s for s in spans if s.start > close and s.type == "Official" and _SAYS.match(text, s.end)),
        None,
    )
    if speaker is None:
        return []
    orgs = [
        s
        for s in spans
        if close < s.start
        and s.end <= speaker.start
        and speaker.start - s.end <= 12
        and s.type in ("Enterprise", "Lab")
    ]
    return orgs[-1:]


def _built_by(text: str, s: Span) -> bool:
    """由甲(公司)投资/建设…: the firm or lab a project is built by."""
    return (
        s.type in ("Enterprise", "Lab")
        and bool(_BUILT_BY.search(text, 0, s.start))
        and bool(_BUILD_WORDS.match(text, s.end))
    )


def _referred_movers(
    text: str, pos: int, spans: list[Span], ctx: DocContext, prev: tuple[int, str, list[Span]]
) -> list[Span]:
    """The named movers a clause without one refers back to: 由X投资 in the sentence; else the
    last firm(s) (or, for 该项目, the last organisation) named before the clause, in this
    sentence or the previous one; a bare 公司 is the document's firm."""
    lo = max((text.rfind(c, 0, pos) for c in "，。；;"), default=-1) + 1
    for s in spans:
        if (
            s.end <= pos
            and pos - s.end <= 30
            and _built_by(text, s)
            and "。" not in text[s.end : pos]
        ):
            return [s]
    clause = text[lo:pos]
    ref = _REFERRING_MOVER.search(clause)
    if ref is None or any(s.start >= lo and s.end <= pos and s.type != "Region" for s in spans):
        return []
    return _movers_referred(ref, text, lo, spans, ctx, prev)


def _movers_referred(
    ref: re.Match[str],
    text: str,
    lo: int,
    spans: list[Span],
    ctx: DocContext,
    prev: tuple[int, str, list[Span]],
) -> list[Span]:
    """What the referring words ``ref`` of the clause starting at ``lo`` stand for."""
    if ref.group("firm"):
        e = ctx.referent("Enterprise")
        return [Span(e.key, e.type, -1, -1, e.name)] if e else []
    psid, ptext, pspans = prev
    earlier = [s for s in spans if s.end <= lo]
    if not earlier and psid >= 0:
        earlier = pspans
        if ref.group("kind") == "项目":  # 由甲投资建设的某项目在P投产。该项目去年落地园区
            built = [s for s in pspans if _built_by(ptext, s)]
            if built:
                return built[-1:]
    if ref.group("lab"):  # 研究院将落户R: the institute just named, else the document's one
        kind = ref.group("lab")
        named = [s for s in earlier if s.type == "Lab" and s.text.endswith(kind)]
        e = ctx.referent("Lab", kind) if not named else None
        return named[-1:] or ([Span(e.key, e.type, -1, -1, e.name)] if e else [])
    kind = ref.group("kind") or ref.group("firms") or "项目"
    types = ("Enterprise", "Lab", "University") if kind == "项目" else ("Enterprise",)
    found = [s for s in earlier if s.type in types]
    if ref.group(0).startswith("新"):  # 新公司: the one just founded (共同出资组建了X)
        found = [
            s
            for sent, ss in ((prev[1], pspans), (text[:lo], spans))
            for s in ss
            if s.type == "Enterprise" and s.end <= len(sent) and _FOUNDED.search(sent, 0, s.start)
        ]
    if not found:
        return []
    count = _COUNTS.find(ref.group("count")) + 2 if ref.group("count") else 1
    return list({s.key: s for s in found[-count:]}.values()) if len(found) >= count else []


# A clause with its subject left out goes on from the clause before (三个项目已与县政府签订协议，
# 均落户P; 其中甲公司是…新设立的公司，落户P不到一年): only such words stand before the cue.
# A part of the mover may be the clause's subject (该公司已与R签约，生产线将落户R的某园区).
# The clause may also say what of the mover moves (其某某生产线…, 把工厂整体…) and from
# where (从北京…).
_CARRIED_ADVERBS = (
    r"(?:均|都|也|已|将|并|已经|随后|先后|陆续|相继|同时|今年|去年|目前|近日|已于今年|于今年|"
    r"整体|全部|分批)*"
)
_CARRIED = re.compile(
    rf"(?:其)?(?:[\u4e00-\u9fff]{{0,6}}?{_WORKS})?{_CARRIED_ADVERBS}"
    rf"(?:(?:将|把)其?[\u4e00-\u9fff]{{0,6}}?{_WORKS})?{_CARRIED_ADVERBS}"
    rf"(?:(?:从|由)(?:北京|天津)市?(?:[\u4e00-\u9fff]{{1,3}}区)?)?{_CARRIED_ADVERBS}"
)
_CLAUSE_LEAD = re.compile(
    r"(?:[（(]?[\d一二三四五六七八九十]+[.、．）)]\s*)?(?:其中|此外|另外|同时)?[，,]?"
)


def _carried_subject(
    text: str, pos: int, spans: list[Span], ctx: DocContext, prev: tuple[int, str, list[Span]]
) -> list[Span]:
    """The mover a cue's clause leaves out: the subject the previous clause of the sentence
    starts with, a named firm (lab, university) or words referring to some (三个项目)."""
    lo = max((text.rfind(c, 0, pos) for c in "，,。；;"), default=-1) + 1
    if lo < 2 or text[lo - 1] not in "，," or _CARRIED.fullmatch(text, lo, pos) is None:
        return []
    start = max((text.rfind(c, 0, lo - 1) for c in "，,。；;：:"), default=-1) + 1
    at = _CLAUSE_LEAD.match(text, start).end()
    first = next((s for s in spans if s.start >= at), None)
    if first is not None and first.start == at and first.end < lo:
        return [first] if first.type in ("Enterprise", "Lab", "University") else []
    ref = _REFERRING_MOVER.match(text[at : lo - 1])
    return _movers_referred(ref, text, at, spans, ctx, prev) if ref else []


def _mover_first(
    text: str,
    m: re.Match[str],
    cue: Cue,
    spans: list[Span],
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]] = (-1, "", []),
    earlier: tuple[Transfer, ...] = (),
) -> Iterator[Transfer]:
    found = list(_moving_in(text, m, cue, spans, ctx, exclude, prev, earlier))
    yield from _respectively(text, m, spans, found) or found


def _respectively(
    text: str, m: re.Match[str], spans: list[Span], found: list[Transfer]
) -> list[Transfer]:
    """两个项目将分别落户P和Q: movers and places listed as many pair in order (GUIDELINE: a
    respectively-list pairs in order); [] where the cue has no 分别 or the counts differ."""
    if not text.endswith("分别", 0, m.start()) or len(found) < 2:
        return []
    target = found[0].receiver
    movers = sorted({t.taken.key: t.taken for t in found}.values(), key=lambda x: x.start)
    if target.start < 0 or any(t.receiver.key != target.key for t in found):
        return []
    targets = [target]
    for s in spans:
        if s.start > targets[-1].end and s.type in _PLACES:
            if text[targets[-1].end : s.start] not in _LIST_JOINERS:
                break
            targets.append(s)
    if len(targets) != len(movers) or any(x.start < 0 for x in movers):
        return []
    by_key = {t.taken.key: t for t in found}
    return [
        Transfer(place, x, by_key[x.key].cue, by_key[x.key].confidence, by_key[x.key].from_region)
        for x, place in zip(movers, targets, strict=True)
    ]


# 甲公司在P(正式)落户: the place written with 在 before the cue.
_AT_PLACE_END = re.compile(r"(?:正式|成功|顺利|已经|已|将|率先|)*$")
_MOVERS = ("Enterprise", "Lab", "University")


# 园区已入驻京津企业36家, 园区累计落户甲公司、乙公司等: the place before the cue hosts.
_HOSTS_END = re.compile(r"(?:目前|现已|已经|已|共|累计|先后|陆续|新)*$")


def _hosting(
    text: str,
    m: re.Match[str],
    place: Span,
    spans: list[Span],
    ctx: DocContext,
    exclude: set[str],
) -> Iterator[Transfer]:
    """P(已)入驻/落户 + what moves in (京津企业36家, 甲公司、乙公司等): P is the receiver, written
    as the clause's subject right before the cue."""
    if place.key in exclude and not _receives(ctx, place):
        return
    taken = _taken_after(text, m.end(), spans)
    for x in taken:
        if x.key != place.key:
            yield Transfer(place, x, m.group(0), 0.6, _name_origin([], x))
    if taken:
        return
    for r in _origins_after(text, m.end(), spans, exclude):
        yield Transfer(place, r, m.group(0), 0.6, [ctx.entities[r.key].name.rstrip("市")])


def _moving_in_at(
    text: str, m: re.Match[str], cue: Cue, spans: list[Span], ctx: DocContext, exclude: set[str]
) -> Iterator[Transfer]:
    """甲公司(去年)在P(正式)落户, 甲、乙在R落地: named movers and the place after 在 before the
    cue (only named ones: 推动更多成果在我市落地 takes in nothing)."""
    gap = _HOSTS_END.search(text, 0, m.start())
    hosts = gap.start() if gap else m.start()
    host = next((s for s in spans if s.end == hosts and s.type in _PLACES), None)
    if host is not None and text[host.start - 1 : host.start] in _FROM + ("由",):
        host = None  # 从北京市某区迁入的甲公司: where the mover comes from, not where it goes
    if host is not None and text[host.start - 1 : host.start] != "在":
        yield from _hosting(text, m, host, spans, ctx, exclude)
        return
    gap = _AT_PLACE_END.search(text, 0, m.start())
    end = gap.start() if gap else m.start()
    place = next((s for s in spans if s.end == end and s.type in _PLACES), None)
    if place is None or text[place.start - 1 : place.start] != "在":
        return
    if place.key in exclude and not _receives(ctx, place):
        return
    at = place.start - 1
    movers = [
        s
        for s in spans
        if s.end <= at and at - s.end <= 15 and _clause(text, s.end, at) and s.type in _MOVERS
    ]
    if not movers or "的" in text[movers[-1].end : at]:
        return
    origin = _origin(text, at, spans, ctx)
    for x in [movers[-1], *_coordinated(spans, movers[-1], text, _MOVERS)]:
        yield Transfer(_county_of(place, ctx), x, cue.word, 0.6, _name_origin(origin, x))


# A mover-first cue that ends its clause with no target (…，乙公司也已落户; 甲是从某区迁入的;
# 是某区迁入的企业).
_NO_TARGET = re.compile(r"了?(?:的(?:[\u4e00-\u9fff]{0,4}?(?:企业|项目|公司))?)?(?=[，,。；;！]|$)")
# 在P，…: the place a sentence is set in, at its start (after a time word).
_SET_IN = re.compile(r"(?:^|[，,])在$")


def _set_in(text: str, spans: list[Span], exclude: set[str]) -> Span | None:
    """P of a sentence opening 在P，(目前，在P，…): where what the sentence tells happens."""
    for s in spans:
        if s.start > 12:
            break
        if (
            s.type in _PLACES
            and s.key not in exclude
            and text.startswith(("，", ","), s.end)
            and _SET_IN.search(text, 0, s.start)
        ):
            return s
    return None


def _implied_target(
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]],
    earlier: tuple[Transfer, ...],
    text: str,
    spans: list[Span],
) -> Span | None:
    """Where a cue with no target says things go: the one receiver of the sentence's earlier
    cues (…迁入园区，乙公司也已落户), else the place the sentence is set in (在P，…), else the same
    for the sentence before: where it is set, or its one receiver (园区位于某镇，重点承接…。)."""
    found = {t.receiver.key: t.receiver for t in earlier}
    if found:
        return next(iter(found.values())) if len(found) == 1 else None
    here = _set_in(text, spans, exclude)
    if here is not None:
        return here
    psid, ptext, pspans = prev
    if psid < 0 or psid != ctx.sentence - 1 or not pspans:
        return None
    there = _set_in(ptext, pspans, exclude)
    if there is not None:
        return Span(there.key, there.type, -1, -1, there.text)
    found = {t.receiver.key: t.receiver for t in _cued(ptext, pspans, ctx, exclude)}
    if len(found) != 1:
        return None
    r = next(iter(found.values()))
    return Span(r.key, r.type, -1, -1, r.text)


def _described_movers(text: str, end: int, spans: list[Span]) -> list[Span]:
    """迁入的甲公司、乙公司: the named movers a cue ending in 的 describes."""
    if not text.startswith("的", end):
        return []
    first = next((s for s in spans if s.start == end + 1 and s.type in _MOVERS), None)
    if first is None:
        return []
    listed = [first]
    for s in spans:
        if s.start > listed[-1].end and s.type in _MOVERS:
            if text[listed[-1].end : s.start] not in _LIST_JOINERS:
                break
            listed.append(s)
    return listed


def _moving_in_implied(
    text: str,
    m: re.Match[str],
    cue: Cue,
    spans: list[Span],
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]],
    earlier: tuple[Transfer, ...],
) -> list[Transfer]:
    """…，甲公司的工厂也已入驻, 甲公司是从某区迁入的: the named movers of a clause whose cue
    has no target go to the receiver the text is about (:func:`_implied_target`); so do the
    ones a cue describes (其中包括从北京市某区迁入的甲公司)."""
    lo = max((text.rfind(c, 0, m.start()) for c in "，,。；;："), default=-1) + 1
    inside = [s for s in spans if s.start >= lo and s.end <= m.start()]
    movers = [s for s in inside if s.type in _MOVERS]
    if not movers:
        described = _described_movers(text, m.end(), spans)
        target = _implied_target(ctx, exclude, prev, earlier, text, spans) if described else None
        if target is None:
            return []
        return [
            Transfer(target, x, cue.word, 0.5, _name_origin([], x))
            for x in described
            if x.key != target.key
        ]
    if _NO_TARGET.match(text, m.end()) is None:
        return []
    mover = movers[-1]
    between = text[mover.end : m.start()]
    if len(between) > 15 and not _PART.match(text, mover.end):
        return []
    if "的" in between and not _PART.search(between):
        return []
    if any(
        s.start >= mover.end and (s.type == "Park" or text[s.start - 1] in "在于到至")
        for s in inside
    ):
        return []  # a place in the clause the mover is at or goes to, not one it comes from
    target = _implied_target(ctx, exclude, prev, earlier, text, spans)
    if target is None:
        return []
    origin = _origin(text, m.start(), spans, ctx)
    listed = [mover, *_coordinated(spans, mover, text, _MOVERS)]
    return [
        Transfer(target, x, cue.word, 0.5, _name_origin(origin, x))
        for x in listed
        if x.key != target.key
    ]


def _moving_in(
    text: str,
    m: re.Match[str],
    cue: Cue,
    spans: list[Span],
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]] = (-1, "", []),
    earlier: tuple[Transfer, ...] = (),
) -> Iterator[Transfer]:
    target = _target(text, m.end(), cue, spans, ctx)
    if target is None or (target.key in exclude and not _receives(ctx, target)):
        at = list(_moving_in_at(text, m, cue, spans, ctx, exclude))  # 在P落户, P已入驻京津企业
        yield from at or _moving_in_implied(text, m, cue, spans, ctx, exclude, prev, earlier)
        return
    before = [s for s in spans if s.end <= m.start()]
    origin = _origin(text, m.start(), spans, ctx)
    near = [
        s
        for s in before
        if (m.start() - s.end <= 15 or m.start() - s.end <= 30 and _PART.match(text, s.end))
        and _clause(text, s.end, m.start())
    ]
    movers = [s for s in near if s.type in ("Enterprise", "Lab", "University")]
    referred = [] if movers else _referred_movers(text, m.start(), spans, ctx, prev)
    if not movers and not referred:
        referred = _speakers_firm(text, m.start(), spans)  # “我们把生产线搬到R。”甲公司某某说
    if not movers and not referred:
        referred = _carried_subject(text, m.start(), spans, ctx, prev)
    for x in referred:
        if x.key != target.key:
            yield Transfer(target, x, cue.word, 0.5, _name_origin(origin, x))
    if movers:
        mover = movers[-1]
        between = text[mover.end : m.start()]
        if re.search(r"旗下|下属|所属", between) or ("的" in between and not _PART.search(between)):
            return  # 甲公司将旗下企业迁到Y, 借助甲大学的乙平台落户Y: 甲 is not what moves
        # 北京甲公司将旗下平台“乙”入驻Y: 乙 moves, and comes from where its owner is
        owner = next(
            (
                s
                for s in reversed(before)
                if s.end <= mover.start
                and s.type == "Enterprise"
                and re.search(r"旗下|下属|所属", text[s.end : mover.start])
            ),
            None,
        )
        if owner is not None and not origin:
            origin = _name_origin([], owner)
        projects = bool(_PROJECT_END.search(between))
        kinds = ("Enterprise", "Lab", "University")
        listed = [mover, *_coordinated(before, mover, text, kinds, projects)]
        for x in listed:
            yield Transfer(target, x, cue.word, 0.7, _name_origin(origin, x))
        return
    if referred:
        return  # 这家企业从天津迁至R: the firm referred to moves, its origin is not a mover
    # 京津企业落户正定: the origin regions stand for the firms
    for r in [s for s in near if s.type == "Region" and s.key in exclude]:
        if m.start() - r.end <= 4:
            yield Transfer(target, r, cue.word, 0.5, [ctx.entities[r.key].name.rstrip("市")])


def _projects_started(
    text: str, spans: list[Span], ctx: DocContext, exclude: set[str]
) -> Iterator[Transfer]:
    """R…有甲、乙等8个项目开工建设: a park's (or place's) named projects starting work."""
    for m in re.finditer("|".join(_START_CUES), text):
        counted = _COUNTED.search(text, max(0, m.start() - 12), m.start())
        if counted is None or counted.end() != m.start():
            continue
        listed = [
            s
            for s in spans
            if s.end <= counted.start() and counted.start() - s.end <= 40 and s.type in _MOVABLE
        ]
        if not listed:
            continue
        last = listed[-1]
        if last.end != counted.start():
            continue
        movers = [last, *_coordinated(spans, last, text)]
        first = min(x.start for x in movers)
        receiver = next(
            (
                s
                for s in reversed(spans)
                if s.end <= first and s.type in _PLACES and s.key not in exclude
            ),
            None,
        )
        if receiver is None:
            continue
        for x in movers:
            yield Transfer(receiver, x, m.group(0), 0.6, _name_origin([], x))


# A transfer that was only once planned (原计划/原拟将工厂迁至R) or that the clause after it, with
# no subject of its own, calls off (…，因市场原因暂缓实施; …，目前已取消).
_ONCE_PLANNED = re.compile(r"(?:原|曾|一度)(?:计划|拟|打算|准备)[^，。；;]*$")
_CALLED_OFF = re.compile(
    r"[，,](?:因[^，。；;]{0,10}?(?:原因|影响))?(?:目前|现已|已|已经|暂时|均|被)*"
    r"(?:(?:暂缓|搁置|取消|终止|放弃|叫停)|未能|尚未)(?:实施|推进|落地|落户|搬迁|转移|建设)?"
    r"(?=[，,。；;]|$)"
)


def _called_off(text: str, start: int, end: int) -> bool:
    """Whether the cue's transfer did not happen: planned once, or put off or cancelled."""
    if _ONCE_PLANNED.search(text, 0, start):
        return True
    stop = min((i for i in (text.find(c, end) for c in "，,。；;") if i >= 0), default=len(text))
    return bool(_CALLED_OFF.match(text, stop))


# A plan's purpose sentence (为深入实施…，加快承接…，结合我县实际，制定本方案。): its aims.
_PLAN_PURPOSE = re.compile(
    r"^为[^。；]*(?:特|现)?制定本(?:实施)?(?:方案|计划|行动计划|意见|办法|措施|细则|要点)"
)


def _cued(
    text: str,
    spans: list[Span],
    ctx: DocContext,
    exclude: set[str],
    prev: tuple[int, str, list[Span]] = (-1, "", []),
) -> list[Transfer]:
    """Every cue's transfers (the rows of :data:`CONSTRUCTIONS`), each with the cue's offset."""
    out: list[Transfer] = []
    titles = [(s.start, s.end) for s in spans if s.type == "Policy"]
    if _PLAN_PURPOSE.search(text):
        return out  # 为…加快承接京津产业转移，制定本方案: what a plan is for, not a transfer
    for m in _CUE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in titles):
            continue  # 《某县承接京津产业转移行动计划》: a policy's name, not a transfer
        if discussed(text, m.start()):
            continue  # 双方就承接某项目进行了洽谈: talks, not a transfer
        if _called_off(text, m.start(), m.end()):
            continue  # 甲公司原计划将工厂迁至R，因故暂缓实施: no transfer took place
        cue = _CUES[m.group(0)]
        found = (
            _receiver_first(text, m, cue, spans, ctx, exclude, prev)
            if cue.receiver_first
            else _mover_first(text, m, cue, spans, ctx, exclude, prev, tuple(out))
        )
        for t in found:
            t.at = m.end()
            out.append(t)
    return out


# A list of named examples (A、B和C等高校, 如A、B等企业): introduced at a clause start, closed by
# 等 and a kind of thing taken in.
_EXAMPLES_INTRO = re.compile(r"(?:^|[，,：:；])(?:以|如|像|包括|其中|其中包括|其中有|有)$")
_EXAMPLES_KIND = re.compile(
    r"等(?:[\d一二三四五六七八九十百几多余]+(?:余|多)?[家个批项所])?"
    r"[\u4e00-\u9fff]{0,2}?(企业|项目|机构|高校|院所|单位|平台)"
)


_BARE_ETC = re.compile(r"等(?:[，,。；;]|$)")


def _examples(text: str, spans: list[Span], after: int, said: str | None) -> list[Span]:
    """The named organisations of the first list of examples starting at or after ``after``
    whose kind (等…高校) is one the generic transfer said moves: written in ``said`` (the
    previous sentence) or, when that is None, before the list."""
    items = [s for s in spans if s.start >= after]
    for i, first in enumerate(items):
        if first.type not in _MOVABLE or not _EXAMPLES_INTRO.search(text, 0, first.start):
            continue
        if _EXAMPLES_INTRO.search(text, 0, first.start).end() != first.start:
            continue
        listed = [first]
        for s in items[i + 1 :]:
            if s.type not in _MOVABLE or text[listed[-1].end : s.start] not in _LIST_JOINERS:
                break
            listed.append(s)
        kind = _EXAMPLES_KIND.match(text, listed[-1].end)
        # 其中X等4家企业: one named member of the generic set is enough
        enough = len(listed) >= 2 or text[: first.start].endswith("其中")
        if enough and kind and kind.group(1) in (said or text[: first.start]):
            return listed
        # 承接某地项目若干，其中包括A、B等。: a bare 等 closes the list of the same sentence's set
        if (
            enough
            and said is None
            and text[: first.start].endswith(("其中包括", "包括"))
            and _BARE_ETC.match(text, listed[-1].end)
        ):
            return listed
    return []


def _instances(
    sid: int,
    text: str,
    spans: list[Span],
    ctx: DocContext,
    prev: tuple[int, str, list[Span]],
    exclude: set[str],
    here: list[Transfer],
) -> Iterator[Transfer]:
    """A generic transfer (京津高校院所落户开发区, 引进一批北京企业) followed by named examples, in the
    same sentence after the cue or at the start of the next (…的优势。以A、B和C等高校…): each
    example is taken in, from the generic transfer's origins."""
    if "等" not in text or sum(s.type in _MOVABLE for s in spans) < 2:
        return  # no list of examples here (most sentences): skip the previous sentence's cues
    generic = [t for t in here if t.taken.type == "Region"]
    after = max((t.at for t in generic), default=-1)
    sentences: tuple[int, ...] = (sid,)
    said: str | None = None
    if not generic:
        psid, ptext, pspans = prev
        if psid != sid - 1 or not pspans:
            return
        generic = [t for t in _cued(ptext, pspans, ctx, exclude) if t.taken.type == "Region"]
        after, sentences, said = 0, (psid, sid), ptext
    if not generic:
        return
    for x in _examples(text, spans, after, said):
        for t in generic:
            if x.key != t.receiver.key:
                yield Transfer(t.receiver, x, "等", 0.5, list(t.from_region), sentences)


# 甲公司在R设立分公司 / 在园区设立生产基地: a firm from 北京/天津 setting up a works of its own in
# a place elsewhere moves there in part (the usual wording of a branch or a pilot base).
_SET_UP = re.compile(
    r"(?:境内|内)?(?:投资)?(?:设立|建立|成立|组建|开设)了?[\u4e00-\u9fff]{0,8}?"
    r"(?:分公司|子公司|分厂|工厂|车间|分院|生产基地|中试基地|制造基地|产业化基地|生产线)"
)
_BEFORE_AT = re.compile(r"(?:日前|近日|目前|今年|去年|已经|已|将|则|也|还|于\d+月|\d+月)*$")


def _origin_province(text: str, x: Span, spans: list[Span], ctx: DocContext) -> str | None:
    """北京市/天津市 where a mover comes from: its name (北京甲公司) or a district of theirs
    written before it with 的 (天津市宝坻区的甲实验室)."""
    for city in _CITY_ORIGINS:
        if x.text.startswith(city):
            return city + "市"
    before = next((s for s in spans if s.end + 1 == x.start and text[s.end] == "的"), None)
    e = ctx.entities.get(before.key) if before is not None else None
    if e is not None and e.type == "Region" and e.props.get("province") in ("北京市", "天津市"):
        return e.props["province"]
    return None


def _province(ctx: DocContext, s: Span) -> str:
    """The province-level unit a place is in (北京 for 北京市顺义区; a park named 北京… or 天津…:
    that city; else the region it is registered under)."""
    e = ctx.entities[s.key]
    if e.type != "Region":
        named = next((o for o in _CITY_ORIGINS if e.name.startswith(o)), None)
        region = ctx.entities.get(f"Region:{e.props.get('region')}") if not named else None
        return named or (_province(ctx, Span(region.key, "Region", -1, -1, "")) if region else "")
    return (e.props.get("province") or e.name).removesuffix("市")


def _set_up_in(
    text: str, spans: list[Span], ctx: DocContext, exclude: set[str]
) -> Iterator[Transfer]:
    """甲公司(日前)在R设立分公司, 甲公司在园区设立生产基地: R takes in 甲 (a firm or lab of 北京
    or 天津, R not in the same city)."""
    for m in re.finditer(r"在", text):
        place = next((s for s in spans if s.start == m.end() and s.type in _PLACES), None)
        if place is not None:
            end = place.end
            if place.key in exclude and not _receives(ctx, place):
                continue
        else:
            rel = _RELATIVE_TARGET.match(text, m.end())
            place = _own(ctx, rel.group(1)[-1]) if rel else None
            if place is None:
                continue
            end = rel.end()
        if _SET_UP.match(text, end) is None:
            continue
        gap = _BEFORE_AT.search(text, 0, m.start())
        at = gap.start() if gap else m.start()
        mover = next((s for s in spans if s.end == at and s.type in _MOVERS), None)
        if mover is None:
            continue
        for x in [mover, *_coordinated(spans, mover, text, _MOVERS)]:
            origin = _origin_province(text, x, spans, ctx)
            if origin is None or _province(ctx, place) == origin.removesuffix("市"):
                continue
            yield Transfer(_county_of(place, ctx), x, "设立", 0.5, [origin.removesuffix("市")])


def find_transfers(
    sid: int, text: str, spans: list[Span], ctx: DocContext, prev: tuple[int, str, list[Span]]
) -> list[Transfer]:
    """承接 stated in one sentence (or continued from the previous one, ``prev``)."""
    exclude = _origin_like(ctx)
    out = _cued(text, spans, ctx, exclude, prev)
    out += _projects_started(text, spans, ctx, exclude)
    out += _set_up_in(text, spans, ctx, exclude)
    out += _continued(sid, text, spans, ctx, prev, exclude)
    out += _instances(sid, text, spans, ctx, prev, exclude, out)
    for t in out:
        if not t.sentences:
            t.sentences = (sid,)
    return out


def _continued(
    sid: int,
    text: str,
    spans: list[Span],
    ctx: DocContext,
    prev: tuple[int, str, list[Span]],
    exclude: set[str],
) -> Iterator[Transfer]:
    """R迎来首批8家企业开工。开工企业分别为甲、乙: the list continues the sentence before."""
    head = _LIST_HEAD.match(text)
    psid, ptext, pspans = prev
    if head is None or psid != sid - 1 or not any(c in ptext for c in _START_CUES):
        return
    if not _COUNTED.search(ptext):
        return
    receiver = next(
        (s for s in pspans if s.type in _PLACES and s.key not in exclude and s.start <= 12), None
    )
    if receiver is None:
        return
    for s in spans:
        if s.start >= head.end() and s.type in _MOVABLE and s.key != receiver.key:
            yield Transfer(receiver, s, head.group(0), 0.6, _name_origin([], s), (psid, sid))
