"""Mention finders: pure functions from one sentence's text to raw mentions.

Each finder returns ``Raw`` spans relative to the sentence with the name of the component that
found it; :mod:`loaders.extract.entities` arbitrates overlaps and resolves them into entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.extract import lexicon as L
from loaders.extract.regions import gazetteer
from loaders.extract.segment import word_freq, word_spans, word_tag

HAN = "\u4e00-\u9fff"


@dataclass
class Raw:
    text: str
    type: str
    start: int
    end: int
    component: str
    priority: int = 0
    props: dict = field(default_factory=dict)


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# ---------------------------------------------------------------------------- regions

_MAX_REGION = 10


_AFTER_PLACE = set("，。、；：！？”）)的和与及等在将是为以地区县市镇乡党管")
# Words after a place's short form that make it an ordinary noun (桃园里, 花园里): places are
# not written with the locative 里.
_COMMON_NOUN_AFTER = {"里"}
# The model's tags of a word that is no place though a county's short form is written like it:
# a locative word (某县城东, 城西: the east, the west of the county town) or a verb (新建的).
_MODEL_NOT_PLACE = {"s", "v"}
# Words after a county's short form that keep it the place: its whole area (某县全县, 某市全市) or a
# side of its county town (某县城东, 城西, 城南, 城北),
_PLACE_WORDS_AFTER = ("全市", "全县", "全区", "全域", "全境", "城东", "城西", "城南", "城北")
# and a verb of moving in (在某县落地, 落户): what is moved in comes to the place; or one of
# taking in, the place as receiver (某县承接京津…, 某县引进…).
_TAKING_IN = ("承接", "引进", "吸引", "招引")
_WHOLE_AREA = re.compile(_alt(_PLACE_WORDS_AFTER + L.MOVE_IN_VERBS + _TAKING_IN))


def find_regions(
    s: str,
    spans: list[tuple[int, int, str]] | None = None,
    model_tokens: list[tuple[int, int, str]] | None = None,
) -> list[Raw]:
    """Longest gazetteer match at each position (province/city/county/macro names).

    A short form must start and end on word boundaries (新和 inside 创新和… is not a place), and
    is none where the model reads exactly it as a word of :data:`_MODEL_NOT_PLACE`."""
    gz = gazetteer()
    out: list[Raw] = []
    spans = spans if spans is not None else word_spans(s)
    starts = {a for a, _, _ in spans}
    ends = {b for _, b, _ in spans}
    longest = gz.longest_at(s)
    not_place = {(a, b) for a, b, tag in model_tokens or () if tag in _MODEL_NOT_PLACE}
    i = 0
    n = len(s)
    while i < n:
        hit = longest.get(i)
        if hit is None:
            i += 1
            continue
        form = s[i:hit]
        place = gz.lookup(form)[0]
        short = form != place.name or len(form) <= 2
        if place.name.endswith("自治县") and s.startswith("县", hit) and short:
            hit += 1  # 围场县, 大厂县: an autonomous county by its short name and 县
            form, short = s[i:hit], False
        # 北京高校, 天津企业: a word of the segmenter's that is a place and a kind of its bodies
        kind_after = i in starts and s.startswith(L.KINDS_OF_BODIES, hit)
        # 京津地区, 北京地区: the segmenter joins 地区 to a place's short form
        area_after = i in starts and s.startswith("地区", hit) and hit + 2 in ends
        if short and (i not in starts or hit not in ends) and not kind_after and not area_after:
            i += 1
            continue
        if (
            place.level == "county"
            and short
            # 青县已…: a two-character full name is the county, unless it starts with a
            # conjunction (中心和县（市、区）)
            and (form != place.name or form[0] in L.NOT_NAME_CHARS)
            and hit < n
            and s[hit] not in _AFTER_PLACE
            and not _WHOLE_AREA.match(s, hit)
        ):
            i += 1  # 凌云工业, 某山云数据中心: a county's short form starting another name
            continue
        if short and (i, hit) in not_place:
            i += 1  # 县城东 (a locative word), 园区新建的基地 (a verb): short forms used as words
            continue
        if _park_section(s, i, hit):
            i = hit  # 某产业园东区: a part of the park, not the district of that name
            continue
        if short and hit in starts and _word_at(spans, hit) in _COMMON_NOUN_AFTER:
            i += 1  # 在桃园里: a short form that is also an ordinary noun, used as one
            continue
        if short and hit < n and s[hit] not in _AFTER_PLACE and _crossed(longest, starts, i, hit):
            i += 1  # 宁河|北某产业区: 河北 is the end of one place and the start of a word
            continue
        # "X都市圈" and similar composite region names
        m = re.match(r"(都市圈|城市群|经济圈)", s[hit:])
        if m:
            out.append(
                Raw(
                    form + m.group(1),
                    "Region",
                    i,
                    hit + len(m.group(1)),
                    "region-gazetteer",
                    1,
                    {
                        "canonical": form + m.group(1),
                        "level": "area",
                        "parent": place.name,
                        "province": place.province,
                    },
                )
            )
            i = hit + len(m.group(1))
            continue
        out.append(
            Raw(
                form,
                "Region",
                i,
                hit,
                "region-gazetteer",
                1,
                {
                    "canonical": place.name,
                    "level": place.level,
                    "parent": place.parent,
                    "province": place.province,
                },
            )
        )
        i = hit
    return out


_TOWN_END = re.compile(rf"(?:{_alt(L.TOWN_SUFFIXES)})$")
# A side of a park written after its name (某产业园东区, 某园区南区): some districts bear these
# names (香港南区), but after a park's ending they are its sections.
_SECTION = re.compile(r"[东西南北中]区")
_PARK_ENDS = ("园", "园区", "基地", "开发区", "高新区", "新城", "科技城")


def _park_section(s: str, i: int, hit: int) -> bool:
    return bool(_SECTION.fullmatch(s, i, hit)) and s.endswith(_PARK_ENDS, 0, i)


_SIDE_AFTER = re.compile(r"(?:东|南|西|北|东南|东北|西南|西北)部$|(?:境内|一带)$")
# Verbs of being somewhere whose last character the model may join to the place (地处某某镇).
_VERB_INTO_PLACE = ("地处", "身处", "位处")
# Verbs of being somewhere: a three-character place after one is a town's name even when it
# ends like a kind of town (位于某城镇: 沙城镇 and 新城镇 are names, 城镇化 is no place).
_LOCATIVE_VERBS = ("位于", "地处", "坐落在", "坐落于", "设在", "设于", "选址在", "选址于")


def _rare_town(core: str) -> bool:
    """倴城|镇: a rare character before 城镇 (or another kind ending) names the town (某城 + 镇);
    a common word before it (特色城镇, 工业重镇) makes a kind of town."""
    return len(core) == 2 and word_freq(core[0]) < 1000


def find_towns(s: str, model_tokens: list[tuple[int, int, str]] | None) -> list[Raw]:
    """Towns (某某镇, 某某乡, 某某街道), which the gazetteer does not hold: a place the model names
    with a town's ending, after any gazetteer places it starts with, whose name before the
    ending is no common word (城镇, 工业重镇 and 温泉之乡 are kinds of towns)."""
    gz = gazetteer()
    out: list[Raw] = []
    for start, end, tag in model_tokens or ():
        if tag != "LOC":
            continue
        if side := _SIDE_AFTER.search(s, start, end):
            end = side.start()  # 某某镇东部: the model's place takes in the side of it
        if s[max(0, start - 1) : start + 1] in _VERB_INTO_PLACE:
            start += 1  # 地|处某某镇: the model's place starts with the verb's last character
        m = _TOWN_END.search(s, start, end)
        if m is None or m.end() != end:
            continue
        while k := gz.longest_at(s[start:end], _MAX_REGION).get(0, 0):
            if end - start - k < 3:
                break
            start += k  # 某市|某某镇: the city is the gazetteer's
        name, core = s[start:end], s[start : m.start()]
        # 位于某某镇, 位于某县某某镇: after a verb of being somewhere (and the town's county)
        county = region_ending_at(s, start)
        placed = len(name) == 3 and s[: start if county is None else county].endswith(
            _LOCATIVE_VERBS
        )
        # 满城|镇, 大名|镇: a county seat is often named after its county (满城区, 大名县), so a
        # place's own name before 镇 is the town, not a kind of town (城镇, 名镇)
        seat = name.endswith("镇") and (
            core in gz.surface or any(core + c in gz.places for c in "县区市")
        )
        if (
            len(core) < 2
            or (
                name.endswith(L.TOWN_KIND_ENDINGS)
                and not _rare_town(core)
                and not seat
                and not placed
            )
            or core in _GENERIC_CORE
            or any(c in L.NOT_NAME_CHARS for c in core)
            or (word_freq(core) >= 1000 and not seat and not placed)
            or not re.fullmatch(f"[{HAN}]+", name)
        ):
            continue
        props = {"canonical": name, "level": "town", "parent": None, "province": None}
        out.append(Raw(name, "Region", start, end, "region-town", 1.5, props))
    return out


def _word_at(spans: list[tuple[int, int, str]], start: int) -> str:
    return next((w for a, _, w in spans if a == start), "")


def _crossed(longest: dict[int, int], starts: set[int], start: int, end: int) -> bool:
    """Whether a place name that begins on a word start before ``start`` ends inside
    ``start``..``end`` (宁河|北…; not 刷新|河北, where 新河 begins inside a word)."""
    return any(
        start < longest.get(j, 0) < end and j in starts
        for j in range(max(0, start - _MAX_REGION), start)
    )


def region_ending_at(s: str, end: int, chained: bool = True) -> int | None:
    """Start of the (chain of) region name(s) ending exactly at ``end``, else None."""
    gz = gazetteer()
    start = None
    pos = end
    while True:
        found = None
        for k in range(min(_MAX_REGION, pos), 1, -1):
            if s[pos - k : pos] in gz.surface:
                found = pos - k
                break
        if found is None:
            break
        start = found
        pos = found
        if not chained:
            break
    return start


# ---------------------------------------------------------------------------- agencies

_DEPT = _alt(L.DEPARTMENT_CORES)
_AGENCY_RE = re.compile(
    # not 委员, 委托, 部门, 委会议; but 甲局会同乙局 (jointly with) ends a body
    rf"(?:{_DEPT})(?:委员会|局|厅|委|办公室|办|部|中心)(?![员托门]|会(?!同))|"
    rf"(?:{_alt(L.REGION_BODIES)})(?![员会托屈婉实])"
)
_TITLE_START = re.compile(rf"(?:{_alt(L.TITLES + L.EXTRA_TITLES)})")
_NOT_RELATIVE = set("全各本我该每一两三四五六七八九十副城地")
_NATIONAL_RE = re.compile(rf"(?:国家|中国)?(?:{_alt(L.NATIONAL_BODIES)})(?!门)")
_LEADING_GROUP_RE = re.compile(rf"[{HAN}]{{2,14}}?(?:领导小组|工作领导小组)")


_POST_BODIES = re.compile(r"(?:党委|党组|党工委|机关党委)*")


def _after_bodies(s: str, pos: int) -> int:
    """Past the party bodies written between a committee and a title (市委党委副市长)."""
    return _POST_BODIES.match(s, pos).end()


_BODY_ENDS = "局厅委办府"


# A plan's task line names the bodies in charge (牵头单位：甲；责任单位：乙、丙): each item that
# ends like a government body is one, whatever the names before its ending.
_UNIT_LABEL = re.compile(r"(?:牵头|责任|配合|协办|参与)单位[：:]")
_UNIT_ITEM = re.compile(
    rf"[{HAN}]{{2,20}}?(?:管委会|人民政府|政府|办公室|委员会|服务中心|中心|局|委|办)"
)


def _unit_list(s: str) -> list[Raw]:
    out: list[Raw] = []
    for m in _UNIT_LABEL.finditer(s):
        pos = m.end()
        end = next((i for i in range(pos, len(s)) if s[i] in "；;。\n"), len(s))
        for item in s[pos:end].split("、"):
            if _UNIT_ITEM.fullmatch(item) and not item.startswith(("各", "有关", "相关")):
                out.append(Raw(item, "Agency", pos, pos + len(item), "agency-unit-list", 3))
            pos += len(item) + 1
    return out


def find_agencies(s: str) -> list[Raw]:
    out: list[Raw] = _unit_list(s)
    for m in _AGENCY_RE.finditer(s):
        body = m.group(0)
        start = region_ending_at(s, m.start())
        if start and s[start - 1] in _BODY_ENDS and word_freq(s[start : start + 2]) >= 300:
            start = None  # 甲局会同县乙局: a verb that reads like a county (会同县), then 县乙局
        is_region_body = body in L.REGION_BODIES
        if body == "委" and _TITLE_START.match(s, _after_bodies(s, m.end())):
            continue  # 某区委副书记, 市委书记: a post in the region (found on its own)
        if start is None:
            # 市科技局 / 省委 / 区政府: a relative prefix standing for the document's own region
            if m.start() > 0 and s[m.start() - 1] in L.RELATIVE_PREFIXES:
                prev2 = s[m.start() - 2] if m.start() >= 2 else ""
                if prev2 and prev2 in _NOT_RELATIVE:
                    continue  # 全市/各区/我省 are not prefixes of a body's name
                rel = s[m.start() - 1]
                out.append(
                    Raw(
                        rel + body,
                        "Agency",
                        m.start() - 1,
                        m.end(),
                        "agency-relative",
                        3,
                        {"relative": L.RELATIVE_PREFIXES[rel]},
                    )
                )
            continue
        if is_region_body and body == "委" and s[m.end() : m.end() + 1] in ("会", "员"):
            continue
        out.append(Raw(s[start : m.end()], "Agency", start, m.end(), "agency-region", 3))
    for m in _NATIONAL_RE.finditer(s):
        type_ = "Lab" if any(m.group(0).endswith(a) for a in L.NATIONAL_ACADEMIES) else "Agency"
        out.append(Raw(m.group(0), type_, m.start(), m.end(), "national-body", 2))
    for m in _ACADEMY_INSTITUTE_RE.finditer(s):
        out.append(Raw(m.group(0), "Lab", m.start(), m.end(), "academy-institute", 2))
    for m in _LEADING_GROUP_RE.finditer(s):
        # 某市科技创新工作领导小组: a leading group is a body when a region names it
        rs = _region_prefix_start(s, m.start(), m.end())
        if rs is not None:
            out.append(Raw(s[rs : m.end()], "Agency", rs, m.end(), "agency-group", 2))
    return out


# 中科院某某所, 中国科学院某某所: an academy's institute by its short form (field + 所).
_ACADEMY_INSTITUTE_RE = re.compile(
    rf"(?:{_alt(L.NATIONAL_ACADEMIES)})(?!研究|科研|下属|所属|直属|各|有关|相关)"
    r"[\u4e00-\u9fff]{2,5}?所(?=[、，。；和与及等的在（(]|$)"
)


def _region_prefix_start(s: str, start: int, end: int) -> int | None:
    """Index of a region name inside s[start:end] (the leftmost), or None."""
    gz = gazetteer()
    for i in range(start, end):
        for k in range(min(_MAX_REGION, end - i), 1, -1):
            if s[i : i + k] in gz.surface:
                return i
    return None


# ---------------------------------------------------------------------------- organisations

_ORG_SUFFIXES: list[tuple[str, str]] = (
    [(x, "Enterprise") for x in L.ENTERPRISE_SUFFIXES]
    + [(x, "Lab") for x in L.LAB_SUFFIXES]
    + [(x, "University") for x in L.UNIVERSITY_SUFFIXES]
    + [(x, "Park") for x in L.PARK_SUFFIXES]
)
_SUFFIX_TYPE = dict(_ORG_SUFFIXES)
# 师大/工大 are short forms only where 大学 is not written (华北理工大学 ends in 大学, not 工大)
_ORG_RE = re.compile(
    rf"(?:{_alt([x for x, _ in _ORG_SUFFIXES])})(?<!师大(?=学))(?<!工大(?=学))(?<!院(?=所))"
)  # …院所联盟: 院 there does not end a name

_STOP_WORDS = set(
    "的 了 是 在 和 与 及 或 也 都 就 还 又 将 把 被 从 向 对 为 于 以 等 由 让 使 给 到 并 而 且 但 如 "
    "该 其 这 那 此 各 每 个 家 所 之 着 过 如何 通过 依托 围绕 推动 加快 支持 引进 建设 打造 培育 "
    "发展 提升 推进 实施 开展 建立 组建 成立 落户 入驻 承接 引导 鼓励 加强 加大 强化 深化 积极 "
    "全力 大力 重点 着力 努力 持续 不断 进一步 已 已经 正在 目前 今年 近年来 同时 以及 作为 包括 "
    "拥有 形成 构建 布局 聚焦 服务 面向 联合 合作 共建 携手 签约 签订 签署 位于 坐落 来到 走进 "
    "考察 调研 参观 前往 就 即 还有 更 最 很 多 新 一批 一个 两个 多个 各类 一流 全市 全省 全国 "
    "我市 我省 本市 全区 我们 他们 相关 有关 现有 新建 省级 市级 国家级 县级 一些 这些 那些 "
    "其中 主要 特别 尤其 以上 以下 以来 年 月 日 称 为主 旗下 下属 所属 名为 叫做 被誉为 成为 "
    "设立 创建 创办 投资 总投资 项目 方面 领域 地区 区域 城市 企业 公司 单位 机构 部门 平台 "
    "载体 园区 基地 中心 高校 院所 科研院所 高等院校 龙头 骨干 优势 重大 中小 小微 高端 "
    "先进 一家 首家 这家 该家 这是 它 他 她 我 你 充分发挥 发挥 申报 唯一 做强 做大 做优 严 "
    "市域内 县域 域内 全力支持 传统 转型 升级 新一轮 深化 城市 转移 搬迁 迁入 疏解 "
    "进驻 入园 签订 签署 共建 打造 引入 吸引 带动 参与 主动 搭建 成立 获批 入选 纳入 认定 落地 "
    "开工 投产 建成 运营 组织 举办 参加 对接 设有 拥有 依靠 借助 携手 牵头 联合 探索 筹建 "
    "组建 指导 帮助 扶持 协助 督促 推荐 动员 服务于".split()
)
_BAD_POS = {
    "p",
    "c",
    "u",
    "d",
    "r",
    "m",
    "q",
    "v",
    "y",
    "e",
    "uj",
    "ul",
    "ud",
    "ug",
    "uz",
    "uv",
    "f",
    "t",
    "ad",
    "zg",
    "mq",
    "l",
    "i",
    "a",
    "vd",
    "vg",
    "b",
}
_GENERIC_CORE = set(
    "科技 高新 技术 产业 创新 国际 国家 中国 重点 工程 研究 发展 经济 新型 现代 综合 生物 医药 "
    "制造 装备 信息 数字 智能 智慧 电子 农业 文化 化工 物流 科学 大学 学院 实验 检测 服务 "
    "示范 试验 合作 孵化 创业 众创 科创 双创 文创 研发 开发 工业 低成本 高端 龙头 中小 科技型 高新技术 "
    "协同 基础 应用 公共 成果 转化 转移 战略性 新兴 先进 特色 专业 区域 省级 市级 国家级 "
    "一流 优势 骨干 领军 头部 大型 小型 新 老 各类 相关 省 市 区 县 园 公司 企业 "
    # outside a region (首个京外中试基地): where a body is, not its name
    "京外 津外 冀外".split()
)

# A word ending so says what kind a thing is (开放型中试基地, 服务型平台), it does not name it.
_KIND_OF = ("型", "式")


@lru_cache(maxsize=4096)
def _is_proper(word: str) -> bool:
    """A word that can anchor a name: unknown to the dictionary, a proper-noun tag, or a place."""
    if re.fullmatch(r"[A-Za-z0-9·]+", word):
        return True
    if word in L.INDUSTRY_TERMS:
        return False  # 新能源, 光伏: an industry, not a name
    if word in gazetteer().surface:
        return True
    if len(word) >= 3 and word.endswith(_KIND_OF):
        return False  # 开放型, 服务型: a kind (X型), not a name
    tag = word_tag(word)
    if tag is None:
        return word not in _GENERIC_CORE and len(word) >= 2
    return tag in ("nr", "ns", "nt", "nz", "nrt", "nrfg", "j") or (
        tag == "n" and word_freq(word) < 200 and word not in _GENERIC_CORE
    )


_TITLE_WORDS = set(L.TITLES) | {"兼"}
_REGISTERED = ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
_PERMISSIVE_BAD_POS = {"p", "c", "u", "r", "m", "q", "y", "e", "uj", "ul", "ud", "ug", "uz", "uv"}


# The model's tags of words that never begin a name (合作开发|某某示范区, 三是做实|某某产业园).
_MODEL_STOP = {"v", "vd", "p", "c", "u", "d", "r", "m", "q", "TIME", "w", "xc", "PER"}


def brand_as_person(s: str, token: tuple[int, int, str]) -> bool:
    """A person the model reads whose first character is no surname, or who is a place or a
    place and two characters more, is an invented brand or place word (某县|汐某|某某产业园: 汐 is
    no surname), part of the name it stands before."""
    word = s[token[0] : token[1]]
    if token[2] != "PER":
        return False
    if word[0] not in L.SURNAMES and word[:2] not in L.DOUBLE_SURNAMES:
        return True
    # 黄骅某某|临港…产业园: a place, or a place and a brand, read as a person (a place + 2
    # characters is no personal name)
    k = gazetteer().longest_at(word, 4).get(0, 0)
    return k >= 2 and len(word) - k in (0, 2)


def _snap_to_model(s: str, start: int, end: int, tokens: list[tuple[int, int, str]] | None) -> int:
    """Where the model names a place or organisation inside a rule's span after words that
    cannot begin a name, the name begins there (PPP模式合作开发|北戴河…示范区)."""
    if not tokens:
        return start
    inside = [t for t in tokens if start <= t[0] < end]
    first = next((k for k, t in enumerate(inside) if t[2] in ("LOC", "ORG")), None)
    if first and any(t[2] in _MODEL_STOP and not brand_as_person(s, t) for t in inside[:first]):
        return inside[first][0]
    # a brand or place the model names right before the name is part of it (某某天合|某市…广场),
    # unless it is a place of the gazetteer (河北省|某市高新区 stays the park's own name)
    for t in reversed([t for t in tokens if t[1] == start]):
        word = s[t[0] : t[1]]
        if t[2] in ("LOC", "ORG") and len(word) >= 2 and not _A_NAME_OF_ITS_OWN.search(word):
            return t[0] if word not in gazetteer().surface else start
    return start


# A word that ends like a whole name (甲政府, 乙公司) or with a conjunction is not a prefix.
_A_NAME_OF_ITS_OWN = re.compile(
    rf"(?:{_alt([x for x, _ in _ORG_SUFFIXES] + list(L.AGENCY_SUFFIXES))}|[与和及、])$"
)


# Stop words that are name material right before the suffix (某市人力资源服务|产业园).
_NAME_WORDS_BEFORE_SUFFIX = {"服务"}
# Conjunctions that never begin a name, even when the segmenter joins them to one.
_JOINING = "及与或"


# A dash joining two partners' short forms in a joint platform's name (甲—乙联合实验室).
_NAME_DASHES = ("—", "-", "－")
# Tags of words that cannot be part of the short form before such a dash (a verb, a preposition…).
_NOT_BEFORE_DASH = {"v", "vn", "p", "c", "u", "d", "r", "uj", "ul", "ud", "m", "f", "t", "a"}


def joined_by_dash(s: str, start: int, spans: list[tuple[int, int, str]]) -> int:
    """甲—乙联合实验室: a name starting right after a single dash starts with the short form
    before it (two to four characters of words that are no function words or verbs); not after
    a dash between clauses (——) or a longer phrase."""
    if start < 3 or s[start - 1] not in _NAME_DASHES or s[start - 2] in _NAME_DASHES:
        return start
    k = next((i for i, (ws, we, _) in enumerate(spans) if (ws, we) == (start - 1, start)), None)
    if k is None:
        return start
    begin = start - 1
    j = k - 1
    while j >= 0 and start - 1 - spans[j][0] <= 4 and _short_form_word(spans[j][2]):
        begin = spans[j][0]
        j -= 1
    if start - 1 - begin < 2 or (j >= 0 and spans[j][1] == begin and _short_form_word(spans[j][2])):
        return start  # no short form, or one longer than four characters: not a joined name
    return begin


def _short_form_word(w: str) -> bool:
    return (
        bool(re.fullmatch(rf"[{HAN}]+", w))
        and w not in _STOP_WORDS
        and (word_tag(w) not in _NOT_BEFORE_DASH)
    )


def _left_boundary(
    s: str, suffix_start: int, spans: list[tuple[int, int, str]], permissive: bool = False
) -> int:
    """Walk words leftwards from the suffix while they can be part of a name (registered
    company names may hold verbs and adjectives: 制动技术, 平安高科)."""
    start = suffix_start
    # the word containing the suffix start may hold name material before the suffix
    for ws, we, _w in spans:
        if ws < suffix_start < we:
            start = ws
            break
    idx = next((k for k, (ws, _, _) in enumerate(spans) if ws == start), None)
    if idx is None:
        return start
    k = idx - 1
    limit = 22
    while k >= 0:
        ws, we, w = spans[k]
        if we - ws + (suffix_start - start) > limit:
            break
        if not re.fullmatch(rf"[{HAN}A-Za-z0-9()（）·]+", w):
            break
        if permissive and len(w) == 1:
            if w in L.NOT_NAME_CHARS or w in "兼任到至入进严合内外":
                break
        elif w in _TITLE_WORDS or w.endswith(("公司", "集团")):
            break
        elif w in _STOP_WORDS and not (k == idx - 1 and w in _NAME_WORDS_BEFORE_SUFFIX):
            break
        if w[0] in _JOINING and len(w) > 1:
            return ws + 1  # 河北省|及雄安|新区: the segmenter glued the conjunction to the name
        if w[0] in "同和" and len(w) > 1 and k and _A_NAME_OF_ITS_OWN.search(spans[k - 1][2]):
            return ws + 1  # 某县人民政府|同远拓|…有限公司: 同/和 after a whole name joins two names
        tag = word_tag(w)
        bad = _PERMISSIVE_BAD_POS if permissive else _BAD_POS
        if tag in bad and w not in gazetteer().surface:
            break
        start = ws
        k -= 1
    if k >= 0:
        # 望|都|某某产业园: a place the segmenter cut into words (one of them a stop word) leads
        place = region_ending_at(s, start, chained=False)
        if place is not None and place < spans[k][0] and any(a == place for a, _, _ in spans):
            return place
    return start


def has_anchor(core: str) -> bool:
    """The part before the suffix must hold something proper (a place, an unknown word…), or
    be a national body's name (国家…/中国… with a specific field after it)."""
    if not core:
        return False
    if re.search(r"[A-Za-z]", core):
        return True
    for inside in re.findall(r"[（(]([^()（）]*)[)）]", core):
        if inside in gazetteer().surface or _is_proper(inside):
            return True  # 某某科技(正定)有限公司; not 国家工程(技术)研究中心
    core = re.sub(r"[（(][^()（）]*[)）]", "", core)
    if core.startswith(("国家", "中国")) and len(core) >= 5:
        return True
    for _, _, w in word_spans(core):
        if w not in L.MULTI_REGIONS and _is_proper(w):
            return True
    return False


# Words that make a name a kind of many bodies (河北省各地开发区, 一批相关企业).
_DETERMINER = re.compile(
    r"^(?:各地|各类|各级|各个|各|多家|多个|一批|一些|若干|众多|其他|其它|相关|有关|部分|"
    r"[两二三四五六七八九十]地|两市|三方|双方|县域|市域|飞地)"
)
# A level and a kind with no name (国家高新技术产业开发区, 省级经济开发区, 国家级高新区).
_LEVEL_KIND = re.compile(
    r"(?:国家级?|省级|市级)(?:高新技术产业|经济技术|经济|农业高新技术产业|农业科技|高新)?"
    r"(?:开发区|高新区|经开区|园区|示范区)"
)
_COUNT_START = re.compile(r"(?:\d+|[两二三四五六七八九十百千几多]+)(?:个|家|批|类|所)")
_COUNT_BEFORE = re.compile(r"(?:\d+|[一二三四五六七八九十百千两几多]+)(?:个|家|批|类|所)$")
_INDEFINITE_BEFORE = ("一家", "这家", "那家", "多家", "几家", "一批", "一个", "某")
_LEGAL_ENDINGS = ("有限公司", "有限责任公司", "股份公司", "集团")


def kind_of_bodies(s: str, start: int, core: str, name: str) -> bool:
    """The core, after any places it starts with, begins with a determiner (各地, 一批), or an
    ordinary firm word follows 一家/这家 (一家化工仓储公司): a kind, not a name."""
    rest = core
    while k := gazetteer().longest_at(rest, 8).get(0, 0):
        rest = rest[k:]
    if _DETERMINER.match(rest) or _LEVEL_KIND.fullmatch(name) or _COUNT_START.match(rest):
        return True
    before = s[max(0, start - 2) : start]
    counted = bool(_COUNT_BEFORE.search(s, max(0, start - 8), start))  # 全国211个某某产业园区
    return (before.endswith(_INDEFINITE_BEFORE) or counted) and not name.endswith(_LEGAL_ENDINGS)


# Suffixes that also make kinds of things (产业基地, 示范基地): the name must begin with a name.
WEAK_SUFFIXES = {"产业基地", "示范基地", "转化基地", "实训基地", "中试基地"}


def leads_with_name(core: str) -> bool:
    """Whether the core begins with a place or a word the dictionary does not know."""
    words = word_spans(core)
    return bool(words) and (
        words[0][2] in gazetteer().surface
        or (
            word_tag(words[0][2]) is None
            and len(words[0][2]) > 1
            and words[0][2] not in _GENERIC_CORE
        )
        or (len(words) > 1 and all(_rare_character(w) for _, _, w in words[:2]))
    )


def _rare_character(word: str) -> bool:
    """翕|璠: a brand of rare characters the segmenter knows only one by one."""
    return len(word) == 1 and word_freq(word) < 200


def _owned_by_place(s: str, start: int) -> bool:
    """某新区的生命健康产业示范区: a park or lab named after a place's 的 is that place's own one."""
    if start < 3 or s[start - 1] != "的":
        return False
    before = s[: start - 1]
    return region_ending_at(s, start - 1) is not None or before.endswith(L.PARK_SUFFIXES)


_PARK_END = re.compile(rf"(?:{_alt(L.PARK_SUFFIXES)})")


def _after_park(s: str, start: int, end: int) -> int:
    """A facility's name does not run over the park it is in (在某高新区|某云数据中心): it starts
    after the last park suffix inside it when two or more characters follow. Not for legal
    names (某新区建设投资有限公司 is registered with its park)."""
    last = None
    for m in _PARK_END.finditer(s, start, end):
        last = m
    if last is not None and end - last.end() >= 2:
        return last.end()
    return start


def _model_names(start: int, end: int, tokens: list[tuple[int, int, str]] | None) -> bool:
    """The model names an organisation or place of two or more characters that begins the
    core (谊某医疗|产业园: the segmenter knows neither character, the model the name)."""
    return any(
        t[0] == start and t[1] <= end and t[1] - t[0] >= 2 and t[2] in ("ORG", "LOC")
        for t in tokens or ()
    )


def _quoted_whole(s: str, start: int, end: int) -> int:
    """Where a name that fills a whole quote begins (after its “), or -1: a suffix right before
    the closing ” of a quote of at most 40 characters."""
    if end >= len(s) or s[end] != "”":
        return -1
    q = s.rfind("“", max(0, start - 40), start)
    if q < 0 or "”" in s[q:start]:
        return -1
    return q + 1


def find_organisations(
    s: str,
    spans: list[tuple[int, int, str]],
    model_tokens: list[tuple[int, int, str]] | None = None,
) -> list[Raw]:
    """Names ending in an organisation suffix; ``model_tokens`` ((start, end, tag) of the
    model's words) correct left boundaries the segmenter gets wrong."""
    out: list[Raw] = []
    for m in _ORG_RE.finditer(s):
        suffix = m.group(0)
        type_ = _SUFFIX_TYPE[suffix]
        permissive = suffix in _REGISTERED or type_ in ("Enterprise", "Lab", "Park")
        start = _left_boundary(s, m.start(), spans, permissive=permissive)
        start = _snap_to_model(s, start, m.start(), model_tokens)
        # trim leading characters that never start a name
        while start < m.start() and s[start] in L.NOT_NAME_CHARS:
            start += 1
        if start > 0 and s[start - 1] == "”" and type_ in ("Park", "Lab"):
            q = s.rfind("“", 0, start - 1)
            if q >= 0 and start - q <= 20:
                start = q  # “某某+制剂”创新基地: the quoted words are part of the name
        quoted = _quoted_whole(s, m.start(), m.end()) if type_ != "Agency" else -1
        if quoted >= 0:
            start = quoted  # “某某材料再生与综合利用产业技术创新战略联盟”: the quote is the name
        if type_ == "Enterprise" and not suffix.endswith(("公司", "集团")):
            start = _after_park(s, start, m.start())
        name = s[start : m.end()]
        core = s[start : m.start()]
        if len(name) < 3 or (len(core) < 2 and core not in L.RELATIVE_PREFIXES):
            continue
        if suffix == "公司" and start > 0 and s[start - 1] == "的":
            continue  # 一家领先的疫苗创新公司: a description, not a name
        if kind_of_bodies(s, start, core, name):
            continue
        props: dict = {}
        if suffix in WEAK_SUFFIXES and not leads_with_name(core):
            continue  # 电子信息产业基地, 科普示范基地: kinds of bases
        if (
            quoted < 0
            and not has_anchor(core)
            and not _owned_by_place(s, start)
            and not _model_names(start, m.start(), model_tokens)
        ):
            rel = core[0] if core[0] in L.RELATIVE_PREFIXES else None
            before = s[start - 1] if start else ""
            if rel is None or (before and before in _NOT_RELATIVE) or len(name) < 4:
                continue
            props = {"relative": L.RELATIVE_PREFIXES[rel]}
        if type_ == "Enterprise" and unnamed_branch(name):
            continue
        if type_ == "Park" and suffix == "新区" and name in gazetteer().surface:
            continue  # national new areas are regions
        out.append(Raw(name, type_, start, m.end(), f"org-suffix:{suffix}", 2, props))
    for m in _BARE_PARK.finditer(s):
        out.append(
            Raw(m.group(1), "Park", m.start(1), m.end(1), "park-short", 1, {"short_park": True})
        )
    return out


_BARE_PARK = re.compile(
    rf"(?:(?<![{HAN}A-Za-z0-9])|(?<=[，、。；：“在将和与的])|(?<={'|'.join(L.MOVE_IN_VERBS)}))"
    r"(高新区|经开区|开发区|自贸区)"
)


_QUOTED_PLATFORM = re.compile(
    r"(?:共建|合作共建|联合建设|共同筹建|携手打造|打造|建设|建成)(?:的|了)?“([^“”]{4,40})”"
)
_LAB_END = re.compile(rf"(?:{_alt(L.LAB_SUFFIXES)}|基地|平台|中心)$")


_AGREEMENT_PLATFORM = re.compile(
    r"《(?:共建|合作共建|联合共建|共同建设)([^《》]{3,24}?)(?:战略)?(?:合作)?(?:框架)?(?:协议|协议书)》"
)


def find_quoted_platforms(s: str) -> list[Raw]:
    """A quoted name right after a co-building verb is the platform being built, and so is
    the one an agreement's title co-builds (签订《共建某某园合作框架协议》)."""
    out = []
    from loaders.extract.ner import type_of_org

    for m in _AGREEMENT_PLATFORM.finditer(s):
        type_ = type_of_org(m.group(1))
        if type_:
            out.append(Raw(m.group(1), type_, m.start(1), m.end(1), "agreement-platform", 3))
    for m in _QUOTED_PLATFORM.finditer(s):
        name = m.group(1)
        suffix = _ORG_RE.search(name)
        type_ = (
            "Lab"
            if _LAB_END.search(name)
            else (_SUFFIX_TYPE[suffix.group(0)] if suffix else _place_led_type(name))
        )
        if type_ is None or type_ == "Policy":
            continue
        out.append(Raw(name, type_, m.start(1), m.end(1), "quoted-platform", 3))
    return out


# A joint platform right after a co-building verb (双方共建人工智能联合实验室, 甲与乙共建的
# 某某联合研发中心): named by its field, with no proper name in it, but a named platform.
_JOINT_LAB = re.compile(
    r"(?:共建|合作共建|联合共建|携手共建|联合建设|合作建设|共同建设|共同打造)(?:的|了)?"
    rf"([^，。；：、“”《》（）()\s和及的]{{2,16}}?联合(?:{_alt(L.LAB_SUFFIXES)}))"
)
_NOT_A_FIELD = re.compile(r"^(?:国家级|国家|省级|市级|县级|区级|重点|一批|一个|多个|若干|各类)")


def find_joint_labs(s: str) -> list[Raw]:
    """The 联合实验室 / 联合创新中心 a co-building verb names: a Lab even where its name is
    a field (海洋传感联合创新中心), not a level or a count (省级联合实验室)."""
    return [
        Raw(m.group(1), "Lab", m.start(1), m.end(1), "joint-lab", 2)
        for m in _JOINT_LAB.finditer(s)
        if not _NOT_A_FIELD.match(m.group(1))
    ]


# A platform named right after a co-building verb (甲与乙合作共建某某研究院, 共建了甲—乙示范区):
# the words up to the first lab or park suffix in the clause are its name.
_COBUILT = re.compile(
    r"(?:合作共建|联合共建|携手共建|共同建设|联合建设|合作建设|共建)(?:的|了)?"
    rf"([^，。；：、“”《》（）()\s和及的与在]{{2,20}}?({_alt(L.LAB_SUFFIXES + L.PARK_SUFFIXES)}))"
)


def find_cobuilt_platforms(s: str) -> list[Raw]:
    """The platform a co-building verb names (A与B共建甲乙研究院), where its name leads with a
    proper word, a place, two partners' short forms joined by a dash (甲—乙), or a word the
    sentence has used before the verb (甲公司…共建甲某中心: a partner's short form). The clause
    says where the name begins, which the model and the segmenter often miss on unknown words
    (they read 共建甲… as one word)."""
    out = []
    for m in _COBUILT.finditer(s):
        name, suffix = m.group(1), m.group(2)
        core = name[: -len(suffix)]
        if len(core) < 2 or name in gazetteer().surface or _NOT_A_FIELD.match(core):
            continue
        if kind_of_bodies(s, m.start(1), core, name):
            continue
        lead = core[:2]
        named_before = (
            lead not in _GENERIC_CORE and lead not in _STOP_WORDS and lead in s[: m.start()]
        )
        dashed = any(d in core[1:-1] for d in _NAME_DASHES)
        if not (has_anchor(core) or named_before or dashed):
            continue
        out.append(Raw(name, _SUFFIX_TYPE[suffix], m.start(1), m.end(1), "cobuilt", 3))
    return out


def _place_led_type(name: str) -> str | None:
    """A quoted name that only the model's suffix table types (…示范园区) must begin with a
    place (“津冀某某示范园区”), not with a count or a kind (“两大省级高新园区”, “飞地园区”)."""
    from loaders.extract.ner import type_of_org

    if re.match(r"[两二三四五六七八九十几多数]+[大个家项批类]", name):
        return None
    if not name.startswith(tuple(L.MULTI_REGIONS)) and not leads_with_name(name):
        return None
    return type_of_org(name)


# A quoted name right after what it is a name of: a firm, brand or corporate platform.
_QUOTED_BRAND = re.compile(r"(?:平台|品牌|子公司)“([\u4e00-\u9fffA-Za-z0-9·]{2,10})”")


def find_quoted_brands(s: str) -> list[Raw]:
    """医美平台“某某空间”, 旗下品牌“某某”: the quoted name is an Enterprise (GUIDELINE: a named
    corporate platform is one)."""
    return [
        Raw(m.group(1), "Enterprise", m.start(1), m.end(1), "quoted-brand", 2)
        for m in _QUOTED_BRAND.finditer(s)
        if not _ORG_RE.search(m.group(1))
    ]


# A wire dateline (新华社石家庄5月3日电) or a source line (来源：某某网) names no entity.
_DATELINE = re.compile(
    r"^(?:新华社|中新社|人民网|新华网|央视网|本报|本网)?[\u4e00-\u9fff]{2,8}?\d{1,2}月\d{1,2}日电"
    r"|(?:来源|稿源|出处)[:：]\s*[^，。\s]{2,20}"
)


# Newspapers and fairs are named after places (某某日报, 某地投洽会): the place is no mention there.
_PUBLICATION_OR_FAIR = re.compile(
    r"(?:日报|晚报|早报|时报|商报|广播电视台|电视台|投洽会|经洽会|博览会|交易会|洽谈会|展览会|贸洽会)"
)


def find_bylines(s: str) -> list[Raw]:
    """Blockers (no type) over datelines, source lines, newspaper and fair names: nothing
    inside them is a mention."""
    out = [Raw(m.group(0), "", m.start(), m.end(), "dateline", 6) for m in _DATELINE.finditer(s)]
    for m in _PUBLICATION_OR_FAIR.finditer(s):
        start = region_ending_at(s, m.start(), chained=False)
        if start is not None:
            out.append(Raw(s[start : m.end()], "", start, m.end(), "publication", 3.5))
    return out


# ---------------------------------------------------------------------------- officials

_TITLE_ALT = _alt(L.TITLES + ("主委", "副主委"))
_TITLE_RUN = re.compile(rf"(?:(?:{_TITLE_ALT})[、，]?)+")
_FOLLOW = _alt(L.NAME_FOLLOWERS)
_NAME_END = re.compile(rf"(?:{_FOLLOW})|[，。、；：（(”“\s]|$")
_POST_NAME_RE = re.compile(rf"(?<![{HAN}])([{HAN}]{{2,4}}?)(?:{_alt(L.POST_NAME_TITLES)})")


def _ordinary_words(name: str) -> bool:
    """单位负责(同志): a candidate name made of a common word that is no name (单位, 负责)."""
    parts = [name[i : i + 2] for i in range(0, len(name) - 1, 2)]
    return any(word_freq(w) >= 5000 and not (word_tag(w) or "").startswith("nr") for w in parts)


def _surname_ok(name: str) -> bool:
    return name[0] in L.SURNAMES or name[:2] in L.DOUBLE_SURNAMES


def _valid_name(name: str) -> bool:
    if not re.fullmatch(rf"[{HAN}]{{2,4}}", name):
        return False
    if name[0] in L.NOT_NAME_CHARS or name[-1] in L.NOT_NAME_CHARS:
        return False
    if name in L.GENERIC_NAME_WORDS or name[:2] in L.GENERIC_NAME_WORDS:
        return False
    if name in gazetteer().surface or name[:2] in gazetteer().surface:
        return False  # 石家庄, 邢台市: places, not people
    tag = word_tag(name)
    if tag is not None and tag not in ("nr", "nrfg", "nrt") and word_freq(name) > 50:
        return False
    return True


_FOLLOW_RE = re.compile(rf"(?:{_FOLLOW})")


# A verb of taking a post right after a name's third character: that character is the name's.
_NAME_THEN_POST = re.compile(r"(?:出任|担任|兼任|任)")
# 由县长某某任组长: 任 and a title after a name end it (the 任 is the verb, not a given name).
_THEN_TAKES_TITLE = re.compile(
    rf"[兼担出]?任[^，。；、]{{0,8}}?(?:{_alt(L.TITLES + L.EXTRA_TITLES)})"
)


def _name_after(s: str, pos: int) -> str | None:
    """The 2–3 character personal name starting at ``pos``, if the text after it fits."""
    two, three = s[pos : pos + 2], s[pos : pos + 3]
    if three[2:] == "和" and _NAME_THEN_POST.match(s, pos + 3) and _valid_name(two):
        if _surname_ok(two):
            return three  # 某清和出任总经理: a 和 before the verb ends the name, it joins nothing
    for name in (two, three):
        if _valid_name(name) and _surname_ok(name) and _THEN_TAKES_TITLE.match(s, pos + len(name)):
            return name
    if (
        len(two) == 2
        and _valid_name(two)
        and _surname_ok(two)
        and (_FOLLOW_RE.match(s, pos + 2) or word_freq(s[pos + 2 : pos + 4]) > 1000)
    ):
        return two  # 王某表示, 高某此次: what follows decides between 王某 and 王某表
    for name in (three, two):
        if len(name) < 2 or not _valid_name(name) or not _surname_ok(name):
            continue
        if _NAME_END.match(s, pos + len(name)):
            return name
        if (
            len(name) == 3
            and word_tag(name) in (None, "nr", "nrfg", "nrt")
            and word_freq(name[:2]) <= 100
            and not word_freq(s[pos + 2 : pos + 4])  # 高某此次: 此次 is a word, the name is 高某
        ):
            return name
    return None


def find_officials(s: str) -> list[Raw]:
    out: list[Raw] = []
    for m in _TITLE_RUN.finditer(s):
        pos = m.end()
        if any(s[max(0, m.start() - len(b)) : m.start()].endswith(b) for b in L.BYLINE_MARKERS):
            continue
        if m.group(0)[-1] in "、，":
            continue  # 市人大代表、某某公司总裁X: another organisation follows, not a name
        titles = [t for t in re.split("[、，]", m.group(0)) if t]
        name = _name_after(s, pos)
        if not name:
            continue
        out.append(
            Raw(
                name,
                "Official",
                pos,
                pos + len(name),
                "official-title",
                3,
                {"titles": titles, "title_start": m.start()},
            )
        )
        # lists: 副主任李某、吴某某、张某
        p = pos + len(name)
        while p < len(s) and s[p] == "、":
            nxt = _name_after(s, p + 1)
            if not nxt or not _surname_ok(nxt):
                break
            out.append(
                Raw(
                    nxt,
                    "Official",
                    p + 1,
                    p + 1 + len(nxt),
                    "official-list",
                    3,
                    {"titles": titles, "title_start": m.start()},
                )
            )
            p = p + 1 + len(nxt)
    for m in _POST_NAME_RE.finditer(s):
        name = m.group(1)
        if (
            _surname_ok(name)
            and _valid_name(name)
            and word_tag(name) in (None, "nr", "nrfg", "nrt")
            and not _ordinary_words(name)
        ):
            start = m.end(1) - len(name)
            out.append(
                Raw(
                    name,
                    "Official",
                    start,
                    m.end(1),
                    "official-post-name",
                    3,
                    {"titles": [s[m.end(1) : m.end()]]},
                )
            )
    return out


# ---------------------------------------------------------------------------- policies

_BOOK = re.compile(r"《([^《》]{2,80})》")
_INNER_BOOK = re.compile(r"〈([^〈〉]{2,60})〉")
# 制 ends a policy (“揭榜挂帅”制) but not a verb (编制, 研制, 控制)
_POLICY_SUFFIX = _alt([x for x in L.POLICY_SUFFIXES if x != "制"]) + "|(?<![编研控限抵体])制"
# a quoted programme that names itself (“某某行动计划”) or a campaign year (“某某突破年”)
_SELF_NAMED = re.compile(
    rf"“([^“”]{{2,30}}(?:{_alt([x for x in L.POLICY_SUFFIXES if len(x) >= 2])})"
    rf"|[{HAN}]{{2,10}}(?:突破|攻坚|提升|落实|推进|深化|创新|服务|效能|质量|项目建设)年)”"
)
_QUOTED_POLICY = re.compile(
    rf"((?:[{HAN}]{{2,8}})?[“‘][^“”‘’]{{1,30}}[”’](?:(?![等和与])[{HAN}、]){{0,10}}?(?:{_POLICY_SUFFIX}))"
)
_VERB_POLICY = re.compile(
    rf"(?:{_alt(L.POLICY_VERBS)})((?:[{HAN}“”]{{2,18}}?)(?:工程|行动|计划|战略|专项|试点|共同体))"
    rf"(?=[，。、；：）)]|和|建设|$)"
)
_NOUNISH = {"n", "nz", "j", "ns", "nt", "an", "nr", "ng", "nrt", None}
_ITEM_POLICY = re.compile(
    rf"^\s*\d+[.、．]\s*(?:开展|实施|推进)?([{HAN}“”]{{2,18}}?(?:工程|行动|计划))(?=[。；，]|$)"
)
_QUOTED_LIST = re.compile(
    r"((?:“[^“”]{2,12}”)+)等[\u4e00-\u9fff]{0,6}?(?:机制|制度|模式|方式|政策)"
)
# Policies listed right after an acting verb and closed by 等 + 政策/工程: 实施了甲、乙等一系列
# 国家生态建设工程, 充分释放甲等政策活力 (the verb fixes where the first item begins).
_POLICY_LIST = re.compile(
    rf"(?:{_alt(L.POLICY_VERBS + L.POLICY_LIST_VERBS)})了?"
    rf"((?:[{HAN}“”]{{3,14}}、)*[{HAN}“”]{{3,14}})等(?:一系列|一批|多项)?[{HAN}]{{0,8}}?(?:政策|工程)"
)
_VERB_STARTS = tuple(sorted(L.POLICY_VERBS, key=len, reverse=True))
_COUNTED = re.compile(r"[一二三四五六七八九十两几多\d]+[项个大类批]")
_BAD_POLICY_START = (
    "一批",
    "一系列",
    "各项",
    "相关",
    "有关",
    "这些",
    "该",
    "本",
    "我们",
    "全面",
    "进一步",
)


_STRATEGY = re.compile(rf"(?:{_alt(L.NATIONAL_STRATEGIES)})战略")
# 《…协议》 is an agreement, not a policy (GUIDELINE); 《规划》 alone refers to one named before.
_AGREEMENT_TITLE = re.compile(r"(?:协议|协议书|合同|备忘录|意向书)$")


# 关于印发某某名单的通知: what a notice issues is a policy document, quoted or not.
_NOTICE = re.compile(r"关于(?:印发|发布|公布|下达|转发)([^《》“”，。]{4,60}?)的(?:通知|决定|公告)")


# What follows a place's name in a named fund: its level word, then up to eight characters of
# name (科创, 科技创新) and the kind of fund.
_PLACE_FUND = re.compile(rf"(?:市|区|县)?[{HAN}]{{0,8}}?(?:{_alt(L.FUND_ENDINGS)})")


def _place_funds(s: str) -> list[Raw]:
    """某市科创引导基金: a fund named by the place that set it up."""
    out: list[Raw] = []
    for i, end in gazetteer().longest_at(s).items():
        m = _PLACE_FUND.match(s, end)
        if m and not re.search("[的和与及、]", m.group(0)):
            out.append(Raw(s[i : m.end()], "Policy", i, m.end(), "policy-place-fund", 2))
    return out


# A quoted loan programme (“某科贷”, “人才贷”): a named financial policy, whatever follows it.
_QUOTED_LOAN = re.compile(rf"“[{HAN}]{{1,8}}贷”")


def find_policies(s: str) -> list[Raw]:
    out: list[Raw] = [
        Raw(m.group(0), "Policy", m.start(), m.end(), "policy-strategy", 2)
        for m in _STRATEGY.finditer(s)
    ]
    out += [
        Raw(m.group(0), "Policy", m.start(), m.end(), "policy-loan", 2)
        for m in _QUOTED_LOAN.finditer(s)
    ]
    out += _place_funds(s)
    out += [
        Raw(m.group(1), "Policy", m.start(1), m.end(1), "policy-notice", 2)
        for m in _NOTICE.finditer(s)
    ]
    out += [
        Raw(m.group(0), "Policy", m.start(), m.end(), "policy-self-named", 2)
        for m in _SELF_NAMED.finditer(s)
    ]
    for m in _BOOK.finditer(s):
        inner = m.group(1)
        if inner.endswith(L.PUBLICATION_ENDINGS) and len(inner) <= 8:
            continue
        if re.search(r"(报告|白皮书|蓝皮书|年鉴|公报)\s*\d*$", inner):
            continue
        if _AGREEMENT_TITLE.search(inner):
            continue
        out.append(Raw(m.group(0), "Policy", m.start(), m.end(), "policy-book", 4))
        for im in _INNER_BOOK.finditer(inner):
            st = m.start() + 1 + im.start(1)
            out.append(
                Raw(im.group(1), "Policy", st, st + len(im.group(1)), "policy-inner-book", 4)
            )
    for rx, comp in (
        (_QUOTED_POLICY, "policy-quoted"),
        (_VERB_POLICY, "policy-verb"),
        (_ITEM_POLICY, "policy-item"),
    ):
        for m in rx.finditer(s):
            name = m.group(1)
            st = m.start(1)
            if comp == "policy-quoted":
                # keep only a short lead-in before the quote when it is one word
                q = min(i for i in (name.find("“"), name.find("‘")) if i >= 0)
                if q > 0:
                    keep = 0
                    for _, _, w in reversed(word_spans(name[:q])):
                        if w in _STOP_WORDS or word_tag(w) not in _NOUNISH:
                            break
                        keep += len(w)
                    name, st = name[q - keep :], st + q - keep
            while comp != "policy-quoted" and name.startswith(_VERB_STARTS):
                verb = next(v for v in _VERB_STARTS if name.startswith(v))
                name, st = name[len(verb) :], st + len(verb)
            if comp != "policy-quoted" and ("的" in name or "等" in name):
                continue  # a description (…的…计划) or an enumeration (…等重大工程), not a name
            if name.startswith(_BAD_POLICY_START) or len(name) < 3 or _COUNTED.match(name):
                continue
            if "”“" in name:
                # “某某专家”“某某教授”计划: the first programme is named by its quotes alone
                cut = name.rindex("”“") + 1
                out.append(Raw(name[:cut], "Policy", st, st + cut, comp, 2))
                name, st = name[cut:], st + cut
            out.append(Raw(name, "Policy", st, st + len(name), comp, 2))
    for m in _POLICY_LIST.finditer(s):  # 实施了甲、乙等一系列生态工程; 释放甲等政策活力
        pos = m.start(1)
        for item in m.group(1).split("、"):
            # 推进某某屏障建设等重大工程: …建设 is building work, not a programme
            if not (
                "的" in item
                or item.endswith("建设")
                or item.startswith(_BAD_POLICY_START)
                or _COUNTED.match(item)
            ):
                out.append(Raw(item, "Policy", pos, pos + len(item), "policy-list", 2))
            pos += len(item) + 1
    for m in _QUOTED_LIST.finditer(s):  # 采用“揭榜挂帅”“赛马”等竞争机制
        pos = m.start(1)
        for q in re.findall(r"“[^“”]+”", m.group(1)):
            out.append(Raw(q, "Policy", pos, pos + len(q), "policy-quoted-list", 2))
            pos += len(q)
    return out


# A heading line that is a plan's own name (某县承接京津产业转移实施方案（2027—2029年）): a place
# begins it, a kind of government document ends it, and no verb of issuing makes it a headline
# about the plan (某县印发…方案) or a notice (关于…的通知).
_PLAN_TITLE = re.compile(
    rf"[^，。；：:、“”《》\s]{{4,60}}?(?:{_alt(L.PLAN_TITLE_ENDINGS)})(?:[（(][^（）()]{{2,16}}[）)])?"
)
_HEADLINE_VERBS = re.compile(r"印发|发布|出台|公布|推出|出炉|获批|通过|召开|举行|关于")
# a document's first line: any plan title, with no place needed before it
_TITLE_POLICY = re.compile(
    rf"[{HAN}0-9]{{4,40}}(?:{_alt(L.DOCUMENT_TITLE_ENDINGS)})(?:[（(][0-9—\-－年]{{4,14}}[)）])?"
)


def find_title_policy(s: str, first: bool = False) -> list[Raw]:
    """A line that is a plan's own name is the plan (a Policy), above anything named inside it:
    a heading that starts with a place (某县承接京津产业转移实施方案（2027—2029年）), or, as the
    document's first line, any 实施方案/行动计划/工作要点… title (推进协同创新实施方案). A headline
    about a plan (某县印发…方案) or a notice (关于…的通知) is not one; its quoted policy is found."""
    line = s.strip()
    if not line or _HEADLINE_VERBS.search(line):
        return []
    start = s.index(line)
    if first and _TITLE_POLICY.fullmatch(line):
        return [Raw(line, "Policy", start, start + len(line), "policy-title", 6)]
    if _PLAN_TITLE.fullmatch(line) and gazetteer().longest_at(line, 8).get(0, 0):
        return [Raw(line, "Policy", start, start + len(line), "policy-title", 4)]
    return []


# ---------------------------------------------------------------------------- enterprises by context

_LIST_ITEM = rf"[{HAN}A-Za-z0-9()（）·]{{2,12}}"
_ENTERPRISE_LIST = re.compile(
    rf"((?:{_LIST_ITEM}、)*{_LIST_ITEM})等(?:(?:\d+|[一二三四五六七八九十两])[家个所]"
    rf"(?:[{HAN}]{{0,6}}?)(企业|公司|单位|项目|科研院所|院所|研究所|研究机构|高校|大学))"
)
# What the closing noun of a list makes its items (甲所、乙所等9家科研院所 → Labs).
_LIST_HEAD_TYPE = {
    "科研院所": "Lab",
    "院所": "Lab",
    "研究所": "Lab",
    "研究机构": "Lab",
    "高校": "University",
    "大学": "University",
}


_GENERIC_HEADS = (
    "企业家",
    "人才",
    "院校",
    "高校",
    "机构",
    "组织",
    "团队",
    "园区",
    "企业",
    "单位",
    "项目",
)


def find_enterprise_lists(
    s: str, model_tokens: list[tuple[int, int, str]] | None = None
) -> list[Raw]:
    """A、B、C等5家企业: every item of an enumeration closed by 等…企业/单位/项目 is an organisation
    (other finders win where they know better: 某某农业大学 stays a university); closed by
    等N家科研院所/等N所高校, the items are labs/universities."""
    out: list[Raw] = []
    for m in _ENTERPRISE_LIST.finditer(s):
        type_ = _LIST_HEAD_TYPE.get(m.group(2), "Enterprise")
        pos = m.start(1)
        items = m.group(1).split("、")
        for k, item in enumerate(items):
            start = pos
            if k == 0 and model_tokens:  # the first item may carry the verb before it: 推动|甲所
                start = _first_item_start(pos, pos + len(item), model_tokens)
            elif k == 0:  # the segmenter's tags where the model's are not given
                keep = 0
                for j, (_, _, w) in enumerate(reversed(word_spans(item))):
                    bad = w in _STOP_WORDS or word_tag(w) in _BAD_POS or w in L.NOT_NAME_CHARS
                    if bad and j:  # the last word is the name's head (…所), whatever its tag
                        break
                    keep += len(w)
                start = pos + len(item) - keep
            name = s[start : pos + len(item)]
            if (
                len(name) >= 2
                and name not in gazetteer().surface
                and word_tag(name) is None
                and not name.endswith(_GENERIC_HEADS)
                and not region_and_trade(name)
            ):
                out.append(Raw(name, type_, start, pos + len(item), "enterprise-list", 1))
            pos += len(item) + 1
    return out


_BRANCH_AREA = re.compile(r"^(?:华北|华东|华南|华中|西南|西北|东北)?(分公司|子公司)$")


def unnamed_branch(name: str) -> bool:
    """设立天津分公司, 华北分公司: a firm's branch known by its area alone has no name of its own."""
    k = gazetteer().longest_at(name, _MAX_REGION).get(0, 0)
    return bool(_BRANCH_AREA.match(name[k:])) and (k > 0 or len(name) > 3)


def region_and_trade(name: str) -> bool:
    """北京医疗器械, 天津新能源 (等8个项目): a place and a trade with no name of its own are a kind
    of projects or firms of that place, not a firm."""
    k = gazetteer().longest_at(name, _MAX_REGION).get(0, 0)
    return 0 < k < len(name) and not has_anchor(name[k:])


def _first_item_start(start: int, end: int, tokens: list[tuple[int, int, str]]) -> int:
    """Where a list's first item begins: after the last word the model reads as a verb or a
    function word (扶持|某达, 推动|甲院某某所)."""
    inside = [t for t in tokens if start <= t[0] < end]
    for _t_start, t_end, tag in reversed(inside[:-1]):  # the last word is the name's head (…所)
        if tag in _ITEM_STOP:
            return t_end
    return start


# Words that end a list's first item walking left (a name there may read as a person: 际华|…).
_ITEM_STOP = {"v", "vd", "p", "c", "u", "d", "r", "m", "q", "w", "xc"}


_INDUSTRY = (
    "医药",
    "药业",
    "制药",
    "生物",
    "科技",
    "电子",
    "通信",
    "智能",
    "物流",
    "化工",
    "农业",
    "能源",
    "汽车",
    "机械",
    "电气",
    "股份",
    "控股",
    "实业",
    "传媒",
    "软件",
    "网络",
    "数据",
    "光电",
    "环保",
)
_INDUSTRY_RE = re.compile(rf"(?:{_alt(_INDUSTRY)})")
_ENT_TITLE_RE = re.compile(rf"(?:{_alt(L.ENTERPRISE_TITLES)})")


def find_enterprises_by_context(s: str, spans: list[tuple[int, int, str]]) -> list[Raw]:
    """Brand-style names: a proper word + an industry word (华龙制药), or the organisation
    named right before an enterprise post (X董事长张三)."""
    out: list[Raw] = []
    for m in _INDUSTRY_RE.finditer(s):
        st = None
        for ws, we, _w in spans:
            if we == m.start():
                st = ws
                break
        if st is None:
            continue
        word = s[st : m.start()]
        if len(word) < 2 or not _is_proper(word) or word in gazetteer().surface:
            continue
        if word_tag(word) == "nr":
            continue  # a person's name before 表示 etc. is not a firm
        start = st
        rs = region_ending_at(s, st, chained=False)
        if rs is not None:
            start = rs
        name = s[start : m.end()]
        if word_tag(name) is not None and word_freq(name) > 20:
            continue
        if kind_of_bodies(s, start, s[start : m.start()], name):
            continue  # 京津冀三地科技(力量): the regions' science, no firm
        if m.end() < len(s) and s[m.end()] in "园区":
            continue  # part of a park name
        after = s[m.end() : m.end() + 4]
        before = s[start - 1 : start] if start else ""
        context = (
            rs is not None
            or after.startswith(("董事长", "总经理", "总裁", "公司", "集团", "等企业", "、"))
            or before in ("、",)
            and after[:1] in ("、", "等")
        )
        if not context:
            continue
        out.append(Raw(name, "Enterprise", start, m.end(), "enterprise-industry", 1))
    for m in _ENT_TITLE_RE.finditer(s):
        end = m.start()
        start = end
        while start > 0 and re.match(rf"[{HAN}A-Za-z0-9()（）]", s[start - 1]) and end - start < 14:
            start -= 1
        # drop leading titles/words that belong to someone else (市人大代表、X)
        cand = s[start:end]
        for sep in ("代表", "委员", "表示", "介绍", "，"):
            if sep in cand:
                cand = cand[cand.rindex(sep) + len(sep) :]
        start = end - len(cand)
        if cand.endswith(L.FIRM_UNIT_ENDINGS):
            continue  # 某公司华北运营总部总经理: the firm's unit, not a firm
        if len(cand) >= 3 and has_anchor(cand) and not _ORG_RE.search(cand):
            out.append(Raw(cand, "Enterprise", start, end, "enterprise-before-title", 1))
    return out
