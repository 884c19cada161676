"""Issues 4 and 5: extraction components on sentences written for the tests (made-up names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sentences import names, run

from loaders.extract.entities import extract_entities
from loaders.extract.mentions import find_officials, find_policies, find_regions
from loaders.extract.pipeline import extract
from loaders.extract.relations import extract_relations
from loaders.extract.resolve import resolve_corpus
from loaders.load import document_from_text, load_file
from schema.records import Extraction


def rels(ex: Extraction, type_: str) -> set[tuple[str, str]]:
    by_key = {e.key: e.name for e in ex.entities}
    return {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == type_}


def rel(ex: Extraction, type_: str, head: str, tail: str):  # noqa: ANN201
    by_key = {e.key: e.name for e in ex.entities}
    for r in ex.relations:
        if r.type == type_ and by_key[r.head] == head and by_key[r.tail] == tail:
            return r
    raise AssertionError(f"no {type_} {head} → {tail} in {rels(ex, type_)}")


# ---------------------------------------------------------------- entities


def test_official_with_title_chain_and_agency() -> None:
    ex = run("邢台市科技局党组书记、局长王晓明表示，将加快科技成果转化。")
    assert "王晓明" in names(ex, "Official")
    assert "邢台市科技局" in names(ex, "Agency")
    r = rel(ex, "任职", "王晓明", "邢台市科技局")
    assert r.props["title"] == "党组书记、局长"
    assert r.evidence[0].cue and r.evidence[0].sentence.startswith("邢台市科技局")


def test_official_list_after_one_title() -> None:
    ex = run("邢台市人大常委会主任张建国主持会议，副主任刘文华、陈立新、赵海波出席。")
    assert {"张建国", "刘文华", "陈立新", "赵海波"} <= names(ex, "Official")
    for person in ("刘文华", "陈立新", "赵海波"):
        assert rel(ex, "任职", person, "邢台市人大常委会").props["title"] == "副主任"


def test_official_without_speech_verb() -> None:
    ex = run("会上，沧州市副市长孙立军作工作报告。")
    assert "孙立军" in names(ex, "Official")
    assert rel(ex, "任职", "孙立军", "沧州市").props["title"] == "副市长"


def test_name_split_by_line_break_is_joined_by_the_loader(tmp_path: Path) -> None:
    p = tmp_path / "wrapped.txt"
    p.write_text(
        "“我们将继续扩大开放，吸引更多企业。”邢台市副市长孙\n立军表示，将持续优化营商环境，"
        "推动高质量发展。\n",
        encoding="utf-8",
    )
    ex = extract(load_file(p))
    assert "孙立军" in names(ex, "Official")


def test_byline_is_not_an_official() -> None:
    assert not find_officials("河北日报记者 王小明 通讯员 李小红")


def test_nested_park_body_gives_park_and_post() -> None:
    ex = run("邢台高新区党工委副书记、管委会主任周明远介绍，园区今年新增企业30家。")
    assert "邢台高新区" in names(ex, "Park")
    assert rel(ex, "任职", "周明远", "邢台高新区")


def test_post_name_title() -> None:
    assert [r.text for r in find_officials("欧阳明远同志出席会议。")] == ["欧阳明远"]


def test_policy_in_book_title_marks_and_quotes() -> None:
    ps = {
        r.text
        for r in find_policies(
            "邢台市政府印发《邢台市促进科技创新若干措施》，并深入实施“科技强企”行动计划。"
        )
    }
    assert "《邢台市促进科技创新若干措施》" in ps
    assert "“科技强企”行动计划" in ps


def test_policy_without_marks_after_an_action_verb() -> None:
    ps = {r.text for r in find_policies("全面实施创新型企业培育工程，开展科技惠农行动。")}
    assert {"创新型企业培育工程", "科技惠农行动"} <= ps


def test_newspaper_titles_and_reports_are_not_policies() -> None:
    assert not find_policies("据《河北日报》报道，《城市创新能力评价报告 2021》显示。")


def test_organisation_suffixes_and_boundaries() -> None:
    ex = run("河北恒远新材料有限公司与邢台学院、中国星禾农业大学开展合作，积极布局新兴产业园。")
    assert "河北恒远新材料有限公司" in names(ex, "Enterprise")
    assert {"邢台学院", "中国星禾农业大学"} <= names(ex, "University")
    assert not any("布局" in n for n in names(ex, "Park"))


def test_region_short_forms_need_word_boundaries() -> None:
    found = {r.text for r in find_regions("创新和发展并重，邢台和保定加强合作。")}
    assert {"邢台", "保定"} <= found
    assert "新和" not in found


def test_jing_jin_means_beijing_and_tianjin() -> None:
    ex = run("邢台高新区积极承接京津产业转移。")
    assert {"北京", "天津"} <= names(ex, "Region")
    r = rel(ex, "承接", "邢台高新区", "北京")
    assert r.props["from_region"] == ["北京"]


def test_region_hierarchy_parents_and_part_of() -> None:
    ex = run("邢台高新区位于邢台市。")
    keys = {e.key: e for e in ex.entities}
    assert "Region:河北省" in keys and not keys["Region:河北省"].mentions
    part_of = {(r.head, r.tail) for r in ex.relations if r.type == "PART_OF"}
    assert ("Park:邢台高新区", "Region:邢台市") in part_of
    assert ("Region:邢台市", "Region:河北省") in part_of


# ---------------------------------------------------------------- resolution


def test_relative_agency_resolves_to_the_documents_city() -> None:
    ex = run(
        "邢台市召开科技大会。邢台市科学技术协会参会。市科技局负责人介绍了情况。邢台的企业踊跃参与。"
    )
    agency = next(e for e in ex.entities if e.name == "市科技局")
    assert agency.props["resolved"] == "邢台市科技局"
    assert agency.key == "Agency:邢台市科技局"


def test_short_form_merges_into_full_form_with_region_prefix() -> None:
    ex = run("北京华辰医药科技有限公司落户邢台经济开发区。华辰医药科技有限公司总经理李明表示满意。")
    ents = [e for e in ex.entities if e.type == "Enterprise"]
    assert len(ents) == 1 and ents[0].name == "北京华辰医药科技有限公司"
    assert "华辰医药科技有限公司" in ents[0].aliases


def test_never_merge_on_containment_alone() -> None:
    ex = run("北京经济技术开发区与北京的企业合作。藁城开发区位于藁城。")
    assert "北京经济技术开发区" in names(ex, "Park") and "北京" in names(ex, "Region")
    assert "藁城开发区" in names(ex, "Park") and "藁城" in names(ex, "Region")
    parks = {e.name for e in ex.entities if e.type == "Park"}
    assert "北京" not in parks and "藁城" not in parks


def test_same_entity_across_documents_gets_one_key() -> None:
    a = run("北京华辰医药科技有限公司总经理李明表示，华辰医药科技有限公司将扩产。")
    b = run("华辰医药科技有限公司总经理李明参加了会议。")
    resolve_corpus([a, b])
    key_a = next(e.key for e in a.entities if e.type == "Enterprise")
    key_b = next(e.key for e in b.entities if e.type == "Enterprise")
    assert key_a == key_b == "Enterprise:北京华辰医药科技有限公司"
    assert {r.tail for r in b.relations if r.type == "任职"} == {key_a}


# ---------------------------------------------------------------- relations


def test_transfer_passive_settles_in_park_with_origin_from_name() -> None:
    ex = run("北京华辰医药科技有限公司落户邢台经济开发区，总投资5亿元。")
    r = rel(ex, "承接", "邢台经济开发区", "北京华辰医药科技有限公司")
    assert r.props["from_region"] == ["北京"]
    assert r.props["amount"] == "总投资5亿元"


def test_transfer_introduced_from_beijing() -> None:
    ex = run("这是邢台高新区从北京引进的河北恒远新材料有限公司。")
    r = rel(ex, "承接", "邢台高新区", "河北恒远新材料有限公司")
    assert r.props["from_region"] == ["北京"]


def test_cobuild_platform_each_partner() -> None:
    ex = run("保定恒信科技有限公司与河北农业大学共建“河北省智慧农业技术创新中心”。")
    assert "河北省智慧农业技术创新中心" in names(ex, "Lab")
    r1 = rel(ex, "共建", "保定恒信科技有限公司", "河北省智慧农业技术创新中心")
    rel(ex, "共建", "河北农业大学", "河北省智慧农业技术创新中心")
    assert r1.props["platform"] == "河北省智慧农业技术创新中心"


def test_signing_multi_party_shares_event_id() -> None:
    ex = run("邢台市政府先后与河北星禾大学、燕赵远拓大学、河北星澜科技大学签订战略合作协议。")
    got = [r for r in ex.relations if r.type == "签约"]
    partners = {t for _, t in rels(ex, "签约")} | {h for h, _ in rels(ex, "签约")}
    assert {"河北星禾大学", "燕赵远拓大学", "河北星澜科技大学"} <= partners
    assert len(got) >= 3 and len({r.props["event_id"] for r in got}) == 1


def test_signing_two_parties() -> None:
    ex = run("河北恒远新材料有限公司与邢台学院签订合作协议。")
    assert rels(ex, "签约") & {
        ("河北恒远新材料有限公司", "邢台学院"),
        ("邢台学院", "河北恒远新材料有限公司"),
    }


def test_signing_subject_from_the_previous_sentence() -> None:
    ex = run("邢台市科技局积极推进产学研合作。先后与邢台学院、云岭大学签订了战略合作协议。")
    assert rels(ex, "签约") == {("邢台市科技局", "邢台学院"), ("邢台市科技局", "云岭大学")}


def test_a_photo_credit_is_not_the_next_paragraphs_subject() -> None:
    ex = run(
        "云岭高新区研发大楼。 邢台市科学技术局供图\n\n"
        "先后与邢台学院、云岭大学、星河大学签订了战略合作协议。"
    )
    assert rels(ex, "签约") == set()  # co-signers do not sign with each other


def test_posts_chained_with_commas_and_jian() -> None:
    ex = run(
        "市政协委员，星河科技有限公司党委书记兼北辰制药有限公司执行总裁王晓明表示，要加快创新。"
    )
    assert {t for h, t in rels(ex, "任职") if h == "王晓明"} == {
        "市政协",
        "星河科技有限公司",
        "北辰制药有限公司",
    }
    assert rel(ex, "任职", "王晓明", "北辰制药有限公司").props["title"] == "执行总裁"


def test_our_province_is_the_documents_own() -> None:
    ex = run(
        "河北省科技厅召开会议。河北省县域经济加快发展。今年年初，我省发布《县域科技创新跃升计划》。"
    )
    assert rels(ex, "发布") == {("河北省", "《县域科技创新跃升计划》")}


def test_our_city_is_nobody_when_two_cities_are_equally_named() -> None:
    ex = run("邢台市与邯郸市开展合作。今年，我市出台了《科技型企业培育办法》。")
    assert rels(ex, "发布") == set()


def test_issue_policy_list_after_cue() -> None:
    ex = run("邢台市科技局先后出台了《邢台市科技型企业培育办法》《邢台市创新券管理办法》。")
    assert rels(ex, "发布") >= {
        ("邢台市科技局", "《邢台市科技型企业培育办法》"),
        ("邢台市科技局", "《邢台市创新券管理办法》"),
    }


def test_a_quotes_we_is_the_body_its_speaker_speaks_for() -> None:
    ex = run(
        "“我们瞄准高端装备和新材料产业，积极承接北京非首都功能疏解和产业转移。”"
        "邢台经济开发区党工委副书记、管委会主任王晓明介绍。"
    )
    rel(ex, "承接", "邢台经济开发区", "北京")


def test_parks_listed_together_all_take_in() -> None:
    ex = run(
        "邢台市将邢台经济开发区、任泽高新区和云岭高新区打造成为承接京津科技成果转化的核心载体。"
    )
    receivers = {h for h, t in rels(ex, "承接") if t in ("北京", "天津")}
    assert receivers == {"邢台经济开发区", "任泽高新区", "云岭高新区"}


def test_issuer_is_the_sentence_subject_far_before_the_cue() -> None:
    ex = run(
        "近年来，邢台市信都区始终把科技创新摆在发展全局的核心位置，以建设科技创新引领区为目标，"
        "围绕企业研发、人才引进、平台建设、金融支持和成果转化等关键环节，"
        "提出了一整套分工明确、层层压实、逐年考核、动态调整的工作思路与考核办法，"
        "先后制定出台《信都区科技创新奖励办法》《信都区人才引进三年计划》等文件。"
    )
    assert rels(ex, "发布") == {
        ("邢台市信都区", "《信都区科技创新奖励办法》"),
        ("邢台市信都区", "《信都区人才引进三年计划》"),
    }


def test_a_policy_issued_by_the_body_after_by() -> None:
    ex = run("近日，《柏乡县促进成果转化若干措施》由柏乡县人民政府办公室正式印发。")
    assert rels(ex, "发布") == {("柏乡县人民政府办公室", "《柏乡县促进成果转化若干措施》")}
    ex = run("《柏乡县创新券实施细则》已由县科学技术局和县财政局联合制定完成。")
    assert len(rels(ex, "发布")) == 2
    ex = run("《柏乡县创新券实施细则》由县科学技术局负责解释。")
    assert rels(ex, "发布") == set()


def test_formulating_for_a_purpose_is_not_issuing() -> None:
    ex = run("邢台市将建设科技智库，为制定科技发展战略和《邢台市创新券管理办法》提供咨询。")
    assert rels(ex, "发布") == set()


def test_located_in() -> None:
    ex = run("位于邢台经济开发区的河北恒远新材料有限公司正在扩建。")
    rel(ex, "位于", "河北恒远新材料有限公司", "邢台经济开发区")


def test_relation_evidence_maps_back_to_the_original(corpus_extractions: list[Extraction]) -> None:
    total = 0
    for ex in corpus_extractions:
        for r in ex.relations:
            for ev in r.evidence:
                total += 1
                assert ex.doc.text[ev.start : ev.end] == ev.sentence
                original = ex.doc.original[ev.orig_start : ev.orig_end]
                first = next(c for c in ev.sentence if "\u4e00" <= c <= "\u9fff")
                assert first in original
    assert total > 40


def test_every_entity_mention_points_at_its_text(corpus_extractions: list[Extraction]) -> None:
    for ex in corpus_extractions:
        for e in ex.entities:
            for m in e.mentions:
                assert ex.doc.text[m.start : m.end] == m.text
                sent = ex.doc.sentences[m.sentence_id]
                assert sent.start <= m.start and m.end <= sent.end
                assert m.component


@pytest.mark.parametrize("text", ["。。。", "abc def", "的的的了了了"])
def test_text_without_names_gives_nothing(text: str) -> None:
    doc = document_from_text(text, "x.txt", "txt")
    entities = extract_entities(doc)
    assert entities == []
    assert extract_relations(doc, entities) == []


def test_two_posts_in_one_chain() -> None:
    ex = run("一到会场，市人大代表、河北恒远新材料有限公司总裁周立航就翻阅了会议材料。")
    assert "周立航" in names(ex, "Official") and "河北" not in names(ex, "Official")
    assert rel(ex, "任职", "周立航", "河北恒远新材料有限公司").props["title"] == "总裁"
    assert rel(ex, "任职", "周立航", "市人大").props["title"] == "代表"


def test_body_words_between_organisation_and_title() -> None:
    ex = run("邢台装备制造产业园管委会常务副主任杨立远此次带来了新消息。")
    assert "杨立远" in names(ex, "Official")  # 此次 is a word: the name is not 杨立远此
    assert rel(ex, "任职", "杨立远", "邢台装备制造产业园").props["title"] == "管委会常务副主任"


def test_head_of_a_district_government_holds_the_post_in_the_district() -> None:
    ex = run("邢台市信都区召开会议。邢台市信都区委副书记、区长马立新表示，将优化营商环境。")
    assert rel(ex, "任职", "马立新", "邢台市信都区").props["title"] == "区委副书记、区长"


@pytest.mark.parametrize(
    ("text", "receiver", "taken", "origin"),
    [
        (
            "北京恒远新材料有限公司入驻邢台高新区。",
            "邢台高新区",
            "北京恒远新材料有限公司",
            ["北京"],
        ),
        (
            "天津华辰医药科技有限公司整体搬迁至邢台经济开发区。",
            "邢台经济开发区",
            "天津华辰医药科技有限公司",
            ["天津"],
        ),
        (
            "北京星河智能装备有限公司的生产线转移到邢台经济开发区。",
            "邢台经济开发区",
            "北京星河智能装备有限公司",
            ["北京"],
        ),
        (
            "邢台经济开发区引进北京华辰医药科技有限公司等5家企业。",
            "邢台经济开发区",
            "北京华辰医药科技有限公司",
            ["北京"],
        ),
    ],
)
def test_transfer_cue_families(text: str, receiver: str, taken: str, origin: list[str]) -> None:
    r = rel(run(text), "承接", receiver, taken)
    assert r.props.get("from_region") == origin and r.evidence[0].cue


def test_county_short_form_starting_another_name_is_not_a_region() -> None:
    found = {r.text for r in find_regions("凌云工业的新厂房投产，企业落户正定。")}
    assert "凌云" not in found and "正定" in found


def test_enumerated_firms_closed_by_a_count() -> None:
    ex = run("组织恒泰管业、星河皮业、宏远科技等3家企业申报绿色工厂。")
    assert {"恒泰管业", "星河皮业", "宏远科技"} <= names(ex, "Enterprise")
    guided = run("指导通远管业、星河皮业等2家企业申报绿色制造名单。")
    assert {"通远管业", "星河皮业"} <= names(guided, "Enterprise")
    assert not any(n.startswith("指导") for n in names(guided, "Enterprise"))
    generic = run("设立领军型企业家、新生代企业家等两类企业家奖励。")
    assert not names(generic, "Enterprise")


def test_quoted_programmes_in_lists_and_pairs() -> None:
    ps = {
        r.text
        for r in find_policies("采用“赛龙舟”“揭榜单”等竞争机制，推行“周末工程师”“兼职研究员”计划。")
    }
    assert {"“赛龙舟”", "“揭榜单”", "“周末工程师”", "“兼职研究员”计划"} <= ps
    assert not any("等" in p for p in ps)


def test_jing_jin_without_a_transfer_is_no_entity() -> None:
    ex = run("邢台发挥毗邻京津的区位优势。")
    assert names(ex, "Region") & {"京津", "北京", "天津"} == set()


def test_quoted_words_before_a_park_suffix_belong_to_the_name() -> None:
    ex = run("建设了占地500亩的“原料药+新材料”创新基地。")
    assert "“原料药+新材料”创新基地" in names(ex, "Park")


def test_party_committee_post_is_held_in_the_region_and_chained() -> None:
    ex = run("市政协委员，邢台市信都区委副书记、邢台装备制造产业园管委会主任郑立航说。")
    assert rel(ex, "任职", "郑立航", "邢台装备制造产业园").props["title"] == "管委会主任"
    assert rel(ex, "任职", "郑立航", "邢台市信都区").props["title"] == "区委副书记"
    assert not any(e.type == "Agency" and e.name.endswith("区委") for e in ex.entities)
