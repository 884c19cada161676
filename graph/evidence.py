"""Evidence records as stored on edges and mentions: parse them, cut sentences around mentions."""

from __future__ import annotations

import json
from typing import Any

_STOPS = "。！？；\n"


def parse_evidence(raw: list[str] | None) -> list[dict[str, Any]]:
    out = []
    for item in raw or []:
        try:
            out.append(json.loads(item))
        except (TypeError, json.JSONDecodeError):
            continue
    return out


def sentence_around(text: str, start: int, end: int, max_len: int = 400) -> tuple[int, int]:
    """Bounds of the sentence holding text[start:end] (for mentions stored as offsets only)."""
    lo = max((text.rfind(c, 0, start) for c in _STOPS), default=-1) + 1
    his = [i for i in (text.find(c, end) for c in _STOPS) if i >= 0]
    hi = min(his) + 1 if his else len(text)
    return lo, min(hi, lo + max_len)
