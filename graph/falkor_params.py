"""Query parameters as FalkorDB's ``CYPHER name=value …`` header.

FalkorDB takes parameters only as Cypher literals in front of the query text, so a bulk batch of
5,000 relationship rows becomes one long string on every write (~2 s of client time for 300k
rows). This module builds that text outside the client's query call, so the embedded writer can
build the next batch's on a second thread while the server runs the current one; it is about as
fast as the client's ``stringify_param_value`` (strings inside lists and maps are escaped inline,
which measured ~12% faster than a call per value), refuses NaN/infinity and empty or backticked
keys with a clear error, and sends booleans as ``true``/``false``.

Escaping is the client's: backslash and double quote are escaped, everything else is sent as is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

# Keys already checked (bulk rows repeat a few keys millions of times). Bounded: user queries
# can send any number of distinct keys, and the cache must not keep them all.
_checked_keys: set[str] = set()
_MAX_CACHED_KEYS = 4096


def _key(k: Any) -> str:
    key = k.decode() if isinstance(k, bytes) else str(k)
    if key not in _checked_keys:
        if key == "" or "`" in key:
            raise ValueError(f"FalkorDB cannot take a parameter or map key {key!r}")
        if len(_checked_keys) < _MAX_CACHED_KEYS:
            _checked_keys.add(key)
    return key


def _str(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _float(v: float) -> str:
    if not math.isfinite(v):
        raise ValueError(f"FalkorDB cannot take the parameter value {v!r}")
    return repr(v)


def _list(v: list[Any] | tuple[Any, ...]) -> str:
    # strings inline: most values are strings, and a call per value is the cost
    return (
        "["
        + ",".join(
            [
                '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
                if type(x) is str
                else literal(x)
                for x in v
            ]
        )
        + "]"
    )


def _map(v: Mapping[Any, Any]) -> str:
    keys = _checked_keys
    return (
        "{"
        + ",".join(
            [
                ("`" + k if k in keys else "`" + _key(k))
                + (
                    '`:"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
                    if type(x) is str
                    else "`:" + literal(x)
                )
                for k, x in v.items()
            ]
        )
        + "}"
    )


_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: _str,
    int: str,
    float: _float,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
    list: _list,
    tuple: _list,
    dict: _map,
}


def literal(value: Any) -> str:
    """One parameter value (str, int, float, bool, None, list, tuple, dict) as a Cypher literal."""
    fn = _BY_TYPE.get(type(value))
    if fn is not None:
        return fn(value)
    # subclasses (str enums, OrderedDict, numpy-free ints from other libraries, bytes)
    if isinstance(value, bool):
        return _BY_TYPE[bool](value)
    if isinstance(value, bytes):
        return _str(value.decode())
    for base in (str, int, float, dict, list, tuple):
        if isinstance(value, base):
            return _BY_TYPE[base](value)
    if isinstance(value, Mapping):
        return _map(value)
    raise TypeError(f"cannot send a {type(value).__name__} as a FalkorDB parameter")


def params_header(params: Mapping[str, Any] | None) -> str:
    """``CYPHER `a`=1 `b`="x" `` (empty when there are no parameters)."""
    if not params:
        return ""
    return "CYPHER " + "".join(f"`{_key(k)}`={literal(v)} " for k, v in params.items())
