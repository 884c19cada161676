"""任职: an official's posts, read backwards from the name through the post phrase before it.

A post phrase is a run of organisations, bodies (党工委, 管委会, 综合处), titles and separators
written right before a person: ``北京市卫健委党委委员、副主任王某``, ``市政协委员，市科技局党组书记、
局长王某``, ``北京市科委、中关村管委会主任王某``. It is cut into posts (an organisation and its
titles); a post without an organisation takes the one the text implies: the region a region title
names (市长, 市领导 → the document's own city), the body a relative word stands for (我校, 集团公司),
or the organisation of the person listed before (校长甲，副校长乙).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract import lexicon as L
from loaders.extract.context import RELATIVE_BODIES, DocContext, Span

_ORG_TYPES = ("Enterprise", "Lab", "University", "Park", "Agency", "Region")
_TITLES = sorted(set(L.TITLES) | set(L.EXTRA_TITLES), key=len, reverse=True)
_TITLE_END = re.compile(rf"(?:{'|'.join(_TITLES)})$")
_TITLE_START = re.compile(rf"(?:{'|'.join(_TITLES)})")
# Bodies inside a post phrase (part of the title, not organisations of their own).
_BODY_END = re.compile(
    r"(?:机关党委|党工委|管委会|党委|党组|工委|董事局|董事会|监事会|[市区县省]委|委)$"
)
# A sub-unit between an organisation and a title (…司综合处处长, …中心工作专班产业经营中心主任).
_SUB_UNIT = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:处|科|室|部|中心|办公室|专班|支部)")
# A university's school or department (某大学材料学院院长, 该校中药学院院长): part of the title
# when written after the university or a word for it.
_COLLEGE = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:学院|系)")
_UNIVERSITY_WORDS = tuple(w for w, (t, _) in RELATIVE_BODIES.items() if t == "University")
_RELATIVE_END = re.compile(rf"(?:{'|'.join(sorted(RELATIVE_BODIES, key=len, reverse=True))})$")
# Words between a body and its title that say which holder it is (某研究院首任院长): not the title.
_TITLE_MODIFIERS = ("首任", "首届", "第一任", "现任", "新任", "候任")
_SEP = "、，,兼"
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = "，,；;：:（("
# A body that is none of our types, written after a separator with its title (、某学会某市委副主席,
# 、某地生产基地负责人: a firm's site).
_OTHER_BODY = re.compile(rf"[\u4e00-\u9fff]{{2,12}}?(?:委|会|社|{'|'.join(L.FACILITY_ENDINGS)})")
# Titles that name a region's own post (GUIDELINE: they go to the Region).
_REGION_TITLE = re.compile(
    r"^(?:常务)?副?([市区县省州])长$|^([市区县省])委(?:常委|副?书记)$|^([市区县省])领导$"
)
# Titles that fit one kind of organisation only: a post of another kind starts a new post.
_TITLE_TYPES = (
    (re.compile(r"^(?:常务)?副?校长$"), "University"),
    (re.compile(r"^院士$"), "Lab"),
)
_MAX_PHRASE = 80
# A head's title with no body written: the body of that kind the document is about.
_AGENCY_HEAD = re.compile(r"^(?:常务)?副?(厅|局)长$")
# A post written after the name, after a verb of holding it (某某兼任某园区管委会主任), and one
# written before 由 that the name holds (某研究院院长由某大学教授某某担任).
_TAKES_POST = re.compile(
    r"(?:已经|已|曾|还|将|同时)*((?:受聘|获聘|被聘)(?:担任|为)|兼任|担任|出任|现任|是)"
    rf"[^，。；、]{{2,16}}?(?:{'|'.join(_TITLES)})"
)
_HOLDS = "由"
# 某某（某县委书记）: a post in brackets right after the name.
_BRACKET_POST = re.compile(rf"[（(]([^（()）]{{1,30}}?(?:{'|'.join(_TITLES)}))[）)]")
_HELD = re.compile(r"(?:担任|兼任|出任)(?:[，。；,;]|$)")


@dataclass(frozen=True)
class Post:
    person: Span
    org_key: str
    title: str
    cue: str


@dataclass
class _Group:
    org: Span | None
    titles: list[str]
    dead: bool = False  # a relative word (我校) that names nothing in this document


def _region_level(title: str) -> str | None:
    m = _REGION_TITLE.match(title)
    return next((g for g in m.groups() if g), None) if m else None


def _title_level(title: str) -> str | None:
    """The region (市/区/县/省) a post's title belongs to, also after a relative 市 kept in the
    title (市领导, 市委常委)."""
    return _region_level(title) or (_region_level(title[1:]) if title[:1] in "市区县省" else None)


def _scan_back(text: str, spans: list[Span], end: int) -> tuple[list[tuple[str, object]], bool]:
    """The post phrase ending at ``end``, as (kind, value) elements in text order, and whether
    it starts right after another person (so that a post with no organisation may take theirs)."""
    ends = {s.end: s for s in spans if s.type in _ORG_TYPES}
    people = {s.end for s in spans if s.type == "Official"}
    out: list[tuple[str, object]] = []
    p = end
    while p > 0 and end - p < _MAX_PHRASE:
        last = out[-1][0] if out else None
        if text[p - 1] == " ":
            p -= 1
            continue
        if p in people:
            break
        if p in ends:
            out.append(("org", ends[p]))
            p = ends[p].start
            continue
        m = _TITLE_END.search(text, max(0, p - 8), p)
        if m:
            # 衡水市长: the region's 市 is the title's first character too
            inner = ends.get(p - len(m.group(0)) + 1)
            out.append(("title", m.group(0)))
            p = m.start()
            if inner is not None and inner.type == "Region" and text[p] in "市区县省":
                out.append(("org", inner))
                p = inner.start
            continue
        if last == "title":
            mod = next((w for w in _TITLE_MODIFIERS if text.endswith(w, 0, p)), None)
            if mod and p - len(mod) in ends:  # 某研究院首任院长
                p -= len(mod)
                continue
            if text[p - 1] == "委" and p - 1 in ends:  # 某区委副书记
                out.append(("body", "委"))
                p -= 1
                continue
            q = _sub_unit_start(text, ends, p)
            if q is not None and any(q < e < p for e in people):
                q = None  # 副县长甲任专班组长: a person before 任, no sub-unit of a body
            if q is not None:  # …司综合处处长, 、投资计划处处长
                out.append(("body", text[q:p]))
                p = q
                continue
            m = _BODY_END.search(text, max(0, p - 4), p)
            if m and _attached(text, ends, m.start()):
                out.append(("body", m.group(0)))
                p = m.start()
                continue
            q = _other_body_start(text, p)
            if q is not None:  # 、某学会某市委副主席: a post in a body that is none of ours
                out.append(("other", text[q:p]))
                p = q
                continue
        if last in ("title", "body"):
            m = _RELATIVE_END.search(text, max(0, p - 4), p)
            if m:
                out.append(("relative", m.group(0)))
                p = m.start()
                continue
            # 市委常委, ，区科技局: a relative 市/区 opens the phrase; 某港区党工委 is the end of a
            # name the text does not give in full, no relative word
            if text[p - 1] in "市区县省" and (p == 1 or not _HAN_CHAR.match(text[p - 2])):
                out.append(("relative", text[p - 1]))
                p -= 1
                continue
        if (
            text[p - 1] in _SEP
            and last in ("title", "org", "body", "other", "relative")
            and _continues(text, ends, p - 1)
        ):
            out.append(("sep", text[p - 1]))
            p -= 1
            continue
        break
    # the phrase starts a clause or follows a person: a post with no organisation takes the one
    # of the post before (主任甲主持，副主任乙、丙)
    # (a quotation's end too: “……”总经理某某表示)
    bounded = p == 0 or p in people or text[p - 1] in _CLAUSE + "”" or p - 1 in people
    while out and out[-1][0] == "sep":
        out.pop()
    out.reverse()
    return out, bounded


def _continues(text: str, ends: dict[int, Span], p: int) -> bool:
    """Whether the phrase goes on before the separator at ``p``: another post of the same person
    (a title before a comma: 市政协委员，市科技局局长), or a coordinated organisation (甲、乙主任)."""
    if _TITLE_END.search(text, max(0, p - 8), p):
        return True
    return text[p] in "、兼" and p in ends


def _attached(text: str, ends: dict[int, Span], q: int) -> bool:
    """Whether a body word at ``q`` belongs to what is written before it (an organisation, a
    relative word, a separator), not to a longer name (某学会某市委)."""
    return (
        q == 0
        or q in ends
        or text[q - 1] in _SEP + _CLAUSE + "市区县省" + _HOLDS  # 由县委副书记某某任组长
        or bool(_RELATIVE_END.search(text, max(0, q - 4), q))
    )


def _other_body_start(text: str, p: int) -> int | None:
    for q in range(p - 3, max(0, p - 13), -1):
        if text[q - 1 : q] in _SEP and _OTHER_BODY.fullmatch(text, q, p):
            return q
    return None


def _sub_unit_start(text: str, ends: dict[int, Span], p: int) -> int | None:
    """Start of a sub-unit ending at ``p`` that follows an organisation or a separator."""
    for q in range(p - 2, max(0, p - 14), -1):
        after_body = (q in ends and ends[q].type != "Region") or text[q - 1 : q] in _SEP
        if after_body and _SUB_UNIT.fullmatch(text, q, p) and text[q:p] not in RELATIVE_BODIES:
            return q  # a region's 某中心 is a body of its own, not a sub-unit
        after_university = (q in ends and ends[q].type == "University") or text[
            max(0, q - 2) : q
        ].endswith(_UNIVERSITY_WORDS)
        if after_university and _COLLEGE.fullmatch(text, q, p):
            return q
    return None


def _groups(elements: list[tuple[str, object]], ctx: DocContext) -> list[_Group]:
    """Cut a post phrase into posts: each organisation opens one, titles and bodies go to the
    open one; 、 between two organisations shares the next titles (甲委、乙委主任)."""
    groups: list[_Group] = []
    shared: list[_Group] = []  # organisations waiting for their titles
    body = ""
    prev_kind = ""
    for kind, value in elements:
        if kind in ("org", "relative"):
            org = value if isinstance(value, Span) else _relative(str(value), ctx)
            if groups and not groups[-1].titles and shared and not body and prev_kind == "org":
                groups.pop()  # 某市某区: a chain of places; the innermost holds the post
                shared.pop()
            g = _Group(org, [], dead=org is None)
            groups.append(g)
            shared.append(g)
            # 市领导, 市委常委: the relative 市 stays in the title
            body = str(value) if kind == "relative" and len(str(value)) == 1 else ""
        elif kind == "body":
            body += str(value)
        elif kind == "other":
            groups.append(_Group(None, [], dead=True))
            shared = groups[-1:]
        elif kind == "title":
            title = body + str(value)
            body = ""
            level = _title_level(title)
            cur = groups[-1] if groups else None
            wants = next((t for rx, t in _TITLE_TYPES if rx.match(title)), None)
            if cur is None or (level and cur.org is not None and cur.org.type != "Region"):
                cur = _Group(None, [])
                groups.append(cur)
            elif wants and cur.org is not None and cur.org.type != wants and cur.titles:
                cur = _Group(None, [])
                groups.append(cur)
            targets = shared if shared and not any(g.titles for g in shared) else [cur]
            for g in targets:
                g.titles.append(title)
            shared = []
        elif kind == "sep" and value in "，,兼":
            shared = []
        prev_kind = kind
    return [g for g in groups if g.titles]


def _relative(word: str, ctx: DocContext) -> Span | None:
    if word in "市区县省":
        e = ctx.own_region(word)
    else:
        type_, ending = RELATIVE_BODIES[word]
        e = ctx.referent(type_, ending)
    if e is None:
        return None
    return Span(e.key, e.type, -1, -1, e.name)


def _title_text(org: Span, title: str) -> str:
    """A region's party committee keeps its 区/市/县 (区委副书记)."""
    if title.startswith("委") and org.type == "Region":
        return org.text[-1:] + title
    return title


def find_posts(text: str, spans: list[Span], ctx: DocContext) -> list[Post]:
    """Every post the sentence gives its officials."""
    posts: list[Post] = []
    last: dict[str, Span] = {}  # the last organisation given a post, by type
    prev_person: tuple[Span, list[tuple[Span, str]]] | None = None
    for sp in spans:
        if sp.type != "Official":
            continue
        elements, bounded = _scan_back(text, spans, sp.start)
        groups = _groups(elements, ctx)
        mine: list[tuple[Span, str]] = []
        if not groups:
            after = _TITLE_START.match(text, sp.end)
            if after:  # 王某副区长: the title after the name
                org = next((s for s in spans if s.end == sp.start and s.type in _ORG_TYPES), None)
                groups = [_Group(org, [after.group(0)])]
            elif prev_person is not None and text[prev_person[0].end : sp.start] in ("、", "和"):
                mine = list(prev_person[1])  # 副主任甲、乙: the same posts
        groups += _held_posts(text, spans, sp, ctx)
        groups += _subject_posts(text, spans, sp, ctx)
        for g in groups:
            if g.dead:
                continue
            title = "、".join(g.titles)
            org = g.org
            if org is None:
                # 副书记、县长某某: any of the titles may name the region's own post
                level = next((lv for t in g.titles if (lv := _title_level(t))), None)
                wants = next((t for rx, t in _TITLE_TYPES if rx.match(g.titles[0])), None)
                if level:
                    org = last.get("Region") if last.get("Region") else _relative(level, ctx)
                elif wants:
                    org = last.get(wants) or _relative_of_type(wants, ctx)
                elif _AGENCY_HEAD.match(g.titles[0]):  # 某某副厅长带领…: the document's 厅
                    ending = _AGENCY_HEAD.match(g.titles[0]).group(1)
                    e = ctx.referent("Agency", ending)
                    org = Span(e.key, e.type, -1, -1, e.name) if e else None
                elif bounded and prev_person is not None and prev_person[1][-1][0].type != "Region":
                    # 主任甲主持，副主任乙: the body of the post before (a region's posts are its
                    # own titles: 副区长甲，院长乙 is no post of the district's)
                    org = prev_person[1][-1][0]
                elif bounded and _FIRM_HEAD.match(g.titles[-1]):
                    org = _firm_nearby(text, spans, sp, ctx)  # …的某公司…。总经理某某表示
            if org is None:
                continue
            org = _head_of_government(org, g.titles, ctx)
            mine.append((org, _title_text(org, title)))
            last[org.type] = org
        for org, title in mine:
            posts.append(Post(sp, org.key, title, title.split("、")[-1] or "title"))
        prev_person = (sp, mine) if mine else None
    return posts


def _held_posts(text: str, spans: list[Span], person: Span, ctx: DocContext) -> list[_Group]:
    """Posts of ``person`` written outside the phrase before the name: after a verb of holding
    (王某兼任某园区管委会主任, 王某担任研究院院长) or before 由 (研究院院长由某大学教授王某担任).
    Only posts whose organisation is named or referred to."""
    ends: list[int] = []
    taken = _TAKES_POST.match(text, person.end)
    if taken:
        ends.append(taken.end())
    bracket = _BRACKET_POST.match(text, person.end)
    if bracket:  # 某某（某县委书记）：
        ends.append(bracket.end(1))
    if _HELD.match(text, person.end):
        q = text.rfind(_HOLDS, 0, person.start)
        if q > 0 and not any(c in text[q : person.start] for c in _CLAUSE):
            ends.append(q)
    out: list[_Group] = []
    for end in ends:
        elements, _ = _scan_back(text, spans, end)
        if elements and elements[-1][0] == "title":
            out += [g for g in _groups(elements, ctx) if g.org is not None or g.dead]
    return out


# The head of a body, written with no body: the body the sentence is about (某实验室由甲与乙共建，
# 主任为某某; 该中心由某某兼任主任).
_HEAD_TITLES = r"(?:常务)?副?(?:主任|院长|所长|理事长|董事长|总经理)|负责人|首席(?:专家|科学家)"
_TITLE_THEN_NAME = re.compile(rf"(?:^|[，,；;])({_HEAD_TITLES})(?:为|是)[^，,。；;]*$")
_NAME_THEN_TITLE = re.compile(rf"(?:兼任|担任|出任|任)({_HEAD_TITLES})(?=[，,。；;]|$)")
_NUMBERING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）.．、])?")
# A relative subject (该中心) and the body it stands for: its type and its name's ending.
_SUBJECT_WORDS = {
    "该中心": ("Lab", "中心"),
    "中心": ("Lab", "中心"),
    "该实验室": ("Lab", "实验室"),
    "实验室": ("Lab", "实验室"),
    "该研究院": ("Lab", "研究院"),
    "研究院": ("Lab", "研究院"),
    "该院": ("Lab", ""),
    "该平台": ("Lab", ""),
    "该公司": ("Enterprise", ""),
    "公司": ("Enterprise", ""),
}
_SUBJECT_WORD = re.compile("|".join(sorted(_SUBJECT_WORDS, key=len, reverse=True)))


def _subject_posts(text: str, spans: list[Span], person: Span, ctx: DocContext) -> list[_Group]:
    """主任为某某, 某某兼任主任: a head's title with no body, in a sentence whose subject is a body
    (某实验室由甲与乙共建，主任为…; 该中心由…兼任主任): the post is in the subject."""
    before = _TITLE_THEN_NAME.search(text, 0, person.start)
    # 某某兼任主任 in the subject's own clause (…，乙出任总经理 may be another body's post)
    own_clause = not any(c in text[: person.start] for c in "，,；;")
    after = _NAME_THEN_TITLE.match(text, person.end) if own_clause else None
    title = (before or after).group(1) if (before or after) else None
    if title is None:
        return []
    subject = _sentence_subject(text, spans, ctx)
    return [_Group(subject, [title])] if subject is not None else []


def _sentence_subject(text: str, spans: list[Span], ctx: DocContext) -> Span | None:
    """The body a sentence opens with (after any item number): named, or a word for it."""
    k = _NUMBERING.match(text).end()
    named = next((s for s in spans if s.start == k), None)
    if named is not None:
        return named if named.type in ("Lab", "Park", "Enterprise", "University") else None
    m = _SUBJECT_WORD.match(text, k)
    if m is None:
        return None
    type_, ending = _SUBJECT_WORDS[m.group(0)]
    e = ctx.referent(type_, ending)
    return Span(e.key, e.type, -1, -1, e.name) if e else None


# Titles only a firm has: with no organisation written, the firm the report is on about.
_FIRM_HEAD = re.compile(r"^(?:常务)?副?(?:董事长|总经理|总裁)$|^(?:联合)?创始人$")


def _firm_nearby(text: str, spans: list[Span], person: Span, ctx: DocContext) -> Span | None:
    """The firm a bare 总经理/董事长 works for: the last one named before the person in the
    sentence, else the only one named in the nearest of the two sentences before that names
    one (GUIDELINE: the body named for it nearby; a quotation may come between)."""
    quoted = text.rfind("”", 0, person.start)  # what a quotation names is not who speaks
    firms = [
        s for s in spans if s.type == "Enterprise" and quoted < s.start and s.end <= person.start
    ]
    if firms:
        return firms[-1]
    for k in (ctx.sentence - 1, ctx.sentence - 2):  # past a quotation the person then speaks
        earlier = {s.key: s for s in ctx.by_sentence.get(k, []) if s.type == "Enterprise"}
        if earlier:
            return next(iter(earlier.values())) if len(earlier) == 1 else None
    return None


def _relative_of_type(type_: str, ctx: DocContext) -> Span | None:
    e = ctx.referent(type_)
    return Span(e.key, e.type, -1, -1, e.name) if e else None


_HEAD_TITLES = re.compile(r"(区长|市长|县长|省长|州长|旗长)$")
_GOVERNMENT = re.compile(r"(人民政府|政府)$")


# A region's party committee (某市委, 某市市委): its posts are the region's (GUIDELINE).
_PARTY_COMMITTEE = re.compile(r"(?<=[市区县省])(?:[市区县省])?委$")
_PARTY_TITLES = re.compile(r"(?:书记|常委)$")


def _head_of_government(org: Span, titles: list[str], ctx: DocContext) -> Span:
    """区政府区长 / X市人民政府市长: the head of a region's government holds the post in the region;
    so does a post in its party committee (某市市委副市长, 某县委书记)."""
    if org.type != "Agency":
        return org
    name = ctx.entities[org.key].name
    if _PARTY_COMMITTEE.search(name) and any(
        _HEAD_TITLES.search(t) or _PARTY_TITLES.search(t) for t in titles
    ):
        place = _PARTY_COMMITTEE.sub("", name)
    elif any(_HEAD_TITLES.search(t) for t in titles):
        place = _GOVERNMENT.sub("", name)
    else:
        return org
    for e in ctx.entities.values():
        if e.type == "Region" and place in {e.name, *e.aliases, e.props.get("canonical")}:
            return Span(e.key, "Region", org.start, org.end, e.name)
    return org
