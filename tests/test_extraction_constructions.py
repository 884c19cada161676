"""Constructions added for generalisation (2026-12-02): each on sentences written for the test
(made-up firms, parks and institutes; real region names only)."""

from __future__ import annotations

from loaders.extract.pipeline import extract
from loaders.load import document_from_text
from schema.records import Extraction


def run(text: str) -> Extraction:
    return extract(document_from_text(text, "t.txt", "txt"))


def pairs(ex: Extraction, type_: str) -> set[tuple[str, str]]:
    by_key = {e.key: e.name for e in ex.entities}
    return {(by_key[r.head], by_key[r.tail]) for r in ex.relations if r.type == type_}


def names(ex: Extraction, type_: str) -> set[str]:
    return {n for e in ex.entities if e.type == type_ and e.mentions for n in (e.name, *e.aliases)}


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
