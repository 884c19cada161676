"""承接 whose receiver or target is not written in the cue's clause: a park placed at a town
(该园区设在某镇境内，已吸引…), a target left out (…，乙公司也已落户), a firm setting up in a place
(在某县设立分公司), a town written with its county: each on sentences written for the test (made-up
firms and parks, real region names)."""

from __future__ import annotations

from sentences import run, taken_in


def test_a_park_placed_at_a_town_attracts_what_its_next_clause_names() -> None:
    ex = run(
        "涞水县承接平台建设要点\n"
        "1.涞水翊澜涂装产业园。该园区设在永阳镇北侧，去年吸引北京砚禾涂层有限公司落子。"
    )
    assert taken_in(ex) == {("涞水翊澜涂装产业园", "北京砚禾涂层有限公司")}
    ex = run(
        "涞水县承接平台建设要点\n"
        "1.涞水翊澜新材料产业园。园区位于义安镇东部，今年已引进天津青岚化工有限公司。"
    )
    assert taken_in(ex) == {("涞水翊澜新材料产业园", "天津青岚化工有限公司")}


def test_a_cue_with_no_target_goes_where_the_clause_before_took_things() -> None:
    ex = run(
        "北京砚禾涂层有限公司把喷涂线迁入涞水翊澜新材料产业园，天津青岚胶粘剂有限公司随后也落户。"
    )
    assert taken_in(ex) == {
        ("涞水翊澜新材料产业园", "北京砚禾涂层有限公司"),
        ("涞水翊澜新材料产业园", "天津青岚胶粘剂有限公司"),
    }


def test_a_cue_with_no_target_goes_to_the_place_the_sentence_is_set_in() -> None:
    ex = run(
        "在涞水翊澜药谷，北京砚禾药业有限公司的制剂车间年初就开了工，"
        "天津青岚试剂有限公司的仓储中心上月入驻。"
    )
    assert taken_in(ex) == {("涞水翊澜药谷", "天津青岚试剂有限公司")}


def test_a_cue_with_no_target_goes_to_the_receiver_of_the_sentence_before() -> None:
    ex = run(
        "涞水翊澜数字经济产业园重点承接北京的数字经济企业。"
        "北京砚禾云计算有限公司的计算中心上月入驻，天津青岚网络技术有限公司的备份中心年底落地。"
    )
    assert taken_in(ex) == {
        ("涞水翊澜数字经济产业园", "北京"),
        ("涞水翊澜数字经济产业园", "北京砚禾云计算有限公司"),
        ("涞水翊澜数字经济产业园", "天津青岚网络技术有限公司"),
    }
    ex = run(
        "涞水翊澜食品产业园主要承接北京市昌平区外迁的饮料企业。"
        "涞水砚禾饮品有限公司是昌平区搬来后整体迁入的，年产饮料3万吨。"
    )
    assert ("涞水翊澜食品产业园", "涞水砚禾饮品有限公司") in taken_in(ex)


def test_a_cue_with_no_target_and_nothing_before_takes_in_nothing() -> None:
    assert taken_in(run("北京砚禾云计算有限公司的机房上月入驻。")) == set()
    assert taken_in(run("涞水县召开会议。北京砚禾云计算有限公司也已落户。")) == set()


def test_a_beijing_or_tianjin_body_setting_up_a_branch_in_a_place_is_taken_in_there() -> None:
    ex = run("北京砚禾传感科技有限公司近日在献县设立分公司，主营压力传感器。")
    assert taken_in(ex) == {("献县", "北京砚禾传感科技有限公司")}
    ex = run("天津市西青区的青岚测控实验室日前在任丘市设立中试基地。")
    assert taken_in(ex) == {("任丘市", "青岚测控实验室")}


def test_setting_up_at_home_or_by_a_local_body_or_for_students_takes_in_nothing() -> None:
    assert taken_in(run("北京砚禾传感科技有限公司在北京市海淀区设立分公司。")) == set()
    assert taken_in(run("沧州青岚机械有限公司在献县设立分公司。")) == set()
    assert taken_in(run("天津岫峰大学将在献县设立研究生实践基地。")) == set()


def test_a_town_written_after_its_county_gives_the_county_as_receiver() -> None:
    ex = run("北京砚禾光学器件有限公司把工厂搬迁到献县陌南镇，献县为其配套建设了标准厂房。")
    assert taken_in(ex) == {("献县", "北京砚禾光学器件有限公司")}
    ex = run("天津青岚电池有限公司在献县陌南镇落户，献县商务局全程代办。")
    assert taken_in(ex) == {("献县", "天津青岚电池有限公司")}


def test_a_town_alone_stays_the_receiver() -> None:
    ex = run("北京砚禾光学器件有限公司把工厂搬迁到陌南镇，献县为其配套建设了标准厂房。")
    assert taken_in(ex) == {("陌南镇", "北京砚禾光学器件有限公司")}


def test_origins_listed_right_after_the_cue_are_all_taken_in() -> None:
    ex = run("献县今年承接北京、天津技术成果12项。")
    assert taken_in(ex) == {("献县", "北京"), ("献县", "天津")}


def test_a_relative_subject_with_adverbs_before_the_cue_receives() -> None:
    ex = run(
        "献县青岚机械产业园是本县最大的园区。"
        "园区先后引进了北京砚禾液压有限公司、天津岫峰轴承有限公司等企业。"
    )
    assert taken_in(ex) == {
        ("献县青岚机械产业园", "北京砚禾液压有限公司"),
        ("献县青岚机械产业园", "天津岫峰轴承有限公司"),
    }


_TWO_ITEMS = (
    "献县承接平台建设要点\n1.献县青岚新材料园。青岚新材料园已建成厂房，青岚新材料园管委会负责。\n2."
)


def test_yuanqu_under_a_heading_park_not_fully_recognised_is_no_other_park() -> None:
    ex = run(_TWO_ITEMS + "献县翯翀临港装备产业园。该园区位于陌南镇，重点承接天津的船舶企业。")
    assert ("青岚新材料园", "天津") not in taken_in(ex)


def test_yuanqu_under_a_heading_with_a_verb_is_the_park_it_names() -> None:
    ex = run(_TWO_ITEMS + "建设献县砚禾科技园。园区位于陌南镇，重点承接北京的软件企业。")
    assert taken_in(ex) == {("献县砚禾科技园", "北京")}


def test_a_sentence_starting_with_its_cue_goes_on_with_the_receiver_before() -> None:
    ex = run(
        "献县青岚食品产业园主要承接北京市丰台区外迁的食品企业。"
        "今年已引进北京砚禾调味品有限公司、北京岫峰饮品有限公司等6家企业。"
    )
    assert taken_in(ex) == {
        ("献县青岚食品产业园", "北京市丰台区"),
        ("献县青岚食品产业园", "北京砚禾调味品有限公司"),
        ("献县青岚食品产业园", "北京岫峰饮品有限公司"),
    }


def test_a_sentence_starting_with_its_cue_after_two_receivers_takes_in_nothing() -> None:
    ex = run(
        "献县青岚食品产业园和献县砚禾物流园分别承接北京的食品企业和物流企业。"
        "今年已引进北京岫峰饮品有限公司。"
    )
    assert not any(t == "北京岫峰饮品有限公司" for _, t in taken_in(ex))


def test_a_workshop_or_a_branch_institute_set_up_in_a_place_is_taken_in_too() -> None:
    ex = run("北京砚禾航材有限公司已在献县青岚科技园设立试制车间。")
    assert taken_in(ex) == {("献县青岚科技园", "北京砚禾航材有限公司")}
    ex = run("鼓励天津岫峰检测研究院在任丘市设立分院。")
    assert taken_in(ex) == {("任丘市", "天津岫峰检测研究院")}


def test_a_firm_described_as_moved_in_from_a_district_goes_to_the_receiver() -> None:
    ex = run(
        "献县青岚泵阀产业园已入驻京津企业12家，如去年由天津市河西区迁入的天津砚禾阀门有限公司。"
    )
    assert taken_in(ex) == {
        ("献县青岚泵阀产业园", "北京"),
        ("献县青岚泵阀产业园", "天津"),
        ("献县青岚泵阀产业园", "天津砚禾阀门有限公司"),
    }


def test_a_left_out_mover_with_what_of_it_moves_and_from_where() -> None:
    ex = run("北京砚禾皮具有限公司上月办完手续，把生产基地全部迁入献县青岚科技园。")
    assert taken_in(ex) == {("献县青岚科技园", "北京砚禾皮具有限公司")}
    ex = run("3.北京砚禾电子有限公司总部留在海淀区不动，其装配生产线去年转移至任丘市。")
    assert taken_in(ex) == {("任丘市", "北京砚禾电子有限公司")}
    ex = run("天津岫峰阀门有限公司的客户多在天津，从天津迁到献县后成本没有增加。")
    assert taken_in(ex) == {("献县", "天津岫峰阀门有限公司")}


def test_gaiyuan_after_a_cue_is_the_documents_park() -> None:
    ex = run("献县青岚铸造产业园今年新签项目6个。天津岫峰模具有限公司的模具项目年内将落户该园。")
    assert taken_in(ex) == {("献县青岚铸造产业园", "天津岫峰模具有限公司")}


def test_houzhe_moving_is_the_last_body_named() -> None:
    ex = run(
        "献县青岚机械产业园与北京砚禾焊接设备有限公司正式签约，后者的焊接生产线明年转移至园区。"
    )
    assert taken_in(ex) == {("献县青岚机械产业园", "北京砚禾焊接设备有限公司")}


def test_examples_closed_by_a_bare_deng_are_taken_in_too() -> None:
    ex = run(
        "献县青岚物流园去年共承接北京项目9个，其中包括北京砚禾冷链有限公司、北京岫峰快运有限公司等。"
    )
    assert taken_in(ex) == {
        ("献县青岚物流园", "北京"),
        ("献县青岚物流园", "北京砚禾冷链有限公司"),
        ("献县青岚物流园", "北京岫峰快运有限公司"),
    }


def test_each_firm_of_a_list_of_firms_parts_taken_in() -> None:
    ex = run(
        "献县青岚医药园今年还引进了北京砚禾医疗有限公司的华东生产基地，以及天津岫峰药业有限公司的制剂分公司。"
    )
    assert taken_in(ex) == {
        ("献县青岚医药园", "北京砚禾医疗有限公司"),
        ("献县青岚医药园", "天津岫峰药业有限公司"),
    }
    ex = run("献县青岚医药园引进了北京砚禾医疗有限公司的敷料项目和天津岫峰药业有限公司的胶囊项目。")
    assert len(taken_in(ex)) == 2


def test_the_relative_word_right_before_chengjie_is_the_receiver_not_the_park_before_it() -> None:
    ex = run("献县青岚物流园坐落在陌南镇，是该县承接京津冷链企业的核心载体。献县今年新签项目9个。")
    assert taken_in(ex) == {("献县", "北京"), ("献县", "天津")}
    ex = run("青岚物流园坐落在陌南镇，是该县承接京津冷链企业的核心载体。")
    assert taken_in(ex) == set()
