"""Render query results for the terminal (table cells), JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from graph.store import QueryResult


def cell(value: Any) -> str:
    """One table cell: lists joined, evidence as its sentences, maps and nodes as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, list) and value and all(_is_record(v) for v in value):
        return "\n".join(f"「{v['sentence']}」" if "sentence" in v else v["text"] for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_record(v: Any) -> bool:
    """An evidence record (has a sentence) or a mention record (has its text)."""
    return isinstance(v, dict) and ("sentence" in v or ("text" in v and "start" in v))


def render(result: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps(
                {
                    "columns": result.columns,
                    "rows": result.records(),
                    "truncated": result.truncated,
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([cell(v) for v in row])
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r} (table, json or csv)")
