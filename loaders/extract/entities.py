"""Entity extraction for one document: finders → overlap arbitration → entities → short forms.

Components (each mention records which one found it): region gazetteer, agency patterns,
organisation suffixes with segmenter-based left boundaries, official (title + name) finder,
policy finder (《》, quoted programme names, verb + programme), context-based enterprises.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from loaders.extract import aliases as A
from loaders.extract import lexicon as L
from loaders.extract import mentions as M
from loaders.extract.lac import Token, tag
from loaders.extract.ner import model_mentions, type_of_org
from loaders.extract.regions import gazetteer
from loaders.extract.segment import word_spans, word_tag
from schema.model import entity_key, normalize_name
from schema.records import Document, Entity, Mention

_FORM_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|集团有限公司|有限公司|集团公司|公司)$")


_SHORT = {"雄安新区": "雄安"}

_TRANSFER_NEAR = re.compile(r"承接|转移|疏解|落户|落地|迁入|搬迁|引进|吸引|入驻|来自")
_AS_ACTORS = re.compile(
    r"(?:两地|两市|两省市|三地|三省市)(?:将|还|正|已)?(?:共建|共同|联合|合作|签署|签订)"
)
# 京津 as the places themselves: bodies or output of the two (京津高校, 津冀园区, 京津科技成果),
# the two as parties (京冀两地), or where something goes or comes from (销往京津, 来自京津的项目,
# 面向京津招商); not a loose area (毗邻京津, 对接京津资源, 京冀创新合作).
_BODIES_OF = re.compile(rf"(?:两地|两省市|三地)|(?:的)?(?:{'|'.join(L.KINDS_OF_BODIES)})")
_TOWARDS = re.compile(r"(?:来自|销往|面向|邀请|吸引|赴|到)$")


def _expand(raws: list[M.Raw], text: str) -> list[M.Raw]:
    """京津 names 北京 and 天津 where firms or industry move from there (承接京津产业转移);
    elsewhere (毗邻京津, 对接京津资源) it is a loose area, not an entity."""
    out: list[M.Raw] = []
    gz = gazetteer()
    for r in raws:
        parts = L.MULTI_REGIONS.get(r.text) if r.type == "Region" else None
        near = text[max(0, r.start - 8) : r.end + 8]
        if not parts:
            out.append(r)
            continue
        actors = bool(_AS_ACTORS.match(text, r.end))  # 京津两地共建…: the two as parties
        places = bool(_BODIES_OF.match(text, r.end) or _TOWARDS.search(text, 0, r.start))
        if not actors and not places and not _TRANSFER_NEAR.search(near):
            continue  # an area, not a named place (GUIDELINE: 京津 is 北京 and 天津 or nothing)
        for full in parts:
            place = gz.places[full]
            short = _SHORT.get(full, full[:-1])
            out.append(
                M.Raw(
                    short,
                    "Region",
                    r.start,
                    r.end,
                    "region-split",
                    r.priority,
                    {
                        "canonical": full,
                        "level": place.level,
                        "parent": place.parent,
                        "province": place.province,
                        "surface": r.text,
                    },
                )
            )
    return out


def _sentence_mentions(
    text: str, toks: list[Token], spans: list[tuple[int, int, str]], first: bool = False
) -> list[M.Raw]:
    raws: list[M.Raw] = model_mentions(text, toks)
    raws += M.find_title_policy(text, first)
    raws += M.find_quoted_platforms(text)
    raws += M.find_joint_labs(text)
    raws += M.find_cobuilt_platforms(text)
    raws += M.find_quoted_brands(text)
    raws += M.find_bylines(text)
    raws += M.find_policies(text)
    raws += M.find_officials(text)
    raws += M.find_agencies(text)
    raws += M.find_organisations(text, spans, [(t.start, t.end, t.tag) for t in toks])
    raws += M.find_enterprises_by_context(text, spans)
    raws += M.find_enterprise_lists(text, [(t.start, t.end, t.tag) for t in toks])
    raws += M.find_regions(text, spans, [(t.start, t.end, t.tag) for t in toks])
    raws += M.find_towns(text, [(t.start, t.end, t.tag) for t in toks])
    raws = _trim_unopened_brackets(_split_firm_and_project(_split_at_middot(raws)))
    raws = _trim_leading_modifiers(raws, text)
    raws = _joined_names(raws, text, spans)
    raws = _proper_prefixes_belong(raws, toks, text)
    # blockers (the model's spans of bodies outside our types) only take their place
    kept = _arbitrate([r for r in raws if not _multi_region_body(r)], toks)
    return _expand(_chain_regions([r for r in kept if r.type]), text)


_FIRM_INSIDE = re.compile(r"(?:有限责任公司|股份有限公司|有限公司)(?=.{4,})")


def _split_firm_and_project(raws: list[M.Raw]) -> list[M.Raw]:
    """甲科技集团有限公司乙产业园(项目): the firm and its park or lab, two names."""
    out: list[M.Raw] = []
    for r in raws:
        m = _FIRM_INSIDE.search(r.text) if r.type in ("Park", "Lab") else None
        if m is None:
            out.append(r)
            continue
        k = m.end()
        out.append(M.Raw(r.text[:k], "Enterprise", r.start, r.start + k, r.component, r.priority))
        out.append(M.Raw(r.text[k:], r.type, r.start + k, r.end, r.component, r.priority, r.props))
    return out


_CLOSERS = {"）": "（", ")": "("}


def _trim_unopened_brackets(raws: list[M.Raw]) -> list[M.Raw]:
    """A name starts after a closing bracket it never opened: in 本报讯（记者 某某）某某产业园… the
    byline's ） is not part of the park's name (spans from the model or a suffix's left boundary
    can run back across it)."""
    out = []
    for r in raws:
        cut = 0
        for i, ch in enumerate(r.text):
            opener = _CLOSERS.get(ch)
            if opener is not None and opener not in r.text[cut:i]:
                cut = i + 1
        if not cut or r.type in ("Policy", "Official"):
            out.append(r)
        elif len(r.text) - cut >= 2:
            out.append(M.Raw(r.text[cut:], r.type, r.start + cut, r.end, r.component, r.priority))
    return out


def _region_de(name: str, before: str) -> int:
    """来自北京的某某有限公司: a region (chain) and 的 before a name are a modifier."""
    k = name.find("的")
    return k + 1 if k >= 2 and M.region_ending_at(name, k) == 0 else 0


def _verbs_yu(name: str, before: str) -> int:
    """坐落于某县某某产业园, 落户于某园: 于 after a verb of location is the verb's."""
    return 1 if name.startswith("于") and before.endswith(L.LOCATING_VERBS) else 0


# Words a finder (the model most often) reads into the start of a name, that are no part of it:
# each gives how many characters to cut from the name, given the sentence before it.
_NOT_NAME_LEADS = (_region_de, _verbs_yu)


def _trim_leading_modifiers(raws: list[M.Raw], text: str) -> list[M.Raw]:
    """Names do not begin with the modifiers of :data:`_NOT_NAME_LEADS`."""
    out = []
    for r in raws:
        cut = 0
        if r.type in _ORGS:
            cut = max(lead(r.text, text[: r.start]) for lead in _NOT_NAME_LEADS)
        if not cut:
            out.append(r)
        elif len(r.text) - cut >= 2:
            out.append(
                M.Raw(r.text[cut:], r.type, r.start + cut, r.end, r.component, r.priority, r.props)
            )
    return out


def _joined_names(raws: list[M.Raw], text: str, spans: list[tuple[int, int, str]]) -> list[M.Raw]:
    """甲—乙联合实验室: a lab or park named right after a single dash begins before it."""
    out = []
    for r in raws:
        start = M.joined_by_dash(text, r.start, spans) if r.type in ("Lab", "Park") else r.start
        if start != r.start:
            r = M.Raw(text[start : r.end], r.type, start, r.end, r.component, r.priority, r.props)
        out.append(r)
    return out


def _split_at_middot(raws: list[M.Raw]) -> list[M.Raw]:
    """甲市人民政府·乙大学 (an agreement between the two, written as one title): two names when
    the part before the dot is a whole body by its suffix (京南·固安高新区 stays one)."""
    out: list[M.Raw] = []
    for r in raws:
        k = r.text.find("·")
        left, right = r.text[:k], r.text[k + 1 :]
        left_type = type_of_org(left) if k >= 3 and r.type in _ORGS else None
        if left_type not in ("Agency", "University"):
            out.append(r)
            continue
        out.append(M.Raw(left, left_type, r.start, r.start + k, r.component, r.priority))
        if type_of_org(right):
            start = r.start + k + 1
            out.append(M.Raw(right, r.type, start, r.end, r.component, r.priority, r.props))
    return out


_PROPER = ("ORG", "LOC", "nz")
_NOT_IN_NAMES = {"c", "p", "u", "r", "xc"}


def _joins(toks: list[Token] | None, start: int, end: int) -> bool:
    """Whether the model reads a function word between ``start`` and ``end`` (so the
    text there continues the sentence, not the name)."""
    return bool(toks) and any(start <= t.start < end and t.tag in _NOT_IN_NAMES for t in toks or ())


def _proper_prefixes_belong(raws: list[M.Raw], toks: list[Token], text: str) -> list[M.Raw]:
    """A rule's name that runs further left than the model's over proper names only (中国供销|
    某市冷链物流产业园) is the name; over other words (落实|某高新区) the model's is."""
    drop = set()
    for r in raws:
        if r.type not in _ORGS or r.component.startswith("model"):
            continue
        for o in raws:
            if o.component.startswith("model") and o.end == r.end and r.start < o.start:
                inside = [t for t in toks if r.start <= t.start < o.start]
                if (
                    inside
                    and inside[0].start == r.start
                    and all(
                        t.tag in _PROPER
                        or t.text == "·"
                        or M.brand_as_person(text, (t.start, t.end, t.tag))
                        for t in inside
                    )
                ):
                    drop.add(id(o))
    return [r for r in raws if id(r) not in drop]


# Levels a town is written after (某县某某镇): the town's own mention, the county in its name.
_TOWN_PARENTS = ("county", "city")


def _chain_regions(raws: list[M.Raw]) -> list[M.Raw]:
    """石家庄鹿泉区, 天津市武清区, 某县某某镇: a place written after the one it lies in is one
    mention of the inner place, under the name as written (GUIDELINE: the fullest form the
    document uses)."""
    gz = gazetteer()
    out: list[M.Raw] = []
    for r in raws:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == r.type == "Region"
            and prev.end == r.start
            and (
                prev.props.get("canonical")
                in {p.name for p in gz.chain(r.props.get("canonical", ""))[1:]}
                or (r.props.get("level") == "town" and prev.props.get("level") in _TOWN_PARENTS)
            )
        ):
            props = r.props
            if r.props.get("level") == "town":
                props = {**r.props, "bare": r.text}  # 某县某某镇 is also written 某某镇
            out[-1] = M.Raw(
                prev.text + r.text, "Region", prev.start, r.end, r.component, r.priority, props
            )
            continue
        out.append(r)
    return out


_ORGS = ("Enterprise", "Lab", "University", "Park", "Agency")


def _multi_region_body(r: M.Raw) -> bool:
    """京津科研院所, 京津高校: bodies of two regions at once are kinds, not names (GUIDELINE); a
    name that goes on with a name of its own (京冀某某协同发展示范区) is one, and a programme of
    both regions (京津某某治理工程) is a programme."""
    if r.type in ("Region", "Policy") or r.component in ("quoted-platform", "agreement-platform"):
        return False  # a quoted name is a name (共建“津冀某某示范园区”); so is a programme
    for k in L.MULTI_REGIONS:
        if r.text.startswith(k) and not r.text.startswith("京津冀"):
            rest = r.text[len(k) :]
            words = word_spans(rest)
            return not (words and (words[0][2] in gazetteer().surface or M.leads_with_name(rest)))
    return False


def _arbitrate(raws: list[M.Raw], toks: list[Token] | None = None) -> list[M.Raw]:
    """Keep non-overlapping mentions: higher priority first, then longer. A name that goes on
    after another one starting at the same place (省人大|教科文卫委, 某大学|(某市)科技产业园) is
    one name: the shorter one ranks just below the longer (policies excepted), so it is kept
    only where the longer one loses to something else."""

    def rank(r: M.Raw) -> float:
        if r.type not in _ORGS or r.priority >= 4:
            return r.priority
        longer = [
            o.priority
            for o in raws
            if o.type in _ORGS
            and o.start == r.start
            and o.end > r.end
            and o.priority >= 2
            and not _joins(toks, r.end, o.end)
        ]
        return min(r.priority, min(longer) - 0.01) if longer else r.priority

    chosen: list[M.Raw] = []
    taken: list[tuple[int, int]] = []
    for r in sorted(raws, key=lambda r: (-rank(r), -(r.end - r.start), r.start)):
        if any(r.start < e and s < r.end for s, e in taken):
            continue
        chosen.append(r)
        taken.append((r.start, r.end))
    return sorted(chosen, key=lambda r: r.start)


def _main_places(doc: Document, raws: list[tuple[int, M.Raw]]) -> dict[str, str]:
    """The document's own city/province/county: the most mentioned of each level. A 省 is a
    province named 省 (北京市 and 天津市 are province-level but no 省: 省商务厅 in a Hebei report
    that mentions Beijing often is still Hebei's)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    gz = gazetteer()

    def count(level: str, name: str) -> None:
        if level != "province" or name.endswith(("省", "自治区")):
            counts[level][name] += 1

    for _, r in raws:
        if r.type == "Region" and r.props.get("level") in ("province", "city", "county"):
            count(r.props["level"], r.props["canonical"])
        elif r.type in ("Agency", "Park", "Enterprise", "Lab"):
            for k in range(min(10, len(r.text)), 1, -1):
                places = gz.lookup(r.text[:k])
                if places:
                    count(places[0].level, places[0].name)
                    break
    main: dict[str, str] = {}
    for level in ("city", "province", "county"):
        if counts[level]:
            main[level] = counts[level].most_common(1)[0][0]
    if "city" in main and "province" not in main:
        chain = gz.chain(main["city"])
        if len(chain) > 1:
            main["province"] = chain[-1].name
    return main


_TAGGER: ThreadPoolExecutor | None = None


def _forget_tagger() -> None:
    """A forked child inherits the executor but not its thread: it must make its own."""
    global _TAGGER
    _TAGGER = None


os.register_at_fork(after_in_child=_forget_tagger)


def _analyse(texts: list[str]) -> tuple[list[list[Token]], list[list[tuple[int, int, str]]]]:
    """The model's tokens and the segmenter's words of every sentence. The model runs on its
    own threads (ONNX Runtime and numpy release the GIL) while the segmenter (pure Python)
    runs here, so the two overlap instead of adding up."""
    global _TAGGER
    if _TAGGER is None:
        _TAGGER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lac")
    future = _TAGGER.submit(tag, texts)
    words = [word_spans(t) for t in texts]
    return future.result(), words


def extract_entities(doc: Document) -> list[Entity]:
    """Entities of one document, short forms resolved to the full forms the document uses."""
    found: list[tuple[int, M.Raw]] = []
    tokens, words = _analyse([s.text for s in doc.sentences])
    for k, (sent, toks, spans) in enumerate(zip(doc.sentences, tokens, words, strict=True)):
        for r in _sentence_mentions(sent.text, toks, spans, first=k == 0):
            found.append((sent.id, r))
    found = _colleges_of_named_universities(found)
    main = _main_places(doc, found)

    groups: dict[tuple[str, str], Entity] = {}
    for sid, r in found:
        sent = doc.sentences[sid]
        canonical = r.props.get("canonical") if r.type == "Region" else None
        if r.type == "Policy":
            canonical = normalize_name(r.text).strip("《》")
        ident = canonical or normalize_name(r.text)
        key = (r.type, ident)
        ent = groups.get(key)
        if ent is None:
            props: dict = {}
            if r.type == "Region":
                props = {k: r.props.get(k) for k in ("level", "parent", "province")}
            ent = Entity(key="", type=r.type, name=r.text, props=props)
            ent.props["_ident"] = ident
            if r.props.get("relative"):
                ent.props["_relative"] = r.props["relative"]
            if r.props.get("short_park"):
                ent.props["_short_park"] = True
            groups[key] = ent
        if len(r.text) > len(ent.name):
            ent.aliases.append(ent.name)
            ent.name = r.text
        elif r.text != ent.name and r.text not in ent.aliases:
            ent.aliases.append(r.text)
        if r.props.get("bare") and r.props["bare"] not in ent.aliases:
            ent.aliases.append(r.props["bare"])
            ent.props["_bare"] = r.props["bare"]
        surface = r.props.get("surface", r.text)  # 京津 names 北京 and 天津
        ent.mentions.append(
            Mention(surface, r.type, sid, sent.start + r.start, sent.start + r.end, r.component)
        )
        if r.type == "Official" and r.props.get("titles"):
            ent.props.setdefault("_titles", []).append(
                (sid, r.props.get("title_start"), r.props["titles"])
            )

    entities = list(groups.values())
    entities = _merge_short_forms(entities)
    _resolve_relative(entities, main)
    entities = A.merge_variants(entities)
    entities = A.defined_abbreviations(doc, entities)
    entities = A.merge_abbreviations(entities)
    entities = A.renamed(doc, entities)
    A.defined_mentions(doc, entities)
    _find_more_mentions(doc, entities)
    _self_references(doc, entities)
    entities += _posts_own_region(doc, entities)
    _prefixed_forms(doc, entities)
    entities += _hierarchy_parents(entities)
    for e in entities:
        ident = e.props.pop("_ident", e.name)
        e.props.pop("_relative", None)
        e.props.pop("_titles", None)
        bare = e.props.pop("_bare", None)
        if bare and bare in e.aliases:
            # 某县某某镇: the town goes by its own name, the county's part of it an alias (a
            # town is one level below; the county is its own entity where the text names it)
            e.aliases.append(e.name)
            e.name = bare
        if e.type == "Region":
            e.key = entity_key("Region", ident)
            e.props["canonical"] = ident
        else:
            e.key = entity_key(e.type, e.props.get("resolved") or e.name)
        e.aliases = sorted({a for a in e.aliases if a != e.name})
    return sorted(entities, key=lambda e: (e.type, e.mentions[0].start if e.mentions else 0))


_COLLEGE = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:学院|系)")


def _colleges_of_named_universities(found: list[tuple[int, M.Raw]]) -> list[tuple[int, M.Raw]]:
    """某大学材料学院 in a document that also names 某大学 on its own: the university is the body
    and its school part of a post's title (某大学材料学院教授 → 某大学, 材料学院教授); a school
    whose university the document never names alone stays the named body."""
    alone = {r.text for _, r in found if r.type == "University"}
    out: list[tuple[int, M.Raw]] = []
    for sid, r in found:
        if r.type == "University":
            for k in range(3, len(r.text) - 3):
                head = r.text[:k]
                if (
                    head.endswith(("大学", "学院"))
                    and _COLLEGE.fullmatch(r.text, k)
                    and any(n.endswith(head) for n in alone)
                ):
                    r = replace(r, text=head, end=r.start + k)
                    break
        out.append((sid, r))
    return out


_COMMITTEE = re.compile(r"(?:党工委|党委|党组|[市区县省]委)$")
_POST_AFTER = re.compile(
    rf"(?:党委|党组|党工委)*(?:{'|'.join(sorted(L.TITLES, key=len, reverse=True))})"
)


def committee_in_post(doc: Document, e: Entity) -> bool:
    """某区党工委书记, 某市市委副市长: a party committee named only inside post phrases is no
    entity of its own (GUIDELINE); the post goes to the region or park."""
    if e.type != "Agency" or not e.mentions or not _COMMITTEE.search(e.name) or len(e.name) < 4:
        return False
    return all(_POST_AFTER.match(doc.text, m.end) for m in e.mentions)


# A region's own post written without the region (县长某某, 区委常委、副区长某某), by its level.
_BARE_REGION_TITLE = re.compile(r"(?:([市区县])委(?:常委|副?书记)|(?:常务)?副?([市区县])长)")
_LEVEL_SUFFIXES = {"市": ("市",), "区": ("区",), "县": ("县", "旗")}


def _bare_post_levels(entities: list[Entity]) -> set[str]:
    """The levels (市/区/县) of the region posts the document writes with no region named."""
    levels = set()
    for e in entities:
        for _, _, titles in e.props.get("_titles", []) if e.type == "Official" else []:
            for t in titles:
                m = _BARE_REGION_TITLE.fullmatch(t)
                if m:
                    levels.add(m.group(1) or m.group(2))
    return levels


def _posts_own_region(doc: Document, entities: list[Entity]) -> list[Entity]:
    """县委副书记、县长某某 in a document that names its county only inside its bodies' names
    (某县人民政府, 某县科学技术局): the county is named there all the same (GUIDELINE: a region's
    own post goes to the region), so it is an entity, mentioned where the text first writes it.
    Only where the document names no region of that level on its own."""
    gz = gazetteer()
    out: list[Entity] = []
    have = {e.props.get("_ident") for e in entities if e.type == "Region" and e.mentions}
    for level in sorted(_bare_post_levels(entities)):
        suffixes = _LEVEL_SUFFIXES[level]
        named = [
            e
            for e in entities
            if e.type == "Region"
            and e.mentions
            and (e.props.get("_ident") or "").endswith(suffixes)
        ]
        if named:
            continue
        counts: Counter[str] = Counter()
        for e in entities:
            if e.type not in _ORGS:
                continue
            for k in range(min(10, len(e.name)), 1, -1):
                places = [p for p in gz.lookup(e.name[:k]) if p.name == e.name[:k]]
                if places:
                    if places[0].name.endswith(suffixes):
                        counts[places[0].name] += len(e.mentions)
                    break
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            continue
        name = ranked[0][0]
        pos = doc.text.find(name)
        sent = next((x for x in doc.sentences if x.start <= pos < x.end), None)
        if name in have or sent is None:
            continue
        region = _region_entity(name)
        region.mentions.append(
            Mention(name, "Region", sent.id, pos, pos + len(name), "region-of-post")
        )
        out.append(region)
    return out


def _prefixed_forms(doc: Document, entities: list[Entity]) -> None:
    """西青区 in a document whose bodies are 天津市西青区政府, 天津市西青区某局: the district
    written with its city or province (天津市西青区, 天津西青区) is a form of the same
    region, so the bodies' names count as its mentions where the document's own region is
    sought (区委常委某某 → the district)."""
    gz = gazetteer()
    for e in entities:
        if e.type != "Region" or not e.mentions or e.props.get("level") != "county":
            continue
        for parent in gz.chain(e.props.get("_ident") or "")[1:]:
            for head in {parent.name, parent.name.removesuffix("市")}:
                form = head + (e.props.get("_ident") or e.name)
                if len(head) >= 2 and form not in e.aliases and form in doc.text:
                    e.aliases.append(form)


def _region_entity(name: str) -> Entity:
    """A Region entity for a gazetteer place, with its level and enclosing units."""
    place = gazetteer().places[name]
    props = {"_ident": name, "level": place.level, "parent": place.parent}
    return Entity(key="", type="Region", name=name, props={**props, "province": place.province})


def _hierarchy_parents(entities: list[Entity]) -> list[Entity]:
    """Regions the document does not name but that enclose the ones it does (district ⊂ city ⊂
    province), and the regions park/agency names start with: no mentions, structure only."""
    gz = gazetteer()
    have = {e.props.get("_ident") for e in entities if e.type == "Region"}
    wanted: list[str] = []
    for e in entities:
        if e.type == "Region":
            wanted += [p.name for p in gz.chain(e.props["_ident"])[1:]]
        elif e.type in ("Park", "Agency"):
            name = e.props.get("resolved") or e.name
            for k in range(min(10, len(name)), 1, -1):
                places = [p for p in gz.lookup(name[:k]) if p.level != "area"]
                if places:
                    e.props["region"] = places[0].name
                    wanted += [p.name for p in gz.chain(places[0].name)]
                    break
    out = []
    for name in dict.fromkeys(wanted):
        if name in have or name not in gz.places:
            continue
        out.append(_region_entity(name))
        have.add(name)
    return out


def _firm_short_forms(base: str, stripped: str) -> set[str]:
    """A company's own name without its legal form (base) and region (stripped), and the
    short forms written for it: without a business-scope tail (某某量子科技 → 某某量子) or
    with its group word (某某药业 → 某某药业集团)."""
    forms = {base, stripped}
    for own in (base, stripped):
        for tail in L.FIRM_SCOPE_TAILS:
            if own.endswith(tail) and len(own) - len(tail) >= 3:
                forms.add(own[: -len(tail)])
        forms |= {own + g for g in L.FIRM_GROUP_WORDS if len(own) >= 2}
    return forms


# The kind words a body's brand is written with (翱铖公司, 某某集团, 铖澜研究院).
_FIRM_KINDS = ("公司", "集团")
_LAB_KINDS = ("研究院", "研究所", "实验室", "研究中心", "中心")


def _brand_and_kind(name: str, type_: str) -> set[str]:
    """某某公司 for 张家口某某新能源科技有限公司, 某某研究院 for 天津某某精密制造研究院: the two
    characters after the place and the kind of body (a firm's 公司/集团, a lab's own ending)."""
    k = gazetteer().longest_at(name, 8).get(0, 0)
    rest = name[k:]
    if len(rest) < 6 or M.region_ending_at(rest, 2) is not None:
        return set()
    if type_ == "Enterprise":
        return {rest[:2] + kind for kind in _FIRM_KINDS if kind in rest[2:]}
    kind = next((kind for kind in _LAB_KINDS if rest.endswith(kind)), None)
    return {rest[:2] + kind} if kind else set()


def _merge_short_forms(entities: list[Entity]) -> list[Entity]:
    """某环医药 → 北京某环医药 (a region prefix), 某大讯飞 → 某大讯飞股份有限公司 (a company form);
    never on containment alone (鹿泉开发区 is not 鹿泉, 北京 is not 北京经济技术开发区)."""
    gz = gazetteer()
    by_type: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        by_type[e.type].append(e)
    merged_into: dict[int, Entity] = {}
    for type_, ents in by_type.items():
        if type_ in ("Region", "Official", "Policy"):
            continue
        fulls = sorted(ents, key=lambda e: -len(e.name))
        for short in ents:
            for full in fulls:
                if full is short or len(full.name) <= len(short.name) or id(full) in merged_into:
                    continue
                ok = False
                if full.name.endswith(short.name):
                    prefix = full.name[: -len(short.name)]
                    ok = prefix in gz.surface or M.region_ending_at(prefix, len(prefix)) == 0
                if not ok and type_ == "Enterprise":
                    base = _FORM_SUFFIX.sub("", full.name)
                    base = re.sub(r"[(（][^()（）]{1,6}[)）]", "", base)
                    stripped = base
                    for k in range(min(10, len(base)), 1, -1):
                        if base[:k] in gz.surface:
                            stripped = base[k:]
                            break
                    ok = short.name in _firm_short_forms(base, stripped) and len(short.name) >= 2
                    ok = ok or short.name in _brand_forms(full.name)  # 某某仪器 read as a name
                if not ok and type_ in ("Enterprise", "Lab"):
                    ok = short.name in _brand_and_kind(full.name, type_)
                if ok:
                    merged_into[id(short)] = full
                    full.aliases += [short.name] + short.aliases
                    full.mentions += short.mentions
                    break
    return [e for e in entities if id(e) not in merged_into]


def _resolve_relative(entities: list[Entity], main: dict[str, str]) -> None:
    """市科技局 → 石家庄市科技局 when the document is about that city; a bare 高新区 → the park
    the document names in full (or its city's 高新区)."""
    by_name = {e.name: e for e in entities}

    def absorb(target: Entity, e: Entity) -> None:
        target.aliases += [e.name] + e.aliases
        target.mentions += e.mentions
        entities.remove(e)

    for e in list(entities):
        rel = e.props.get("_relative")
        if rel:
            region = main.get(rel)
            if not region:
                continue
            full = region + e.name[1:]
            if full in by_name and by_name[full] is not e and by_name[full].type == e.type:
                absorb(by_name[full], e)
            else:
                e.props["resolved"] = full
        elif e.props.get("_short_park"):
            fulls = [
                p
                for p in entities
                if p.type == "Park"
                and p is not e
                and p.name.endswith(e.name)
                and len(p.name) > len(e.name)
            ]
            if fulls:
                absorb(max(fulls, key=lambda p: len(p.mentions)), e)
            elif main.get("city"):
                e.props["resolved"] = main["city"].removesuffix("市") + e.name


def _park_short_forms(doc: Document, entities: list[Entity]) -> None:
    """A park named with its region (某市某某新区) is written without it later (某某新区管委会主任):
    the rest after the region is a short form when it holds more than a bare suffix, is no
    place itself, no other park of the document ends with it, and the text writes it alone."""
    gz = gazetteer()
    parks = [e for e in entities if e.type == "Park"]
    for e in parks:
        k = gz.longest_at(e.name, 8).get(0, 0)
        rest = e.name[k:]
        if not k or len(rest) < 4 or rest in L.PARK_SUFFIXES or rest in gz.surface:
            continue
        if gz.longest_at(rest, 8).get(0, 0) or rest in e.aliases:
            continue  # 某市某县开发区: the county's park may be a park of its own
        if any(p is not e and p.name.endswith(rest) for p in parks):
            continue
        if doc.text.count(rest) > doc.text.count(e.name):
            e.aliases.append(rest)


# 本方案, 本实施方案, 本行动计划, 本要点: the document itself, by the last word of its kind.
_SELF_REFERENCE = re.compile(
    r"本(?:实施|行动|工作|专项|发展)?(方案|计划|要点|意见|细则|措施|办法|规划)"
)


def _self_references(doc: Document, entities: list[Entity]) -> None:
    """本方案 in a plan-style text is a mention of the policy its title line names, when the
    word fits the title's kind (本计划 in a 行动计划)."""
    title = next(
        (e for e in entities if any(m.component == "policy-title" for m in e.mentions)), None
    )
    if title is None:
        return
    for sent in doc.sentences:
        for m in _SELF_REFERENCE.finditer(sent.text):
            if title.name.rstrip("）)0123456789—-－年（(").endswith(m.group(1)):
                start = sent.start + m.start()
                title.mentions.append(
                    Mention(m.group(0), "Policy", sent.id, start, start + len(m.group(0)), "self")
                )


def _names_over_their_places(doc: Document, entities: list[Entity]) -> None:
    """A body's full name found elsewhere in the document (某市国际生物医药园) is that body
    wherever it is written, also where only the place it starts with was read (某市|国际…园):
    the place's mention there gives way (linear: one map of the other bodies' mentions)."""
    others = bytearray(len(doc.text) + 1)
    for e in entities:
        if e.type != "Region":
            for x in e.mentions:
                others[x.start : x.end] = b"\x01" * (x.end - x.start)
    cut: dict[int, int] = {}  # a place's start → the end of the name that takes it in
    for e in entities:
        if e.type not in ("Enterprise", "Lab", "University", "Park") or len(e.name) < 6:
            continue
        for m in re.finditer(re.escape(e.name), doc.text):
            if not any(others[m.start() : m.end()]):  # no other body is read there
                cut[m.start()] = max(cut.get(m.start(), 0), m.end())
    for r in entities:
        if r.type == "Region" and cut:
            r.mentions = [x for x in r.mentions if not x.end < cut.get(x.start, 0)]


def _find_more_mentions(doc: Document, entities: list[Entity]) -> None:
    """Every other occurrence of a found name (outside longer names) is a mention too. Forms
    are tried longest first (then in text order), so which name claims an overlap does not
    depend on set order; occupancy is a per-character map (linear in the document)."""
    _park_short_forms(doc, entities)
    _names_over_their_places(doc, entities)
    taken = A.Occupancy(doc, entities)
    for e in entities:
        if e.type not in ("Official", "Enterprise", "Lab", "University", "Park"):
            continue
        for form in sorted({e.name, *e.aliases}, key=lambda f: (-len(f), f)):
            if len(form) < 2:
                continue
            for m in re.finditer(re.escape(form), doc.text):
                taken.claim(e, form, m.start(), m.end(), "repeat")
    _brand_mentions(doc, entities, taken)


# Tags of a two-character dictionary word that can still be a brand (a name, not a common word).
_BRAND_TAGS = (None, "ns", "nr", "nz", "nt", "nrt", "nrfg", "j")


def _brand_forms(name: str) -> set[str]:
    """The short forms news writes a registered firm by: its two-character brand with the first
    word of its trade cut to two (北京某某医疗器械有限公司 → 某某医疗, 某某农业装备 → 某某农业), or
    with its noun (某某精密仪器 → 某某仪器) or a three-character trade (某某机器人), and
    with 集团 for a group (某某紧固件集团有限公司 → 某某集团). The brand is what follows the place
    and is no word of the dictionary's (中关村科技 has no two-character brand)."""
    base = _FORM_SUFFIX.sub("", name)
    if base == name:
        return set()
    base = re.sub(r"[(（][^()（）]{1,6}[)）]", "", base)
    k = gazetteer().longest_at(base, 8).get(0, 0)
    rest = base[k:]
    words = word_spans(rest)
    if len(rest) < 4 or not words or M.region_ending_at(rest, 2) is not None:
        return set()
    brand_words = [w for w in words if w[1] <= 2]
    if not brand_words or brand_words[-1][1] != 2 or len(words) == len(brand_words):
        return set()
    if len(brand_words) == 1 and word_tag(brand_words[0][2]) not in _BRAND_TAGS:
        return set()  # 建设投资: a common word, not a brand
    brand, trade = rest[:2], words[len(brand_words)][2]
    forms = set()
    if len(trade) in (2, 4) and trade not in L.FIRM_SCOPE_TAILS:
        forms.add(brand + trade[:2])
    if len(trade) == 3 or (len(trade) == 4 and word_tag(trade[2:])):
        # 某某机器人 (a trade of three characters, written whole), 某某仪器 (精密仪器's noun)
        forms.add(brand + (trade if len(trade) == 3 else trade[2:]))
    if "集团" in name:
        forms.add(brand + "集团")
    return {f for f in forms if f != base and f != rest}


def _brand_mentions(doc: Document, entities: list[Entity], taken: A.Occupancy) -> None:
    """Occurrences of a firm's brand forms (:func:`_brand_forms`) outside other mentions are its
    mentions and aliases; a form two firms of the document share names neither."""
    owners: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        if e.type == "Enterprise":
            for form in _brand_forms(e.name):
                owners[form].append(e)
    names = {n for e in entities for n in (e.name, *e.aliases)}
    for form, es in sorted(owners.items()):
        if len(es) != 1 or form in names:
            continue
        e = es[0]
        claimed = [
            taken.claim(e, form, m.start(), m.end(), "brand")
            for m in re.finditer(re.escape(form), doc.text)
        ]
        if any(claimed):
            e.aliases.append(form)
