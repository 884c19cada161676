"""Print layout: hard line breaks every N columns are undone before the paragraph rules run.

Made-up articles only. The bar is that a wrapped copy normalizes to the same text as the
unwrapped one, whatever the width, so extraction cannot tell them apart.
"""

from __future__ import annotations

import pytest

from bench.layout_copies import hard_wrap
from loaders.normalize import normalize
from loaders.split import split_sentences
from loaders.wrap import Boundary, char_count, column_of, display_width, layout_of

TITLE = "松川高新区与远拓精工签约共建智能装备研究院"
BYLINE = "本报讯（记者 周立 通讯员 韩青）"
ARTICLE = "\n\n".join(
    [
        TITLE,
        BYLINE + "日前，云岭市松川高新区管委会与远拓精工科技有限公司签署合作协议，"
        "双方将共建智能装备研究院。",
        "松川高新区管委会主任林海表示，园区将为企业提供全方位服务，推动项目早日投产。"
        "远拓精工科技有限公司董事长韩松介绍，公司计划在园区新建一条光学摄像头生产线，"
        "年产值预计超过十亿元。",
        "■签约现场。",
        "据悉，2025 年园区已引进 AI 芯片、新材料等领域企业 36 家，其中来自北京的企业 21 家。",
        "（本报记者 周立 摄）",
    ]
)


def _paragraphs(raw: str) -> list[str]:
    return normalize(raw).text.split("\n")


@pytest.mark.parametrize("width", range(12, 48))
def test_wrapped_copy_normalizes_like_the_original(width: int) -> None:
    plain = normalize(ARTICLE)
    wrapped = hard_wrap(ARTICLE, width)
    assert normalize(wrapped).text == plain.text, width


@pytest.mark.parametrize("width", [14, 20, 28, 35, 40])
def test_indented_print_layout_without_blank_lines(width: int) -> None:
    wrapped = hard_wrap(ARTICLE, width, indent="\u3000\u3000", blank=False)
    assert normalize(wrapped).text == normalize(ARTICLE).text


@pytest.mark.parametrize("width", [16, 24, 35])
def test_print_width_counts_latin_and_digits_as_half_a_column(width: int) -> None:
    wrapped = hard_wrap(ARTICLE, width, indent="    ", blank=False, print_width=True)
    layout = layout_of(wrapped.splitlines())
    assert layout.column is not None and layout.column.measure is display_width
    assert normalize(wrapped).text == normalize(ARTICLE).text


def test_column_is_found_only_in_wrapped_text() -> None:
    column = column_of(hard_wrap(ARTICLE, 30).splitlines())
    assert column is not None and column.width == 30 and column.measure is char_count
    # the author's own lines: every length, no column
    assert column_of(ARTICLE.splitlines()) is None
    assert column_of(["云岭市召开科技大会。", "会议指出，要加快创新。", "散会。"]) is None


def test_a_full_line_holding_a_byline_word_goes_on() -> None:
    # the first line is all byline (本报讯, 记者, 通讯员), but it fills the column
    para = BYLINE + "日前，云岭市松川高新区管委会与远拓精工科技有限公司签署合作协议。"
    width = para.index("通讯员") + 3
    wrapped = hard_wrap(f"{para}\n\n{para}\n\n{para}", width)
    assert wrapped.splitlines()[0] == "本报讯（记者 周立 通讯员"
    paragraphs = _paragraphs(wrapped)
    assert len(paragraphs) == 3
    assert "松川高新区管委会" in paragraphs[0]


def test_a_full_line_ending_in_a_photo_credit_word_goes_on() -> None:
    para = "远拓精工科技有限公司计划在园区新建一条光学摄像头生产线，年产值预计超过十亿元。"
    width = para.index("摄") + 1
    wrapped = hard_wrap("\n\n".join([para] * 3), width)
    assert wrapped.splitlines()[0].endswith("摄")
    assert all("光学摄像头生产线" in p for p in _paragraphs(wrapped))


def test_a_full_line_that_looks_like_a_heading_goes_on() -> None:
    # no punctuation in the first line: alone it would be taken for a title
    para = "云岭市松川高新区管委会与北岭大学远拓精工科技有限公司三方签署协议，共建实验室。"
    width = para.index("，") - 2
    wrapped = hard_wrap("\n\n".join([para] * 3), width)
    assert "，" not in wrapped.splitlines()[0]
    assert _paragraphs(wrapped) == [para.replace("协议，", "协议，")] * 3


def _sentence_at_width(width: int) -> str:
    """A sentence exactly ``width`` characters long (ends with 。)."""
    base = "松川高新区新引进一批智能装备企业和研发机构项目总投资超过二十亿元"
    assert width <= len(base) + 1
    return base[: width - 1] + "。"


def test_a_sentence_ending_at_the_column_does_not_end_the_paragraph() -> None:
    width = 20
    first = _sentence_at_width(width)
    para = first + "项目投产后预计年产值超过五十亿元，新增就业岗位三千个。"
    other = "园区管委会表示，将持续优化营商环境，做好企业服务工作。"
    raw = hard_wrap(f"{para}\n\n{other}\n\n{other}", width)
    assert raw.splitlines()[0] == first
    assert _paragraphs(raw) == [para, other, other]


def test_a_paragraph_ending_at_the_column_ends_at_a_blank_line_or_an_indent() -> None:
    width = 20
    short = _sentence_at_width(width)
    other = "园区管委会表示，将持续优化营商环境，做好企业服务工作，推动项目早日投产见效。"
    text = f"{short}\n\n{other}\n\n{other}"
    assert _paragraphs(hard_wrap(text, width)) == [short, other, other]
    indented = hard_wrap(text, width, indent="\u3000\u3000", blank=False)
    assert _paragraphs(indented) == [short, other, other]


def test_without_blank_lines_or_indents_a_title_after_a_full_sentence_starts_a_block() -> None:
    width = 20
    first = _sentence_at_width(width)
    body = "园区管委会表示，将持续优化营商环境，做好企业服务工作，推动项目早日投产见效。"
    caption = "远拓精工董事长韩松在签约仪式上发言"
    raw = hard_wrap(f"{first}\n{caption}\n{body}\n{body}", width, blank=False)
    layout = layout_of(raw.splitlines())
    assert not layout.blank_marks and not layout.indent_marks
    lines = raw.splitlines()
    assert layout.boundary(lines[0], lines[1], False) is Boundary.UNSURE
    assert _paragraphs(raw) == [first, caption, body, body]
    # the same full sentence followed by more sentence text is one paragraph
    raw = hard_wrap(f"{first}{body}\n{body}\n{body}", width, blank=False)
    assert _paragraphs(raw) == [first + body, body, body]


def test_a_space_at_the_break_is_kept_between_latin_and_digits() -> None:
    para = "据悉，园区今年引进 AI 芯片企业 36 家，其中来自北京的企业 21 家，总投资超过百亿元。"
    width = para.index(" 芯片")
    wrapped = hard_wrap("\n\n".join([para] * 3), width)
    assert wrapped.splitlines()[0].endswith("AI")
    assert all("引进 AI 芯片企业 36 家" in p for p in _paragraphs(wrapped))


def test_captions_and_enumerated_headings_after_a_full_line_stay_apart() -> None:
    width = 20
    first = _sentence_at_width(width)
    raw = "\n".join([first, "■签约现场。", first, "二、主要任务", first, first])
    assert layout_of(raw.splitlines()).column is not None
    assert _paragraphs(raw) == [first, "■签约现场。", first, "二、主要任务", first + first]


def test_offsets_of_a_wrapped_copy_point_at_the_same_characters() -> None:
    for width in (13, 27, 35):
        raw = hard_wrap(ARTICLE, width, indent="\u3000\u3000", blank=False)
        norm = normalize(raw)
        for i, ch in enumerate(norm.text):
            if ch != "\n" and ch not in "，：；？！":  # punctuation is made full-width
                assert raw[norm.offset_map[i]] == ch
        sentences = split_sentences(norm.text, norm.offset_map)
        plain = normalize(ARTICLE)
        assert [s.text for s in sentences] == [
            s.text for s in split_sentences(plain.text, plain.offset_map)
        ]
