"""What analysts' Cypher and its parameters may hold, stated once for the OpenAPI document and
checked the same way on both backends.

FalkorDB takes parameters as Cypher literals in front of the query text, and the text ends at a
NUL: a parameter or query holding U+0000 got FalkorDB's own syntax error ("Invalid input at end
of input") while Neo4j kept the string. FalkorDB also cannot take an empty or backticked map key.
So texts and map keys holding NUL, and nested map keys that are empty or hold a backtick, are
outside the schema and a 422 naming where, on either store. Integers outside 64 bits are in the
schema's bounds too (graph.limits refuses them before any store).
"""

from __future__ import annotations

from typing import Any

# "holds no NUL" in JSON Schema (a pattern matches anywhere in the text); as ``not`` rather than an
# anchored ``pattern`` so that only enum-like parameters carry patterns (tests/test_api_validation)
NO_NUL: dict[str, Any] = {"not": {"pattern": r"\x00"}}
VALUE_REF = "#/components/schemas/ParamValue"
_SELF = {"$ref": VALUE_REF}
VALUE_SCHEMA: dict[str, Any] = {
    "description": "a parameter value: JSON whose texts hold no NUL and whose map keys are "
    "not empty and hold no backtick or NUL",
    "anyOf": [
        {"type": "null"},
        {"type": "boolean"},
        {"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1},
        {"type": "number"},
        {"type": "string", **NO_NUL},
        {"type": "array", "items": _SELF},
        {
            "type": "object",
            "propertyNames": {"minLength": 1, "not": {"pattern": r"[`\x00]"}},
            "additionalProperties": _SELF,
        },
    ],
}
NUL = "holds a NUL character (U+0000), which no store keeps"


def no_nul(text: str) -> str:
    """``text`` unchanged, or a ValueError (a 422 from a pydantic validator)."""
    if "\x00" in text:
        raise ValueError(NUL)
    return text


def storable(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` unchanged when every store can take them (see the module), else ValueError
    naming the first place that cannot be stored. Walked without recursion (graph.limits)."""
    stack: list[tuple[Any, str]] = [(params, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError(f"{where.lstrip('.')} {NUL}")
        elif isinstance(value, dict):
            for k, v in value.items():
                at = f"{where}.{k}"[:200]
                if "\x00" in k:
                    raise ValueError(f"the key {at.lstrip('.')!r} {NUL}")
                if where and (k == "" or "`" in k):
                    raise ValueError(f"{at.lstrip('.')!r}: a map key must not be empty or hold `")
                stack.append((v, at))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]"[:200]) for i, v in enumerate(value))
    return params
