"""Render query results for the terminal (table cells), JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from graph.store import QueryResult


def cell(value: Any) -> str:
    """One table cell: lists joined, maps and nodes as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


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
