"""Issue 3: every format loads with text and offsets; bad input is reported by name and skipped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innokg.config import DEFAULT_CORPUS
from innokg.pipeline import load_documents
from loaders.load import LoadFailure, expand_paths, load_file
from loaders.normalize import normalize
from loaders.split import split_sentences

TEXT = "河北省云岭市科技局近日印发《关于促进科技创新的若干措施》。\n\n云岭高新区管委会主任王晓明表示，将加快建设。\n"
CJK_FONTS = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
]


def _check_offsets(doc) -> None:  # noqa: ANN001
    for i, ch in enumerate(doc.text):
        if re.match(r"[\u4e00-\u9fff]", ch):
            assert doc.original[doc.offset_map[i]] == ch
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        assert s.orig_start <= s.orig_end


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"]
)
def test_txt_encodings(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / f"doc-{encoding}.txt"
    p.write_bytes(TEXT.encode(encoding))
    doc = load_file(p)
    assert "《关于促进科技创新的若干措施》" in doc.text
    assert [s.text for s in doc.sentences][-1] == "云岭高新区管委会主任王晓明表示，将加快建设。"
    _check_offsets(doc)


def test_same_content_same_id(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_bytes(TEXT.encode("gb18030"))
    assert load_file(a).id == load_file(b).id


def test_docx(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("云岭高新区引进北辰星科技有限公司")
    d.add_paragraph("该项目总投资5亿元，预计年底投产。")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "指标"
    table.rows[0].cells[1].text = "数值"
    p = tmp_path / "plan.docx"
    d.save(p)
    doc = load_file(p)
    assert doc.format == "docx"
    assert "北辰星科技有限公司" in doc.text and "总投资5亿元" in doc.text
    _check_offsets(doc)


def _pdf(path: Path, lines: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    font = next((f for f in CJK_FONTS if f.exists()), None)
    if font is not None:
        pdf.add_font("cjk", fname=str(font))
        pdf.set_font("cjk", size=12)
    else:
        pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_pdf_text_layer(tmp_path: Path) -> None:
    p = tmp_path / "plan.pdf"
    chinese = any(f.exists() for f in CJK_FONTS)
    lines = (
        ["云岭高新区引进北辰星科技有限公司。", "项目总投资5亿元。"]
        if chinese
        else ["Yunling park takes in a Beijing firm.", "Total investment 500 million."]
    )
    _pdf(p, lines)
    doc = load_file(p)
    assert doc.format == "pdf"
    assert ("北辰星科技有限公司" if chinese else "Beijing firm") in doc.text


def test_html_main_text_not_navigation(tmp_path: Path) -> None:
    page = """<html><head><meta charset="gbk"><title>云岭新闻</title><script>var x=1;</script></head>
    <body><nav class="menu">首页 | 新闻 | 联系我们</nav><article><h1>云岭高新区签约新项目</h1>
    <p>云岭高新区与北辰星科技有限公司签订合作协议。</p></article>
    <footer>版权所有</footer></body></html>"""
    p = tmp_path / "news.html"
    p.write_bytes(page.encode("gbk"))
    doc = load_file(p)
    assert "签订合作协议" in doc.text
    assert "联系我们" not in doc.text and "版权所有" not in doc.text and "var x" not in doc.text


def test_directory_is_recursive(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("云岭市科技局发布《某某办法》。", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    files, errors = expand_paths([tmp_path])
    assert [f.name for f in files] == ["b.txt", "a.txt"] and not errors


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("secret")
    with path.open("wb") as f:
        w.write(f)


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("empty.txt", lambda p: p.write_bytes(b""), "empty"),
        ("blank.txt", lambda p: p.write_text("  \n\n ", encoding="utf-8"), "empty"),
        ("binary.txt", lambda p: p.write_bytes(b"\x00\x01\x02\xff" * 300), "binary"),
        ("bad.txt", lambda p: p.write_bytes(b"abc\x80\xff\x80\xff" * 50), "undecodable"),
        (
            "cut.pdf",
            lambda p: (_pdf(p, ["hello"]), p.write_bytes(p.read_bytes()[:200])),
            "truncated",
        ),
        ("locked.pdf", _encrypted_pdf, "encrypted"),
        ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04 not a zip"), "docx"),
    ],
)
def test_bad_input_reported_by_name_and_batch_goes_on(
    tmp_path: Path, name: str, make, reason: str
) -> None:  # noqa: ANN001
    bad = tmp_path / name
    make(bad)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    docs, errors = load_documents([bad, good, tmp_path / "missing.txt"], 50 * 1024 * 1024)
    assert [d.path.endswith("good.txt") for d in docs] == [True]
    by_name = {Path(e.path).name: e.reason for e in errors}
    assert reason in by_name[name].lower()
    assert "no such file" in by_name["missing.txt"]


def test_size_limit_checked_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    p.write_text("云" * 400_000, encoding="utf-8")
    with pytest.raises(LoadFailure, match="too large"):
        load_file(p, max_bytes=1024 * 1024)


def test_normalization_joins_wrapped_lines_but_not_captions_or_bylines() -> None:
    raw = (
        "记者 张某 李某\n\n“我们将加快发展。”云岭市鹿鸣区委副书记、区长李\n表示,将充分发挥区位优势,"
        "推动产业\n\n升级。\n\n■云岭高新区一角。\n\n(上接第一版)企业正在扩产。\n"
    )
    norm = normalize(raw)
    assert "区长李表示，将充分发挥区位优势，推动产业升级。" in norm.text
    assert "记者 张某 李某\n" in norm.text  # byline kept apart, spaces between names kept
    assert "\n■云岭高新区一角。\n" in norm.text
    assert "上接" not in norm.text
    assert "企业正在扩产。" in norm.text


def test_sentences_respect_quotes_and_titles() -> None:
    text = "他说：“我们要发展。我们要创新！”随后离开。《规划。纲要》已印发；请落实。"
    norm = normalize(text)
    got = [s.text for s in split_sentences(norm.text, norm.offset_map)]
    assert got == [
        "他说：“我们要发展。我们要创新！”随后离开。",
        "《规划。纲要》已印发；",
        "请落实。",
    ]


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PIECES = st.one_of(HAN, st.sampled_from(list("，。,;：:  \n\n“”《》■▲0123abc")))


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=300).map("".join))
def test_normalization_keeps_every_han_character_and_offsets_map_back(raw: str) -> None:
    norm = normalize(raw)
    han = re.compile(r"[\u4e00-\u9fa5]")
    assert han.findall(norm.text) == han.findall(raw)
    assert len(norm.offset_map) == len(norm.text) + 1
    for i, ch in enumerate(norm.text):
        if han.match(ch):
            assert raw[norm.offset_map[i]] == ch


def test_corpus_loads_cleanly() -> None:
    docs, errors = load_documents([DEFAULT_CORPUS], 50 * 1024 * 1024)
    assert len(docs) == 5 and errors == []
    for doc in docs:
        assert doc.sentences
        for s in doc.sentences:
            assert "\n" not in s.text
            # a sentence never starts with punctuation that continues the previous line
            assert s.text[0] not in "，、。；：）"
        _check_offsets(doc)
    numbered = [d for d in docs if d.doc_number]
    assert numbered and all(re.fullmatch(r".+〔\d{4}〕\d+号", d.doc_number) for d in numbered)
