"""Relation extraction: cue words and sentence structure over the entities' mentions.

Each rule works inside one sentence (the 签约 subject may come from the previous one) on the
mentions in text order, and records the cue that fired. Structural PART_OF edges come from the
region hierarchy and park/agency names.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from loaders.extract import lexicon as L
from schema.records import Document, Entity, Evidence, Relation


@dataclass(frozen=True)
class Span:
    key: str
    type: str
    start: int  # sentence-relative
    end: int
    text: str


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
_CREDIT = re.compile(r"(?<!拍)(?:供图|摄)\s*[。.]?\s*$")
# 为 before an issuing verb makes it a purpose (为制定规划提供支撑), not an act of issuing
# (not 以: 现予以印发 is an act).
_PURPOSE = "为"
# How far into a sentence its subject may start (after 近年来，/“ and the like).
_SUBJECT_SPAN = 8
_ISSUE = re.compile(r"(印发|发布|出台|制定|颁布|制定出台|制定印发)")
_LOCATED = re.compile(r"(位于|坐落于|坐落在|地处|落地)")


def _spans_by_sentence(doc: Document, entities: list[Entity]) -> dict[int, list[Span]]:
    out: dict[int, list[Span]] = {}
    for e in entities:
        for m in e.mentions:
            sent = doc.sentences[m.sentence_id]
            out.setdefault(m.sentence_id, []).append(
                Span(e.key, e.type, m.start - sent.start, m.end - sent.start, m.text)
            )
    for spans in out.values():
        spans.sort(key=lambda s: (s.start, s.key))
    return out


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


_BODY = r"(?:委|党工委|管委会|党委|党组|[\u4e00-\u9fff]{2,12}?(?:管理办公室|办公室|中心))"
_TITLE_ALT = "|".join(sorted(L.TITLES + ("主委", "副主委", "高级工程师"), key=len, reverse=True))
# posts are chained with 、，and 兼 (董事长兼总经理; A公司党委书记兼B公司执行总裁)
_POST_SEP = "、，兼"
_POST_GAP = re.compile(rf"(?:(?:{_BODY}|{_TITLE_ALT})[{_POST_SEP}]?)*(?:{_TITLE_ALT})")
_TITLE_ONLY = re.compile(rf"(?:(?:{_TITLE_ALT})[、，]?)+")
_TITLE_BEFORE = re.compile(rf"(?:(?:{_TITLE_ALT})[、，]?)*(?:{_TITLE_ALT})$")


def _post_title(org: Span, raw: str) -> str:
    """The post's title as written; a region's party committee keeps its 区/市/县 (区委副书记)."""
    title = raw.strip("、，")
    if title.startswith("委") and org.type == "Region":
        title = org.text[-1] + title
    return title


def _post(b: _Builder, sid: int, text: str, spans: list[Span], keys: dict[str, Entity]) -> None:
    """任职: [org][body][titles] NAME segments (chained with 、), and lists after a title."""
    last: tuple[Span, str] | None = None
    for i, sp in enumerate(spans):
        if sp.type != "Official":
            continue
        found = False
        pos = sp.start
        while True:
            org = None
            for o in reversed(spans[:i]):
                if o.end > pos or o.type not in _ORG_TYPES:
                    continue
                if pos - o.end > 30:
                    break
                if _POST_GAP.fullmatch(text, o.end, pos):
                    org = o
                break
            if org is None:
                break
            title = _post_title(org, text[org.end : pos])
            org = _head_of_government(org, title, keys)
            found = True
            b.add("任职", sp, org, sid, "title", 0.85, title=title)
            last = (org, title)
            # 市政协委员，A公司党委书记兼B公司总裁X: each segment before holds another post
            seg_start = org.start
            while seg_start > 0 and text[seg_start - 1] in _POST_SEP:
                seg_end = seg_start - 1
                prev_org = next(
                    (o for o in reversed(spans[:i]) if o.end <= seg_end and o.type in _ORG_TYPES),
                    None,
                )
                if prev_org is None or not _POST_GAP.fullmatch(text, prev_org.end, seg_end):
                    break
                b.add(
                    "任职",
                    sp,
                    prev_org,
                    sid,
                    "title",
                    0.8,
                    title=_post_title(prev_org, text[prev_org.end : seg_end]),
                )
                seg_start = prev_org.start
            break
        if found:
            continue
        lead = _TITLE_BEFORE.search(text, 0, sp.start)
        if last is not None and lead and lead.end() == sp.start:
            title = lead.group(0).strip("、，")
            b.add("任职", sp, last[0], sid, "title-list", 0.6, title=title)
            last = (last[0], title)
            continue
        if last is not None:
            gap = text[spans[i - 1].end : sp.start] if i else ""
            titled = _TITLE_ONLY.fullmatch(text, spans[i - 1].end + 1, sp.start) if i else None
            if gap == "、" and spans[i - 1].type == "Official":
                b.add("任职", sp, last[0], sid, "title-list", 0.6, title=last[1])
            elif titled and i and spans[i - 1].type == "Official":
                b.add("任职", sp, last[0], sid, "title-list", 0.6, title=gap.strip("，、"))
                last = (last[0], gap.strip("，、"))


_OWN = {"我省": "province", "我市": "city", "我县": "county", "我区": "county"}


def _own_region(before: str, keys: dict[str, Entity], pos: int) -> Span | None:
    """我省/我市 right before a cue: the most mentioned region of that level in the document."""
    level = next((lv for word, lv in _OWN.items() if before.endswith(word)), None)
    if level is None:
        return None
    ranked = sorted(
        (e for e in keys.values() if e.type == "Region" and e.props.get("level") == level),
        key=lambda e: len(e.mentions),
        reverse=True,
    )
    if not ranked or (len(ranked) > 1 and len(ranked[0].mentions) == len(ranked[1].mentions)):
        return None  # no region of that level, or no single main one
    return Span(ranked[0].key, "Region", pos, pos, ranked[0].name)


_HEAD_TITLES = re.compile(r"(区长|市长|县长|省长|州长|旗长)$")
_REGION_BODY = re.compile(r"(人民政府|政府|委)$")


def _head_of_government(org: Span, title: str, keys: dict[str, Entity]) -> Span:
    """区委副书记、区长 X: the head of a district's government holds the post in the district."""
    if org.type != "Agency" or not any(_HEAD_TITLES.search(t) for t in re.split("[、，]", title)):
        return org
    from loaders.extract.mentions import region_ending_at

    place = _REGION_BODY.sub("", org.text)
    if place == org.text:
        return org
    start = region_ending_at(place, len(place), chained=False)
    if start is None:
        return org
    last = place[start:]
    for key, e in keys.items():
        if e.type == "Region" and last in {e.name, *e.aliases, e.props.get("canonical")}:
            return Span(key, "Region", org.start, org.end, org.text)
    return org


def _transfer(b: _Builder, sid: int, text: str, spans: list[Span], keys: dict[str, Entity]) -> None:
    """承接: receiver → what it takes in, with where it came from."""
    facts = _sentence_facts(text)
    for cue in _TRANSFER_CUES:
        for m in re.finditer(cue, text):
            before = [s for s in spans if s.end <= m.start()]
            after = [s for s in spans if s.start >= m.end()]
            origin = _origin(text, m.start(), spans, keys)
            if cue == "承接":
                receiver = _nearest(
                    before,
                    ("Park", "Region", "Enterprise"),
                    text,
                    m.start(),
                    exclude=_origin_like(keys),
                ) or _speaker_org(text, m.end(), spans, ("Park", "Region"), _origin_like(keys))
                if receiver is None:
                    continue
                # 承接京津产业转移: the regions right after the cue are where it comes from
                regions = [
                    s
                    for s in after
                    if s.type == "Region"
                    and s.start - m.end() <= 1
                    or (s.type == "Region" and after and s.start == after[0].start)
                ]
                regions = [s for s in regions if s.start < m.end() + 4]
                taken = [
                    s for s in after if s.type in ("Enterprise", "Lab") and s.start - m.end() <= 12
                ]
                for rec in [receiver, *_coordinated(before, receiver, text)]:
                    for r in regions:
                        b.add(
                            "承接", rec, r, sid, cue, 0.7, from_region=[keys[r.key].name], **facts
                        )
                    for t in taken[:3]:
                        b.add("承接", rec, t, sid, cue, 0.6, from_region=origin, **facts)
            elif cue in ("落户", "入驻", "迁入"):
                # X 落户/入驻 Y: Y (a park or place) takes in X
                target = next(
                    (s for s in after if s.type in ("Park", "Region") and s.start - m.end() <= 2),
                    None,
                )
                if target is None:
                    continue
                movers = [
                    s for s in before if s.type in ("Enterprise", "Lab") and m.start() - s.end <= 15
                ]
                if movers:
                    b.add(
                        "承接",
                        target,
                        movers[-1],
                        sid,
                        cue,
                        0.7,
                        from_region=_with_name_origin(origin, movers[-1]),
                        **facts,
                    )
                    owner = [
                        s
                        for s in before
                        if s.type == "Enterprise"
                        and s is not movers[-1]
                        and m.start() - s.end <= 30
                    ]
                    for o in owner[-1:]:
                        b.add("承接", target, o, sid, cue, 0.5, from_region=origin, **facts)
                else:
                    # 京津企业落户正定: the origin regions stand for the firms
                    for r in [s for s in before if s.type == "Region" and m.start() - s.end <= 4]:
                        b.add(
                            "承接",
                            target,
                            r,
                            sid,
                            cue,
                            0.5,
                            from_region=[keys[r.key].name],
                            **facts,
                        )
            elif cue == "引进":
                receiver = _nearest(
                    before,
                    ("Park", "Region"),
                    text,
                    m.start(),
                    within=20,
                    exclude=_origin_like(keys),
                )
                if receiver is None:
                    continue
                taken = [
                    s for s in spans if s.type in ("Enterprise", "Lab") and s.key != receiver.key
                ]
                for t in taken[:3]:
                    b.add(
                        "承接",
                        receiver,
                        t,
                        sid,
                        cue,
                        0.5,
                        from_region=_with_name_origin(origin, t),
                        **facts,
                    )
            else:
                target = next((s for s in after if s.type in ("Park", "Region")), None)
                movers = [s for s in before if s.type in ("Enterprise", "Lab")]
                if target and movers:
                    b.add(
                        "承接",
                        target,
                        movers[-1],
                        sid,
                        cue,
                        0.6,
                        from_region=_with_name_origin(origin, movers[-1]),
                        **facts,
                    )


def _coordinated(before: list[Span], last: Span, text: str) -> list[Span]:
    """将A、B和C打造成为承接…: the spans of last's type listed with it (、/和/及/与 between)."""
    out: list[Span] = []
    cur = last
    for s in reversed(before):
        if s.end > cur.start:
            continue
        if s.type != last.type or text[s.end : cur.start] not in ("、", "和", "及", "与", "以及"):
            break
        out.append(s)
        cur = s
    return out


def _speaker_org(
    text: str, pos: int, spans: list[Span], types: tuple[str, ...], exclude: set[str]
) -> Span | None:
    """“我们…承接…。”X党工委副书记Y介绍: a quote's "we" is the body its speaker speaks for, named
    right after the closing quote."""
    close = text.find("”", pos)
    if close < 0 or "“" in text[pos:close]:
        return None
    for s in spans:
        if s.start >= close and s.start - close <= 2:
            if s.type in types and s.key not in exclude:
                return s
            return None
    return None


def _with_name_origin(origin: list[str], taken: Span) -> list[str]:
    """A firm named 北京…/天津… comes from there when the sentence names no other origin."""
    if origin:
        return origin
    for city in ("北京", "天津"):
        if taken.text.startswith(city):
            return [city]
    return origin


def _origin(text: str, pos: int, spans: list[Span], keys: dict[str, Entity]) -> list[str]:
    """北京/天津 named with 从/来自/京津 near the cue."""
    window = text[max(0, pos - 20) : pos + 12]
    names = []
    for s in spans:
        if s.type == "Region" and max(0, pos - 20) <= s.start < pos + 12:
            name = keys[s.key].name
            if re.search(rf"(从|自|由){re.escape(s.text)}", window) or s.text in (
                "北京",
                "天津",
                "京",
                "津",
            ):
                if name.rstrip("市") in ("北京", "天津"):
                    names.append(name.rstrip("市"))
    return sorted(set(names))


def _origin_like(keys: dict[str, Entity]) -> set[str]:
    """Regions that transfers come from (北京, 天津) or that span them (京津冀) never receive."""
    return {
        k
        for k, e in keys.items()
        if e.type == "Region"
        and (e.props.get("level") == "area" or e.name.rstrip("市") in ("北京", "天津"))
    }


def _nearest(
    before: list[Span],
    types: tuple[str, ...],
    text: str,
    pos: int,
    within: int = 40,
    exclude: set[str] | None = None,
) -> Span | None:
    for s in reversed(before):
        if exclude and s.key in exclude:
            continue
        if s.type in types and pos - s.end <= within:
            between = text[s.end : pos]
            if "。" in between or "；" in between:
                return None
            return s
    return None


def _cobuild(b: _Builder, sid: int, text: str, spans: list[Span], keys: dict[str, Entity]) -> None:
    """共建: A与B共建P → A→P, B→P; without a platform A↔B."""
    for m in _COBUILD.finditer(text):
        before = [s for s in spans if s.end <= m.start() and m.start() - s.end <= 40]
        with_pos = text.rfind("与", 0, m.start())
        partners: list[Span] = []
        if with_pos >= 0:
            left = [s for s in before if s.end <= with_pos and with_pos - s.end <= 2]
            right = [s for s in before if s.start > with_pos]
            partners = left[-1:] + [s for s in right if s.type in _PARTNER_TYPES]
        partners = [p for p in partners if p.type in _PARTNER_TYPES]
        platform = next(
            (
                s
                for s in spans
                if s.start >= m.end()
                and s.start - m.end() <= 4
                and s.type in ("Lab", "Park", "Enterprise")
            ),
            None,
        )
        if platform is None:
            # …共建的“X”项目 / 共建X
            platform = next(
                (
                    s
                    for s in spans
                    if s.start >= m.end() and s.start - m.end() <= 6 and s.type in ("Lab", "Park")
                ),
                None,
            )
        if platform is not None:
            for p in partners:
                if p.key != platform.key:
                    b.add(
                        "共建", p, platform, sid, m.group(1), 0.75, platform=keys[platform.key].name
                    )
        elif len(partners) >= 2:
            for i, p in enumerate(partners):
                for q in partners[i + 1 :]:
                    b.add("共建", p, q, sid, m.group(1), 0.6)


def _sign(
    b: _Builder, sid: int, text: str, spans: list[Span], keys: dict[str, Entity], prev: list[Span]
) -> None:
    """签约: A与B(、C)签订协议 → every pair; a shared event id for multi-party signings."""
    for m in _SIGN.finditer(text):
        with_pos = text.rfind("与", 0, m.start())
        if with_pos < 0 or m.start() - with_pos > 60:
            continue
        right = [
            s
            for s in spans
            if with_pos < s.start and s.end <= m.start() and s.type in _PARTNER_TYPES
        ]
        left = [
            s
            for s in spans
            if s.end <= with_pos
            and s.type in _PARTNER_TYPES
            and with_pos - s.end <= 12
            and "，" not in text[s.end : with_pos]
        ]
        subject = left[-1:] if left else []
        if not subject:
            cand = [
                s for s in spans if s.end <= with_pos and s.type in ("Region", "Agency", "Park")
            ]
            cand = cand or [s for s in prev if s.type in ("Region", "Agency", "Park")]
            subject = cand[-1:] if cand else []
        if not subject:  # (先后)与A、B签订: they each sign with a subject not named here
            continue
        parties = subject + right
        if len(parties) < 2:
            continue
        project = next(
            (
                s
                for s in spans
                if s.type == "Policy" and s.start >= m.end() and s.start - m.end() <= 6
            ),
            None,
        )
        event = hashlib.sha1(f"{b.doc.id}:{sid}:{m.start()}".encode()).hexdigest()[:12]
        facts = _sentence_facts(text)
        for i, p in enumerate(parties):
            for q in parties[i + 1 :]:
                if p.key == q.key:
                    continue
                if len(subject) == 1 and p is not subject[0] and len(parties) > 2:
                    continue  # co-signers listed after 与 each sign with the subject
                b.add(
                    "签约",
                    p,
                    q,
                    sid,
                    m.group(0)[:4],
                    0.7,
                    event_id=event,
                    project=keys[project.key].name if project else None,
                    **facts,
                )


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
        for p in policies:
            b.add("发布", issuer, p, sid, m.group(1), 0.7)


def _located(b: _Builder, sid: int, text: str, spans: list[Span], keys: dict[str, Entity]) -> None:
    """位于: 位于X的Y / Y位于X / 在X的Y / X内，Y."""
    places = ("Park", "Region")
    things = ("Enterprise", "Lab", "Park", "University")
    for m in _LOCATED.finditer(text):
        after = [s for s in spans if s.start >= m.end()]
        before = [s for s in spans if s.end <= m.start()]
        if not after or after[0].type not in places or after[0].start - m.end() > 1:
            continue
        place = after[0]
        # 位于X的Y
        if (
            text[place.end : place.end + 1] == "的"
            and len(after) > 1
            and after[1].start == place.end + 1
            and after[1].type in things
        ):
            b.add("位于", after[1], place, sid, m.group(1), 0.8)
            # …园内，一栋写着“A”的大楼: a firm named in the same clause is inside too
            continue
        if before and before[-1].type in things and m.start() - before[-1].end <= 2:
            b.add("位于", before[-1], place, sid, m.group(1), 0.8)
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
    for i, sp in enumerate(spans[:-1]):
        nxt = spans[i + 1]
        if (
            sp.type == "Park"
            and text[sp.end : sp.end + 2] in ("内，", "内,")
            and nxt.start == sp.end + 2
            and nxt.type in ("Enterprise", "Lab")
        ):
            b.add("位于", nxt, sp, sid, "内", 0.7)


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


def extract_relations(doc: Document, entities: list[Entity]) -> list[Relation]:
    """All relations of one document, each with its evidence sentence(s) and cue."""
    keys = {e.key: e for e in entities}
    by_sent = _spans_by_sentence(doc, entities)
    b = _Builder(doc)
    prev: list[Span] = []
    for sent in doc.sentences:
        spans = by_sent.get(sent.id, [])
        if spans:
            text = sent.text
            _post(b, sent.id, text, spans, keys)
            _transfer(b, sent.id, text, spans, keys)
            _cobuild(b, sent.id, text, spans, keys)
            _sign(b, sent.id, text, spans, keys, prev)
            _issue(b, sent.id, text, spans, keys)
            _located(b, sent.id, text, spans, keys)
        # a photo credit (…供图, 记者 X 摄) ends a caption: what follows does not continue it
        prev = [] if _CREDIT.search(sent.text) else spans or prev
    _part_of(b, entities)
    return list(b.rels.values())
