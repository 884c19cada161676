"""Names that one document (or several) writes in more than one way, resolved to one entity.

- variants of a body's name: 某市人民政府 = 某市政府, 某市高新区 = 某高新区, 经济技术开发区 = 经开区,
  高新技术产业开发区 = 高新区, 自由贸易试验区 = 自贸区 (:func:`variant_key`);
- variants of a policy's name: with and without its years, 《》 or quotes, a quoted term and
  the programme named after it (“某某” = “某某”计划);
- abbreviations the text defines: 某某科学技术研究院(以下简称某科院);
- a renamed body (A更名为B);
- abbreviations of institutes by their characters: 某科院热物理所 = 某科院工程热物理研究所 (the short
  form keeps the first and last characters and drops some in between, for 所/院/委 only).
These are pure functions over one document's entities; :mod:`loaders.extract.resolve` applies
:func:`variant_key` across documents.
"""

from __future__ import annotations

import re

from loaders.extract.regions import gazetteer
from schema.model import normalize_name
from schema.records import Document, Entity, Mention

_ORGS = ("Enterprise", "Lab", "University", "Park", "Agency")
# Types whose names the text abbreviates with 以下简称 (a policy: 以下简称《意见》).
_DEFINED = (*_ORGS, "Policy")
# Long forms → the short form they are written as (applied to both names being compared).
_SUFFIX_VARIANTS = (
    ("人民政府", "政府"),
    ("高新技术产业开发区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("自由贸易试验区", "自贸区"),
    ("自由贸易区", "自贸区"),
)
_DEFINITION = re.compile(
    r"[（(]\s*(?:以下)?(?:简称|下称)[：:]?\s*[“\"]?([^”\"）)]{2,12}?)[”\"]?\s*[）)]"
)
# Institute suffixes and the short ones they are abbreviated to (热物理所, 北科院, 教科文卫委).
_ABBREVIATED_SUFFIX = {"研究所": "所", "研究院": "院", "科学院": "院", "委员会": "委"}


_YEARS = re.compile(r"[（(]\s*\d{4}\s*(?:[—―–\-~至]\s*\d{4})?\s*年?\s*[）)]")
_QUOTED_TAIL = re.compile(r"^([“‘\"][^”’\"]+[”’\"])(?:制|计划|行动)$")


def _policy_key(name: str) -> str:
    """《某规划(2021—2025年)》 = 某规划; “某某” = “某某”制 = “某某”计划 (a quoted term and the
    programme named by it)."""
    key = normalize_name(name).strip("《》")
    key = _YEARS.sub("", key)
    m = _QUOTED_TAIL.match(key)
    if m:
        key = m.group(1)
    return re.sub(r"[“”‘’\"]", "", key)


def variant_key(type_: str, name: str) -> str:
    """One spelling for the variants of a name (see the module docstring)."""
    if type_ == "Policy":
        return _policy_key(name)
    key = normalize_name(name)
    if type_ not in _ORGS:
        return key
    for long, short in _SUFFIX_VARIANTS:
        key = key.replace(long, short)
    gz = gazetteer()
    for k in range(2, min(5, len(key) - 2)):  # 邢台市高新区 → 邢台高新区
        if key[k] == "市" and key[: k + 1] in gz.places:
            return key[:k] + key[k + 1 :]
    return key


def _absorb(target: Entity, other: Entity) -> None:
    for form in (other.name, *other.aliases):
        if form != target.name and form not in target.aliases:
            target.aliases.append(form)
    target.mentions += other.mentions


def merge_variants(entities: list[Entity]) -> list[Entity]:
    """Entities of one type whose names are variants of each other become one (the longest
    name is the name, the others aliases)."""
    by_key: dict[tuple[str, str], Entity] = {}
    out: list[Entity] = []
    for e in sorted(entities, key=lambda e: -len(e.name)):
        if e.type not in (*_ORGS, "Policy"):
            out.append(e)
            continue
        key = (e.type, variant_key(e.type, e.props.get("resolved") or e.name))
        if key in by_key:
            _absorb(by_key[key], e)
            continue
        by_key[key] = e
        out.append(e)
    return out


def defined_abbreviations(doc: Document, entities: list[Entity]) -> list[Entity]:
    """某某研究院(以下简称某院), 《某某若干意见》(以下简称《意见》): the short name is the entity's
    alias, and an entity found under the short name alone is the same one."""
    ends = {m.end: e for e in entities if e.type in _DEFINED for m in e.mentions}
    for m in _DEFINITION.finditer(doc.text):
        owner = ends.get(m.start())
        short = m.group(1).strip()
        if owner is None or short == owner.name:
            continue
        kinds = _ORGS if owner.type in _ORGS else (owner.type,)
        for e in [e for e in entities if e is not owner and e.type in kinds]:
            if short in (e.name, *e.aliases):
                _absorb(owner, e)
                entities.remove(e)
        if short not in owner.aliases:
            owner.aliases.append(short)
        owner.props.setdefault("_defined", []).append(short)
    return entities


def _is_abbreviation(short: str, full: str) -> bool:
    """热物理所 of 工程热物理研究所: the same first character, the abbreviated suffix, and the
    characters of the short form in order in the long one."""
    if short[:1] in "市区县省" and full[:1] != short[:1] and short[:1] in full[1:6]:
        # 区科委 of 大兴区科学技术委员会: a relative 区 stands for the place the full name opens with
        full = full[full.index(short[0], 1) :]
    suffix = next((s for s in _ABBREVIATED_SUFFIX if full.endswith(s)), None)
    if suffix is None or not short.endswith(_ABBREVIATED_SUFFIX[suffix]) or short.endswith(suffix):
        return False
    if len(short) < 3 or short[0] != full[0] or len(short) >= len(full):
        return False
    it = iter(full)
    return all(c in it for c in short)


def merge_abbreviations(entities: list[Entity]) -> list[Entity]:
    """Short forms of institutes and committees (see :func:`_is_abbreviation`) join the full
    name of the same type in the document when exactly one full name fits."""
    out = list(entities)
    for short in list(out):
        if short.type not in ("Lab", "Agency"):
            continue
        fulls = [
            e
            for e in out
            if e is not short and e.type == short.type and _is_abbreviation(short.name, e.name)
        ]
        if len(fulls) == 1:
            _absorb(fulls[0], short)
            out.remove(short)
    return out


_RENAMED = re.compile(r"(?:正式)?(?:更名为|改名为|更名)")


def renamed(doc: Document, entities: list[Entity]) -> list[Entity]:
    """A更名为B: one entity known by both names (the new one is its name)."""
    starts = {(m.start, e.type): e for e in entities if e.type in _ORGS for m in e.mentions}
    for e in list(entities):
        if e.type not in _ORGS or e not in entities:
            continue
        for m in list(e.mentions):
            cue = _RENAMED.match(doc.text, m.end)
            new = starts.get((cue.end(), e.type)) if cue else None
            if new is not None and new is not e and new in entities:
                _absorb(new, e)
                entities.remove(e)
                break
    return entities


class Occupancy:
    """Which characters of a document already belong to a mention (a byte per character)."""

    def __init__(self, doc: Document, entities: list[Entity]) -> None:
        self.doc = doc
        self.taken = bytearray(len(doc.text) + 1)
        for e in entities:
            for m in e.mentions:
                self.taken[m.start : m.end] = b"\x01" * (m.end - m.start)

    def claim(self, e: Entity, form: str, start: int, end: int, component: str) -> bool:
        """Add a mention of ``e`` at [start, end) if no mention holds any of it yet."""
        if any(self.taken[start:end]):
            return False
        sid = self.doc.sentence_at(start)
        if sid is None:
            return False
        e.mentions.append(Mention(form, e.type, sid, start, end, component))
        self.taken[start:end] = b"\x01" * (end - start)
        return True


def defined_mentions(doc: Document, entities: list[Entity]) -> None:
    """Every occurrence of a defined short name, outside other mentions, is a mention."""
    taken = Occupancy(doc, entities)
    for e in entities:
        for short in e.props.pop("_defined", []):
            for m in re.finditer(re.escape(short), doc.text):
                taken.claim(e, short, m.start(), m.end(), "defined")
