"""Plan-style texts (实施方案, 行动计划, 工作要点; 2026-12-04): the title line names the
document's own policy, its body refers to it (本方案) and says who issued what. Sentences written
for the test (made-up plans, parks and firms; real county names only)."""

from __future__ import annotations

from sentences import names, pairs, run


def test_a_plans_title_line_is_its_policy_and_this_plan_refers_to_it() -> None:
    ex = run(
        "涞水县推动漪桐产业协同发展实施方案（2030—2031年）\n"
        "为落实协同发展要求，县科学技术局会同县财政局制定本实施方案。\n"
        "一、主要目标\n"
        "到2031年，引进澜屿科技企业30家。"
    )
    title = "涞水县推动漪桐产业协同发展实施方案（2030—2031年）"
    assert title in names(ex, "Policy")
    assert {("县科学技术局", title), ("县财政局", title)} <= pairs(ex, "发布")


def test_a_place_in_a_purpose_clause_does_not_issue_this_plan() -> None:
    ex = run(
        "涞水县汀澈绿色能源产业实施方案\n为抢抓北京产业外溢机遇，加快发展绿色能源产业，制定本方案。"
    )
    assert "涞水县汀澈绿色能源产业实施方案" in names(ex, "Policy")
    assert not pairs(ex, "发布")


def test_a_news_headline_is_no_policy() -> None:
    ex = run("涞水县岚汐产业园迎来首批入驻企业\n3月2日，涞水县岚汐产业园举行入驻仪式。")
    assert not names(ex, "Policy")


def test_a_policy_taken_up_again_by_its_kind_word_is_issued_by_the_body_after_by() -> None:
    ex = run("落实《涞水县漪桐产业用地保障办法》，该办法由涞水县科学技术局于今年5月印发。")
    assert ("涞水县科学技术局", "《涞水县漪桐产业用地保障办法》") in pairs(ex, "发布")
    ex = run("《涞水县澜屿人才引进若干措施》由县人民政府于2030年6月正式发布。")
    assert ("县人民政府", "《涞水县澜屿人才引进若干措施》") in pairs(ex, "发布")


def test_departments_named_with_he_are_bodies() -> None:
    ex = run("落实县自然资源和规划局制定的《涞水县澜屿产业用地办法》。牵头单位：区合作交流办。")
    assert {"县自然资源和规划局", "区合作交流办"} <= names(ex, "Agency")
    assert ("县自然资源和规划局", "《涞水县澜屿产业用地办法》") in pairs(ex, "发布")


def test_a_notices_sender_on_a_line_of_its_own_issues_what_the_title_names() -> None:
    ex = run(
        "关于印发2030年涞水县漪桐创新平台名单的通知\n\n涞水县科学技术局\n"
        "各乡镇人民政府：现将名单印发给你们，请认真贯彻落实。"
    )
    assert ("涞水县科学技术局", "2030年涞水县漪桐创新平台名单") in pairs(ex, "发布")


def test_a_quoted_loan_programme_is_a_policy() -> None:
    ex = run("推广“涞澈贷”科技信贷产品，对获得“汐岚贷”支持的企业给予30%的贴息。")
    assert {"“涞澈贷”", "“汐岚贷”"} <= names(ex, "Policy")


def test_the_bodies_in_charge_of_a_task_are_agencies() -> None:
    ex = run("牵头单位：区漪桐投资促进服务中心；责任单位：澜屿装备制造产业园管委会、县财政局。")
    assert {"区漪桐投资促进服务中心", "澜屿装备制造产业园管委会", "县财政局"} <= names(ex, "Agency")


def test_a_relative_committee_abbreviation_is_the_full_committee() -> None:
    ex = run(
        "为落实协同发展要求，海淀区科学技术委员会制定本方案。6.落实《海淀区漪桐创新券细则》，该细则由区科委发布。"
    )
    assert "区科委" not in {e.name for e in ex.entities}
    assert "区科委" in names(ex, "Agency")


def test_a_document_number_or_xi_before_the_passive_issuer() -> None:
    ex = run("落实《涞水县漪澈人才引进办法》（涞政办〔2030〕3号），该办法由县人民政府办公室印发。")
    assert ("县人民政府办公室", "《涞水县漪澈人才引进办法》") in pairs(ex, "发布")
    ex = run("《涞水县汐峪科技金融若干措施》系涞水县科学技术局今年出台的政策。")
    assert ("涞水县科学技术局", "《涞水县汐峪科技金融若干措施》") in pairs(ex, "发布")
