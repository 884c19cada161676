"""Traditional-character documents: detected, read through a simplified view with the same
offsets, names canonical (simplified), mentions and evidence in the document's own characters.

Made-up sentences only; the traditional copies are made by OpenCC at test time.
"""

from __future__ import annotations

from bench.layout_copies import hard_wrap, to_traditional
from loaders.extract.goldfmt import to_gold
from loaders.extract.pipeline import extract
from loaders.load import document_from_text
from loaders.normalize import normalize
from loaders.script import is_traditional, simplified_twin, simplified_view
from schema.records import Extraction

ARTICLE = "\n\n".join(
    [
        "松川高新区与远拓精工签约共建智能装备研究院",
        "本报讯（记者 周立 通讯员 韩青）日前，云岭市松川高新区管委会与远拓精工科技有限公司"
        "签署合作协议，双方将共建智能装备研究院。",
        "松川高新区管委会主任林海表示，园区将为企业提供全方位服务。北京星禾生物科技有限公司"
        "落户松川高新区，总投资5亿元。",
    ]
)


def _doc(text: str):  # noqa: ANN202
    return document_from_text(text, "t.txt", "txt")


def _facts(ex: Extraction) -> tuple[set, set]:
    names = {e.key: e.name for e in ex.entities}
    entities = {(e.type, e.name, tuple(sorted(e.aliases))) for e in ex.entities if e.mentions}
    relations = {(r.type, names[r.head], names[r.tail]) for r in ex.relations}
    return entities, relations


def test_traditional_text_is_detected_and_simplified_text_is_not() -> None:
    assert not is_traditional(ARTICLE)
    for config in ("s2t", "s2tw", "s2hk"):
        assert is_traditional(to_traditional(ARTICLE, config)), config
    # a simplified text quoting one traditional name is not converted
    assert not is_traditional("云岭市松川高新区管委会与遠拓精工科技有限公司签署合作协议。")
    assert not is_traditional("2025 年 ABC")  # no Han characters
    assert simplified_view(ARTICLE) is None


def test_view_has_the_same_length_and_the_simplified_characters() -> None:
    for config in ("s2t", "s2tw", "s2hk"):
        trad = to_traditional(ARTICLE, config)
        view = simplified_view(trad)
        assert view is not None and len(view) == len(trad)
        assert view == ARTICLE, config


def test_taiwan_and_hong_kong_variants() -> None:
    # Taiwan writes 著 for 着; Hong Kong writes 衞 for 卫
    assert simplified_view("他看著園區的規劃說，這裡將建設研究院。") == (
        "他看着园区的规划说，这里将建设研究院。"
    )
    assert simplified_view("衞生健康委員會與遠拓精工簽署協議，雙方將共建實驗室。") == (
        "卫生健康委员会与远拓精工签署协议，双方将共建实验室。"
    )
    # 顯著 keeps 著 (a phrase), 覆蓋 keeps 覆
    assert simplified_view("園區建設成效顯著，網絡覆蓋全區。") == "园区建设成效显著，网络覆盖全区。"


def test_normalization_judges_the_view_and_keeps_the_documents_characters() -> None:
    trad = to_traditional(ARTICLE)
    norm = normalize(trad)
    # the byline rule (记者/通讯员: spaces between names kept) fires on 記者/通訊員 too
    assert "（記者 周立 通訊員 韓青）" in norm.text
    assert simplified_view(norm.text) == normalize(ARTICLE).text
    for i, ch in enumerate(norm.text):
        if ch not in "\n，":
            assert trad[norm.offset_map[i]] == ch


def test_wrapped_traditional_copy_normalizes_like_the_original() -> None:
    trad = hard_wrap(to_traditional(ARTICLE, "s2tw"), 17, "\u3000\u3000", blank=False)
    assert simplified_view(normalize(trad).text) == normalize(ARTICLE).text


def test_names_come_out_simplified_and_offsets_point_at_the_traditional_text() -> None:
    plain = extract(_doc(ARTICLE))
    trad_text = to_traditional(ARTICLE, "s2tw")
    doc = _doc(trad_text)
    twin = simplified_twin(doc)
    assert twin is not None
    ex = extract(doc)
    entities, relations = _facts(ex)
    assert entities and relations  # the made-up article has firms, a park and a 承接
    assert (entities, relations) == _facts(plain)
    firm = next(e for e in ex.entities if e.name == "远拓精工科技有限公司")
    # the headline's short form (远拓精工, its brand and trade) is the firm too
    assert {m.text for m in firm.mentions} == {"遠拓精工科技有限公司", "遠拓精工"}
    for e in ex.entities:
        for m in e.mentions:
            assert m.text == doc.text[m.start : m.end]  # the document's characters
            o_start, o_end = doc.to_original(m.start, m.end)
            assert trad_text[o_start:o_end] == m.text
            assert to_traditional(twin.text[m.start : m.end], "s2tw") == m.text
    for r in ex.relations:
        for ev in r.evidence:
            assert ev.sentence == doc.sentences[ev.sentence_id].text == doc.text[ev.start : ev.end]
            assert trad_text[ev.orig_start : ev.orig_end] == ev.sentence
            assert is_traditional(ev.sentence)


def test_gold_output_of_a_traditional_document() -> None:
    trad = to_traditional(ARTICLE)
    gold = to_gold(extract(_doc(trad)))
    names = {e["name"] for e in gold["entities"]}
    assert "远拓精工科技有限公司" in names and "遠拓精工科技有限公司" not in names
    for e in gold["entities"]:
        assert e["evidence"] in trad
    for r in gold["relations"]:
        assert r["evidence"] in trad


def test_twin_keeps_ids_spans_and_offsets() -> None:
    doc = _doc(to_traditional(ARTICLE))
    twin = simplified_twin(doc)
    assert twin is not None and twin.id == doc.id and twin.offset_map == doc.offset_map
    assert [(s.start, s.end, s.orig_start) for s in twin.sentences] == [
        (s.start, s.end, s.orig_start) for s in doc.sentences
    ]
    assert twin.text == normalize(ARTICLE).text
    assert simplified_twin(_doc(ARTICLE)) is None
