"""Constructions added for generalisation (2026-12-02): each on sentences written for the test
(made-up firms, parks and institutes; real region names only)."""

from __future__ import annotations

from sentences import names, pairs, run

from loaders.extract.entities import _park_short_forms
from loaders.extract.lac import Token
from loaders.extract.mentions import find_agencies, find_organisations
from loaders.extract.ner import model_mentions
from loaders.extract.segment import word_spans
from loaders.load import document_from_text
from schema.records import Entity

# ---------------------------------------------------------------- 承接


def test_a_relative_word_subject_of_the_clause_group_receives() -> None:
    ex = run(
        "云溪高新区召开推介会。会上，负责人表示，该区充足的土地和完善的配套，"
        "为承接京津产业转移提供了良好条件。"
    )
    assert pairs(ex, "承接") == {("云溪高新区", "北京"), ("云溪高新区", "天津")}
    ex = run("邢台市召开会议。我市将发挥区位优势，积极承接北京非首都功能疏解。")
    assert pairs(ex, "承接") == {("邢台市", "北京")}


def test_a_relative_word_in_an_earlier_sentence_does_not_receive() -> None:
    ex = run("云溪高新区召开推介会。该区土地充足。专家认为，要承接京津产业转移。")
    assert pairs(ex, "承接") == set()


def test_named_examples_after_a_generic_transfer_are_taken_in() -> None:
    ex = run(
        "星澜开发区发展迅速。三是发挥京津高校院所落户开发区的优势。"
        "以远拓大学智能装备研究院、星禾大学环保研究院和远拓工业大学等高校为依托，建设创业园。"
    )
    taken = {t for h, t in pairs(ex, "承接") if h == "星澜开发区"}
    assert {"远拓大学智能装备研究院", "星禾大学环保研究院", "远拓工业大学"} <= taken
    by_key = {e.key: e.name for e in ex.entities}
    r = next(r for r in ex.relations if by_key[r.tail] == "远拓工业大学")
    assert r.props["from_region"] == ["北京", "天津"] and len(r.evidence) == 2
    ex = run("星澜高新区引进一批北京企业，包括远拓科技有限公司、星禾药业有限公司等企业。")
    assert {("星澜高新区", "远拓科技有限公司"), ("星澜高新区", "星禾药业有限公司")} <= pairs(
        ex, "承接"
    )


def test_examples_of_another_kind_are_not_taken_in() -> None:
    ex = run(
        "邢台市积极承接京津产业转移。以远拓科技有限公司、星禾药业有限公司等龙头企业为依托，"
        "打造产业集群。"
    )
    assert pairs(ex, "承接") == {("邢台市", "北京"), ("邢台市", "天津")}
    ex = run("星澜高新区引进北京企业。远拓科技有限公司、星禾药业有限公司等企业参加了会议。")
    assert ("星澜高新区", "远拓科技有限公司") not in pairs(ex, "承接")


# ---------------------------------------------------------------- Lab


def test_shared_resource_and_extension_platforms_are_labs() -> None:
    ex = run("加快构建京津冀星禾仪器资源共享平台和邢台远拓农业科技成果推广平台。")
    assert {"京津冀星禾仪器资源共享平台", "邢台远拓农业科技成果推广平台"} <= names(ex, "Lab")
    ex = run("拓展邢台星澜大型仪器资源共享服务平台的服务方式。")
    assert "邢台星澜大型仪器资源共享服务平台" in names(ex, "Lab")
    assert not names(run("打造一批技术创新服务平台和资源共享平台。"), "Lab")


def test_alliances_of_innovation_and_of_platforms_are_labs() -> None:
    ex = run("邢台市组建星禾新材料产业技术创新战略联盟，并加入京津冀远拓创新平台联盟。")
    assert {"星禾新材料产业技术创新战略联盟", "京津冀远拓创新平台联盟"} <= names(ex, "Lab")


def test_a_name_that_fills_a_quote_is_whole() -> None:
    ex = run("现对“星澜材料再生与综合利用产业技术创新战略联盟”等20家联盟予以备案。")
    assert names(ex, "Lab") == {"星澜材料再生与综合利用产业技术创新战略联盟"}


def test_an_academys_institute_by_its_short_form() -> None:
    ex = run("推动中科院星澜所、中国科学院远拓所等9家科研院所的项目进入产业化阶段。")
    assert {"中科院星澜所", "中国科学院远拓所"} <= names(ex, "Lab")
    found = {(r.text, r.type) for r in find_agencies("中科院星澜所、中国科学院远拓所等")}
    assert {("中科院星澜所", "Lab"), ("中国科学院远拓所", "Lab")} <= found
    generic = {r.text for r in find_agencies("中科院研究所众多，中科院下属所参加。")}
    assert not any(t.endswith("所") for t in generic)


# ---------------------------------------------------------------- Park


def test_an_entrepreneurship_park_is_a_park() -> None:
    assert "邢台星澜人才创新创业园" in names(run("加快建设邢台星澜人才创新创业园。"), "Park")


def test_a_conjunction_glued_to_a_place_does_not_begin_a_park() -> None:
    ex = run("会议由邢台市及雄安新区有关部门组织。")  # the segmenter writes 邢台市|及雄安|新区
    assert not names(ex, "Park")
    assert {"邢台市", "雄安新区"} <= names(ex, "Region")


def test_a_name_the_model_knows_anchors_a_suffix() -> None:
    # the segmenter splits 谊|禾 into characters it does not know; the model tags 谊禾医疗 ORG
    ex = run("调研了星澜孵化器、谊禾医疗产业园和远拓总部基地。")
    assert "谊禾医疗产业园" in names(ex, "Park")


# ---------------------------------------------------------------- Policy


def test_policies_listed_after_an_acting_verb_and_closed_by_deng() -> None:
    ex = run("多年来，邢台相继实施了“星澜”防护林、京津远拓治沙、退牧还草等一系列国家生态建设工程。")
    assert {"“星澜”防护林", "京津远拓治沙", "退牧还草"} <= names(ex, "Policy")
    ex = run("园区将充分释放首台套保险补偿等政策活力。")
    assert "首台套保险补偿" in names(ex, "Policy")
    assert not names(run("持续推进星澜生态屏障建设等重大生态工程。"), "Policy")
    assert not names(run("落实土地、税收等政策。"), "Policy")


def test_a_community_after_an_acting_verb_is_a_programme() -> None:
    ex = run("深化邢台星禾协同创新共同体建设，推动合作。")
    assert "邢台星禾协同创新共同体" in names(ex, "Policy")


def test_service_right_before_a_suffix_is_part_of_the_name() -> None:
    text = "加快邢台星澜人力资源服务产业园建设。"
    assert "邢台星澜人力资源服务产业园" in names(run(text), "Park")
    found = {r.text for r in find_organisations(text, word_spans(text))}  # the rule alone
    assert "邢台星澜人力资源服务产业园" in found
    ex = run("我们将积极服务星禾科技有限公司。")
    assert names(ex, "Enterprise") == {"星禾科技有限公司"}


# ---------------------------------------------------------------- Enterprise


def test_a_park_development_company_is_a_firm_holding_the_post() -> None:
    ex = run("星澜信息谷公司、星澜园区开发公司总经理张远拓参加接待。")
    assert "星澜园区开发公司" in names(ex, "Enterprise") and not names(ex, "Park")
    assert ("张远拓", "星澜园区开发公司") in pairs(ex, "任职")
    # the model may read the name as a place: 某地园区开发/LOC 公司/n is a firm all the same
    s = "邢台星澜园区开发公司总经理"
    toks = [Token("邢台星澜园区开发", "LOC", 0, 8), Token("公司", "n", 8, 10)]
    toks.append(Token("总经理", "n", 10, 13))
    found = {(r.text, r.type) for r in model_mentions(s, toks)}
    assert ("邢台星澜园区开发公司", "Enterprise") in found


def test_a_park_named_with_its_region_is_later_written_without_it() -> None:
    ex = run("邢台市星澜工业区与远拓集团签约。星澜工业区管委会主任张远拓出席签约仪式。")
    assert "星澜工业区" in names(ex, "Park")
    assert ("张远拓", "邢台市星澜工业区") in pairs(ex, "任职")
    # not when another park of the document ends with the same words
    text = "邢台市星澜工业区和廊坊市星澜工业区签约。星澜工业区管委会主任张远拓出席。"
    parks = [Entity(f"Park:{n}", "Park", n) for n in ("邢台市星澜工业区", "廊坊市星澜工业区")]
    _park_short_forms(document_from_text(text, "t.txt", "txt"), parks)
    assert all(not p.aliases for p in parks)


# ---------------------------------------------------------------- 位于


def test_a_named_body_after_a_districts_de_lies_in_it() -> None:
    ex = run("星澜新区的远拓健康产业示范区发展目标是引进一批企业。")
    assert ("远拓健康产业示范区", "星澜新区") in pairs(ex, "位于")
    assert not pairs(run("星澜新区的发展目标是引进一批企业。"), "位于")


def test_a_data_centre_is_a_firm_and_does_not_take_in_its_park() -> None:
    ex = run("4月26日，在邢台星澜高新区远拓云数据中心，工作人员对设备进行巡检。")
    assert "远拓云数据中心" in names(ex, "Enterprise")
    assert ("远拓云数据中心", "邢台星澜高新区") in pairs(ex, "位于")
    ex = run("在省级双创平台“远拓空间”“星禾(邢台)大数据中心”等的基础上开展合作。")
    assert "星禾(邢台)大数据中心" in names(ex, "Enterprise")
    ex = run("邢台星澜新区建设投资有限公司承建该项目。")
    assert "邢台星澜新区建设投资有限公司" in names(ex, "Enterprise")


# ---------------------------------------------------------------- 签约


def test_a_signing_written_both_ways_is_one_relation() -> None:
    ex = run("远拓集团与星禾大学签署合作协议。星禾大学与远拓集团还签署了人才培养协议。")
    signed = [r for r in ex.relations if r.type == "签约"]
    assert len(signed) == 1 and len(signed[0].evidence) == 2


# ---------------------------------------------------------------- short forms (dev set, 2026-12-02)


def test_a_firm_short_form_drops_its_scope_word_or_keeps_its_group_word() -> None:
    ex = run(
        "北京青屿光电科技有限公司与云溪药业集团有限公司近日签署合作协议。"
        "青屿光电总经理孟川和云溪药业集团董事长柯岚出席仪式。"
    )
    firms = {e.name: set(e.aliases) for e in ex.entities if e.type == "Enterprise" and e.mentions}
    assert set(firms) == {"北京青屿光电科技有限公司", "云溪药业集团有限公司"}
    assert "青屿光电" in firms["北京青屿光电科技有限公司"]
    assert "云溪药业集团" in firms["云溪药业集团有限公司"]
    ex = run("北京青屿科技有限公司成立于2015年，青屿产品销往多地。")
    assert "青屿" not in names(ex, "Enterprise")  # two characters left: no short form


def test_a_name_does_not_start_before_a_bracket_it_never_opened() -> None:
    # the model or a suffix's left boundary can run back across a byline's ）
    from loaders.extract.entities import _trim_unopened_brackets
    from loaders.extract.mentions import Raw

    text = "本报讯（记者 韩某）云溪生物医药产业园日前迎来首批药企。"
    start = text.index("韩")
    raws = [
        Raw(text[start : text.index("园") + 1], "Park", start, text.index("园") + 1, "model"),
        Raw("某某（天津）科技有限公司", "Enterprise", 0, 12, "suffix"),
        Raw("某）", "Enterprise", 0, 2, "model"),
    ]
    out = _trim_unopened_brackets(raws)
    assert [(r.text, r.start) for r in out] == [
        ("云溪生物医药产业园", text.index("云")),
        ("某某（天津）科技有限公司", 0),
    ]


def test_jingjin_is_both_regions_where_things_come_from_or_land() -> None:
    """来自京津的项目 and 落地转化的京津成果 name 北京 and 天津 as origins (GUIDELINE: 京津 is a
    mention of both), like 承接京津; 毗邻京津 stays a loose area."""
    ex = run("星澜县去年引进项目40个，其中来自京津的项目占比过半。")
    assert {"北京", "天津"} <= names(ex, "Region")
    ex = run("《星澜县促进成果转化办法》提出，对在本县落地转化的京津高校成果给予奖励。")
    assert {"北京", "天津"} <= names(ex, "Region")


def test_a_fund_named_by_its_place_is_a_policy() -> None:
    ex = run("并会同市财政局设立了涞水科创引导基金，规模5亿元。")
    assert "涞水科创引导基金" in names(ex, "Policy")
    ex = run("充分利用现有政府投资引导基金，吸引社会资本投入。")
    assert not names(ex, "Policy")


def test_jingjin_qualifying_bodies_or_where_things_go_names_both_regions() -> None:
    """京津高校, 津冀园区, 销往京津, 京冀两地: the places themselves (GUIDELINE: 京津 is a mention of
    北京 and 天津); a loose area (对接京津资源, 毗邻京津) is none."""
    for text, regions in (
        ("全县与京津高校开展技术合作的企业达到37家。", {"北京", "天津"}),
        ("鼓励在京园区与津冀园区共建分园。", {"天津", "河北"}),
        ("产品销往京津等地。", {"北京", "天津"}),
        ("根据协议，京冀两地将以研究院为纽带推动产业协同。", {"北京", "河北"}),
    ):
        assert regions <= names(run(text), "Region"), text
    ex = run("柏乡县主动对接京津优质资源，用好毗邻京津的区位条件。")
    assert names(ex, "Region") & {"北京", "天津"} == set()


def test_a_region_qualifying_a_kind_of_bodies_signs_nothing() -> None:
    ex = run("今年以来柏乡县已与京津高校、科研院所签订合作协议11项。")
    assert not pairs(ex, "签约")
    ex = run("今年以来柏乡县已与北京签订合作协议11项。")
    assert pairs(ex, "签约")


def test_my_province_is_a_province_not_a_municipality() -> None:
    """我省 after many mentions of 北京 and 天津 (province-level cities) is still the 省."""
    ex = run(
        "河北省科技厅召开会议。柏乡县与京津高校合作，产品销往京津等地，"
        "引进京津企业，吸引京津人才。今年年初，我省发布《澜溪县域创新能力提升方案》。"
    )
    assert ("河北省", "《澜溪县域创新能力提升方案》") in pairs(ex, "发布")


def test_a_verb_that_reads_like_a_county_before_a_bureau() -> None:
    """甲局会同县乙局: 会同 is "together with" here, not 会同县 (a county elsewhere)."""
    ex = run("《实施方案》由柏乡县科学技术局会同县发展和改革局起草。")
    assert "县发展和改革局" in names(ex, "Agency")
    assert not [n for n in names(ex, "Agency") if n.startswith("会同")]


def test_kinds_of_parks_counted_or_by_level_or_kind_word_are_no_names() -> None:
    for text in (
        "在全国156个新材料产业园区中综合排名第十二。",
        "印发了《加快创建国家级高新区三年行动方案》。",
        "支持企业在邢台市布局研发中心、飞地孵化器等载体。",
    ):
        assert not names(run(text), "Park"), text
    ex = run(
        "引导县域经济开发区与柳汀经济开发区建立合作关系。该区拥有3家众创空间和柳汀创业孵化器。"
    )
    assert names(ex, "Park") == {"柳汀经济开发区", "柳汀创业孵化器"}


def test_a_park_named_by_a_field_abbreviation_alone_is_a_kind() -> None:
    ex = run("考察组走访柳汀科创园，听取了科创园规划和双创园招商情况介绍。")
    assert names(ex, "Park") == {"柳汀科创园"}
