"""承接 as news writes it beyond one cue (loaders/extract/transfer_lists.py): a Beijing/Tianjin
body building in a place, lists of projects taken in, and the intended-only moves that give
nothing; each on sentences written for the test (made-up firms and parks, real region names)."""

from __future__ import annotations

from sentences import run, taken_in


def test_a_beijing_firm_setting_up_a_branch_in_a_county_is_taken_in() -> None:
    ex = run(
        "景县近年来持续推进京津产业转移承接工作。"
        "北京锶楠流体控制有限公司日前在景县设立分公司，主要生产智能阀门。"
    )
    assert ("景县", "北京锶楠流体控制有限公司") in taken_in(ex)


def test_a_tianjin_lab_building_a_base_in_a_park_is_taken_in() -> None:
    ex = run(
        "京津冀协同发展持续深化。"
        "天津市东丽区的锶楠储能技术研究院在景县棠樾装备产业园建设的中试基地已经投用。"
    )
    assert ("景县棠樾装备产业园", "锶楠储能技术研究院") in taken_in(ex)


def test_a_firm_building_in_its_own_city_is_not_taken_in() -> None:
    ex = run("京津冀协同发展持续深化。北京锶楠流体控制有限公司在北京市顺义区建设研发中心。")
    assert not any(t == "北京锶楠流体控制有限公司" for _, t in taken_in(ex))


def test_an_intended_build_gives_nothing() -> None:
    ex = run(
        "景县近年来持续推进京津产业转移承接工作。"
        "北京锶楠流体控制有限公司拟在景县建设阀门基地，目前双方仍在洽谈。"
    )
    assert ("景县", "北京锶楠流体控制有限公司") not in taken_in(ex)


def test_building_in_a_text_not_about_transfer_gives_nothing() -> None:
    ex = run("北京锶楠流体控制有限公司在景县建设阀门基地，年产阀门10万台。")
    assert ("景县", "北京锶楠流体控制有限公司") not in taken_in(ex)


def test_the_cue_after_the_build_says_who_takes_the_firm_in() -> None:
    ex = run(
        "日前，北京锶楠流体控制有限公司在景县棠樾装备产业园新建的阀门基地竣工。"
        "该企业是景县去年引进的重点项目。"
    )
    assert ("景县", "北京锶楠流体控制有限公司") in taken_in(ex)
    assert ("景县棠樾装备产业园", "北京锶楠流体控制有限公司") not in taken_in(ex)


def test_each_firm_opening_an_item_of_a_project_list_is_taken_in() -> None:
    ex = run(
        "故城县去年共承接京津转移项目11个。"
        "承接的项目有北京锶楠流体控制有限公司搬迁改造、天津棠樾铸件有限公司在故城棠樾装备产业园"
        "新建精密铸件基地、北京翾甯环保科技有限公司在故城县新上除尘设备项目等。"
    )
    got = taken_in(ex)
    for firm in ("北京锶楠流体控制有限公司", "天津棠樾铸件有限公司", "北京翾甯环保科技有限公司"):
        assert ("故城县", firm) in got
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") not in got


def test_a_project_list_takes_its_origin_from_the_former_site() -> None:
    ex = run(
        "临城县持续深化与京津的产业合作。"
        "今年临城县承接的项目包括北京锶楠流体控制有限公司搬迁改造、天津棠樾铸件有限公司扩能项目等。"
        "据了解，锶楠流体控制原址在北京市大兴区，今年5月投产。"
    )
    rel = next(
        r
        for r in ex.relations
        if r.type == "承接"
        and any(e.key == r.tail and e.name.startswith("北京锶楠") for e in ex.entities)
    )
    assert "北京市大兴区" in rel.props.get("from_region", [])


def test_a_list_of_projects_only_intended_gives_nothing() -> None:
    ex = run(
        "故城县积极对接京津产业转移。"
        "拟承接的项目有北京锶楠流体控制有限公司阀门项目、天津棠樾铸件有限公司扩能项目等，目前尚未签约。"
    )
    got = taken_in(ex)
    assert ("故城县", "北京锶楠流体控制有限公司") not in got
    assert ("故城县", "天津棠樾铸件有限公司") not in got


def test_a_park_taking_in_firms_after_a_time_word_takes_in_their_origin() -> None:
    ex = run("故城棠樾装备产业园上半年新入驻天津企业4家，主要从事精密铸造。")
    assert ("故城棠樾装备产业园", "天津") in taken_in(ex)


def test_a_later_clause_led_by_a_time_word_goes_on_about_the_sentence_subject() -> None:
    ex = run("故城棠樾装备产业园地处县城东部，今年累计落户北京科技企业9家。")
    assert ("故城棠樾装备产业园", "北京") in taken_in(ex)


def test_a_firms_part_with_a_long_name_moving_in_moves_the_firm() -> None:
    ex = run(
        "另外，天津棠樾铸件有限公司的精密铸件柔性加工中心也已于今年5月迁入故城棠樾装备产业园。"
    )
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") in taken_in(ex)


def test_a_firm_moving_its_line_from_a_district_of_tianjin_is_taken_in() -> None:
    ex = run(
        "故城县今年新引进项目6个，其中天津棠樾铸件有限公司把大型压铸件生产线"
        "从天津市东丽区整体搬到了故城棠樾装备产业园。"
    )
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") in taken_in(ex)


def test_a_subsidiary_of_the_firm_moving_in_does_not_move_the_firm() -> None:
    ex = run("天津棠樾铸件有限公司将旗下一家模具企业的生产线迁入故城棠樾装备产业园。")
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") not in taken_in(ex)


def test_a_short_form_running_past_its_recognised_part_still_builds_there() -> None:
    ex = run(
        "景县近年来持续推进京津产业转移承接工作。"
        "上月，北京锶楠流体控制有限公司与景县达成合作，"
        "锶楠流体控制将在景县棠樾装备产业园建设智能阀门生产基地。"
    )
    assert ("景县棠樾装备产业园", "北京锶楠流体控制有限公司") in taken_in(ex)


def test_a_clause_opening_with_jiang_carries_the_firm_of_the_clause_before() -> None:
    ex = run("当天，天津棠樾铸件有限公司与故城县签约，将铸件检测业务落户故城棠樾装备产业园。")
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") in taken_in(ex)


def test_a_part_moving_into_a_park_of_a_city_goes_to_the_park() -> None:
    ex = run("天津棠樾铸件有限公司上月完成搬迁，将铸件生产线整体迁入衡水市的故城棠樾装备产业园。")
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") in taken_in(ex)


def test_named_members_after_a_generic_count_are_taken_in() -> None:
    ex = run(
        "故城棠樾装备产业园去年共承接天津项目9个，"
        "其中包括天津棠樾铸件有限公司、天津翾甯模具有限公司等。"
    )
    got = taken_in(ex)
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") in got
    assert ("故城棠樾装备产业园", "天津翾甯模具有限公司") in got


def test_a_member_described_by_where_it_came_from_is_taken_in() -> None:
    ex = run(
        "故城棠樾装备产业园累计落户京津企业12家，其中有自天津市东丽区整体迁入的天津棠樾铸件有限公司。"
    )
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") in taken_in(ex)


def test_a_text_about_firms_settling_in_reads_a_branch_set_up_there() -> None:
    ex = run(
        "天津棠樾铸件有限公司近期在迁安市设立分公司，主营精密铸件。"
        "今年以来，迁安市新落户企业20余家。"
    )
    assert ("迁安市", "天津棠樾铸件有限公司") in taken_in(ex)


def test_a_firm_building_in_a_park_of_its_own_city_is_not_taken_in() -> None:
    ex = run("京津冀协同发展持续深化。北京锶楠流体控制有限公司在北京翾甯科技园设立分公司。")
    assert not any(t == "北京锶楠流体控制有限公司" for _, t in taken_in(ex))


def test_building_in_the_park_by_its_kind_word_goes_to_the_documents_park() -> None:
    ex = run(
        "故城棠樾装备产业园重点承接京津装备制造企业。"
        "天津棠樾铸件有限公司今年在园区新建铸件基地，预计年底投用。"
    )
    assert ("故城棠樾装备产业园", "天津棠樾铸件有限公司") in taken_in(ex)
