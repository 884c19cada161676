"""The statistical component: LAC's PER/ORG/LOC spans, typed and trimmed by rule tables.

LAC (a BiGRU-CRF trained on general Chinese news, :mod:`loaders.extract.lac`) knows where a
person's or an organisation's name begins and ends far better than character rules; it does not
know our eight types. This component proposes mentions from its spans: a person is an Official
where the sentence gives them a post, an organisation gets its type from the suffix table below,
a place name with a park suffix is a Park (gazetteer places are left to the region finder).
The other finders' proposals and these meet in :func:`loaders.extract.entities._arbitrate`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.extract import lexicon as L
from loaders.extract.lac import Token
from loaders.extract.mentions import (
    HAN,
    WEAK_SUFFIXES,
    Raw,
    has_anchor,
    kind_of_bodies,
    leads_with_name,
    region_and_trade,
    region_ending_at,
    unnamed_branch,
)
from loaders.extract.regions import gazetteer
from loaders.extract.segment import word_spans, word_tag

# Suffix → type, first match wins (longer and more specific suffixes first).
ORG_SUFFIX_TYPES: tuple[tuple[str, str], ...] = (
    # bodies outside the eight types (GUIDELINE: hospitals, schools, trade associations)
    (
        r"(?:医院|中学|小学|学校|幼儿园|职业技术教育中心|职教中心|协会|商会|学会|促进会|报社|电视台|"
        r"客户端|新闻网|博物馆|纪念馆|图书馆)$",
        "",
    ),
    # a lab's branch in a place (某国家技术创新中心某地中心, 某研究院某地分院)
    (
        r"(?:研究院|研究所|实验室|研究中心|技术中心|创新中心|工程中心)[\u4e00-\u9fff]{2,4}?"
        r"(?:分中心|中心|基地|分院|分所)$",
        "Lab",
    ),
    (r"(?:有限公司|公司|集团|股份|控股)$", "Enterprise"),
    (
        r"(?:管委会|党工委|人大常委会|常委会|人民政府|政府|政协|委员会|委|局|厅|办公室|办|司|署)$",
        "Agency",
    ),
    (
        r"(?:研发基地|研发平台|促进中心|成果转化中心|技术转移中心|产业技术创新战略联盟|"
        r"(?:科技|创新|研发|技术|成果|资源共享|协同创新|转化)(?:推广|服务)?平台)$",
        "Lab",
    ),
    (
        r"(?:孵化中心|孵化器|加速器|众创空间|星创天地|(?:科技|创新|创业|服务|产业)广场|产业园|"
        r"科技园|工业园|园区|分园|高新区|开发区|经开区|示范区|试验区|先行区|产业新城|科技城|生态城|小镇|基地|工业区|产业区|保税区|"
        r"(?:智|科技|硅|药|光|数)谷|新区|园)$",
        "Park",
    ),
    # X大学 and its short forms (某师大, 某农大, 某工大; 人大 is a congress)
    (r"(?:大学|(?<!科)学院|[农师工医理财]大)$", "University"),
    (
        r"(?:研究院|研究所|实验室|研究中心|研发中心|技术中心|创新中心|工程中心|分中心|科学院|"
        r"科研院|院所联盟|[^中医]院|所)$",
        "Lab",
    ),
)
_ORG_SUFFIX_RES = tuple((re.compile(rx), t) for rx, t in ORG_SUFFIX_TYPES)
_BRANCH = _ORG_SUFFIX_RES[1][0]  # a lab's branch: a name even where LAC reads a place

# Sub-units written after their parent body (…司综合处, …厅发展规划处, …委党委): the parent is
# the organisation, the sub-unit belongs to the post's title.
_SUB_UNIT = re.compile(
    r"(?<=[局厅委司部院所校会团])"
    r"(?:[\u4e00-\u9fff]{0,6}(?:处|科|室)|党委|党组|党工委|机关党委|董事局|董事会|监事会)$"
)
# A body written between an organisation and a post title is part of the post (某某高新区
# 党工委副书记, 某市委书记): the organisation (or region) before it holds the post.
_POST_BODY = re.compile(r"(?:党工委|管委会|党委|党组|工委|[市区县省]委|委)$")
# Tokens that continue an organisation name written after LAC's span (谊安医疗|产业园).
_NAME_TAIL_TAGS = {"n", "nz", "vn", "ORG", "LOC", "an"}
# Persons named right after these are journalists or authors, not officials.
_BYLINE_BEFORE = re.compile(r"(?:记者|通讯员|摄影|摄|编辑|作者|实习生|撰稿|文/|图/|□文)\s*$")
_TITLE_ALT = "|".join(sorted(set(L.TITLES) | set(L.EXTRA_TITLES), key=len, reverse=True))
_TITLE_BEFORE = re.compile(rf"(?:{_TITLE_ALT})\s*$")
_TITLE_AFTER = re.compile(rf"\s*(?:{_TITLE_ALT})")
_TITLE_END = re.compile(rf"(?:{_TITLE_ALT})$")
_LIST_SEP = "、"
# 某某兼任/担任某研究院院长: the post follows a verb of holding it, in the same clause.
_TAKES_POST = re.compile(rf"(?:兼任|担任|出任|现任|任)[^，。；、]{{0,16}}?(?:{_TITLE_ALT})")
# 某研究院院长由某某担任: the post is written before 由 and held by the name.
_HELD_BEFORE = re.compile(rf"(?:{_TITLE_ALT})由\s*$")
_HELD_AFTER = re.compile(r"\s*(?:担任|兼任|出任)")
# 某某（某县县长）：, 某某（某公司董事长）表示: the post in brackets right after the name.
_BRACKET_POST = re.compile(rf"[（(]([^（()）]{{1,30}}?(?:{_TITLE_ALT}))[）)]")
# Above the suffix finder (the model's boundaries are learned), below closed-list rules.
MODEL_PRIORITY = 2.5
# A firm known only from being listed with others: below every finder that knows better.
LISTED_PRIORITY = 1
_JOINERS = re.compile("联合|携手|会同|与|同|和|及|系|、")
# Where an organisation's name can end (the suffix table's last characters).
_SUFFIX_END = re.compile(r"(?:公司|集团|局|厅|委|院|所|大学|学院|中心|实验室|园|区)")
_LIST_SEPS = ("、", "和", "及", "等")
# Nouns that end a description, not a firm's name (瞪羚企业, 产品, 规模; 某地高校, 某地院所: kinds
# of bodies of a place).
_GENERIC_TAILS = {
    "企业",
    "产品",
    "规模",
    "创新",
    "负责",
    "有关",
    "项目",
    "产业",
    "器件",
    "单位",
    "高校",
    "院所",
    "机构",
}


def type_of_org(name: str) -> str | None:
    """The type an organisation's name gives itself by its suffix ('' = none of ours)."""
    typed = _suffix(name)
    return typed[0] if typed else None


def _suffix(name: str) -> tuple[str, str] | None:
    """(type, the name before its suffix) by the suffix table."""
    for rx, type_ in _ORG_SUFFIX_RES:
        m = rx.search(name)
        if m:
            return type_, name[: m.start()]
    return None


def _officials(s: str, toks: Sequence[Token]) -> list[Raw]:
    """Persons with a post: a title right before or right after the name, or the next name of a
    、-list that started with one (市领导甲、乙、丙)."""
    out: list[Raw] = []
    prev_official: Token | None = None
    for t in toks:
        if t.tag != "PER":
            if t.text.strip() and t.text != _LIST_SEP:
                prev_official = None
            continue
        before = s[max(0, t.start - 16) : t.start]  # titles and bylines are short
        if _BYLINE_BEFORE.search(before):
            prev_official = None
            continue
        titled_before = _TITLE_BEFORE.search(before)
        titled_after = (
            _TITLE_AFTER.match(s, t.end)
            or _TAKES_POST.match(s, t.end)
            or (_HELD_BEFORE.search(before) and _HELD_AFTER.match(s, t.end))
            or _BRACKET_POST.match(s, t.end)
        )
        listed = prev_official is not None and s[prev_official.end : t.start] == _LIST_SEP
        if not (titled_before or titled_after or listed) or not _person_like(t.text):
            prev_official = None
            continue
        props: dict = {}
        if titled_before:
            props = {
                "titles": [titled_before.group(0).strip()],
                "title_start": t.start - len(before) + titled_before.start(),
            }
        text, end = t.text, t.end
        if len(text) == 4 and text.endswith("任") and _TAKES_POST.match(s, end - 1):
            text, end = text[:-1], end - 1  # 由县长某某任组长: the model joins 任 to the name
        out.append(Raw(text, "Official", t.start, end, "model-person", 3, props))
        prev_official = t
    return out


def _person_like(name: str) -> bool:
    return 2 <= len(name) <= 4 and bool(re.fullmatch(r"[\u4e00-\u9fff·]+", name))


def _names_before(text: str, rest: str) -> bool:
    """The part before a joiner is a name of its own: an organisation by its suffix, or a whole
    place of the gazetteer (武邑县与某科技有限公司: LAC glues the county to the firm) when the
    joiner does not begin a place itself (天津市和平区: 和 is the district's)."""
    if type_of_org(text):
        return True
    surface = gazetteer().surface
    starts_place = any(rest[:k] in surface for k in range(2, min(len(rest), 6) + 1))
    return region_ending_at(text, len(text)) == 0 and not starts_place


def _split_joined(s: str, toks: Sequence[Token]) -> list[Token]:
    """LAC sometimes joins two names over 与/同/和/及/系/联合 (甲高新区与乙公司, 甲局联合乙院, 某县与乙公司):
    split them there when the part before is a name by its suffix or a whole place. Two names glued by a verb
    (某研究院统筹中科院) lose the second part to the rule finders (it goes on as a verb)."""
    out: list[Token] = []
    for t in toks:
        while t is not None and t.tag == "ORG":
            cut = next(
                (
                    m
                    for m in _JOINERS.finditer(t.text)
                    if m.start() >= 2 and _names_before(t.text[: m.start()], t.text[m.start() :])
                ),
                None,
            )
            if cut is None:
                k = _glued_by_verb(t.text, s[t.end : t.end + 8])
                if k is not None:
                    out.append(Token(t.text[:k], "ORG", t.start, t.start + k))
                    t = Token(t.text[k:], "v", t.start + k, t.end)
                break
            before = t.text[: cut.start()]
            tag = "ORG" if type_of_org(before) else "LOC"  # 某县与乙公司: the county is a place
            out.append(Token(before, tag, t.start, t.start + cut.start()))
            out.append(Token(cut.group(0), "c", t.start + cut.start(), t.start + cut.end()))
            rest = t.text[cut.end() :]
            t = Token(rest, "ORG", t.start + cut.end(), t.end) if rest else None
        if t is not None:
            out.append(t)
    return out


_FIRM_FORM_NEXT = re.compile(r"(?:有限责任|股份有限|有限|股份|集团)?公司|集团")


def _glued_by_verb(text: str, after: str = "") -> int | None:
    """Where a name LAC ran on over a verb ends (某研究院|统筹中科院, 某研究院|统筹): at a suffix,
    with a verb after it."""
    if text.endswith("公司") or _FIRM_FORM_NEXT.match(after):
        return None  # 某园区开发(有限)公司, 某园区开发|公司: a firm's whole name, whatever verbs
    for m in _SUFFIX_END.finditer(text):
        k = m.end()
        if 2 <= k <= len(text) - 2 and type_of_org(text[:k]):
            first = word_spans(text[k:])[0][2]
            if word_tag(first) in ("v", "p") and len(first) >= 2:
                return k  # 某研究院|统筹(中科院), not 某大学|海洋化工研究院
    return None


def _extent(s: str, toks: Sequence[Token], i: int) -> tuple[int, int]:
    """The name's span: a region written before it belongs to it (京津冀|国家技术创新中心), and
    so does name material LAC left after it (谊安医疗|产业园, 某联盟|产业示范基地)."""
    t = toks[i]
    start, end = t.start, t.end
    if (
        t.tag == "ORG"
        and i
        and toks[i - 1].tag == "LOC"
        and toks[i - 1].text in gazetteer().surface
    ):
        start = toks[i - 1].start
    lead = _joined_lead(toks, i)
    if lead is not None:
        start = lead
    for k in range(i + 1, min(len(toks), i + 4)):
        if toks[k].tag not in _NAME_TAIL_TAGS:
            break
        if type_of_org(s[start : toks[k].end]):
            end = toks[k].end
    return start, end


_DASHES = ("—", "-", "－", "–")
_LEAD_TAGS = ("LOC", "ORG", "nz", "PER", "n", "nr", "ns")
# Tags of a name joined by a dash before an organisation (an invented brand may read as a person:
# 甲某—乙某联合实验室, the two partners' names).
_PROPER_LEAD = ("LOC", "ORG", "nz", "ns", "PER")


def _joined_lead(toks: Sequence[Token], i: int) -> int | None:
    """Where a name starts that LAC began too late: a name joined by a dash (滨海—某某科技园, the
    two partners' names) or one with its region in brackets inside (某芯(天津)某某科技有限公司)."""
    if i >= 2 and toks[i - 1].text in _DASHES and toks[i - 2].tag in _PROPER_LEAD:
        lead = toks[i - 2]
        if 2 <= len(lead.text) <= 6 and _han(lead.text):
            return lead.start
    if (
        i >= 4
        and toks[i - 1].text in (")", "）")
        and toks[i - 3].text in ("(", "（")
        and toks[i - 2].text in gazetteer().surface
        and toks[i - 4].tag in _LEAD_TAGS
        and 2 <= len(toks[i - 4].text) <= 4
        and _han(toks[i - 4].text)
    ):
        return toks[i - 4].start
    return None


def _han(text: str) -> bool:
    return bool(re.fullmatch(f"[{HAN}]+", text))


_BUREAU_FIRM = re.compile(r"^[一二三四五六七八九十\d]+局$")
# A numeral and 所 end a count of institutions (一所高校, 两所大学), not an institute's name.
_COUNTED_SUFFIX = re.compile(r"(?<![第])[一二两三四五六七八九十几多数\d]所$")


def _bureau_firm_end(s: str, toks: Sequence[Token], i: int) -> int | None:
    """华岳建工|三局: a state firm's numbered bureau is part of its name (an Enterprise)."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt.end if nxt is not None and _BUREAU_FIRM.match(nxt.text) else None


def _listed_firm_end(s: str, toks: Sequence[Token], i: int) -> int | None:
    """An organisation with no suffix, in a list of them (甲科技、乙动力和丙燕园等): a firm; its
    name runs over a noun or two after LAC's span up to the separator."""
    end = toks[i].end
    for k in range(i + 1, min(len(toks), i + 3)):
        if toks[k].tag not in ("n", "nz", "vn") or toks[k].text in _GENERIC_TAILS:
            break
        end = toks[k].end
    before = s[toks[i].start - 1 : toks[i].start] if toks[i].start else ""
    after = s[end : end + 1]
    if after not in _LIST_SEPS and before not in _LIST_SEPS:
        return None
    name = s[toks[i].start : end]
    if not 4 <= len(name) <= 10 or _TITLE_END.search(name) or name[-2:] in _GENERIC_TAILS:
        return None
    if not has_anchor(toks[i].text) or region_and_trade(name):
        return None
    return end


_SUFFIXLESS_FIRMS = (
    (_bureau_firm_end, "model-org", MODEL_PRIORITY),
    (_listed_firm_end, "model-listed", LISTED_PRIORITY),
)


def _organisations(s: str, toks: Sequence[Token]) -> list[Raw]:
    out: list[Raw] = []
    gz = gazetteer()
    toks = _split_joined(s, toks)
    for i, t in enumerate(toks):
        if t.tag not in ("ORG", "LOC"):
            continue
        start, end = _extent(s, toks, i)
        name = s[start:end]
        # LAC's span may hold half of a bracket pair (某市)科技局: the name starts after it
        for close, open_ in ((")", "("), ("）", "（")):
            if close in name and open_ not in name[: name.index(close)]:
                start += name.index(close) + 1
                name = s[start:end]
        sub = _SUB_UNIT.search(name)
        if sub and type_of_org(name[: sub.start()]):
            name, end = name[: sub.start()], start + sub.start()
        titled = _TITLE_END.search(name)
        if titled and titled.start() > 1:  # LAC's span took the title too (某市委常委)
            name, end = name[: titled.start()], start + titled.start()
        body = _POST_BODY.search(name)
        if body and (titled or _TITLE_AFTER.match(s, end)):
            holder = name[: body.start()]
            is_region = region_ending_at(holder, len(holder)) == 0
            if type_of_org(holder) or (is_region and body.group(0) != "管委会"):
                # the park's or region's own post (a region's 管委会 is a body of its own)
                name, end = holder, start + body.start()
            elif body.group(0).endswith("委") and region_ending_at(holder, len(holder)):
                # 某党派某省委副主委: another organisation's committee in the region, which is
                # neither a body of ours nor a post in the region: block the region inside
                out.append(Raw(name, "", start, end, "model-blocker", MODEL_PRIORITY))
                continue
            elif len(holder) < 2:
                continue  # 校党委常委: a body named only inside a post phrase (GUIDELINE)
        typed = _suffix(name)
        if typed is None and t.tag == "ORG" and (start, end) == (t.start, t.end):
            # a firm's name without a suffix: a numbered bureau, or one listed with others
            for find_end, component, priority in _SUFFIXLESS_FIRMS:
                firm_end = find_end(s, toks, i)
                if firm_end is not None:
                    name = s[t.start : firm_end]
                    out.append(Raw(name, "Enterprise", t.start, firm_end, component, priority))
                    break
            continue
        if typed is None or (
            t.tag == "LOC"
            and typed[0] != "Park"
            and not _BRANCH.search(name)
            and not (typed[0] == "Enterprise" and end > t.end)
        ):
            # places: the gazetteer's job; a LOC that is a park by its suffix is a Park, one that
            # a firm's form continues (某地园区开发|公司) is a firm
            continue
        type_, core = typed
        if type_ == "Enterprise" and unnamed_branch(name):
            # 设立天津分公司: a branch by its area alone, and no mention of the area
            out.append(Raw(name, "", start, end, "model-blocker", MODEL_PRIORITY))
            continue
        if _COUNTED_SUFFIX.search(name):
            continue  # 与北京一所高校: a count of bodies (一所, 多所), not a 所 of that name
        if type_ == "":  # a hospital, school or association: no entity, nor any inside it
            out.append(Raw(name, "", start, end, "model-blocker", MODEL_PRIORITY))
            continue
        if type_ == "Park" and name.endswith(L.FACILITY_ENDINGS):
            continue  # 某地生产基地: a firm's site, no park
        if type_ == "Park" and name in gz.surface:
            continue  # national new areas (雄安新区) are regions
        if len(name) < 3 or region_ending_at(name, len(name)) == 0:
            continue  # only a place name
        if len(core) < 2 or not has_anchor(core) or kind_of_bodies(s, start, core, name):
            continue  # a kind of body (国家重点实验室, 化工园区, 各地开发区), not a named one
        if name.endswith(tuple(WEAK_SUFFIXES)) and not leads_with_name(name):
            continue  # 电子信息产业基地: a kind of base
        out.append(Raw(name, type_, start, end, f"model-{t.tag.lower()}", MODEL_PRIORITY))
    return out


def model_mentions(s: str, toks: Sequence[Token]) -> list[Raw]:
    """The model's proposals for one sentence (``toks`` are LAC's tokens of ``s``)."""
    return _officials(s, toks) + _organisations(s, toks)
