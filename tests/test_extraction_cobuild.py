"""共建 and 签约 constructions (2026-12-03): each on sentences written for the test (made-up
firms, universities, parks and institutes; real region names only)."""

from __future__ import annotations

from sentences import both, run
from sentences import unordered_pairs as pairs

# ---------------------------------------------------------------- adverbs before 与


def test_a_partner_with_an_adverb_before_with_co_builds() -> None:
    ex = run("根据协议，星禾大学将与内丘县合作建设内丘远拓产业研究院，开展联合研究。")
    assert pairs(ex, "共建") == both(
        ("星禾大学", "内丘远拓产业研究院"), ("内丘县", "内丘远拓产业研究院")
    )
    ex = run("据介绍，远拓生物医药基地已与星澜经济开发区合作共建内丘星禾生物医药产业园。")
    assert pairs(ex, "共建") == both(
        ("远拓生物医药基地", "内丘星禾生物医药产业园"),
        ("星澜经济开发区", "内丘星禾生物医药产业园"),
    )


def test_a_region_with_an_adverb_signs_respectively() -> None:
    ex = run("签约仪式上，临城县还分别与远拓科技有限公司、星禾环保装备有限公司签订了投资协议。")
    assert pairs(ex, "签约") == both(
        ("临城县", "远拓科技有限公司"), ("临城县", "星禾环保装备有限公司")
    )


# ---------------------------------------------------------------- 联合/携手 a partner


def test_joining_a_partner_to_co_build() -> None:
    ex = run("会上，远拓科技有限公司将联合星禾大学共建内丘远拓微生物工程技术研究中心。")
    assert pairs(ex, "共建") == both(
        ("远拓科技有限公司", "内丘远拓微生物工程技术研究中心"),
        ("星禾大学", "内丘远拓微生物工程技术研究中心"),
    )
    ex = run("远拓科技有限公司携手星禾大学、星澜集团打造内丘星禾生物医药产业园。")
    assert pairs(ex, "共建") == both(
        ("远拓科技有限公司", "内丘星禾生物医药产业园"),
        ("星禾大学", "内丘星禾生物医药产业园"),
        ("星澜集团", "内丘星禾生物医药产业园"),
    )


# ---------------------------------------------------------------- 签约: counted signers with 与


def test_counted_signers_around_with_are_all_paired() -> None:
    ex = run(
        "本报讯 12月5日，内丘县人民政府、星禾大学与远拓新能源集团有限公司在内丘县举行三方"
        "战略合作签约仪式。"
    )
    assert pairs(ex, "签约") == both(
        ("内丘县人民政府", "星禾大学"),
        ("内丘县人民政府", "远拓新能源集团有限公司"),
        ("星禾大学", "远拓新能源集团有限公司"),
    )
    ex = run("11月8日，临城县人民政府与远拓科技有限公司、星澜物流集团三方在北京签署合作协议。")
    assert frozenset(("远拓科技有限公司", "星澜物流集团")) in pairs(ex, "签约")


def test_signers_with_each_other_without_a_count_are_not_all_paired() -> None:
    ex = run("临城县人民政府与远拓科技有限公司、星澜物流集团签署合作协议。")
    assert frozenset(("远拓科技有限公司", "星澜物流集团")) not in pairs(ex, "签约")


def test_signers_listed_without_with_are_paired() -> None:
    ex = run("同日，临城县科技局和星禾大学也签订了产学研合作协议。")
    assert pairs(ex, "签约") == both(("临城县科技局", "星禾大学"))


# ---------------------------------------------------------------- 双方 as the builders


def test_both_parties_at_the_head_of_the_sentence_co_build() -> None:
    ex = run(
        "内丘县人民政府与远拓大学日前签订全面战略合作框架协议。"
        "双方将在氢能装备、新材料等领域开展深度合作，共建内丘远拓氢能技术创新中心。"
    )
    assert pairs(ex, "共建") == both(
        ("内丘县人民政府", "内丘远拓氢能技术创新中心"), ("远拓大学", "内丘远拓氢能技术创新中心")
    )


def test_both_parties_of_this_sentences_pair_are_not_the_earlier_signers() -> None:
    ex = run(
        "内丘县人民政府与远拓大学日前签订全面战略合作框架协议。"
        "此外，某某镇还与星禾机器人有限公司达成合作意向，双方将合作共建智能制造示范基地。"
    )
    assert pairs(ex, "共建") == set()


def test_both_parties_after_a_signing_in_the_same_sentence() -> None:
    ex = run("临城县人民政府日前与远拓集团签署协议，双方将合作开发临城远拓健康产业示范区。")
    assert pairs(ex, "共建") == both(
        ("临城县人民政府", "临城远拓健康产业示范区"), ("远拓集团", "临城远拓健康产业示范区")
    )


# ---------------------------------------------------------------- a partner that refers back


def test_a_partner_written_by_reference_co_builds() -> None:
    ex = run(
        "走进内丘县的星禾农业科技有限公司，番茄苗长势喜人。"
        "为破解品种研发难题，公司与远拓农林大学共建了内丘星禾种苗研发中心。"
    )
    assert pairs(ex, "共建") == both(
        ("星禾农业科技有限公司", "内丘星禾种苗研发中心"),
        ("远拓农林大学", "内丘星禾种苗研发中心"),
    )
    ex = run("远拓大学位于邢台市。近年来，该校还与临城县人民政府共建临城远拓新材料研究院。")
    assert pairs(ex, "共建") == both(
        ("远拓大学", "临城远拓新材料研究院"), ("临城县人民政府", "临城远拓新材料研究院")
    )


def test_a_generic_partner_is_not_read_as_a_reference() -> None:
    ex = run(
        "走进内丘县的星禾农业科技有限公司，番茄苗长势喜人。"
        "会上，有关公司与远拓农林大学共建了内丘星禾种苗研发中心。"
    )
    assert frozenset(("星禾农业科技有限公司", "内丘星禾种苗研发中心")) not in pairs(ex, "共建")


# ---------------------------------------------------------------- the platform before the builders


def test_the_institute_by_its_kind_word_is_the_co_built_platform() -> None:
    ex = run(
        "7月2日，冀中砚禾中医药研究院在易县揭牌成立。"
        "研究院由北京星岚中医药大学与阜平县人民政府合作共建，首期建设面积8000平方米。"
    )
    assert pairs(ex, "共建") == both(
        ("北京星岚中医药大学", "冀中砚禾中医药研究院"), ("阜平县人民政府", "冀中砚禾中医药研究院")
    )


def test_a_platform_built_by_one_party_joining_others() -> None:
    ex = run(
        "其中，北京砚禾智能制造中试基地由北京砚禾科技集团有限公司联合天津星岚理工大学、"
        "河北青岚机械研究院建设，可提供样机试制服务。"
    )
    base = "北京砚禾智能制造中试基地"
    assert pairs(ex, "共建") == both(
        ("北京砚禾科技集团有限公司", base), ("天津星岚理工大学", base), ("河北青岚机械研究院", base)
    )


def test_a_joint_lab_named_by_its_field_after_a_co_building_verb() -> None:
    ex = run("澜汀科技有限公司与天津琨屿材料研究院签署协议，双方将携手共建深海感知联合实验室。")
    assert pairs(ex, "共建") == both(
        ("澜汀科技有限公司", "深海感知联合实验室"), ("天津琨屿材料研究院", "深海感知联合实验室")
    )
    ex = run(
        "澜汀科技有限公司与天津琨屿材料研究院共建的澜汀—琨屿海洋装备联合研发中心今年投入使用。"
    )
    assert pairs(ex, "共建") == both(
        ("澜汀科技有限公司", "澜汀—琨屿海洋装备联合研发中心"),
        ("天津琨屿材料研究院", "澜汀—琨屿海洋装备联合研发中心"),
    )
    # a level, not a name
    ex = run("澜汀科技有限公司与天津琨屿材料研究院共建省级联合实验室。")
    assert not any(e.type == "Lab" and "联合" in e.name for e in ex.entities)


def test_a_party_co_builds_respectively_with_each_partner() -> None:
    ex = run(
        "北京琨屿智能科技有限公司成立于2019年。今年，公司分别与澜汀大学、天津柳澜智能研究院"
        "共建琨屿海洋感知联合实验室和琨屿储能材料创新中心。"
    )
    assert pairs(ex, "共建") == both(
        ("北京琨屿智能科技有限公司", "琨屿海洋感知联合实验室"),
        ("澜汀大学", "琨屿海洋感知联合实验室"),
        ("北京琨屿智能科技有限公司", "琨屿储能材料创新中心"),
        ("天津柳澜智能研究院", "琨屿储能材料创新中心"),
    )


def test_a_joint_lab_named_by_two_fields_joined_by_and() -> None:
    ex = run(
        "由天津琨屿材料研究院和澜汀大学联合共建的海洋传感与数据联合实验室日前揭牌。"
        "该实验室坐落于琨屿产业园。"
    )
    assert pairs(ex, "共建") == both(
        ("天津琨屿材料研究院", "海洋传感与数据联合实验室"),
        ("澜汀大学", "海洋传感与数据联合实验室"),
    )


def test_a_clause_going_on_with_and_signs_for_the_sentences_opening_party() -> None:
    ex = run(
        "3月15日，柳汀材料研究所副所长柳若溪带队到我县调研，并与柳汀经济开发区签署了合作框架协议。"
    )
    assert pairs(ex, "签约") == both(("柳汀材料研究所", "柳汀经济开发区"))
    ex = run(
        "3月15日,柳汀材料研究所副所长柳若溪带队到我县调研,并与柳汀经济开发区签署了合作框架协议。"
    )
    assert pairs(ex, "签约") == both(("柳汀材料研究所", "柳汀经济开发区"))


def test_a_vocational_school_is_no_partner_nor_its_county() -> None:
    ex = run("目前，北京琨屿服饰科技有限公司已与蠡县职业技术教育中心共建实训基地。")
    assert pairs(ex, "共建") == set()


def test_a_signer_outside_the_types_or_a_count_of_bodies_signs_for_no_place() -> None:
    # the association signs (no entity), not the county named before
    ex = run("柏乡县板栗产量居全省前列。县板栗产业协会也与天津柳汀电子商务有限公司签订了供货协议。")
    assert pairs(ex, "签约") == set()
    # 天津多家电商平台: a count of platforms, not 天津
    ex = run("柏乡县板栗产量居全省前列。今年，柏乡县还与天津多家电商平台签订了供货协议。")
    assert pairs(ex, "签约") == set()


def test_a_clause_of_only_a_time_signs_for_the_sentences_subject() -> None:
    ex = run(
        "据介绍，柳汀精密机械有限公司主要生产数控机床零部件，"
        "2025年与柏乡县人民政府签订迁建协议，总投资6.8亿元。"
    )
    assert pairs(ex, "签约") == both(("柳汀精密机械有限公司", "柏乡县人民政府"))


# ---------------------------------------------------------------- the platform after the cue


def test_the_platform_named_after_a_co_building_verb() -> None:
    ex = run("会上，临西县人民政府与天津翃栎理工大学合作共建临西璨玦轴承技术研究院，明年投入运行。")
    assert pairs(ex, "共建") == both(
        ("临西县人民政府", "临西璨玦轴承技术研究院"),
        ("天津翃栎理工大学", "临西璨玦轴承技术研究院"),
    )
    ex = run("支持河北瑭岙机械有限公司与北京珲沅机床研究所共建瑭岙—珲沅精密加工工程技术研究中心。")
    assert pairs(ex, "共建") == both(
        ("河北瑭岙机械有限公司", "瑭岙—珲沅精密加工工程技术研究中心"),
        ("北京珲沅机床研究所", "瑭岙—珲沅精密加工工程技术研究中心"),
    )


def test_a_kind_after_a_co_building_verb_is_no_platform() -> None:
    ex = run("鼓励园区企业与高校共建产业技术研究院，共建了一批研发中心。")
    assert not [e for e in ex.entities if e.type == "Lab"]


# ---------------------------------------------------------------- a signer written by reference


def test_the_company_just_named_signs_as_gai_gongsi() -> None:
    ex = run(
        "北京珲沅医疗器械有限公司成立于2015年。该公司已与临城县签订投资协议，将在北京保留研发中心。"
    )
    assert pairs(ex, "签约") == both(("北京珲沅医疗器械有限公司", "临城县"))
    ex = run(
        "北京珲沅医疗器械有限公司在北京设有研发中心，天津瑭岙光电科技有限公司成立于2016年。"
        "该公司分别与邢台翃栎机械有限公司、临城县人民政府签订了合作协议。"
    )
    assert pairs(ex, "签约") == both(
        ("天津瑭岙光电科技有限公司", "邢台翃栎机械有限公司"),
        ("天津瑭岙光电科技有限公司", "临城县人民政府"),
    )


def test_the_two_bodies_that_signed_co_build_as_liang_jia_dan_wei() -> None:
    ex = run(
        "去年，北京珲沅医疗器械有限公司与临城县科学技术局签订了合作协议。"
        "今年4月，两家单位又联合建设了临城珲沅医疗器械工程技术研究中心。"
    )
    assert pairs(ex, "共建") == both(
        ("北京珲沅医疗器械有限公司", "临城珲沅医疗器械工程技术研究中心"),
        ("临城县科学技术局", "临城珲沅医疗器械工程技术研究中心"),
    )


def test_a_pilot_platform_is_a_lab() -> None:
    ex = run("支持邢台璨玦装备产业园与北京珲沅机床研究所合作共建璨玦—珲沅精密加工中试平台。")
    assert pairs(ex, "共建") == both(
        ("邢台璨玦装备产业园", "璨玦—珲沅精密加工中试平台"),
        ("北京珲沅机床研究所", "璨玦—珲沅精密加工中试平台"),
    )


def test_what_the_parties_talked_about_is_no_co_building() -> None:
    ex = run(
        "会上，临城县科学技术局与北京珲沅科技服务有限公司签署协议。"
        "双方还就共建临城县医疗器械中试验证平台进行了洽谈，目前尚未签约。"
    )
    assert pairs(ex, "共建") == set()
    ex = run("双方就北京珲沅医疗器械有限公司落户邢台璨玦装备产业园进行了深入交流。")
    assert pairs(ex, "承接") == set()


def test_a_platform_by_reference_that_is_unknown_makes_no_partner_pairs() -> None:
    ex = run(
        "11月26日，临城县—天津市和平区科技协作中心正式揭牌。"
        "该中心由临城县人民政府、天津市和平区科学技术局和天津翃栎理工大学三方共建，设在郝庄镇。"
    )
    assert pairs(ex, "共建") == set()


# ---------------------------------------------------------------- the speaker's own body


def test_we_and_the_firm_in_reported_speech_are_the_speakers_body() -> None:
    ex = run(
        "北京珲沅医疗器械有限公司总经理郝叙川介绍，企业与天津翃栎理工大学共建的"
        "珲沅—翃栎医用材料联合实验室今年获得专利5项。"
    )
    assert pairs(ex, "共建") == both(
        ("北京珲沅医疗器械有限公司", "珲沅—翃栎医用材料联合实验室"),
        ("天津翃栎理工大学", "珲沅—翃栎医用材料联合实验室"),
    )
    ex = run(
        "记者专访了临城县副县长郝叙川。\n郝叙川：我们主要抓平台。县里和天津翃栎理工大学合作共建了"
        "临城珲沅新材料研究院，和北京珲沅医疗器械有限公司共建了临城翃栎医疗器械工程技术研究中心。"
    )
    assert pairs(ex, "共建") == both(
        ("临城县", "临城珲沅新材料研究院"),
        ("天津翃栎理工大学", "临城珲沅新材料研究院"),
        ("临城县", "临城翃栎医疗器械工程技术研究中心"),
        ("北京珲沅医疗器械有限公司", "临城翃栎医疗器械工程技术研究中心"),
    )


def test_a_platform_founded_with_joint_capital_named_before() -> None:
    ex = run("临城珲沅新材料研究院由北京珲沅医疗器械有限公司与天津翃栎理工大学共同出资组建。")
    assert pairs(ex, "共建") == both(
        ("北京珲沅医疗器械有限公司", "临城珲沅新材料研究院"),
        ("天津翃栎理工大学", "临城珲沅新材料研究院"),
    )


def test_partners_taking_part_with_a_leader_co_build() -> None:
    ex = run(
        "由北京珲沅医疗器械有限公司牵头，天津翃栎理工大学、临城县人民政府参与共建的"
        "临城珲沅新材料研究院日前揭牌。"
    )
    assert pairs(ex, "共建") == both(
        ("北京珲沅医疗器械有限公司", "临城珲沅新材料研究院"),
        ("天津翃栎理工大学", "临城珲沅新材料研究院"),
        ("临城县人民政府", "临城珲沅新材料研究院"),
    )
