"""承接, 共建 and 签约 constructions of news text (2026-12-03), and the platform names they need:
each on sentences written for the test (made-up firms, universities, parks and institutes; real
region names only)."""

from __future__ import annotations

from sentences import both, names, run
from sentences import unordered_pairs as pairs

# ---------------------------------------------------------------- platform names


def test_a_kind_word_ending_in_xing_does_not_name_a_platform() -> None:
    ex = run("鼓励社会资本建设开放型创新基地，面向中小微企业提供检测服务。")
    assert names(ex, "Park") == set()


def test_a_pilot_base_and_an_innovation_consortium_are_co_built_platforms() -> None:
    ex = run("12月3日，由星禾科技有限公司与远拓大学共建的栖岚智能中试基地揭牌运行。")
    assert "栖岚智能中试基地" in names(ex, "Park")
    assert pairs(ex, "共建") == both(
        ("星禾科技有限公司", "栖岚智能中试基地"), ("远拓大学", "栖岚智能中试基地")
    )
    ex = run("会上，平谷区将与兴隆县共建星岫食品产业创新联合体，围绕果品保鲜开展联合攻关。")
    assert "星岫食品产业创新联合体" in names(ex, "Lab")
    assert pairs(ex, "共建") == both(
        ("平谷区", "星岫食品产业创新联合体"), ("兴隆县", "星岫食品产业创新联合体")
    )


# ---------------------------------------------------------------- 签约


def test_listed_signers_with_the_place_of_signing_after_them_are_all_paired() -> None:
    ex = run(
        "11月18日，临城县人民政府、北岭新材料研究院、星禾钢铁集团有限公司、"
        "远拓冶金装备股份有限公司在临城共同签署《绿色冶金产业协同发展战略合作框架协议》。"
    )
    parties = (
        "临城县人民政府",
        "北岭新材料研究院",
        "星禾钢铁集团有限公司",
        "远拓冶金装备股份有限公司",
    )
    assert pairs(ex, "签约") == {
        frozenset((a, b)) for i, a in enumerate(parties) for b in parties[i + 1 :]
    }


# ---------------------------------------------------------------- 共建


def test_four_parties_named_by_their_count_co_build() -> None:
    ex = run(
        "临城县人民政府、北岭新材料研究院、星禾钢铁集团有限公司、远拓冶金装备股份有限公司"
        "四方签署合作协议。根据协议，四方将在氢冶金等领域开展合作，并共同建设栖岚绿色冶金中试基地。"
    )
    base = "栖岚绿色冶金中试基地"
    assert pairs(ex, "共建") == both(
        ("临城县人民政府", base),
        ("北岭新材料研究院", base),
        ("星禾钢铁集团有限公司", base),
        ("远拓冶金装备股份有限公司", base),
    )


def test_the_leading_party_co_builds_with_the_others() -> None:
    ex = run(
        "11月28日，由远拓海洋装备集团有限公司牵头，与星禾大学、北岭工业大学共建的"
        "深海装备创新联合体揭牌成立。"
    )
    lab = "深海装备创新联合体"
    assert pairs(ex, "共建") == both(
        ("远拓海洋装备集团有限公司", lab), ("星禾大学", lab), ("北岭工业大学", lab)
    )


def test_a_joint_lab_named_by_two_short_forms_joined_by_a_dash() -> None:
    ex = run(
        "远拓汽车零部件股份有限公司与北岭交通大学签署合作协议，"
        "双方将合作共建远拓—北岭热管理联合实验室。"
    )
    lab = "远拓—北岭热管理联合实验室"
    assert lab in names(ex, "Lab")
    assert pairs(ex, "共建") == both(("远拓汽车零部件股份有限公司", lab), ("北岭交通大学", lab))
    # a dash between clauses (——) does not join
    ex = run("这是一次新的探索——星澜热管理实验室揭牌。")
    assert not any("—" in n for n in names(ex, "Lab"))


# ---------------------------------------------------------------- 承接


def test_a_firm_moves_its_parts_to_le_the_park() -> None:
    ex = run(
        "去年3月，星澜经济开发区揭牌。今年6月，远拓数控技术有限公司把华北区域总部和研发中心"
        "从北京迁到了园区。星禾医疗器械有限公司则把高值耗材生产线整体转移到了园区。"
    )
    assert pairs(ex, "承接") == both(
        ("星澜经济开发区", "远拓数控技术有限公司"), ("星澜经济开发区", "星禾医疗器械有限公司")
    )


def test_a_firms_project_with_a_longer_description_lands_in_a_park() -> None:
    ex = run("今年以来，远拓食品科技有限公司的山楂深加工项目落地兴隆县星枫食品产业园并开工建设。")
    assert pairs(ex, "承接") == both(("兴隆县星枫食品产业园", "远拓食品科技有限公司"))


def test_this_firm_with_a_description_refers_back_to_the_firm_just_named() -> None:
    ex = run(
        "“把生产基地搬到这里，我们的综合成本降低了两成。”远拓纺织科技有限公司董事长王某某说。"
        "2024年，这家主营高端羊绒面料的企业把生产基地从北京转移到清河县星坞羊绒产业园。"
    )
    assert frozenset(("清河县星坞羊绒产业园", "远拓纺织科技有限公司")) in pairs(ex, "承接")


def test_the_sentences_subject_takes_in_not_a_place_in_an_earlier_clause() -> None:
    ex = run(
        "远拓智能制造产业园位于乐亭县南部沿海，规划面积22平方公里，今年以来已承接京津项目16个。"
    )
    assert pairs(ex, "承接") == both(("远拓智能制造产业园", "北京"), ("远拓智能制造产业园", "天津"))
    ex = run(
        "远拓智能制造产业园今年揭牌。园区坐落在清河县城南，被列为河北省首批转型升级示范园区，"
        "目前已承接京津纺织服装企业28家。"
    )
    assert pairs(ex, "承接") == both(("远拓智能制造产业园", "北京"), ("远拓智能制造产业园", "天津"))


def test_a_firm_that_was_taken_in_earlier_by_the_park_or_county() -> None:
    ex = run(
        "走进星澜智能制造产业园，一排排厂房拔地而起。坐落在园区东侧的远拓机器人科技有限公司，"
        "是园区去年引进的重点项目，今年产值有望突破8亿元。"
    )
    assert pairs(ex, "承接") == both(("星澜智能制造产业园", "远拓机器人科技有限公司"))
    ex = run(
        "日前，远拓包装机械有限公司在东光县星野装备制造产业园新建的生产基地竣工。"
        "这家企业是去年被东光县引进的，新基地年产包装设备3000台套。"
    )
    assert pairs(ex, "承接") == both(("东光县", "远拓包装机械有限公司"))


def test_partners_listed_after_an_unnamed_partner_do_not_build_with_each_other() -> None:
    ex = run("《方案》提出，支持区内企业与远拓大学、星禾研究院共建中试平台，对重大项目给予奖励。")
    assert pairs(ex, "共建") == set()
    # with a named platform each listed partner still builds it
    ex = run("支持区内企业与远拓大学、星禾研究院共建星澜智能中试基地。")
    assert pairs(ex, "共建") == both(
        ("远拓大学", "星澜智能中试基地"), ("星禾研究院", "星澜智能中试基地")
    )


def test_a_region_before_a_generic_kind_in_a_list_is_no_firm() -> None:
    ex = run("据介绍，星澜中试基地将重点承接北京高校和科研院所的科技成果转化。")
    assert not any(n.endswith(("高校", "院所")) for n in names(ex, "Enterprise"))


def test_the_base_stands_for_the_documents_own_base() -> None:
    ex = run(
        "星禾大学、远拓航空科技有限公司和清苑区人民政府共同签署合作协议，三方将共同建设"
        "栖岚无人机中试基地。远拓航空科技有限公司总经理王某某介绍，公司首批研发项目将于年内入驻基地。"
    )
    assert frozenset(("栖岚无人机中试基地", "远拓航空科技有限公司")) in pairs(ex, "承接")


def test_a_firm_lands_in_the_park_and_starts_work() -> None:
    ex = run("栖岚临港产业园今年揭牌。远拓储能技术有限公司落户园区并集中开工。")
    assert pairs(ex, "承接") == both(("栖岚临港产业园", "远拓储能技术有限公司"))


def test_listed_firms_projects_land_in_a_park() -> None:
    ex = run(
        "同日，远拓储能技术有限公司液流电池储能项目、星禾新材料有限公司膜材料项目落户栖岚临港产业园。"
    )
    assert pairs(ex, "承接") == both(
        ("栖岚临港产业园", "远拓储能技术有限公司"), ("栖岚临港产业园", "星禾新材料有限公司")
    )


def test_this_firm_signs_for_the_firm_named_before_not_for_the_place() -> None:
    ex = run(
        "北京漪桐生物技术有限公司计划把生产线转移到天津。"
        "该公司已与天津市东丽区签订投资协议，研发总部不迁出北京。"
    )
    got = pairs(ex, "签约")
    assert both(("北京漪桐生物技术有限公司", "天津市东丽区")) <= got
    assert frozenset(("天津", "天津市东丽区")) not in got


def test_a_counted_subject_stands_for_the_last_bodies_named() -> None:
    ex = run(
        "近期签约的两个项目要尽快开工：北京漪汀风电设备有限公司塔筒项目、天津澜澈光伏科技有限公司"
        "支架项目。两个项目已分别与涞水县人民政府签订投资协议。"
    )
    assert both(
        ("北京漪汀风电设备有限公司", "涞水县人民政府"),
        ("天津澜澈光伏科技有限公司", "涞水县人民政府"),
    ) <= pairs(ex, "签约")
    ex = run(
        "县里和北京岚峪科技大学共建了涞水岚峪板栗研究院，和天津汐澄生物技术有限公司共建了"
        "涞水汐澄食品工程技术研究中心，两个平台都位于涞水县漪岚食品产业园。"
    )
    by_key = {e.key: e.name for e in ex.entities}
    got = {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == "位于"}
    assert {
        ("涞水岚峪板栗研究院", "涞水县漪岚食品产业园"),
        ("涞水汐澄食品工程技术研究中心", "涞水县漪岚食品产业园"),
    } <= got
