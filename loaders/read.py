"""Read one file of a supported format into text, or fail with a reason a person understands.

Libraries (see docs/loaders.md): python-docx for .docx, pypdf for the PDF text layer, selectolax
(lexbor) for HTML; text encodings are decoded strictly, in a fixed order, never guessed loosely.
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

SUPPORTED = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}


class LoadFailure(Exception):
    """A file that cannot be loaded; ``reason`` is one clear line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def format_of(path: Path) -> str | None:
    return SUPPORTED.get(path.suffix.lower())


# ---------------------------------------------------------------- text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plausible(text: str) -> bool:
    """Decoded text should be mostly letters, Han, digits, punctuation and spaces."""
    if not text.strip():
        return True
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    # private-use and rare ranges that a wrong GB decoding of binary data produces
    odd = sum(1 for ch in sample if "\ue000" <= ch <= "\uf8ff")
    return (bad + odd) / max(len(sample), 1) < 0.01


_COMMON = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)


def _common_share(text: str) -> float:
    sample = text[:20000]
    return len(_COMMON.findall(sample)) / max(len(sample), 1)


# The most frequent Han characters and punctuation: ~3/4 of running Chinese text, while a random
# code point in the Han block is one of them 1.5% of the time.
_FREQUENT = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加"
    "量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与"
    "关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者"
    "最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少"
    "图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光"
    "门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采"
    "转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节"
    "话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际"
    "商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值"
    "号率族维划选标写存候亲快效院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县"
    "局照参红细引听该铁价严龙飞津冀企协园署签约落户承接河雄安。，、；：？！“”（）《》"
)


def _frequent_share(text: str) -> float:
    sample = text[:20000]
    return sum(1 for ch in sample if ch in _FREQUENT) / max(len(sample), 1)


def _looks_utf16(data: bytes, need_nul: bool = True) -> str | None:
    """BOM-less UTF-16: one byte order decodes to ordinary text (≥ 95% common characters).

    ASCII in UTF-16 has NUL bytes; all-Chinese text (Han and full-width punctuation) has none,
    so without NULs this is asked only after UTF-8 failed — GB18030 text read as UTF-16 gives
    scattered code points, far below the bar.
    """
    if len(data) < 4 or len(data) % 2 or (need_nul and b"\x00" not in data[:8192]):
        return None
    best, best_share = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _common_share(text)
        if not need_nul and _frequent_share(text) < 0.3:
            continue  # Han code points, but not Chinese text (binary or another encoding)
        if share > best_share:
            best, best_share = enc, share
    return best if best_share >= 0.95 else None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes strictly: BOMs, UTF-8, UTF-16, GB18030. Returns (text, encoding)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        utf16 = _looks_utf16(data)
        if utf16:
            candidates = [utf16]
        elif b"\x00" in data[:8192]:
            raise LoadFailure("binary file (contains NUL bytes; not text)")
        else:
            candidates = ["utf-8", "gb18030"]
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                utf16 = _looks_utf16(data, need_nul=False)
                if utf16:
                    candidates = [utf16, "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, enc
    raise LoadFailure("undecodable text (not valid UTF-8, UTF-16 or GB18030)")


# ---------------------------------------------------------------- docx


# python-docx inflates every part into memory and parses the XML into a tree (~10× its size):
# a 185 KB zip bomb held a server for 60 s. Sizes are read from the zip directory first.
DOCX_MAX_EXPANDED = 200 * 1024 * 1024
DOCX_MAX_XML = 50 * 1024 * 1024
DOCX_MAX_PARTS = 5000
PDF_MAX_PAGES = 3000


def check_docx_size(data: bytes) -> None:
    """Refuse a .docx whose parts would expand past the limits (zip bombs)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise LoadFailure(f"damaged .docx file (not a zip archive: {exc})") from exc
    if len(infos) > DOCX_MAX_PARTS:
        raise LoadFailure(f".docx has {len(infos)} parts (limit {DOCX_MAX_PARTS})")
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if total > DOCX_MAX_EXPANDED or xml > DOCX_MAX_XML:
        raise LoadFailure(
            f".docx expands to {total / 1048576:.0f} MB ({xml / 1048576:.0f} MB of XML); "
            f"limits {DOCX_MAX_EXPANDED // 1048576} MB and {DOCX_MAX_XML // 1048576} MB"
        )


def read_docx(data: bytes) -> str:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    check_docx_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise LoadFailure(f"not a readable .docx file ({exc.__class__.__name__})") from exc
    except Exception as exc:  # zipfile.BadZipFile and lxml errors
        raise LoadFailure(f"damaged .docx file ({exc.__class__.__name__}: {exc})") from exc
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            blocks.append(text)
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(
                                "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                            )
                    blocks.append("\t".join(cells))
    return "\n\n".join(b for b in blocks if b.strip())


# ---------------------------------------------------------------- pdf


def read_pdf(data: bytes) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip().startswith(b"%PDF"):
        raise LoadFailure("not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise LoadFailure("truncated or damaged PDF (no end-of-file marker)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise LoadFailure("encrypted PDF (password required)")
        if len(reader.pages) > PDF_MAX_PAGES:
            raise LoadFailure(f"PDF has {len(reader.pages)} pages (limit {PDF_MAX_PAGES})")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadFailure:
        raise
    except FileNotDecryptedError as exc:
        raise LoadFailure("encrypted PDF (password required)") from exc
    except LimitReachedError as exc:  # pypdf's own decompression bounds (a >75 MB stream)
        raise LoadFailure(f"PDF too large to read safely ({exc})") from exc
    except RecursionError as exc:
        raise LoadFailure("damaged PDF (objects nested too deep)") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LoadFailure(f"truncated or damaged PDF ({exc})") from exc
    # some PDF font encodings leave NULs and control characters in the text layer
    text = _CONTROL.sub("", "\n\n".join(pages))
    if not text.strip():
        raise LoadFailure("PDF has no text layer (scanned images?)")
    return text


# ---------------------------------------------------------------- html

_SKIP_TAGS = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg"
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "br",
    "td",
    "th",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "main",
    "figcaption",
    "dd",
    "dt",
}
_NAV_HINT = re.compile(r"(nav|menu|breadcrumb|footer|header|sidebar|share|copyright|toolbar)", re.I)


def read_html(data: bytes) -> str:
    from selectolax.lexbor import LexborHTMLParser

    text, _ = decode_html_bytes(data)
    tree = LexborHTMLParser(text)
    for node in tree.css(_SKIP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id]"):
        attrs = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _NAV_HINT.search(attrs) and len(node.text(strip=True)) < 400:
            node.decompose()
    title_node = tree.css_first("title")
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise LoadFailure("HTML page has no body text")
    parts: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                parts.append(child.text_content or "")
            else:
                if child.tag in _BLOCK_TAGS:
                    parts.append("\n")
                walk(child)
                if child.tag in _BLOCK_TAGS:
                    parts.append("\n")

    walk(root)
    body = re.sub(r"[ \t\r\f\v]*\n[\s]*", "\n\n", "".join(parts)).strip()
    if title_node is not None:
        title = title_node.text(strip=True)
        if title and title not in body[:200]:
            body = f"{title}\n\n{body}"
    if not body.strip():
        raise LoadFailure("HTML page has no body text")
    return body


def decode_html_bytes(data: bytes) -> tuple[str, str]:
    """HTML declares its charset; honour it (GBK pages are common), else decode strictly."""
    head = data[:4096].decode("ascii", errors="ignore")
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", head, re.I)
    if m:
        enc = m.group(1).lower()
        if enc in ("gb2312", "gbk", "gb18030"):
            enc = "gb18030"
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def read_bytes(data: bytes, fmt: str) -> str:
    """Dispatch by format; returns the document's text (before normalization)."""
    if fmt == "txt":
        return decode_text(data)[0]
    if fmt == "docx":
        return read_docx(data)
    if fmt == "pdf":
        return read_pdf(data)
    if fmt == "html":
        return read_html(data)
    raise LoadFailure(f"unsupported format {fmt!r}")
