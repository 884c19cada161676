"""Places below the county and where things are (2026-12-03): towns, which the gazetteer does
not hold, and the 位于 constructions of news reports. Sentences written for the test (made-up
firms, parks and towns; real county names only)."""

from __future__ import annotations

from sentences import names, pairs, run


def test_a_town_is_a_region() -> None:
    ex = run("从区域看，岚溪镇、槐岭乡的工业增加值增速居全县前两位。")
    assert {"岚溪镇", "槐岭乡"} <= names(ex, "Region")
    ex = run("坐落在柘塘镇的星澜生态农业有限公司是当地最大的企业。")
    assert "柘塘镇" in names(ex, "Region")
    assert ("星澜生态农业有限公司", "柘塘镇") in pairs(ex, "位于")


def test_a_town_written_after_its_county_is_one_place() -> None:
    ex = run("此外，涞水县岚溪镇还与星澜机器人有限公司达成合作意向。")
    assert "涞水县岚溪镇" in names(ex, "Region")
    # …under the town's own name, the form with its county an alias (gold sets name the
    # town alone, or the longer form with the town's name as an alias: both match)
    town = next(e for e in ex.entities if e.name == "岚溪镇")
    assert "涞水县岚溪镇" in town.aliases


def test_what_lies_in_a_town_written_after_its_county_lies_in_the_town() -> None:
    ex = run("翎蔚精工有限公司的新车间位于涞水县蘅沚镇的东部，明年投产。")
    town = next(e for e in ex.entities if e.name == "蘅沚镇")
    assert town.aliases == ["涞水县蘅沚镇"]
    ex = run("翎蔚精工产业园坐落在涞水县蘅沚镇，规划面积8平方公里。")
    assert ("翎蔚精工产业园", "蘅沚镇") in pairs(ex, "位于")


def test_a_county_seat_named_after_its_county_is_a_town() -> None:
    # 故城|镇 ends like 城镇 (a kind of town), but 故城 is a county's name
    ex = run("走进故城镇的砾澄纺织机械有限公司车间，工人们正在调试新设备。")
    assert "故城镇" in names(ex, "Region")
    assert ("砾澄纺织机械有限公司", "故城镇") in pairs(ex, "位于")


def test_kinds_of_towns_are_no_places() -> None:
    ex = run("这里是闻名全国的工业重镇，也是有名的温泉之乡，城镇化率达到60%。")
    assert not {n for n in names(ex, "Region") if n.endswith(("镇", "乡"))}


def test_a_park_brand_read_as_a_person_keeps_its_county() -> None:
    # the model reads the invented brand 汐珂 as a person's name (汐 is no surname)
    ex = run("项目在涞水县汐珂滨河产业园开工。汐珂滨河产业园规划面积10平方公里。")
    assert names(ex, "Park") == {"涞水县汐珂滨河产业园", "汐珂滨河产业园"}


def test_a_policy_defined_short_is_one_policy() -> None:
    ex = run(
        "近日，远拓市人民政府印发《远拓市关于支持星禾产业发展的若干意见》（以下简称《意见》）。"
        "《意见》提出，对新落户企业给予最高100万元奖励。"
    )
    assert names(ex, "Policy") == {"《远拓市关于支持星禾产业发展的若干意见》", "《意见》"}
    assert len([e for e in ex.entities if e.type == "Policy" and e.mentions]) == 1


def test_a_county_short_form_the_model_reads_as_a_word_is_no_place() -> None:
    # 城西, 城东 (short forms of districts) as the west, east of a county town; 新建 as a verb
    ex = run("星禾产业园坐落在枣强县城西，基地坐落在涞水县城东。")
    assert names(ex, "Region") == {"枣强县", "涞水县"}
    ex = run("远拓机械有限公司在威县星禾产业园新建的包装装备生产基地竣工。")
    assert "新建" not in names(ex, "Region")


def test_a_firms_production_base_named_by_its_place_is_no_park() -> None:
    ex = run("星禾包装机械有限公司副总经理、涞水生产基地负责人岑远航说。")
    assert not names(ex, "Park")
    # the site's head is no post of ours; the firm's post before it stays
    assert pairs(ex, "任职") == {("岑远航", "星禾包装机械有限公司")}


def test_a_named_pilot_base_is_a_park() -> None:
    ex = run("由星禾智能装备有限公司与远拓理工大学共建的涞水岚川感知中试基地揭牌运行。")
    assert "涞水岚川感知中试基地" in names(ex, "Park")
    ex = run("到2030年，在各地布局建设中试基地30个，打造开放型中试基地。")
    assert not names(ex, "Park")


def test_a_bare_kind_word_as_subject_is_located() -> None:
    ex = run(
        "日前，枣强星禾生物医药产业园传来消息，今年园区共引进项目14个。"
        "园区地处枣强县东部，规划面积8.6平方公里。"
    )
    assert ("枣强星禾生物医药产业园", "枣强县") in pairs(ex, "位于")
    ex = run(
        "两地签署合作协议，双方将联合建设远拓冰雪装备产业技术研究院。"
        "研究院位于涞水县，首期建设面积1.6万平方米。"
    )
    assert ("远拓冰雪装备产业技术研究院", "涞水县") in pairs(ex, "位于")
    # the document's main base, named two sentences before
    ex = run(
        "由星禾智能装备有限公司与远拓理工大学共建的涞水岚川感知中试基地揭牌运行。"
        "这是雄安新区首个由企业和高校共建的中试基地。基地坐落在涞水县城东，建筑面积2.3万平方米。"
    )
    assert ("涞水岚川感知中试基地", "涞水县") in pairs(ex, "位于")


def test_a_firm_on_a_side_of_the_park_by_its_kind_word_lies_in_it() -> None:
    ex = run(
        "西青星禾智能制造产业园规划面积5.2平方公里。"
        "坐落在园区东侧的远拓机器人科技有限公司，是园区去年引进的重点项目。"
    )
    assert ("远拓机器人科技有限公司", "西青星禾智能制造产业园") in pairs(ex, "位于")


def test_a_bureau_of_science_and_informatisation_is_an_agency() -> None:
    ex = run("涞水县科学技术和信息化局、县经济和信息化局联合制定了《星禾中心认定管理办法》。")
    assert {"涞水县科学技术和信息化局", "县经济和信息化局"} <= names(ex, "Agency")


def test_a_named_innovation_consortium_is_a_lab() -> None:
    ex = run("由远拓海洋装备集团有限公司牵头共建的星禾深海装备创新联合体成立。")
    assert "星禾深海装备创新联合体" in names(ex, "Lab")
    ex = run("支持领军企业组建创新联合体，这是今年组建的第5家创新联合体。")
    assert not names(ex, "Lab")


def test_a_partner_read_as_a_person_before_a_dash_is_part_of_the_lab() -> None:
    ex = run("远拓汽车零部件股份有限公司与星禾交通大学将合作共建珂汀—星禾热管理联合实验室。")
    assert names(ex, "Lab") == {"珂汀—星禾热管理联合实验室"}


def test_a_places_universities_in_a_list_are_no_firm() -> None:
    ex = run("据介绍，基地将重点承接北京高校和科研院所的科技成果转化，力争孵化企业30家。")
    assert not names(ex, "Enterprise")


def test_a_county_short_form_before_a_side_of_its_town_is_the_place() -> None:
    ex = run("星澜精工科技有限公司位于涞水城西，占地50亩。")
    assert "涞水" in names(ex, "Region")
    assert ("星澜精工科技有限公司", "涞水") in pairs(ex, "位于")


def test_a_county_short_form_before_a_verb_of_moving_in_is_the_place() -> None:
    ex = run("对在涞水落地转化的高校院所成果给予最高200万元奖励。")
    assert "涞水" in names(ex, "Region")


def test_located_a_firms_headquarters_after_a_description_of_it() -> None:
    ex = run("北京砚禾智能科技有限公司是门头沟区重点培育的人工智能企业，总部位于永定镇。")
    assert ("北京砚禾智能科技有限公司", "永定镇") in pairs(ex, "位于")


def test_located_the_sentence_subject_in_a_clause_of_its_own() -> None:
    ex = run(
        "其中，北京砚禾智能制造中试基地由北京砚禾科技集团有限公司联合天津星岚理工大学建设，"
        "位于长辛店镇，可提供样机试制服务。"
    )
    assert pairs(ex, "位于") == {("北京砚禾智能制造中试基地", "长辛店镇")}
    ex = run("星禾科技有限公司与远拓大学签约，位于长辛店镇的中试项目明年开工。")
    assert pairs(ex, "位于") == set()


def test_located_inside_the_park_named_by_its_kind() -> None:
    ex = run(
        "青县青岚电气装备产业园位于金牛镇。同日，园区内的沧州砚禾电缆有限公司二期项目竣工投产。"
    )
    assert ("沧州砚禾电缆有限公司", "青县青岚电气装备产业园") in pairs(ex, "位于")


def test_located_a_park_after_its_town_and_de() -> None:
    ex = run("新公司落户广府镇的永年砚禾标准件产业园，明年投入运营。")
    assert ("永年砚禾标准件产业园", "广府镇") in pairs(ex, "位于")


def test_a_town_after_a_verb_of_being_there_or_before_its_side() -> None:
    ex = run("琨屿产业园地处澜溪镇南部，规划面积9平方公里。")
    assert ("琨屿产业园", "澜溪镇") in pairs(ex, "位于")
    assert "处澜溪镇" not in names(ex, "Region")
    ex = run("琨屿产业园位于柳澜镇东部，规划面积12平方公里。")
    assert ("琨屿产业园", "柳澜镇") in pairs(ex, "位于")


def test_a_rare_character_before_a_kind_ending_names_the_town() -> None:
    ex = run("琨屿产业园位于翮城镇东部，规划面积12平方公里。")
    assert "翮城镇" in names(ex, "Region")
    ex = run("推进特色城镇建设，打造工业重镇。")
    assert not {n for n in names(ex, "Region") if n.endswith(("镇", "乡"))}


def test_a_two_character_county_before_an_adverb_is_the_county() -> None:
    ex = run("据了解，今年以来蠡县已承接京津项目23个。")
    assert {("蠡县", "北京"), ("蠡县", "天津")} <= pairs(ex, "承接")
    # a county name that starts with a conjunction is read as one only before a place's word
    ex = run("设立人才服务中心和县（市、区）人才工作站。")
    assert "和县" not in names(ex, "Region")


def test_a_technology_transfer_centre_is_a_lab_located_in_its_park() -> None:
    ex = run("丰台琨屿科技成果转化中心日前揭牌。丰台琨屿科技成果转化中心则坐落在丰台柳汀科创园。")
    assert "丰台琨屿科技成果转化中心" in names(ex, "Lab")
    assert ("丰台琨屿科技成果转化中心", "丰台柳汀科创园") in pairs(ex, "位于")


def test_a_clause_opening_with_the_end_of_a_name_is_about_that_body() -> None:
    ex = run(
        "推动涞水县与北京市通州区共建涞水—通州漪桐科创飞地园，飞地园位于澜屿镇，主要承接孵化企业。"
    )
    assert ("涞水—通州漪桐科创飞地园", "澜屿镇") in pairs(ex, "位于")


def test_set_up_in_a_park_is_where_the_body_is() -> None:
    # 该中心由…共建，设在某镇的P内: the centre is in P, and P in the town
    ex = run(
        "10月8日，涞水县珂汐农业技术研究院正式揭牌。该研究院由涞水县人民政府和北京浠岚大学共建，"
        "设在峪桐镇的涞水县滢澈农业科技园内，将开展技术服务。"
    )
    got = pairs(ex, "位于")
    assert ("涞水县珂汐农业技术研究院", "涞水县滢澈农业科技园") in got
    assert ("涞水县滢澈农业科技园", "峪桐镇") in got
    # 共建P，设在产业园内: the body the clause before ends with, in the park named before
    ex = run(
        "高标准建设涞水县滢澈新能源装备产业园，园区规划面积5平方公里，位于峪桐镇南部。"
        "支持县人民政府与北京浠岚大学共建涞水珂汐新能源技术研究院，设在产业园内，提供检测服务。"
    )
    got = pairs(ex, "位于")
    assert ("涞水县滢澈新能源装备产业园", "峪桐镇") in got
    assert ("涞水珂汐新能源技术研究院", "涞水县滢澈新能源装备产业园") in got


def test_a_short_form_the_segmenter_joins_to_diqu_is_the_place() -> None:
    ex = run("今年以来，临城县已从京津地区引进项目35个。")
    assert pairs(ex, "承接") == {("临城县", "北京"), ("临城县", "天津")}


def test_a_side_of_the_place_may_come_before_de() -> None:
    ex = run("2030年，公司入驻地处涞水县东部的涞水漪岚农业产业园，建成育苗温室12万平方米。")
    assert ("涞水漪岚农业产业园", "涞水县") in pairs(ex, "位于")


def test_a_bodys_full_name_is_the_body_where_only_its_place_was_read() -> None:
    ex = run(
        "廊坊市国际生物医药园是廊坊高新区的重点园区。"
        "位于高新区的廊坊市国际生物医药园内，一栋写着“漪桐医药”的大楼十分醒目。"
    )
    assert ("廊坊市国际生物医药园", "廊坊高新区") in pairs(ex, "位于")


def test_a_county_short_form_taking_in_is_the_county() -> None:
    ex = run("记者：临城承接京津科技成果转化有哪些具体抓手？")
    assert pairs(ex, "承接") == {("临城", "北京"), ("临城", "天津")}


def test_a_chosen_site_is_where_a_park_lies() -> None:
    # 选址在/选址于: where a park or a firm has chosen to be (plans and news alike)
    ex = run("涞水栎沣精密制造产业园选址在桤溪镇，占地3000亩。")
    assert ("涞水栎沣精密制造产业园", "桤溪镇") in pairs(ex, "位于")
    ex = run("2.涞水栎沣精密制造产业园。该园区选址于桤溪镇，一期已开工。")
    assert ("涞水栎沣精密制造产业园", "桤溪镇") in pairs(ex, "位于")
    # an unnamed project's site says nothing about a named body
    ex = run("涞水栎沣精密制造产业园签约多个项目，项目选址在桤溪镇北部。")
    assert not pairs(ex, "位于")


def test_a_town_ending_like_a_kind_of_town_is_a_place_after_a_verb_of_being_there() -> None:
    # 石城|镇 ends like 城镇 and 石城 is a common word; after 位于/地处 it is a town's name
    ex = run("2.涞水翊岑智能装备产业园。园区位于石城镇东部，今年计划引进项目10个。")
    assert ("涞水翊岑智能装备产业园", "石城镇") in pairs(ex, "位于")
    ex = run("涞水翊岑智能装备产业园地处金城镇，重点承接北京企业。")
    assert ("涞水翊岑智能装备产业园", "金城镇") in pairs(ex, "位于")
    ex = run("该企业位于小城镇，交通便利。")
    assert not names(ex, "Region")
