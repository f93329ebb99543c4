"""JSON from outside (request bodies, WebSocket messages, webhooks): strict UTF-8, bounded nesting.

Python's json module recurses once per array or object, so a body of 5,000 `[` raises
RecursionError, and even a depth it survives can break whatever walks the value next (value
coercion, json.dumps, deepcopy). So the depth is measured before parsing, with a bracket scan
that skips strings, and anything deeper than the limit is refused as malformed.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

# A JSON string literal, escapes included (the unrolled form: no backtracking per character).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
# Text PostgreSQL cannot store (NUL) or UTF-8 cannot encode (lone surrogates, from "\ud800").
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnsafeJson(json.JSONDecodeError):
    """Not JSON we accept: it is a JSONDecodeError, so every caller that refuses malformed JSON
    (Strawberry's HTTP view with a 400, its WebSocket handler with close code 4400) refuses it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "", 0)
        self.msg = message

    def __str__(self) -> str:
        return self.msg


def nested_deeper_than(text: str, max_depth: int) -> bool:
    """Whether arrays and objects in `text` nest deeper than max_depth (brackets inside strings
    do not count). All at C speed: about 50 ms for a megabyte of brackets."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text)).encode("ascii")
    steps = memoryview(brackets.translate(_STEPS)).cast("b")  # +1 and -1, as signed bytes
    return max(accumulate(steps), default=0) > max_depth


# No number of ours needs more; Python refuses ints of over 4,300 digits with a ValueError.
MAX_NUMBER_CHARS = 100


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise UnsafeJson(f"A number in the JSON is longer than {MAX_NUMBER_CHARS} characters.")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise UnsafeJson(f"A number in the JSON is longer than {MAX_NUMBER_CHARS} characters.")
    return float(text)


def loads(data: str | bytes, max_depth: int) -> Any:
    """json.loads, but refusing bytes that are not UTF-8, values nested deeper than max_depth and
    numbers longer than MAX_NUMBER_CHARS."""
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnsafeJson("The body is not valid UTF-8.") from exc
    else:
        text = data
    # Counting is C-speed; the scan runs only when there are enough brackets to be too deep.
    if text.count("[") + text.count("{") > max_depth and nested_deeper_than(text, max_depth):
        raise UnsafeJson(f"JSON nested more than {max_depth} levels deep.")
    try:
        return json.loads(text, parse_int=_int, parse_float=_float)
    except RecursionError as exc:  # not reachable under a sane max_depth; never a 500 all the same
        raise UnsafeJson(f"JSON nested more than {max_depth} levels deep.") from exc


def has_unstorable_text(value: Any) -> bool:
    """Whether any string in `value` (keys included) holds a NUL or a lone surrogate."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(has_unstorable_text(k) or has_unstorable_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_unstorable_text(v) for v in value)
    return False
