"""What relation rules know about the document beyond one sentence: its entities' mentions as
sentence-relative spans, its own regions (我市, a bare 市长) and the bodies that 我校/集团公司 mean."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from schema.records import Document, Entity


@dataclass(frozen=True)
class Span:
    """One mention of an entity inside a sentence (offsets relative to the sentence)."""

    key: str
    type: str
    start: int
    end: int
    text: str


# Which regions a relative word means, by the suffix of the region's name (定州市 is a county-
# level city but a 市 all the same; 北京市 is a province-level one).
_LEVEL_SUFFIX = {"市": ("市",), "区": ("区",), "县": ("县", "旗"), "省": ("省",)}
# Relative names of bodies (我校, 集团公司): the type they stand for and the name ending wanted.
RELATIVE_BODIES: dict[str, tuple[str, str]] = {
    "我校": ("University", ""),
    "该校": ("University", ""),
    "学校": ("University", ""),
    "校": ("University", ""),  # 校党委常委、副校长某某
    "我院": ("Lab", ""),
    "该院": ("Lab", ""),
    "集团公司": ("Enterprise", "集团"),
    "该集团": ("Enterprise", "集团"),
    "集团": ("Enterprise", "集团"),
    "该公司": ("Enterprise", ""),
    "公司": ("Enterprise", ""),
    "园区": ("Park", ""),  # 副区长、园区管委会主任某某
    "开发区": ("Park", "开发区"),
    "高新区": ("Park", "高新区"),
    "基地": ("Park", "基地"),
    "研究院": ("Lab", "研究院"),
    "研究所": ("Lab", "研究所"),
    "研究中心": ("Lab", "中心"),
    "实验室": ("Lab", "实验室"),
    "联合体": ("Lab", "联合体"),
}


# 就…进行(了)洽谈/交流: what a clause says the parties talked about, not what they did.
_TOPIC_OPEN = re.compile(r"就[^，。；;]*$")
_TALKED = re.compile(
    r"[^，。；;]*?(?:进行|开展|展开)了?(?:深入|广泛|初步|友好|专题)?"
    r"(?:洽谈|交流|探讨|磋商|座谈|对接|研讨|沟通|会谈)"
)


def discussed(text: str, pos: int) -> bool:
    """Whether the words at ``pos`` are the topic of talks (双方就共建某平台进行了洽谈): a 就
    opens the clause's topic before them and a verb of talking closes it after."""
    return bool(_TOPIC_OPEN.search(text, 0, pos)) and bool(_TALKED.match(text, pos))


# A place named right after these is where an event happens or where someone goes.
_PLACE_OF_EVENT = "在赴到至来去于"


@dataclass
class DocContext:
    doc: Document
    entities: dict[str, Entity]
    by_sentence: dict[int, list[Span]] = field(default_factory=dict)
    # The sentence being read (set by the relation pass): a tie between referents goes to the
    # one named in it or the sentence before (GUIDELINE: 该公司 → the body named there).
    sentence: int = -1

    @classmethod
    def build(cls, doc: Document, entities: list[Entity]) -> DocContext:
        ctx = cls(doc, {e.key: e for e in entities})
        for e in entities:
            for m in e.mentions:
                sent = doc.sentences[m.sentence_id]
                ctx.by_sentence.setdefault(m.sentence_id, []).append(
                    Span(e.key, e.type, m.start - sent.start, m.end - sent.start, m.text)
                )
        for spans in ctx.by_sentence.values():
            spans.sort(key=lambda s: (s.start, s.key))
        return ctx

    def own_region(self, relative: str) -> Entity | None:
        """The region 市/区/县/省 means in this document: the first one with that suffix named in
        its opening sentences (the headline and lead say what a report is about), else the most
        mentioned one (names that start with it count too); none on a tie or if unnamed."""
        suffixes = _LEVEL_SUFFIX.get(relative)
        if not suffixes:
            return None
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for e in self.entities.values():
            if e.type != "Region" or not e.mentions:
                continue
            canonical = e.props.get("canonical") or e.name
            if relative == "省" and e.props.get("level") != "province":
                continue
            if canonical.endswith(suffixes) and e.props.get("level") != "area":
                counts[e.key] += len(e.mentions) + self._inner_mentions(e)
                first[e.key] = self._first_offset(e)
        opening = self.doc.sentences[min(1, len(self.doc.sentences) - 1)].end
        early = sorted((pos, key) for key, pos in first.items() if pos < opening)
        if early:
            return self.entities[early[0][1]]
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return self.entities[ranked[0][0]]

    def _first_offset(self, region: Entity) -> int:
        """Where the region is first named, alone or at the start of another name, other than
        as where something happens or someone goes (在某市举办, 赴某县调研)."""
        forms = self._forms(region)
        offsets = [m.start for m in region.mentions] + [
            m.start
            for e in self.entities.values()
            if e.type in ("Agency", "Park", "Enterprise", "Lab")
            for m in e.mentions
            if any(m.text.startswith(f) for f in forms)
        ]
        offsets = [o for o in offsets if not o or self.doc.text[o - 1] not in _PLACE_OF_EVENT]
        return min(offsets, default=len(self.doc.text))

    @staticmethod
    def _forms(region: Entity) -> set[str]:
        return {region.name, *region.aliases, region.props.get("canonical") or ""} - {""}

    def _inner_mentions(self, region: Entity) -> int:
        forms = self._forms(region)
        return sum(
            len(e.mentions)
            for e in self.entities.values()
            if e.type in ("Agency", "Park", "Enterprise", "Lab")
            and any((e.props.get("resolved") or e.name).startswith(f) for f in forms)
        )

    def referent(self, type_: str, ending: str = "") -> Entity | None:
        """The body a relative name (我校, 集团公司) refers to: the document's most mentioned one
        of that type (with that name ending); on a tie, the tied one named in the sentence being
        read or the one before, else none."""
        ranked = sorted(
            (
                e
                for e in self.entities.values()
                if e.type == type_ and e.mentions and e.name.endswith(ending)
            ),
            key=lambda e: len(e.mentions),
            reverse=True,
        )
        if not ranked:
            return None
        tied = [e for e in ranked if len(e.mentions) == len(ranked[0].mentions)]
        if len(tied) == 1:
            return tied[0]
        near = [
            e
            for e in tied
            if any(self.sentence - 1 <= m.sentence_id <= self.sentence for m in e.mentions)
        ]
        return near[0] if len(near) == 1 else None


# 两个平台都位于…, 三个项目已分别与…签订: a counted kind word standing for the last bodies named.
_COUNTED_REFERENCE = re.compile(
    r"(?:^|(?<=[，,；;：:。]))(?:这|上述|以上|这些)?([两二三四五六七八九])(?:个|家|所|座)"
    r"(平台|项目|企业|公司|园区|研究院|中心|实验室|机构)(?:都|均|已经|已|也|将|还|分别|共同)*$"
)
_NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# The types a counted kind word stands for (a firm's 项目 is the firm's: GUIDELINE pairs firms).
_COUNTED_TYPES = {
    "平台": ("Lab", "Park"),
    "项目": ("Enterprise",),
    "企业": ("Enterprise",),
    "公司": ("Enterprise",),
    "园区": ("Park",),
    "研究院": ("Lab",),
    "中心": ("Lab",),
    "实验室": ("Lab",),
    "机构": ("Lab", "University"),
}


def counted_referents(text: str, end: int, spans: list[Span], prev: list[Span]) -> list[Span]:
    """The bodies a clause's counted subject ending at ``end`` means (两个平台都…): the last that
    many of its kind named before it in the sentence, else in the previous sentence; none when
    fewer are named."""
    m = _COUNTED_REFERENCE.search(text, 0, end)
    if m is None:
        return []
    n, types = _NUMBERS[m.group(1)], _COUNTED_TYPES[m.group(2)]
    for pool in ([s for s in spans if s.end <= m.start()], prev):
        found: dict[str, Span] = {}
        for s in reversed(pool):
            if s.type in types and s.key not in found:
                found[s.key] = s
        if len(found) >= n:
            return list(found.values())[:n][::-1]
    return []
