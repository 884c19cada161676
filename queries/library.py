"""Load the analysts' query files: Cypher text plus parameter defaults from the header.

A header line ``// @param origin = "北京"`` declares parameter ``origin`` with a JSON default,
which ``innokg query --file`` uses unless ``--param origin=…`` overrides it. What each parameter
name takes (:data:`PARAMS`) is one table for every file, so the API can type each query's body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from queries import format_result

__all__ = [
    "PARAMS",
    "QUERY_DIR",
    "ParamSpec",
    "describe",
    "format_result",
    "list_queries",
    "load_query_file",
    "parse_query",
]

QUERY_DIR = Path(__file__).parent
_PARAM = re.compile(r"^\s*//\s*@param\s+(\w+)\s*=\s*(.+?)\s*$")


def parse_query(text: str) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    for line in text.splitlines():
        m = _PARAM.match(line)
        if m:
            try:
                params[m.group(1)] = json.loads(m.group(2))
            except json.JSONDecodeError as exc:
                raise ValueError(f"@param {m.group(1)}: default is not JSON: {m.group(2)}") from exc
    return text, params


def load_query_file(path: str | Path) -> tuple[str, dict[str, Any]]:
    """(cypher, default params) of a .cypher file; a bare name looks in queries/."""
    p = Path(path)
    if not p.exists() and (QUERY_DIR / p).exists():
        p = QUERY_DIR / p
    if not p.exists() and (QUERY_DIR / f"{p}.cypher").exists():
        p = QUERY_DIR / f"{p}.cypher"
    return parse_query(p.read_text(encoding="utf-8"))


def list_queries() -> list[Path]:
    return sorted(QUERY_DIR.glob("*.cypher"))


_QUESTION = re.compile(r"^\s*//\s*Question:\s*(.*)$")
_CONTINUED = re.compile(r"^\s*//\s{2,}(\S.*)$")


def question_of(text: str) -> str:
    """The header's ``// Question:`` text, continuation lines joined."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _QUESTION.match(line)
        if m:
            parts = [m.group(1).strip()]
            for more in lines[i + 1 :]:
                c = _CONTINUED.match(more)
                if not c or c.group(1).startswith("@"):
                    break
                parts.append(c.group(1).strip())
            return " ".join(parts)
    return ""


def describe(path: Path) -> dict[str, Any]:
    """name, question, parameters with defaults and the Cypher of one library file."""
    text = path.read_text(encoding="utf-8")
    cypher, params = parse_query(text)
    return {"name": path.stem, "question": question_of(text), "params": params, "cypher": cypher}


def find(name: str) -> Path | None:
    """The library file called ``name`` (no path, no traversal)."""
    return next((p for p in list_queries() if p.stem == name), None)


@dataclass(frozen=True)
class ParamSpec:
    """What a library parameter takes. ``text``: a name or part of one (CONTAINS, IN, =);
    ``count``: a non-negative integer (LIMIT, a threshold); ``entity_type``: an entity label."""

    kind: str
    nullable: bool = True  # null means "any" in the files' ``$x IS NULL OR …``


# every parameter name the files declare; a name means the same in every file
PARAMS: dict[str, ParamSpec] = {
    "limit": ParamSpec("count", nullable=False),
    "min_docs": ParamSpec("count", nullable=False),
    "type": ParamSpec("entity_type"),
    **{n: ParamSpec("text") for n in ("origin", "target", "name", "issuer", "organization")},
}
