"""More 任职 and entity constructions (h24), on sentences written for the tests: made-up people,
firms, parks and bodies; real region names only."""

from __future__ import annotations

import pytest
from sentences import names, pairs, run, unordered_pairs

from schema.records import Extraction


def posts(ex: Extraction) -> set[tuple[str, str]]:
    by_key = {e.key: e.name for e in ex.entities}
    return {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == "任职"}


# ------------------------------------------------ 由某某任组长: 任 after a name is the verb


@pytest.mark.parametrize(
    ("text", "person", "org"),
    [
        ("成立专项工作组，由沧州市委副书记、市长柯岚任组长。", "柯岚", "沧州市"),
        ("成立推进专班，由沧州市科学技术局局长缪棠任副组长。", "缪棠", "沧州市科学技术局"),
        ("该平台由北京琮璟工业大学副校长卜沅兼任主任。", "卜沅", "北京琮璟工业大学"),
    ],
)
def test_name_ends_before_ren_and_a_title(text: str, person: str, org: str) -> None:
    ex = run(text)
    assert person in names(ex, "Official")
    assert (person, org) in posts(ex)


def test_three_character_name_before_ren_keeps_its_third_character() -> None:
    ex = run("成立推进专班，由沧州市科学技术局局长缪棠远任副组长。")
    assert "缪棠远" in names(ex, "Official")


# ------------------------------------- a firm's brand with its trade's noun or a 3-char trade


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("北京翎澈精密仪器有限公司", "翎澈仪器"),
        ("天津蔺淙机器人科技有限公司", "蔺淙机器人"),
    ],
)
def test_brand_short_form_holds_the_post(full: str, short: str) -> None:
    ex = run(f"{full}在沧州新建生产基地。{short}副总经理嵇朗说，新基地明年投产。")
    assert short in names(ex, "Enterprise")
    assert ("嵇朗", full) in posts(ex)


# ------------------------------------------------ 某产业园东区: a park's section, no district


@pytest.mark.parametrize("section", ["东区", "南区", "北区"])
def test_park_section_is_no_region(section: str) -> None:
    ex = run(f"新厂区坐落在沧州翊蘅智造产业园{section}，明年投产。")
    assert section not in names(ex, "Region")
    assert "沧州翊蘅智造产业园" in names(ex, "Park")


# ------------------------------------ a sub-unit of a body never runs back over a person's name


def test_person_before_ren_is_no_sub_unit_of_the_next_post() -> None:
    ex = run(
        "献县召开承接工作会议。成立推进专班，由县委常委、副县长柯岚任专班组长，"
        "县科学技术局局长缪棠任副组长。"
    )
    got = posts(ex)
    assert ("柯岚", "献县") in got
    assert any(person == "缪棠" and org.endswith("科学技术局") for person, org in got)
    assert ("缪棠", "献县") not in got


# -------------------- 县长某某 where the county is named only in its bodies' names (某县人民政府)


def test_county_named_only_in_bodies_holds_the_bare_posts() -> None:
    ex = run(
        "献县人民政府办公室关于印发《献县承接产业转移实施方案》的通知\n"
        "各乡镇、县直各单位：\n"
        "献县科学技术局负责日常工作。\n"
        "成立领导小组，县委副书记、县长柯岚任组长。"
    )
    assert "献县" in names(ex, "Region")
    assert ("柯岚", "献县") in posts(ex)


def test_named_county_needs_no_region_from_names() -> None:
    ex = run("献县人民政府与沧县签订协议。县长柯岚出席。")
    assert "沧县" in names(ex, "Region")
    assert "献县" not in names(ex, "Region")


# ------------------------------------------- 某某（某县委书记）：the post in brackets after a name


@pytest.mark.parametrize(
    ("text", "org"),
    [
        (
            "记者：园区今年有哪些新进展？\n柯岚（霸州市委常委、常务副市长）：我们引进了三家企业。",
            "霸州市",
        ),
        ("柯岚（沧州翊蘅科技有限公司董事长）表示，新基地明年投产。", "沧州翊蘅科技有限公司"),
    ],
)
def test_post_in_brackets_after_the_name(text: str, org: str) -> None:
    ex = run(text)
    assert "柯岚" in names(ex, "Official")
    assert ("柯岚", org) in posts(ex)


# ----------------------- 天津市西青区人民政府: the district written with its city is the district


def test_district_written_with_its_city_in_bodies_is_the_own_region() -> None:
    ex = run(
        "天津市西青区承接产业转移行动方案\n"
        "天津市西青区人民政府印发本方案。\n"
        "到2028年，西青区累计承接企业50家。\n"
        "重点承接北京市顺义区转移的装备企业。\n"
        "成立推进专班，区委常委、副区长柯岚任专班组长。"
    )
    assert ("柯岚", "西青区") in posts(ex)


# ------------------ 某实验室…，主任为某某 / 该中心由某某兼任主任: the head of the sentence's subject


def test_head_title_before_wei_goes_to_the_subject() -> None:
    ex = run("蘅岭智能传感实验室由北京琮璟工业大学牵头组建，主任为北京琮璟工业大学教授柯岚。")
    got = posts(ex)
    assert ("柯岚", "蘅岭智能传感实验室") in got
    assert ("柯岚", "北京琮璟工业大学") in got


def test_relative_subject_and_a_bare_title_after_jianren() -> None:
    ex = run(
        "沧州翊蘅产业园与北京琮璟工业大学共建翊蘅氢能技术创新中心。"
        "该中心由北京琮璟工业大学副院长柯岚兼任主任。"
    )
    assert ("柯岚", "翊蘅氢能技术创新中心") in posts(ex)


def test_bare_title_in_a_later_clause_is_not_the_subjects() -> None:
    ex = run("翊蘅集团董事长甲某兼任新公司董事长，蘅澜研究院副院长柯岚出任总经理。")
    assert not any(p == "柯岚" and o.startswith("翊蘅集团") for p, o in posts(ex))


# --------------------- 黄骅某某临港…产业园: a place (and a brand) the model reads as a person


@pytest.mark.parametrize(
    "text",
    ["1.黄骅璟翊临港物流产业园。园区位于黄骅市。", "1.黄骅瑾澈临港装备产业园，位于黄骅市。"],
)
def test_place_read_as_a_person_begins_the_park(text: str) -> None:
    assert names(run(text), "Park") == {text[2:13]}


# ---------------------------- 望|都|某某产业园: a place the segmenter cuts into words still leads


def test_place_cut_by_the_segmenter_begins_the_park() -> None:
    ex = run("北京翊蘅包装有限公司的生产线明年迁入望都琮璟食品产业园。")
    assert "望都琮璟食品产业园" in names(ex, "Park")


# ------------------------ 位于某县某某镇: a town after its county and a verb of being somewhere


def test_town_named_by_a_common_word_after_its_county() -> None:
    ex = run("翊蘅食品产业园位于献县桃花镇，重点承接北京企业。")
    assert "桃花镇" in names(ex, "Region")
    assert ("翊蘅食品产业园", "桃花镇") in pairs(ex, "位于")


# ----------- 京冀|璠|翊…平台: a brand of rare characters the segmenter cuts one by one is a name


def test_two_region_platform_with_a_rare_character_brand_is_a_name() -> None:
    ex = run("沧州市人民政府与北京琮璟工业大学共建京冀璠翊新材料中试平台。")
    assert "京冀璠翊新材料中试平台" in names(ex, "Lab")


# --------------------------------------- 首个京外中试基地: outside Beijing, not a base's name


def test_base_outside_beijing_is_no_park() -> None:
    ex = run("北京翊蘅生物科技有限公司的京外中试基地在献县投用。")
    assert "京外中试基地" not in names(ex, "Park")


# ------------------------------------------------ 与北京一所高校: a count of bodies, no 所


@pytest.mark.parametrize("count", ["一所", "两所"])
def test_counted_institutions_are_no_lab(count: str) -> None:
    ex = run(f"研究院还与北京{count}高校签订了协议。")
    assert not any(n.endswith(count) for n in names(ex, "Lab"))


# --------------------------------------------- rarer surnames of the 百家姓 (勾, 贲) name officials


@pytest.mark.parametrize("person", ["勾岚峰", "贲晓澄"])
def test_rarer_surnames_name_officials(person: str) -> None:
    ex = run(f"献县人民政府聘请北京琮璟工业大学教授{person}担任技术顾问。")
    assert person in names(ex, "Official")
    assert (person, "北京琮璟工业大学") in posts(ex)


# -------------------------------- 丰宁县, 大厂县: an autonomous county by its short name and 县


@pytest.mark.parametrize(
    ("written", "county"), [("丰宁县", "丰宁满族自治县"), ("大厂县", "大厂回族自治县")]
)
def test_autonomous_county_by_short_name_and_xian(written: str, county: str) -> None:
    ex = run(f"北京翊蘅农业科技有限公司在{written}建设的育苗基地已经投产。")
    assert any(e.type == "Region" and e.mentions and e.name == written for e in ex.entities)
    assert any(e.props.get("canonical") == county for e in ex.entities if e.type == "Region")


# --------------------- 北京某行业、天津某行业等N个项目: a place and a trade name no firm


def test_place_and_trade_in_a_list_are_no_firms() -> None:
    ex = run("目前在谈的北京智能装备、天津新材料等6个项目将尽快落地。")
    assert not names(ex, "Enterprise") & {"北京智能装备", "天津新材料"}


# ----------------------------- 设立沧州分公司, 华东分公司: a branch by its area alone is no firm


@pytest.mark.parametrize("branch", ["沧州分公司", "华东分公司"])
def test_branch_by_its_area_alone_is_no_firm(branch: str) -> None:
    ex = run(f"北京翊蘅环保科技有限公司在献县翊蘅产业园设立{branch}，主营水处理设备。")
    assert branch not in names(ex, "Enterprise")
    assert "北京翊蘅环保科技有限公司" in names(ex, "Enterprise")


def test_a_place_or_body_glued_to_a_firm_by_a_joiner_is_a_name_of_its_own() -> None:
    # LAC reads 某县与 as the start of the firm's name, jieba glues 同 to the firm's first word
    for text, first in (
        ("武邑县与星禾科技有限公司签约，项目总投资5亿元。", "武邑县"),
        ("深州市与远拓新材料有限公司签订了战略合作协议。", "深州市"),
    ):
        ex = run(text)
        assert names(ex, "Region") >= {first}
        assert not any(n.startswith(first) for n in names(ex, "Enterprise"))
        assert unordered_pairs(ex, "签约") == {frozenset((first, names(ex, "Enterprise").pop()))}
    ex = run("柏乡县人民政府同远拓精工机械有限公司签订投资协议。")
    assert names(ex, "Agency") == {"柏乡县人民政府"}
    assert names(ex, "Enterprise") == {"远拓精工机械有限公司"}
    # 同 inside a firm's own name stays there
    assert names(run("北京同方星禾科技有限公司落户园区。"), "Enterprise") == {
        "北京同方星禾科技有限公司"
    }
    # a joiner that begins a place is the place's (天津市和平区)
    ex = run("天津市和平区星禾协作中心与阜平县人民政府签署协议。")
    assert not any(n.startswith("平区") for n in names(ex, "Lab") | names(ex, "Enterprise"))
