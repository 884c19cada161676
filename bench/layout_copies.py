"""Print-layout and traditional-script copies of a folder of .txt documents, for robustness runs.

    python bench/layout_copies.py SRC DST --wrap 35 [--indent] [--no-blank] [--print-width]
    python bench/layout_copies.py SRC DST --script s2t|s2tw|s2hk [--wrap 35 ...]

writes every SRC/*.txt into DST with the same name, hard-wrapped as print layout does: a line
break every N columns wherever it falls (inside names and byline words), optionally with a
two-ideographic-space paragraph indent, without blank lines, and with Latin letters and digits
counted as half a column; or converted to traditional characters by OpenCC (s2t: OpenCC's
standard forms, s2tw: Taiwan's, s2hk: Hong Kong's), as web copies often are. Then `innokg extract DST --out OUT` and score OUT against the gold.
tests/test_layout_eval.py makes the same copies at test time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

INDENT = "\u3000\u3000"
_SPACES = " \t\u3000"


def hard_wrap(
    text: str, width: int, indent: str = "", blank: bool = True, print_width: bool = False
) -> str:
    """``text`` with every paragraph (line) broken each ``width`` columns.

    ``indent`` opens each paragraph (print layout: two ideographic spaces); ``blank=False`` drops
    blank lines between paragraphs; ``print_width`` counts ASCII as half a column, as typeset
    text does (otherwise every character is one column). A paragraph's own short indent is kept.
    """
    out: list[str] = []
    for para in text.split("\n"):
        own = para[: len(para) - len(para.lstrip(_SPACES))]
        body = para.strip(_SPACES)
        if not body:
            if blank:
                out.append("")
            continue
        line = (indent or (own if len(own) <= 4 else "")) + body
        cur, used = "", 0.0
        for ch in line:
            w = 0.5 if print_width and " " <= ch <= "~" else 1.0
            if used + w > width and cur:
                out.append(cur)
                cur, used = "", 0.0
            cur, used = cur + ch, used + w
        if cur:
            out.append(cur)
    return "\n".join(out)


def to_traditional(text: str, config: str = "s2t") -> str:
    """``text`` machine-converted to traditional characters (OpenCC ``s2t``/``s2tw``/``s2hk``)."""
    import opencc

    return opencc.OpenCC(f"{config}.json").convert(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--wrap", type=int, help="columns per line")
    ap.add_argument("--script", choices=["s2t", "s2tw", "s2hk"], help="convert to traditional")
    ap.add_argument("--indent", action="store_true", help="indent paragraphs (　　)")
    ap.add_argument("--no-blank", action="store_true", help="drop blank lines")
    ap.add_argument("--print-width", action="store_true", help="ASCII is half a column")
    args = ap.parse_args()
    args.dst.mkdir(parents=True, exist_ok=True)
    for src in sorted(args.src.glob("*.txt")):
        copy = src.read_text(encoding="utf-8")
        if args.script:
            copy = to_traditional(copy, args.script)
        if args.wrap:
            indent = INDENT if args.indent else ""
            copy = hard_wrap(copy, args.wrap, indent, not args.no_blank, args.print_width)
        (args.dst / src.name).write_text(copy, encoding="utf-8")
        print(args.dst / src.name)


if __name__ == "__main__":
    main()
