"""Cross-document resolution: the same entity in several documents becomes one canonical key."""

from __future__ import annotations

from collections import defaultdict

from schema.model import normalize_name
from schema.records import Extraction


def resolve_corpus(extractions: list[Extraction]) -> list[Extraction]:
    """Map an entity whose name is only an alias elsewhere (某环医药 in one document, 北京某环医药
    with alias 某环医药 in another) to the fuller entity's key; unambiguous aliases only."""
    alias_to_keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for ex in extractions:
        for e in ex.entities:
            names[e.key] = e.name
            for a in e.aliases:
                if len(a) >= 3 and e.type != "Region":
                    alias_to_keys[(e.type, normalize_name(a))].add(e.key)
    remap: dict[str, str] = {}
    for ex in extractions:
        for e in ex.entities:
            if e.type == "Region" or e.props.get("resolved"):
                continue
            targets = alias_to_keys.get((e.type, normalize_name(e.name)), set()) - {e.key}
            if len(targets) == 1:
                target = next(iter(targets))
                if len(names[target]) > len(e.name):
                    remap[e.key] = target
    if not remap:
        return extractions
    for ex in extractions:
        for e in ex.entities:
            if e.key in remap:
                e.props["canonical"] = names[remap[e.key]]
                e.key = remap[e.key]
        for r in ex.relations:
            r.head = remap.get(r.head, r.head)
            r.tail = remap.get(r.tail, r.tail)
    return extractions
