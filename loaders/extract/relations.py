"""Relation extraction: cue words and sentence structure over the entities' mentions.

Each rule works inside one sentence (the 签约 subject may come from the previous one) on the
mentions in text order, and records the cue that fired. Structural PART_OF edges come from the
region hierarchy and park/agency names.
"""

from __future__ import annotations

import re

from loaders.extract.agreements import find_cobuilding, find_signings
from loaders.extract.context import DocContext, Span, counted_referents
from loaders.extract.posts import find_posts
from loaders.extract.transfer import find_transfers
from loaders.extract.transfer_lists import find_list_transfers
from schema.records import Document, Entity, Evidence, Relation

# Relations that have no direction (the scorer and the GUIDELINE read A–B as B–A).
_SYMMETRIC = ("签约", "共建")
_ORG_TYPES = ("Enterprise", "Lab", "University", "Park", "Agency", "Region")
_PARTNER_TYPES = ("Enterprise", "Lab", "University", "Park", "Agency", "Region")
_AMOUNT = re.compile(r"(总投资|投资|金额|总额|资金)?\s*(\d+(?:\.\d+)?\s*(?:亿|万)?元)")
_DATE = re.compile(r"(\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日)")

_TRANSFER_CUES = (
    "承接",
    "引进",
    "落户",
    "入驻",
    "转移到",
    "转移至",
    "疏解到",
    "疏解至",
    "搬迁至",
    "搬迁到",
    "迁入",
)
_COBUILD = re.compile(r"(合作共建|共建|联合建设|共同筹建|携手打造|合作建设|联合共建|共同建设)")
_SIGN = re.compile(r"(签订|签署|签约|签下)(?:了)?(?:[^，。；]{0,12}?)(协议|合同|备忘录|项目|合作)?")
_HAN = "\u4e00-\u9fff"
_CREDIT = re.compile(r"(?<!拍)(?:供图|摄)\s*[。.]?\s*$")
# 为 before an issuing verb makes it a purpose (为制定规划提供支撑), not an act of issuing
# (not 以: 现予以印发 is an act).
_PURPOSE = "为"
# How far into a sentence its subject may start (after 近年来，/“ and the like).
_SUBJECT_SPAN = 8
_ISSUE = re.compile(r"(印发|发布|出台|制定|颁布|制定出台|制定印发)")
# 《P》(已)由A(正式)印发: the passive, the issuer after 由.
# 《P》，该办法由A印发: the policy taken up again by its kind word before the passive.
# A document number may come first (《P》（冀科规〔2026〕1号）由A印发), and 是/系 may stand for 由
# (《P》系A今年出台的).
_BY = re.compile(
    r"(?:[（(][^（）()，。]{2,24}号[）)])?"
    r"(?:[，,](?:该|此|这一)(?:办法|措施|细则|方案|规划|政策|意见|计划|文件|决定|条例|要点|通知))?"
    r"(?:已经|已|日前|近日|将)?(?:由|系|是)"
)
# 由A(于今年3月)(正式)印发: the issuer, when, then the act.
_ISSUED_AFTER = re.compile(
    r"(?:于[^，。；]{1,12}?|(?:今年|去年|年初|\d{4}年)(?:\d{1,2}月)?)?"
    r"(?:正式|联合|共同|研究|近日|日前|组织)*(印发|发布|出台|制定|颁布)"
)
# 在X(合作)建设Y: Y is being built in X
_BUILD_AT = re.compile(
    r"(?:合作|共同|联合|投资|加快|开工)?(?:建设|建立|打造|兴建|落地|布局)(?:了)?"
)
_LOCATED = re.compile(r"(位于|坐落于|坐落在|地处|落地|设在|设于|选址在|选址于)")
# A subject that refers back to a body named before (该研究院坐落于P, 其总部位于P, 新公司注册地位于R,
# X是…企业，总部位于R): the kind word says which type it is (none: a firm).
_KINDS = r"(研究院|研究所|联合实验室|中心|实验室|基地|平台|公司|企业|大学|学院|园区|产业园)"
# 位于园区东侧的Y: a park by its kind word alone, a side of it, and 的 before what lies there.
_BARE_PARK_DE = re.compile(r"(?:园区|开发区|高新区|产业园)(?:[东西南北](?:侧|部|面)|内|里|中)?的")
# 园区内的甲公司: a park by its kind word alone, and 内的 before a body inside it.
_BARE_PARK_IN = re.compile(r"(园区|开发区|高新区|产业园)(?:内|里)的")
# Places whose 的 before a body says where it is (某新区的某示范区, 某镇的某产业园, 某市的某产业园,
# 某县的某园; GUIDELINE …区的).
_PLACE_DE_ENDS = ("区", "镇", "乡", "市", "县")
_REFERRING_THING = re.compile(
    rf"(?:(?:该|这家|这所|此|其|新)(?:总部)?{_KINDS}?|{_KINDS}|(?=总部|注册地))(?:总部|注册地)?$"
)
_KIND_TYPES = {
    "研究院": ("Lab",),
    "研究所": ("Lab",),
    "中心": ("Lab",),
    "实验室": ("Lab",),
    "联合实验室": ("Lab",),
    "基地": ("Lab", "Park"),
    "平台": ("Lab",),
    "公司": ("Enterprise",),
    "企业": ("Enterprise",),
    "大学": ("University",),
    "学院": ("University",),
    "园区": ("Park",),
    "产业园": ("Park",),
    None: ("Enterprise",),  # 其总部: the firm just named
}


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rels: dict[tuple[str, str, str], Relation] = {}

    def add(
        self,
        type_: str,
        head: Span | str,
        tail: Span | str,
        sid: int,
        cue: str,
        confidence: float,
        **props: object,
    ) -> None:
        hk = head if isinstance(head, str) else head.key
        tk = tail if isinstance(tail, str) else tail.key
        if hk == tk:
            return
        sent = self.doc.sentences[sid]
        ev = Evidence(
            self.doc.id, sid, sent.text, sent.start, sent.end, sent.orig_start, sent.orig_end, cue
        )
        key = (type_, hk, tk)
        if type_ in _SYMMETRIC and (type_, tk, hk) in self.rels:
            key = (type_, tk, hk)  # A与B签约 and B与A签约 are one signing
        rel = self.rels.get(key)
        if rel is None:
            rel = Relation(type_, hk, tk, [], confidence, {})
            self.rels[key] = rel
        if ev not in rel.evidence:
            rel.evidence.append(ev)
        rel.confidence = max(rel.confidence, confidence)
        for k, v in props.items():
            if v in (None, "", []):
                continue
            old = rel.props.get(k)
            if isinstance(v, list) and isinstance(old, list):
                rel.props[k] = sorted(set(old) | set(v))
            elif old is None:
                rel.props[k] = v


def _sentence_facts(text: str) -> dict[str, str]:
    facts = {}
    m = _AMOUNT.search(text)
    if m:
        facts["amount"] = (m.group(1) or "") + m.group(2).replace(" ", "")
    d = _DATE.search(text)
    if d:
        facts["date"] = d.group(1)
    return facts


def _region_names(spans: list[Span], keys: dict[str, Entity]) -> list[str]:
    return [keys[s.key].name for s in spans if s.type == "Region"]


# ------------------------------------------------------------------------------ rules


_OWN = {"我省": "province", "我市": "city", "我县": "county", "我区": "county"}


def _own_region(before: str, keys: dict[str, Entity], pos: int) -> Span | None:
    """我省/我市 right before a cue: the most mentioned region of that level in the document."""
    word, level = next(((w, lv) for w, lv in _OWN.items() if before.endswith(w)), ("", None))
    if level is None:
        return None
    # 我省 is a 省 (a municipality such as 北京市 says 我市)
    ending = word[-1] if word == "我省" else ""
    ranked = sorted(
        (
            e
            for e in keys.values()
            if e.type == "Region"
            and e.props.get("level") == level
            and (e.props.get("canonical") or e.name).endswith(ending)
        ),
        key=lambda e: len(e.mentions),
        reverse=True,
    )
    if not ranked or (len(ranked) > 1 and len(ranked[0].mentions) == len(ranked[1].mentions)):
        return None  # no region of that level, or no single main one
    return Span(ranked[0].key, "Region", pos, pos, ranked[0].name)


def _issue(b: _Builder, sid: int, text: str, spans: list[Span], keys: dict[str, Entity]) -> None:
    """发布: a body (or a region when no body is named) issues the policies after the cue, or
    names its policy directly before it (省政府《…》)."""
    for i, sp in enumerate(spans):
        if sp.type != "Policy":
            continue
        prev = spans[i - 1] if i else None
        if prev is not None and prev.type in ("Agency",) and sp.start - prev.end <= 1:
            b.add("发布", prev, sp, sid, "adjacent", 0.6)
            # 省委省政府《…》: two bodies side by side both issue it
            if i >= 2 and spans[i - 2].type == "Agency" and prev.start - spans[i - 2].end == 0:
                b.add("发布", spans[i - 2], sp, sid, "adjacent", 0.6)
    for i, sp in enumerate(spans):  # 《P》由A正式印发
        by = _BY.match(text, sp.end) if sp.type == "Policy" else None
        issuer = next((s for s in spans[i + 1 :] if s.start == by.end()), None) if by else None
        if issuer is None or issuer.type not in ("Agency", "Region"):
            continue
        issuers = [issuer]
        for s in spans[spans.index(issuer) + 1 :]:  # 由甲、乙联合印发
            if s.type not in ("Agency", "Region") or text[issuers[-1].end : s.start] not in (
                "、",
                "和",
                "与",
            ):
                break
            issuers.append(s)
        done = _ISSUED_AFTER.match(text, issuers[-1].end)
        for who in issuers if done else []:
            b.add("发布", who, sp, sid, done.group(1), 0.7)
    for m in _ISSUE.finditer(text):
        if m.start() and text[m.start() - 1] in _PURPOSE:  # 为制定…提供咨询: nothing is issued
            continue
        before = [s for s in spans if s.end <= m.start() and m.start() - s.end <= 80]
        # 我省发布《…》: the document's own province (city, county) is the subject
        issuer = _own_region(text[max(0, m.start() - 3) : m.start()], keys, m.start())
        if issuer is None:
            issuer = next((s for s in reversed(before) if s.type == "Agency"), None)
        if issuer is None:
            issuer = next((s for s in reversed(before) if s.type == "Region"), None)
        if issuer is None:
            # the sentence's subject, far before a long predicate (X始终…，先后出台《…》)
            issuer = next(
                (s for s in spans if s.type in ("Agency", "Region") and s.start <= _SUBJECT_SPAN),
                None,
            )
            for s in spans:  # 某市某区: the innermost of adjoining regions
                if issuer is not None and s.type == "Region" and s.start == issuer.end:
                    issuer = s
            if issuer is not None and issuer.end > m.start():
                issuer = None
        if issuer is None:
            continue
        between = text[issuer.end : m.start()]
        if "。" in between:
            continue
        policies = []
        for s in spans:
            if s.start < m.end() or s.type != "Policy":
                continue
            gap = text[(policies[-1].end if policies else m.end()) : s.start]
            if len(gap) > 3 or any(c in gap for c in "。；"):
                break
            policies.append(s)
        # 甲、乙联合印发《…》: every body listed with the issuer issues it
        issuers = [issuer] + _listed_before(spans, issuer, text)
        if issuer.type != "Agency":  # 为抢抓京津机遇，制定本方案: a place is no author
            policies = [p for p in policies if not p.text.startswith("本")]
        for p in policies:
            for who in issuers:
                b.add("发布", who, p, sid, m.group(1), 0.7)


# What joins issuers listed together (甲、乙和丙; 甲会同乙制定: 乙 issues it with 甲).
_ISSUER_JOINS = ("、", "和", "与", "会同")


def _listed_before(spans: list[Span], last: Span, text: str) -> list[Span]:
    """The bodies listed right before ``last`` (甲、乙和丙, 甲会同乙): same kind of issuer."""
    out: list[Span] = []
    cur = last
    for s in reversed([s for s in spans if s.end <= last.start]):
        if s.type not in ("Agency", "Region") or text[s.end : cur.start] not in _ISSUER_JOINS:
            break
        out.append(s)
        cur = s
    return out


def _referred_thing(
    text: str, pos: int, before: list[Span], prev: list[Span], ctx: DocContext | None = None
) -> Span | None:
    """该研究院坐落于…, 园区地处…: the last body of the kind word's type named before the clause,
    in this sentence or the previous one (a bare kind word: one whose name ends with it, else
    the document's main one of that kind); none when the clause names one itself."""
    lo = max((text.rfind(c, 0, pos) for c in "，。；;"), default=-1) + 1
    ref = _REFERRING_THING.search(text, lo, pos)
    if ref is None or ref.start() != lo or any(s.start >= lo for s in before):
        return None
    bare = ref.group(2)  # 研究院位于…: the kind word alone names the body it is the end of
    types = _KIND_TYPES[ref.group(1) or bare]
    earlier = [s for s in before if s.type in types] or [s for s in prev if s.type in types]
    if bare:
        earlier = [s for s in earlier if _ends_as(s.text, bare)]
        if not earlier and ctx is not None:
            found = [ctx.referent(t) for t in types]
            found = [e for e in found if e is not None and _ends_as(e.name, bare)]
            return Span(found[0].key, found[0].type, pos, pos, found[0].name) if found else None
    return earlier[-1] if earlier else None


def _ends_as(name: str, kind: str) -> bool:
    """Whether a body's name fits the kind word written for it (园区 fits any park)."""
    return name.endswith(kind) or (kind == "园区" and name.endswith(("园", "区")))


# What may come before a sentence's subject (其中，P由…; 此外，…).
_LEAD_IN = re.compile(
    r"(?:\d{1,2}月\d{1,2}日(?:上午|下午)?[，,])?"
    r"(?:其中|此外|同时|另外|目前|近日|日前|据[^，。；“”]{0,20}?(?:介绍|了解|悉))?[，,]?"
)


def _subject_thing(text: str, spans: list[Span], things: tuple[str, ...]) -> Span | None:
    """The body a sentence opens with (past a lead-in such as 其中，), when it is of ``things``:
    a clause that opens with 位于 and no subject of its own goes on about it."""
    lead = _LEAD_IN.match(text)
    first = spans[0] if spans else None
    if first is None or first.start != lead.end() or first.type not in things:
        return None
    return first


def _located(
    b: _Builder,
    sid: int,
    text: str,
    spans: list[Span],
    keys: dict[str, Entity],
    prev: list[Span] | None = None,
    ctx: DocContext | None = None,
) -> None:
    """位于: 位于X的Y / Y位于X / 在X的Y / X区的Y / X内，Y / 该研究院位于X / 园区地处X."""
    places = ("Park", "Region")
    things = ("Enterprise", "Lab", "Park", "University")
    for m in _LOCATED.finditer(text):
        after = [s for s in spans if s.start >= m.end()]
        before = [s for s in spans if s.end <= m.start()]
        bare = _BARE_PARK_DE.match(text, m.end())
        if bare and after and after[0].start == bare.end() and after[0].type in things:
            # 坐落在园区东侧的Y: the park the document is about
            main = _main_park(before, prev or [], ctx)
            if main is not None:
                b.add("位于", after[0], main, sid, m.group(1), 0.6)
            continue
        inside = _BARE_PARK_INSIDE.match(text, m.end())
        if inside and not any(s.start == m.end() for s in spans):
            # 设在产业园内: inside the park the document (or the sentence) is about
            main = _main_park(before, prev or [], ctx)
            for subject in _located_subjects(text, m.start(), spans, prev or [], ctx, things):
                if main is not None:
                    b.add("位于", subject, main, sid, m.group(1), 0.6)
            continue
        if not after or after[0].type not in places or after[0].start - m.end() > 1:
            continue
        place = after[0]
        # 位于X的Y, 地处X东部的Y
        de = _SIDE_DE.match(text, place.end)
        if de and len(after) > 1 and after[1].start == de.end() and after[1].type in things:
            b.add("位于", after[1], place, sid, m.group(1), 0.8)
            # 两个平台都位于某镇的P, 设在某镇的P内: P is the place the subject is in
            subjects = (
                _located_subjects(text, m.start(), spans, prev or [], ctx, things)
                if after[1].type == "Park" and _ENDS_PLACE.match(text, after[1].end)
                else []
            )
            for subject in subjects:
                if subject.key != after[1].key:
                    b.add("位于", subject, after[1], sid, m.group(1), 0.6)
            continue
        # ，位于R的某项目: another thing (no entity) is there, not the clause before's
        open_clause = not _SIDE_DE.match(text, place.end)
        for subject in _located_subjects(
            text, m.start(), spans, prev or [], ctx, things, open_clause
        ):
            if subject.key != place.key:
                b.add("位于", subject, place, sid, m.group(1), 0.7)
    for m in re.finditer(r"在", text):
        after = [s for s in spans if s.start >= m.end()]
        k = 0
        while (
            k < len(after)
            and after[k].type in places
            and after[k].start == (after[k - 1].end if k else m.end())
        ):
            k += 1
        if k == 0 or k >= len(after):
            continue
        place, thing = after[k - 1], after[k]
        if (
            text[place.end : place.end + 1] == "的"
            and thing.start == place.end + 1
            and thing.type in things
        ):
            b.add("位于", thing, place, sid, "在…的", 0.7)
        elif (
            thing.start == place.end
            and thing.type in ("Enterprise", "Lab")
            and place.type == "Park"
        ):
            b.add("位于", thing, place, sid, "在", 0.6)
        elif thing.type in things and _BUILD_AT.fullmatch(text, place.end, thing.start):
            b.add("位于", thing, place, sid, "在…建设", 0.6)  # 将在某园区合作建设某基地
    for i, sp in enumerate(spans[:-1]):
        nxt = spans[i + 1]
        if (
            sp.type in places
            and sp.text.endswith(_PLACE_DE_ENDS)
            and text[sp.end : sp.end + 1] == "的"
            and nxt.start == sp.end + 1
            and nxt.type in things
        ):
            b.add("位于", nxt, sp, sid, sp.text[-1] + "的", 0.6)  # 某新区的某示范区, 某镇的某园
        inside = _PARK_INSIDE.match(text, sp.end) if sp.type == "Park" else None
        if inside and nxt.start == inside.end() and nxt.type in ("Enterprise", "Lab"):
            b.add("位于", nxt, sp, sid, "内", 0.7)  # P内，Y / P内的Y

    for m in _BARE_PARK_IN.finditer(text):
        # 园区内的甲公司: inside the park the document is about (园区 alone, not a name's end)
        thing = next((s for s in spans if s.start == m.end()), None)
        if thing is None or thing.type not in ("Enterprise", "Lab"):
            continue
        if any(s.end == m.end(1) for s in spans):
            continue
        before = [s for s in spans if s.end <= m.start()]
        main = _main_park(before, prev or [], ctx)
        if main is not None:
            b.add("位于", thing, main, sid, "园区内的", 0.6)


# What follows a named park when a body inside it comes next: P内，Y / P内的Y (as 园区内的Y).
_PARK_INSIDE = re.compile(r"(?:内|里)(?:[，,]|的)")


# 的 after a place, past the side of it (某县东部的Y, 某区境内的Y): what lies there follows.
_SIDE_DE = re.compile(r"(?:(?:东|西|南|北|中|东南|东北|西南|西北)(?:部|侧)|境内)?的")
# What ends a place phrase (某镇的P内，/ P。): the place is where the subject is.
_ENDS_PLACE = re.compile(r"(?:内|里|中)?(?:[，。；,;]|$)")
# 设在园区内 / 位于产业园内 / 设在园区某某中心内: a park by its kind word alone (or a building
# of it), inside it.
_BARE_PARK_INSIDE = re.compile(
    rf"(?:园区|产业园|开发区|高新区)(?:[{_HAN}]{{2,6}}?(?:中心|大楼|大厦|楼))?(?:内|里|中)"
)
# Words between a clause's start and its cue that leave the clause without a subject (，均位于R).
_NO_SUBJECT = re.compile(r"(?:都|均|也|则|已|将|主要|分别)*$")


# A body's own premises (新厂区, 办公区和实验室, 生产基地): where they are, the body is, so a
# clause opening with them goes on about the clause before's subject (…搬迁到某镇，新厂区坐落在P).
_PREMISES = r"(?:[一二三四五]期)?(?:办公区|厂区|厂房|生产基地|研发基地|数据中心|研发中心|车间|工厂|生产线|实验室)"
_FACILITY = re.compile(rf"新?{_PREMISES}(?:(?:和|及|、){_PREMISES})*{_NO_SUBJECT.pattern}")
_FACILITY_OF = re.compile(rf"的?{_FACILITY.pattern}")


def _located_subjects(
    text: str,
    pos: int,
    spans: list[Span],
    prev: list[Span],
    ctx: DocContext | None,
    things: tuple[str, ...],
    open_clause: bool = True,
) -> list[Span]:
    """The bodies a counted subject names (两个平台都位于…: the last two platforms named), else
    the one subject of _located_subject."""
    counted = counted_referents(text, pos, spans, prev)
    if counted:
        return counted
    one = _located_subject(text, pos, spans, prev, ctx, things, open_clause)
    return [one] if one is not None else []


def _located_subject(
    text: str,
    pos: int,
    spans: list[Span],
    prev: list[Span],
    ctx: DocContext | None,
    things: tuple[str, ...],
    open_clause: bool = True,
) -> Span | None:
    """What a 位于/设在 at ``pos`` says is somewhere: the body right before the cue (Y位于X,
    某公司总部位于X), a word that refers back (该中心, 园区) or that ends a name just given
    (飞地园 for 某某科创飞地园); when the clause has no subject, that of the clause before
    (该中心由…共建，设在…), or the body the clause before ends with (共建P，设在…), or the
    sentence's own (P由甲建设，位于R)."""
    before = [s for s in spans if s.end <= pos]
    if before and before[-1].type in things and pos - before[-1].end <= 2:
        return before[-1]
    if before and before[-1].type in things and _FACILITY_OF.fullmatch(text, before[-1].end, pos):
        return before[-1]  # 甲公司的生产基地位于R: the firm is there
    lo = _clause_start(text, pos)
    found = _referred_thing(text, pos, before, prev, ctx) or _name_end(
        text, lo, pos, before, prev, things
    )
    subjectless = _NO_SUBJECT.fullmatch(text, lo, pos) or _FACILITY.fullmatch(text, lo, pos)
    if found is not None or not open_clause or lo == 0 or not subjectless:
        return found
    if any(s.start >= lo for s in before):
        return None
    plo = _clause_start(text, lo - 1)
    for k in range(min(6, lo - 1 - plo), 1, -1):  # 该中心由…共建，设在…
        earlier = [s for s in before if s.end <= plo + k]
        found = _referred_thing(text, plo + k, earlier, prev, ctx)
        if found is not None:
            return found
    last = before[-1] if before else None
    if last is not None and last.type in things and last.start >= plo and last.end == lo - 1:
        return last  # 共建P，设在…
    if text[lo - 1 : lo] in ("，", ","):
        return _subject_thing(text, spans, things)  # P由甲建设，位于R
    return None


def _clause_start(text: str, pos: int) -> int:
    return max((text.rfind(c, 0, pos) for c in "，。；;,"), default=-1) + 1


def _name_end(
    text: str, lo: int, pos: int, before: list[Span], prev: list[Span], things: tuple[str, ...]
) -> Span | None:
    """飞地园位于R, 示范区位于R: a clause that opens with the last word of a body named just
    before (某某科创飞地园, 某某协同发展示范区) goes on about that body."""
    word = re.match(rf"[{_HAN}]{{2,4}}?(?={_NO_SUBJECT.pattern})", text[lo:pos])
    if word is None or any(s.start >= lo for s in before):
        return None
    tail = word.group(0)
    named = [s for s in before + prev if s.type in things and s.text.endswith(tail)]
    named = [s for s in named if len(s.text) > len(tail)]
    return named[-1] if named else None


def _main_park(before: list[Span], prev: list[Span], ctx: DocContext | None) -> str | None:
    """The park a bare 园区 means: the last named before it in this sentence or the previous
    one, else the document's main one."""
    park = [s for s in before if s.type == "Park"] or [s for s in prev if s.type == "Park"]
    if park:
        return park[-1].key
    main = ctx.referent("Park") if ctx is not None else None
    return main.key if main is not None else None


def _part_of(b: _Builder, entities: list[Entity]) -> None:
    """Structural containment from the gazetteer and from names (no sentence needed)."""
    by_name = {e.name: e for e in entities if e.type == "Region"}
    by_ident = {e.key.split(":", 1)[1]: e for e in entities if e.type == "Region"}
    for e in entities:
        parent = None
        if e.type == "Region" and e.props.get("parent"):
            parent = by_ident.get(e.props["parent"]) or by_name.get(e.props["parent"])
        elif e.type in ("Park", "Agency") and e.props.get("region"):
            parent = by_ident.get(e.props["region"]) or by_name.get(e.props["region"])
        if parent is not None and parent.key != e.key:
            key = ("PART_OF", e.key, parent.key)
            if key not in b.rels:
                b.rels[key] = Relation("PART_OF", e.key, parent.key, [], 1.0, {})


# A person's words: the name followed by a verb of saying or a colon (某某说，… / 某某：…).
_SAYS = re.compile(r"(?:说|表示|介绍|指出|认为|坦言|告诉记者)[，,：:]?|[：:]")


def _speaker_body(
    text: str, spans: list[Span], prev: tuple[int, str, list[Span]], people: dict[str, Span]
) -> Span | None:
    """The body the person speaking in this sentence (or, for a sentence that names no
    speaker, in the one before: 某某说，…。“我们…”) holds a post in."""
    for sent, pool in ((text, spans), (prev[1], prev[2])):
        said = [s for s in pool if s.type == "Official" and _SAYS.match(sent, s.end)]
        if said:
            return people.get(said[-1].key)
    return None


def extract_relations(doc: Document, entities: list[Entity]) -> list[Relation]:
    """All relations of one document, each with its evidence sentence(s) and cue."""
    ctx = DocContext.build(doc, entities)
    keys = ctx.entities
    by_sent = ctx.by_sentence
    b = _Builder(doc)
    prev: list[Span] = []
    prev_sent: tuple[int, str, list[Span]] = (-1, "", [])
    last_signers: list[Span] = []
    people: dict[str, Span] = {}  # an official → the organisation of their first post
    for sent in doc.sentences:
        spans = by_sent.get(sent.id, [])
        ctx.sentence = sent.id
        if spans:
            text = sent.text
            for post in find_posts(text, spans, ctx):
                b.add("任职", post.person, post.org_key, sent.id, post.cue, 0.8, title=post.title)
                org = keys.get(post.org_key)
                if org is not None and post.person.key not in people:
                    people[post.person.key] = Span(org.key, org.type, -1, -1, org.name)
            facts = _sentence_facts(text)
            found = find_transfers(sent.id, text, spans, ctx, prev_sent)
            for t in found + find_list_transfers(sent.id, text, spans, ctx, prev_sent):
                for sid in t.sentences:
                    b.add(
                        "承接",
                        t.receiver.key,
                        t.taken.key,
                        sid,
                        t.cue,
                        t.confidence,
                        from_region=t.from_region,
                        **facts,
                    )
            signed = find_signings(sent.id, text, spans, prev, people, ctx)
            if signed:
                last_signers = list(
                    {x.key: x for link in signed for x in (link.head, link.tail)}.values()
                )
            speaker = _speaker_body(text, spans, prev_sent, people)
            for link in signed + find_cobuilding(text, spans, last_signers, ctx, speaker):
                b.add(
                    link.type,
                    link.head,
                    link.tail,
                    sent.id,
                    link.cue,
                    link.confidence,
                    **link.props,
                    **(facts if link.type == "签约" else {}),
                )
            _issue(b, sent.id, text, spans, keys)
            _located(b, sent.id, text, spans, keys, prev, ctx)
        elif prev_sent[2]:
            # 该项目去年落户园区: a sentence naming nothing may move what the one before named
            for t in find_transfers(sent.id, sent.text, [], ctx, prev_sent):
                b.add(
                    "承接",
                    t.receiver.key,
                    t.taken.key,
                    sent.id,
                    t.cue,
                    t.confidence,
                    from_region=t.from_region,
                    **_sentence_facts(sent.text),
                )
        # a photo credit (…供图, 记者 X 摄) ends a caption: what follows does not continue it
        prev = [] if _CREDIT.search(sent.text) else spans or prev
        prev_sent = (sent.id, sent.text, spans)
    _notice_sender(b, doc, ctx)
    _part_of(b, entities)
    return list(b.rels.values())


# A notice's title that names what it issues but not who (关于印发某某名单的通知).
_NOTICE_TITLE = re.compile(r"关于(?:印发|发布|公布|下达)[^，。；]{2,80}的(?:通知|决定|公告)")


def _notice_sender(b: _Builder, doc: Document, ctx: DocContext) -> None:
    """关于印发P的通知 with its sender on a line of its own (the header or the signature, 某厅):
    that body issues P, when the notice names no issuer in its title and one body stands alone."""
    titled = [
        (sent.id, sp)
        for sent in doc.sentences[:3]
        if _NOTICE_TITLE.fullmatch(sent.text.strip())
        for sp in ctx.by_sentence.get(sent.id, [])
        if sp.type == "Policy"
    ]
    if not titled or any(
        sp.type == "Agency" for sid, _ in titled for sp in ctx.by_sentence.get(sid, [])
    ):
        return
    alone = {
        sp.key: (sent.id, sp)
        for sent in doc.sentences
        for sp in ctx.by_sentence.get(sent.id, [])
        if sp.type == "Agency" and sp.text == sent.text.strip()
    }
    if len(alone) != 1:
        return
    sid, sender = next(iter(alone.values()))
    for _, policy in titled:
        b.add("发布", sender, policy, sid, "通知", 0.6)
