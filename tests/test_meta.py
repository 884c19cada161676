"""Issue 15 item 4: a document's title, date and 文号, taken from its text where it states them."""

from __future__ import annotations

import pytest

from loaders.load import document_from_text
from loaders.meta import describe
from schema.records import Extraction


def test_official_notice_header() -> None:
    text = """
云州市人民政府办公室文件

云政办发〔2021〕12号

云州市人民政府办公室
关于印发《云州市数字经济发展规划》的通知

各县（市、区）人民政府：

根据《云州省数字经济促进条例》（云政发〔2019〕3号），现将规划印发给你们。

云州市人民政府办公室
二〇二一年十二月三十一日
"""
    meta = describe(text)
    assert meta.doc_number == "云政办发〔2021〕12号"  # the header's, not the one cited in the body
    assert meta.date == "2021-12-31"
    assert meta.title == "云州市人民政府办公室关于印发《云州市数字经济发展规划》的通知"


def test_news_headline_above_the_byline_not_the_column_name() -> None:
    text = """
科技动态

云岭新区打造创新高地 三家实验室揭牌

□本报记者 王一 通讯员 李二

本报讯 3月5日，云岭新区举行揭牌仪式。
"""
    meta = describe(text)
    assert meta.title == "云岭新区打造创新高地 三家实验室揭牌"
    assert meta.date is None  # month and day without a year are not a date
    assert meta.doc_number is None


def test_dated_lede_and_labelled_number() -> None:
    text = "云岭园区引进两家企业\n发文字号：云科函〔2023〕7号\n本报讯（记者 张三）2024年3月5日，云岭园区签约。"
    meta = describe(text)
    assert meta.date == "2024-03-05" and meta.doc_number == "云科函〔2023〕7号"
    assert meta.title == "云岭园区引进两家企业"


def test_a_date_in_the_prose_is_not_the_documents_date() -> None:
    text = "会议举行\n本报讯 1月26日，会议决定议案截止时间为2024年1月28日12时。\n"
    assert describe(text).date is None


@pytest.mark.parametrize(
    "line,iso",
    [
        ("2022年2月16日", "2022-02-16"),
        ("二〇二二年二月十六日", "2022-02-16"),
        ("2019-03-01", "2019-03-01"),
    ],
)
def test_signature_dates(line: str, iso: str) -> None:
    assert describe(f"某某规划\n\n正文一段，说明情况。\n\n{line}\n").date == iso


def test_a_cover_with_year_and_month_only() -> None:
    assert describe("云州市科技创新规划\n\n二〇二二年二月\n\n前言\n").date == "2022-02"


def test_a_page_that_opens_with_prose_has_no_title() -> None:
    text = "10月13日上午，由省人大常委会委员带队的调研组到云岭新区考察调研，详细了解园区建设、企业入驻和科技成果转化等情况。\n"
    assert describe(text).title is None


def test_metadata_reaches_the_document(corpus_extractions: list[Extraction]) -> None:
    docs = {ex.doc.path.rsplit("/", 1)[-1]: ex.doc for ex in corpus_extractions}
    assert all(d.title for d in docs.values())  # every corpus text has a headline or title
    plan = docs["004_37fd5f56e0385e07.txt"]
    assert plan.doc_number == "石政办发〔2022〕7号" and plan.date == "2022-02-16"
    # the issuer's name, then the notice's own words (the issuer is not named here: gold)
    issuer, _, rest = plan.title.partition(" ")
    assert issuer.endswith("办公室") and rest.startswith("关于印发") and rest.endswith("的通知")
    session = docs["003_2d9b3c186b32fb7c.txt"]
    assert session.date is None  # its only full date is a deadline in the prose


def test_document_from_text_fills_the_fields() -> None:
    doc = document_from_text(
        "云岭园区简报\n云科函〔2023〕7号\n2023年5月6日\n园区新增企业三家。", "x.txt", "txt"
    )
    assert (doc.title, doc.date, doc.doc_number) == (
        "云岭园区简报",
        "2023-05-06",
        "云科函〔2023〕7号",
    )
