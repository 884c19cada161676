"""承接 and 位于 whose mover, receiver or subject is written by reference (这家企业, 该项目, 这里,
该产业园, 该研究院, 其总部) or after a description (入驻地处某县东部的某产业园): each on sentences written for
the test (made-up firms and parks, real region names)."""

from __future__ import annotations

from sentences import run, taken_in

from schema.records import Extraction


def test_this_firm_moving_is_the_firm_named_before() -> None:
    ex = run("同样受益的还有青岚保温材料有限公司。这家企业去年从天津迁至任丘市，已建成研发中心。")
    assert ("任丘市", "青岚保温材料有限公司") in taken_in(ex)


def test_moving_here_goes_to_the_place_the_sentence_is_set_in() -> None:
    ex = run(
        "在任丘青岚建材产业园，北京砚禾新材料有限公司将生产基地疏解到这里后，新上了两条生产线。"
    )
    assert ("任丘青岚建材产业园", "北京砚禾新材料有限公司") in taken_in(ex)


def test_the_park_described_before_its_name_is_the_target() -> None:
    ex = run(
        "走进河北砚禾农业科技有限公司的温室，番茄苗长势喜人。"
        "2024年，公司入驻地处献县东部的献县青岚农业产业园，建成温室12万平方米。"
    )
    assert ("献县青岚农业产业园", "河北砚禾农业科技有限公司") in taken_in(ex)


def test_a_project_built_by_a_firm_moves_the_firm() -> None:
    ex = run("该项目由北京砚禾生物科技有限公司投资建设，将落户献县青岚经济开发区。")
    assert ("献县青岚经济开发区", "北京砚禾生物科技有限公司") in taken_in(ex)


def test_two_firms_referred_to_are_the_last_two_named() -> None:
    ex = run(
        "北京砚禾智联科技有限公司、天津青岚新材料有限公司分别与献县人民政府签订投资协议，"
        "两家企业的项目均将落户献县青岚经济开发区。"
    )
    assert {
        ("献县青岚经济开发区", "北京砚禾智联科技有限公司"),
        ("献县青岚经济开发区", "天津青岚新材料有限公司"),
    } <= taken_in(ex)


def test_the_new_company_is_the_one_just_founded() -> None:
    ex = run(
        "2023年，天津砚禾新能源科技有限公司与北京青岚电池研究院共同出资组建了天津砚岚储能技术有限公司。"
        "砚禾新能源董事长介绍，新公司已于今年6月入驻宝坻青岚智造产业园。"
    )
    pairs = taken_in(ex)
    assert ("宝坻青岚智造产业园", "天津砚岚储能技术有限公司") in pairs
    assert ("宝坻青岚智造产业园", "天津砚禾新能源科技有限公司") not in pairs


def test_a_project_brought_in_to_a_place_passive() -> None:
    ex = run("经过半年洽谈，北京砚禾脑科学研究所的芯片项目被成功引进至天津市北辰区。")
    assert any(h.endswith("北辰区") and t == "北京砚禾脑科学研究所" for h, t in taken_in(ex))


def test_one_named_member_of_a_generic_intake() -> None:
    ex = run(
        "献县青岚经济开发区今年以来已引进京津企业23家，其中天津砚禾液压科技股份有限公司等4家企业已开工建设。"
    )
    assert ("献县青岚经济开发区", "天津砚禾液压科技股份有限公司") in taken_in(ex)


def test_the_park_named_by_its_kind() -> None:
    ex = run(
        "砚禾创新药物研发中心坐落于晋州青岚生物医药产业园。"
        "此外，北京砚禾生物技术有限公司的中试项目也落户该产业园。"
    )
    assert ("晋州青岚生物医药产业园", "北京砚禾生物技术有限公司") in taken_in(ex)


def located(ex: Extraction) -> set[tuple[str, str]]:
    by_key = {e.key: e.name for e in ex.entities}
    return {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == "位于"}


def test_located_subject_that_refers_back_by_its_kind() -> None:
    ex = run(
        "迁安市与北京砚禾大学合作共建的迁安青岚冶金研究院近日揭牌。"
        "该研究院坐落于迁安市砚禾科技产业园，建筑面积1.2万平方米。"
    )
    assert ("迁安青岚冶金研究院", "迁安市砚禾科技产业园") in located(ex)


def test_located_its_headquarters_is_the_firm_just_named() -> None:
    ex = run("天津砚禾新能源科技有限公司是一家储能企业，其总部坐落于宝坻青岚智造产业园。")
    assert ("天津砚禾新能源科技有限公司", "宝坻青岚智造产业园") in located(ex)


def test_a_count_of_projects_is_the_last_firms_named() -> None:
    ex = run(
        "签约仪式上，献县人民政府分别与北京砚舟智能科技有限公司、天津禾汀精密机械有限公司、"
        "星岚（北京）检测技术有限公司签订投资协议，三个项目将落户献县青岚装备产业园。"
    )
    assert {
        ("献县青岚装备产业园", "北京砚舟智能科技有限公司"),
        ("献县青岚装备产业园", "天津禾汀精密机械有限公司"),
        ("献县青岚装备产业园", "星岚（北京）检测技术有限公司"),
    } <= taken_in(ex)


def test_the_park_named_after_the_place_it_is_in_is_the_target() -> None:
    ex = run(
        "北京砚舟光电科技有限公司是由星岚大学教授团队创办的企业。"
        "2023年，公司入驻南开区的星岚大学科技园，实现了产业化。"
    )
    pairs = taken_in(ex)
    assert ("星岚大学科技园", "北京砚舟光电科技有限公司") in pairs
    assert ("南开区", "北京砚舟光电科技有限公司") not in pairs


def test_the_institute_by_its_kind_word_moves() -> None:
    ex = run(
        "11月30日，临城县人民政府与星岚农业大学签署《共同打造冀南砚禾果业研究院合作协议》。"
        "按照协议，研究院将落户魏县青岚农业园区，重点开展新品种选育。"
    )
    assert ("魏县青岚农业园区", "冀南砚禾果业研究院") in taken_in(ex)


def test_the_origin_of_a_firm_referred_to_is_not_a_mover() -> None:
    ex = run(
        "天津澜汀新材料有限公司是一家化工企业。"
        "去年8月，这家企业从天津整体搬迁至琨屿新材料产业园，成为园区今年落地的首个项目。"
    )
    assert taken_in(ex) == {("琨屿新材料产业园", "天津澜汀新材料有限公司")}


def test_more_origins_each_after_from() -> None:
    ex = run("前三季度，柏乡县共承接来自北京的产业转移项目11个、来自天津的7个，计划总投资63亿元。")
    assert taken_in(ex) == {("柏乡县", "北京"), ("柏乡县", "天津")}
    ex = run("据统计，今年前三季度，柏乡县共引进各类项目87个，其中来自京津的项目占比超过七成。")
    assert taken_in(ex) == {("柏乡县", "北京"), ("柏乡县", "天津")}


def test_a_place_the_segmenter_joins_to_a_kind_of_its_bodies_is_the_origin() -> None:
    ex = run("柏乡县澜溪中试基地日前揭牌。据介绍，基地将承接北京高校和科研院所的科技成果转化。")
    assert taken_in(ex) == {("柏乡县澜溪中试基地", "北京")}


def test_a_firms_regional_headquarters_is_the_firm() -> None:
    ex = run(
        "日前，北京琨屿金融科技有限公司华北运营总部正式迁至天津市河西区。"
        "北京琨屿金融科技有限公司副总裁、华北运营总部总经理柳若溪说。"
    )
    assert taken_in(ex) == {("天津市河西区", "北京琨屿金融科技有限公司")}
    assert not [e for e in ex.entities if e.name.endswith("总部")]


def test_the_body_a_located_description_opens_with_takes_in() -> None:
    ex = run(
        "本报讯 坐落于琨屿产业园的河北澜汀电子材料有限公司，近日从北京引进了柳澜半导体材料研究所，"
        "双方将联合攻关。"
    )
    assert taken_in(ex) == {("河北澜汀电子材料有限公司", "柳澜半导体材料研究所")}


def test_the_subject_after_a_reported_speech_lead_in_takes_in() -> None:
    ex = run(
        "据开发区管委会主任柳若溪介绍，柳汀经济开发区坐落于蠡县东部，"
        "重点承接北京非首都功能疏解，已形成产业集群。"
    )
    assert taken_in(ex) == {("柳汀经济开发区", "北京")}


def test_a_project_built_by_a_firm_named_before_moves_in_a_sentence_naming_nothing() -> None:
    ex = run(
        "12月16日，由北京柳汀氢能科技有限公司投资建设的绿氢项目在琨屿临港产业园正式投产。"
        "该项目去年5月签约落地园区，总投资18亿元。"
    )
    assert taken_in(ex) == {("琨屿临港产业园", "北京柳汀氢能科技有限公司")}
    # the project's starting work alone is no transfer
    ex = run("12月16日，由北京柳汀氢能科技有限公司投资建设的绿氢项目在琨屿临港产业园正式投产。")
    assert taken_in(ex) == set()


def test_moving_with_ban_dao_and_we_in_a_quote_is_the_speakers_firm() -> None:
    ex = run("2023年，北京柳汀焊管有限公司把生产线从北京整体搬到蠡县琨屿产业园。")
    assert taken_in(ex) == {("蠡县琨屿产业园", "北京柳汀焊管有限公司")}
    ex = run(
        "“三年前我们把焊管生产线从天津整体搬到蠡县，如今产值翻了一番。”"
        "在11月20日召开的座谈会上，天津柳汀金属制品有限公司总经理柳若溪说。"
    )
    assert taken_in(ex) == {("蠡县", "天津柳汀金属制品有限公司")}


def test_a_clause_without_a_subject_goes_on_from_the_clause_before() -> None:
    ex = run(
        "会上签约的两个项目分别是：北京珲沅储能科技有限公司储能电池项目、天津瑭岙光电科技有限公司"
        "光伏组件项目。两个项目已与县人民政府签订投资协议，均落户邢台璨玦新能源产业园。"
    )
    assert taken_in(ex) == {
        ("邢台璨玦新能源产业园", "北京珲沅储能科技有限公司"),
        ("邢台璨玦新能源产业园", "天津瑭岙光电科技有限公司"),
    }
    ex = run(
        "据介绍，其中河北翃栎机械有限公司是北京企业投资设立的新公司，"
        "落户邢台璨玦装备产业园不到一年就已投产。"
    )
    assert taken_in(ex) == {("邢台璨玦装备产业园", "河北翃栎机械有限公司")}


def test_a_plans_title_line_is_a_policy_and_no_transfer() -> None:
    ex = run(
        "临城县承接京津科技成果转化实施方案（2028—2029年）\n"
        "一、推动临城县人民政府与天津翃栎理工大学共建临城珲沅新材料研究院。"
    )
    policies = {e.name for e in ex.entities if e.type == "Policy"}
    assert policies == {"临城县承接京津科技成果转化实施方案（2028—2029年）"}
    assert taken_in(ex) == set()
    ex = run("临城县人民政府印发承接京津科技成果转化实施方案")
    assert "临城县人民政府印发承接京津科技成果转化实施方案" not in {e.name for e in ex.entities}


def test_every_firm_listed_after_the_cue_is_taken_in() -> None:
    ex = run(
        "邢台璨玦装备产业园先后引进了北京珲沅医疗器械有限公司、天津瑭岙光电科技有限公司等12家京津企业。"
    )
    assert taken_in(ex) == {
        ("邢台璨玦装备产业园", "北京珲沅医疗器械有限公司"),
        ("邢台璨玦装备产业园", "天津瑭岙光电科技有限公司"),
    }


def test_the_origins_written_with_cong_before_the_cue() -> None:
    ex = run("据介绍，今年临城县已从北京、天津引进装备制造项目18个，总投资40亿元。")
    assert taken_in(ex) == {("临城县", "北京"), ("临城县", "天津")}


def test_a_firms_project_described_at_length_moves_the_firm() -> None:
    ex = run("北京珲沅医疗器械有限公司的年产5000万件医用耗材项目今年已落户邢台璨玦装备产业园。")
    assert taken_in(ex) == {("邢台璨玦装备产业园", "北京珲沅医疗器械有限公司")}
    ex = run("北京珲沅医疗器械有限公司的高端医用耗材生产项目已于去年正式落户邢台璨玦装备产业园。")
    assert taken_in(ex) == {("邢台璨玦装备产业园", "北京珲沅医疗器械有限公司")}


def test_listed_firms_works_of_several_kinds_move_each_firm() -> None:
    ex = run(
        "北京珲沅医疗器械有限公司医用耗材生产基地、天津瑭岙光电科技有限公司光伏组件项目"
        "已于今年签约落户邢台璨玦装备产业园。"
    )
    assert taken_in(ex) == {
        ("邢台璨玦装备产业园", "北京珲沅医疗器械有限公司"),
        ("邢台璨玦装备产业园", "天津瑭岙光电科技有限公司"),
    }


def test_a_part_of_the_firm_named_in_the_clause_before_moves_it() -> None:
    ex = run(
        "北京珲沅医疗器械有限公司成立于2015年。"
        "该公司已与临城县签订投资协议，生产线将落户临城县，研发总部不迁出北京。"
    )
    assert taken_in(ex) == {("临城县", "北京珲沅医疗器械有限公司")}


def test_movers_and_places_listed_respectively_pair_in_order() -> None:
    ex = run(
        "仪式上，临城县人民政府分别与北京珲沅医疗器械有限公司、天津瑭岙光电科技有限公司签订投资协议，"
        "两个项目将分别落户邢台璨玦装备产业园和郝庄镇。"
    )
    assert taken_in(ex) == {
        ("邢台璨玦装备产业园", "北京珲沅医疗器械有限公司"),
        ("郝庄镇", "天津瑭岙光电科技有限公司"),
    }


def test_a_transfer_once_planned_or_put_off_is_none() -> None:
    ex = run("据了解，北京珲沅医疗器械有限公司原计划将天津工厂迁至临城县，因市场原因暂缓实施。")
    assert taken_in(ex) == set()
    ex = run("北京珲沅医疗器械有限公司计划将工厂迁至临城县，因资金原因暂缓实施。")
    assert taken_in(ex) == set()
    ex = run("北京珲沅医疗器械有限公司将生产线迁至临城县，研发中心暂缓搬迁。")
    assert taken_in(ex) == {("临城县", "北京珲沅医疗器械有限公司")}


def test_a_plans_purpose_sentence_states_no_transfer() -> None:
    ex = run(
        "为抢抓京津冀协同发展和邢台璨玦装备产业园扩区机遇，加快承接京津装备制造产业转移，"
        "结合我县实际，制定本方案。"
    )
    assert taken_in(ex) == set()


def test_a_named_firm_settling_at_a_place_written_with_zai() -> None:
    ex = run("北京珲沅医疗器械有限公司、天津瑭岙光电科技有限公司先后在邢台璨玦装备产业园落户。")
    assert taken_in(ex) == {
        ("邢台璨玦装备产业园", "北京珲沅医疗器械有限公司"),
        ("邢台璨玦装备产业园", "天津瑭岙光电科技有限公司"),
    }
    assert taken_in(run("推动更多科技成果在临城县落地转化。")) == set()


def test_a_park_hosting_what_moved_in_as_the_subject_of_ru_zhu() -> None:
    ex = run("邢台璨玦装备产业园已入驻京津企业36家。")
    assert taken_in(ex) == {("邢台璨玦装备产业园", "北京"), ("邢台璨玦装备产业园", "天津")}
    ex = run(
        "目前，邢台璨玦装备产业园累计入驻北京珲沅医疗器械有限公司、天津瑭岙光电科技有限公司等企业20家。"
    )
    assert taken_in(ex) == {
        ("邢台璨玦装备产业园", "北京珲沅医疗器械有限公司"),
        ("邢台璨玦装备产业园", "天津瑭岙光电科技有限公司"),
    }
    assert taken_in(run("邢台璨玦装备产业园入驻企业达到120家。")) == set()


def test_a_project_that_is_a_receivers_landmark_of_a_generic_transfer() -> None:
    ex = run("雁汀湾冷链物流园项目，是澄岫高新区承接京津产业转移的重点项目。")
    assert taken_in(ex) == {("澄岫高新区", "雁汀湾冷链物流园")}
    ex = run("雁汀湾冷链物流园是澄岫高新区承接北京非首都功能疏解的标志性项目之一。")
    assert taken_in(ex) == {("澄岫高新区", "雁汀湾冷链物流园")}
    ex = run("澄岫高新区是承接京津产业转移的重要平台。")
    assert taken_in(ex) == {("澄岫高新区", "北京"), ("澄岫高新区", "天津")}


def test_the_body_an_opening_zuowei_clause_describes_as_a_platform_receives() -> None:
    ex = run("作为承接北京非首都功能疏解的主阵地，澄岫经济开发区建成了标准厂房20万平方米。")
    assert taken_in(ex) == {("澄岫经济开发区", "北京")}
    ex = run("作为全省承接京津产业转移的桥头堡，涞水县今年新开工项目15个。")
    assert taken_in(ex) == {("涞水县", "北京"), ("涞水县", "天津")}
    assert (
        taken_in(run("作为京津冀协同发展的重要平台，澄岫经济开发区已建成厂房20万平方米。")) == set()
    )


def test_a_park_placed_at_a_town_receives_what_its_next_clause_takes_in() -> None:
    ex = run(
        "涞水县将建设涞水澄岫合成材料飞地园，飞地园位于义安镇，主要承接京津新材料企业的中试环节。"
    )
    assert taken_in(ex) == {
        ("涞水澄岫合成材料飞地园", "北京"),
        ("涞水澄岫合成材料飞地园", "天津"),
    }


def test_a_generic_transfer_from_a_district_of_beijing_or_tianjin_takes_in_the_district() -> None:
    ex = run("澄岫经济开发区去年承接了北京市海淀区转移的6家软件企业。")
    assert taken_in(ex) == {("澄岫经济开发区", "北京市海淀区")}
    ex = run("涞水县重点承接北京市昌平区、北京市顺义区的汽车零部件企业。")
    assert taken_in(ex) == {("涞水县", "北京市昌平区"), ("涞水县", "北京市顺义区")}
    assert taken_in(run("涞水县承接北京市海淀区的支持。")) == set()


def test_yuanqu_in_a_plan_item_means_the_park_its_heading_names() -> None:
    ex = run(
        "涞水县承接平台建设要点\n"
        "1.澄岫经济开发区。澄岫经济开发区已建成标准厂房30万平方米，澄岫经济开发区管委会负责推进。\n"
        "2.涞水翊澜新材料产业园。园区位于义安镇，重点承接北京市昌平区转移的新材料企业。"
    )
    assert taken_in(ex) == {("涞水翊澜新材料产业园", "北京市昌平区")}
