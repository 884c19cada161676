"""Where names begin and end (2026-12-03): words before a name that are not part of it, place
names that the characters of a longer name only seem to hold, suffixes of parks. Sentences
written for the test (made-up firms and parks; real region names only)."""

from __future__ import annotations

from sentences import names, run

from loaders.extract.mentions import find_regions
from loaders.extract.pipeline import extract
from loaders.load import document_from_text


def test_a_region_with_de_before_a_firm_is_not_part_of_its_name() -> None:
    ex = run("此外，来自北京的林蓝医疗器械有限公司已于今年8月入驻星澜经济开发区。")
    assert names(ex, "Enterprise") == {"林蓝医疗器械有限公司"}
    assert "北京" in names(ex, "Region")


def test_yu_after_a_verb_of_location_does_not_begin_a_park() -> None:
    ex = run("坐落于威县星禾产业园的远拓化工有限公司从北京引进了星禾研究所。")
    assert "威县星禾产业园" in names(ex, "Park")
    assert not any(n.startswith("于") for e in ex.entities for n in (e.name, *e.aliases))


def test_a_province_short_form_across_a_county_and_a_word_is_no_place() -> None:
    # 宁河 (a county) + 北岚: the characters 河北 inside are no mention of the province
    assert "河北" not in {r.text for r in find_regions("宁河北岚现代产业区与远拓公司签约。")}
    # 刷新|河北: 新河 (a county) begins inside a word, 河北 is the province
    assert "河北" in {r.text for r in find_regions("刷新河北纪录。")}
    ex = run("活动中，宁河北岚现代产业区与远拓科技有限公司签订合作协议。")
    assert "宁河北岚现代产业区" in names(ex, "Park")
    assert "河北" not in names(ex, "Region")


def test_a_demonstration_park_is_a_park() -> None:
    ex = run("两地将携手打造星澜协同创新示范园，示范园规划面积10平方公里。")
    assert names(ex, "Park") == {"星澜协同创新示范园"}
    ex = run("远拓县与岚川市共建星禾现代农业示范园区。")
    assert "星禾现代农业示范园区" in names(ex, "Park")


def test_a_county_short_form_before_its_whole_area_is_a_place() -> None:
    found = {r.text for r in find_regions("到2028年，滦南全县高新技术企业力争突破200家。")}
    assert "滦南" in found
    found = {r.text for r in find_regions("今年霸州全市新增科技型企业30家。")}
    assert "霸州" in found


def test_a_short_form_with_the_locative_li_is_a_common_noun() -> None:
    # 桃园 is also a city's short form; 桃园里 (in the peach orchard) names no place
    assert "桃园" not in {r.text for r in find_regions("孩子们在星澜村的桃园里摘桃。")}
    assert "北京" in {r.text for r in find_regions("这是北京里程碑式的项目。")}


def test_a_firm_written_by_its_brand_and_trade() -> None:
    ex = run(
        "会上，北京珲沅医疗器械有限公司与临城县签订投资协议。"
        "其中，珲沅医疗将高端耗材生产线整体转移到临城县，研发环节留在北京。"
    )
    assert "珲沅医疗" in names(ex, "Enterprise")
    by_key = {e.key: e.name for e in ex.entities}
    moved = {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == "承接"}
    assert moved == {("临城县", "北京珲沅医疗器械有限公司")}
    ex = run("河北建设投资集团有限公司表示，建设投资将向新能源倾斜。")
    assert "建设投资" not in names(ex, "Enterprise")


def test_an_industry_word_anchors_no_firm() -> None:
    ex = run("支持邢台璨玦装备产业园向东扩区，重点承接京津高端装备、新能源汽车零部件项目。")
    assert names(ex, "Enterprise") == set()
    by_key = {e.key: e.name for e in ex.entities}
    moved = {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == "承接"}
    assert moved == {("邢台璨玦装备产业园", "北京"), ("邢台璨玦装备产业园", "天津")}


def test_a_body_by_its_brand_and_kind_is_merged_into_it() -> None:
    text = (
        "张家口漪岚新能源科技有限公司与天津澈峪精密制造研究院签署合作协议。"
        "漪岚公司负责建设，澈峪研究院提供技术支撑。"
    )
    ex = extract(document_from_text(text, "t.txt", "txt"))
    got = {e.name for e in ex.entities}
    assert not {"漪岚公司", "澈峪研究院"} & got
