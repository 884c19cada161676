"""Hand-made extractions for store and API tests (made-up names, no corpus entities)."""

from __future__ import annotations

from schema.model import entity_key
from schema.records import Document, Entity, Evidence, Extraction, Mention, Relation, Sentence


def make_doc(text: str, doc_id: str, path: str = "test.txt") -> Document:
    sentences = [Sentence(0, text, 0, len(text), 0, len(text))]
    return Document(doc_id, path, "txt", text, text, list(range(len(text) + 1)), sentences)


def entity(type_: str, name: str, doc: Document, **props: object) -> Entity:
    start = doc.text.find(name)
    mentions = [Mention(name, type_, 0, start, start + len(name), "test")] if start >= 0 else []
    return Entity(entity_key(type_, name), type_, name, [], mentions, dict(props))


def relation(
    type_: str, head: Entity, tail: Entity, doc: Document, cue: str = "测试", **props: object
) -> Relation:
    ev = Evidence(doc.id, 0, doc.text, 0, len(doc.text), 0, len(doc.text), cue)
    return Relation(type_, head.key, tail.key, [ev], 0.8, dict(props))


def transfer_extraction(doc_id: str = "doc-a", firm: str = "北辰星科技有限公司") -> Extraction:
    """某高新区 takes in a Beijing firm; an official holds a post there."""
    text = f"来自北京的{firm}落户云岭高新区，云岭高新区管委会主任王晓明表示欢迎。"
    doc = make_doc(text, doc_id, f"{doc_id}.txt")
    park = entity("Park", "云岭高新区", doc)
    ent = entity("Enterprise", firm, doc)
    beijing = entity("Region", "北京", doc, level="province")
    official = entity("Official", "王晓明", doc)
    rels = [
        relation("承接", park, ent, doc, "落户", from_region=["北京"]),
        relation("任职", official, park, doc, "主任", title="管委会主任"),
    ]
    return Extraction(doc, [park, ent, beijing, official], rels)


def many_firms_extraction(doc_id: str, n: int) -> Extraction:
    """A long document: n made-up firms, each in its own sentence, each taken in by a park and
    signing with the next firm (many writer batches: for killing a write midway)."""
    sentences, ents, offset = [], [], 0
    park_text = "云岭高新区发布名单。"
    parts = [park_text]
    sentences.append(Sentence(0, park_text, 0, len(park_text), 0, len(park_text)))
    offset = len(park_text)
    for i in range(n):
        s = f"星{i}号科技有限公司落户云岭高新区。"
        sentences.append(Sentence(i + 1, s, offset, offset + len(s), offset, offset + len(s)))
        parts.append(s)
        offset += len(s)
    text = "".join(parts)
    doc = Document(
        doc_id, f"{doc_id}.txt", "txt", text, text, list(range(len(text) + 1)), sentences
    )
    park = Entity(entity_key("Park", "云岭高新区"), "Park", "云岭高新区", [], [], {})
    rels = []
    for i, sent in enumerate(sentences[1:]):
        name = f"星{i}号科技有限公司"
        m = Mention(name, "Enterprise", sent.id, sent.start, sent.start + len(name), "test")
        ents.append(Entity(entity_key("Enterprise", name), "Enterprise", name, [], [m], {}))
        ev = Evidence(
            doc_id, sent.id, sent.text, sent.start, sent.end, sent.start, sent.end, "落户"
        )
        rels.append(Relation("承接", park.key, ents[-1].key, [ev], 0.8, {"from_region": ["北京"]}))
        if i:
            rels.append(Relation("签约", ents[-2].key, ents[-1].key, [ev], 0.7, {}))
    return Extraction(doc, [park, *ents], rels)
