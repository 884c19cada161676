"""签约, 共建, 位于 and 发布 constructions of the dev8/dev9 round: each on sentences written for
the test (made-up firms, universities, parks and institutes; real region names only)."""

from __future__ import annotations

from sentences import both, run
from sentences import pairs as plain
from sentences import unordered_pairs as pairs

from loaders.extract.agreements import find_cobuilding, find_signings
from loaders.extract.context import Span

# ---------------------------------------------------------------- a clause with no subject


def test_a_clause_without_a_subject_co_builds_with_the_sentence_subject() -> None:
    ex = run("星禾智造产业园位于柏乡县城东部，与远拓材料科技有限公司共建了星禾新材料中试基地。")
    assert pairs(ex, "共建") == both(
        ("星禾智造产业园", "星禾新材料中试基地"),
        ("远拓材料科技有限公司", "星禾新材料中试基地"),
    )


def test_an_interview_answer_opens_with_its_speaker() -> None:
    ex = run(
        "郝明川：星禾电子信息产业园今年开工了两栋厂房，下一步将与远拓理工大学联合建设"
        "星禾集成电路工程技术研究中心。"
    )
    assert pairs(ex, "共建") == both(
        ("星禾电子信息产业园", "星禾集成电路工程技术研究中心"),
        ("远拓理工大学", "星禾集成电路工程技术研究中心"),
    )


def test_a_clause_without_a_subject_signs_for_the_sentence_subject() -> None:
    ex = run("远拓精密机械有限公司成立于2019年，下一步将与星禾大学签订产学研合作协议。")
    assert pairs(ex, "签约") == both(("远拓精密机械有限公司", "星禾大学"))


# ---------------------------------------------------------------- 位于: a body's premises


def test_a_clause_opening_with_the_premises_locates_the_subject_before() -> None:
    ex = run("5月8日，远拓精密仪器有限公司从北京迁入柏乡县固城店镇，新厂区位于柏乡星禾智造产业园。")
    assert ("远拓精密仪器有限公司", "柏乡星禾智造产业园") in plain(ex, "位于")
    ex = run(
        "6月3日，远拓大学柏乡新材料研究院揭牌。该研究院由远拓大学和柏乡县政府联合建设，"
        "办公区和实验室均设在柏乡星禾经济开发区。"
    )
    assert ("远拓大学柏乡新材料研究院", "柏乡星禾经济开发区") in plain(ex, "位于")


def test_a_firms_premises_locate_the_firm() -> None:
    ex = run("远拓智能装备有限公司的生产基地位于柏乡星禾经济开发区。")
    assert plain(ex, "位于") == {("远拓智能装备有限公司", "柏乡星禾经济开发区")}


# ---------------------------------------------------------------- 共建: 联合组建


def test_bodies_that_jointly_form_a_platform_co_build_it() -> None:
    ex = run("由远拓药业有限公司、星禾医学院联合组建的柏乡星禾中药创制研究所已挂牌运行。")
    assert pairs(ex, "共建") == both(
        ("远拓药业有限公司", "柏乡星禾中药创制研究所"),
        ("星禾医学院", "柏乡星禾中药创制研究所"),
    )
    ex = run(
        "柏乡县人民政府与远拓钢丝工艺研究院、星禾理工大学签署合作协议，由三方共同组建的"
        "柏乡远拓钢丝检测研究所正式揭牌。"
    )
    assert both(
        ("柏乡县人民政府", "柏乡远拓钢丝检测研究所"),
        ("远拓钢丝工艺研究院", "柏乡远拓钢丝检测研究所"),
        ("星禾理工大学", "柏乡远拓钢丝检测研究所"),
    ) <= pairs(ex, "共建")


def test_a_leader_and_a_participant_listed_with_a_comma_co_build() -> None:
    ex = run("今年由远拓科技大学牵头、星禾农业大学参与共建的柏乡远拓果树遗传育种实验室已建成。")
    assert pairs(ex, "共建") == both(
        ("远拓科技大学", "柏乡远拓果树遗传育种实验室"),
        ("星禾农业大学", "柏乡远拓果树遗传育种实验室"),
    )
    ex = run("柏乡星禾光电联合实验室由远拓光电集团有限公司牵头、星禾大学参与共建，已投入使用。")
    assert pairs(ex, "共建") == both(
        ("远拓光电集团有限公司", "柏乡星禾光电联合实验室"),
        ("星禾大学", "柏乡星禾光电联合实验室"),
    )


def test_a_city_or_county_with_de_before_a_park_locates_it() -> None:
    ex = run("远拓皮具有限公司已把新工厂建在辛集市的辛集星禾皮具产业园。")
    assert ("辛集星禾皮具产业园", "辛集市") in plain(ex, "位于")
    ex = run("今年，隆尧县的隆尧远拓食品产业园新引进企业12家。")
    assert ("隆尧远拓食品产业园", "隆尧县") in plain(ex, "位于")


def test_a_building_of_the_park_is_inside_the_park() -> None:
    ex = run(
        "柏乡星禾新材料园去年与远拓理工大学合作共建柏乡远拓复合材料研究院，该研究院设在"
        "园区孵化服务中心内。"
    )
    assert ("柏乡远拓复合材料研究院", "柏乡星禾新材料园") in plain(ex, "位于")


# ---------------------------------------------------------------- counted parties


def test_a_count_in_what_is_signed_pairs_every_signer() -> None:
    ex = run("柏乡县人民政府与远拓设计研究总院、星禾理工大学签署了三方战略协议。")
    assert pairs(ex, "签约") == both(
        ("柏乡县人民政府", "远拓设计研究总院"),
        ("柏乡县人民政府", "星禾理工大学"),
        ("远拓设计研究总院", "星禾理工大学"),
    )


def test_three_bodies_after_a_signing_are_its_signers() -> None:
    ex = run(
        "远拓大学柏乡海洋装备研究院今天揭牌。揭牌当天，研究院分别与远拓重工有限公司、"
        "星禾智能科技有限公司签订技术协议，三家单位将共同建设柏乡远拓风电运维中试平台。"
    )
    platform = "柏乡远拓风电运维中试平台"
    assert pairs(ex, "共建") == both(
        ("远拓大学柏乡海洋装备研究院", platform),
        ("远拓重工有限公司", platform),
        ("星禾智能科技有限公司", platform),
    )


# ---------------------------------------------------------------- 签约: when, between the signers and the cue


def test_a_time_between_listed_signers_and_the_cue_keeps_them_signers() -> None:
    ex = run("按照由远拓通信集团有限公司和柏乡县人民政府于今年5月签署的框架协议，项目已开工。")
    assert pairs(ex, "签约") == both(("远拓通信集团有限公司", "柏乡县人民政府"))
    ex = run("远拓通信集团有限公司和星禾大学去年签订了人才培养协议。")
    assert pairs(ex, "签约") == both(("远拓通信集团有限公司", "星禾大学"))


# ---------------------------------------------------------------- 签约: people signing for bodies


def test_people_signing_for_their_bodies_name_the_signers() -> None:
    ex = run(
        "仪式上，星禾科技有限公司董事长郝明川代表公司、柏乡县人民政府县长李振华代表县政府"
        "签字，双方签订了投资协议。"
    )
    assert pairs(ex, "签约") == both(("星禾科技有限公司", "柏乡县人民政府"))
    ex = run("会上，郝明川代表远拓材料科技有限公司，李振华代表柏乡县人民政府签署协议。")
    assert pairs(ex, "签约") == both(("远拓材料科技有限公司", "柏乡县人民政府"))


# ---------------------------------------------------------------- when/how/where before 与


def test_when_how_or_where_between_a_party_and_yu_keeps_it_the_signer() -> None:
    for lead in ("近日", "日前", "成功", "正式", "率先", "今年", "于3月", "在石家庄市", "最终"):
        ex = run(f"远拓材料科技有限公司{lead}与武邑县人民政府签署招商协议。")
        assert pairs(ex, "签约") == both(("远拓材料科技有限公司", "武邑县人民政府")), lead
    ex = run("远拓材料科技有限公司先后与武邑县人民政府、星禾大学签订合作协议。")
    assert pairs(ex, "签约") == both(
        ("远拓材料科技有限公司", "武邑县人民政府"), ("远拓材料科技有限公司", "星禾大学")
    )
    ex = run("远拓精工机械有限公司近日与星禾大学联合建设武邑远拓新材料研究院。")
    assert pairs(ex, "共建") == both(
        ("远拓精工机械有限公司", "武邑远拓新材料研究院"), ("星禾大学", "武邑远拓新材料研究院")
    )


def test_a_list_closed_by_deng_still_signs() -> None:
    ex = run(
        "会上，远拓精工机械有限公司、星禾科技有限公司、北岭生物科技有限公司等8家企业与"
        "武邑县集中签约。"
    )
    assert pairs(ex, "签约") == both(
        ("远拓精工机械有限公司", "武邑县"),
        ("星禾科技有限公司", "武邑县"),
        ("北岭生物科技有限公司", "武邑县"),
    )


def test_a_body_written_after_a_named_park_and_nei_de_is_inside_it() -> None:
    ex = run("武邑星禾经济开发区内的远拓精工机械有限公司今年又扩建了两条产线。")
    assert plain(ex, "位于") == {("远拓精工机械有限公司", "武邑星禾经济开发区")}


def test_a_reported_lead_in_before_the_subject_of_premises() -> None:
    ex = run(
        "据企业负责人介绍，远拓精工机械有限公司过去在北京市通州区生产，今年完成搬迁，新车间位于"
        "武邑星禾经济开发区。"
    )
    assert ("远拓精工机械有限公司", "武邑星禾经济开发区") in plain(ex, "位于")


def test_a_long_platform_name_not_known_as_an_entity_makes_no_partner_pairs() -> None:
    # the platform's name is left out of the spans, as when the entity side misses it
    text = "远拓精工机械有限公司与星禾工业大学联合建设复合纤维工艺工程研究中心。"
    firm, uni = "远拓精工机械有限公司", "星禾工业大学"
    spans = [
        Span("e:firm", "Enterprise", 0, len(firm), firm),
        Span("u:uni", "University", len(firm) + 1, len(firm) + 1 + len(uni), uni),
    ]
    assert find_cobuilding(text, spans, []) == []
    generic = "远拓精工机械有限公司与星禾工业大学共建联合实验室。"
    assert len(find_cobuilding(generic, spans, [])) == 1  # no platform named: partner–partner


def test_a_written_subject_not_known_as_an_entity_is_not_replaced_by_an_earlier_one() -> None:
    # the park before 与 is left out of the spans, as when the entity side misses it
    text = "武邑星禾先进制造产业园与远拓精工机械有限公司签订了落地合同。"
    firm = "远拓精工机械有限公司"
    at = text.index(firm)
    spans = [Span("e:firm", "Enterprise", at, at + len(firm), firm)]
    earlier = [Span("a:gov", "Agency", 0, 7, "武邑县人民政府")]
    assert find_signings(0, text, spans, earlier) == []
    assert find_signings(
        0, "与" + text[at:], [Span("e:firm", "Enterprise", 1, 1 + len(firm), firm)], earlier
    )
