"""The one codec of keyset cursors: the sort key values of a row, written as unpadded URL-safe
base64 of a JSON list. Pure: it knows nothing of queries; its callers type the values they read
back (resolvers/paging.py for model fields, resolvers/search_sql.py for the search sort keys)."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any


class InvalidCursor(ValueError):
    """The text is not a cursor of the expected shape (whoever wrote it)."""


def encode_cursor(values: Sequence[Any]) -> str:
    """`values` (JSON values, or dates, times, UUIDs and decimals, written as text) as a cursor."""
    raw = json.dumps(list(values), separators=(",", ":"), default=_as_text).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[Any]:
    """The `length` JSON values of `cursor`, untyped (dates, UUIDs and decimals come back as text).

    Padded base64 is read too: cursors handed out before padding was dropped stay readable."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, RecursionError) as exc:  # base64, UTF-8 and JSON errors are ValueErrors
        raise InvalidCursor("not base64 of JSON") from exc
    if not isinstance(values, list) or len(values) != length:
        raise InvalidCursor(f"not a list of {length} values")
    return values


def _as_text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    raise TypeError(f"a cursor cannot hold {type(value).__name__}")
