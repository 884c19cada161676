"""Gazetteer of China's administrative divisions (province / city / county) and macro regions.

Built from loaders/extract/data/regions.tsv (generated from jionlp's place list; province, city
and county levels only — town-level names produce junk). Short forms (石家庄 for 石家庄市, 鹿泉
for 鹿泉区) are kept when they are not ordinary words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from loaders.extract.lexicon import MACRO_REGIONS

DATA = Path(__file__).parent / "data" / "regions.tsv"
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
_MACRO_PARENT = {"雄安新区": "河北省", "中关村": "北京市"}


@dataclass(frozen=True)
class Place:
    name: str  # full official name (石家庄市)
    level: str  # province | city | county | area
    parent: str | None
    province: str | None


@dataclass
class Gazetteer:
    places: dict[str, Place]  # full name -> place
    surface: dict[str, list[str]]  # surface form -> full names it may mean
    _automaton: ahocorasick.Automaton | None = None

    def longest_at(self, text: str, max_len: int = 10) -> dict[int, int]:
        """start → end of the longest surface form (2..max_len characters) starting there, in
        one Aho–Corasick pass (linear in the text, instead of a dictionary probe per length)."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for form in self.surface:
                if 2 <= len(form):
                    automaton.add_word(form, len(form))
            automaton.make_automaton()
            self._automaton = automaton
        out: dict[int, int] = {}
        for end, length in self._automaton.iter(text):
            if length <= max_len:
                start = end + 1 - length
                if out.get(start, 0) < end + 1:
                    out[start] = end + 1
        return out

    def lookup(self, form: str) -> list[Place]:
        return [self.places[n] for n in self.surface.get(form, [])]

    def chain(self, name: str) -> list[Place]:
        """The place and its ancestors, nearest first."""
        out: list[Place] = []
        seen: set[str] = set()
        place = self.places.get(name)
        while place is not None and place.name not in seen:
            out.append(place)
            seen.add(place.name)
            place = self.places.get(place.parent) if place.parent else None
        return out


def _common_word(form: str) -> bool:
    """A short form that is an ordinary word (新华, 和平, 城关) is not used alone."""
    from loaders.extract.segment import word_freq, word_tag

    return word_tag(form) not in (None, "ns") and word_freq(form) >= 300


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    places: dict[str, Place] = {}
    surface: dict[str, list[str]] = {}

    def add(form: str, full: str) -> None:
        if form and full not in surface.setdefault(form, []):
            surface[form].append(full)

    rows = DATA.read_text(encoding="utf-8").splitlines()[1:]
    for line in rows:
        name, level, parent, province, short = (line.split("\t") + [""] * 5)[:5]
        if level == "city" and name in _MUNICIPALITIES:
            continue  # the municipality is its own province-level entry
        if re.search(r"(高新区|开发区|经开区|园区|产业园|矿区|管理区|示范区|试验区)$", name):
            continue  # development zones listed as districts are parks, not regions
        if name in places:
            continue  # duplicate county names in different cities: keep the first (rare)
        places[name] = Place(name, level, parent or None, province or None)
        add(name, name)
        if short and short != name and len(short) >= 2 and short != "新区":  # 镇江新区 → 新区
            if level in ("province", "city") or not _common_word(short):
                add(short, name)
    for macro in MACRO_REGIONS:
        if macro not in places:
            places[macro] = Place(macro, "area", _MACRO_PARENT.get(macro), _MACRO_PARENT.get(macro))
            add(macro, macro)
    # 河北雄安新区 style: province short + new area
    for area, prov in _MACRO_PARENT.items():
        add(prov[:-1] + area, area)  # 北京中关村
        if area.endswith("新区"):
            add(area[:-2], area)  # 雄安
    return Gazetteer(places, surface)
