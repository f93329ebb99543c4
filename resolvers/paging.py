"""Keyset pagination of a query: a page of rows with a cursor each, in any order, never OFFSET.

The schema turns a Page into its Connection type (schema/base.py); the reads happen here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from tortoise import fields
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.errors import DomainError, ErrorCode
from resolvers.cursors import decode_cursor, encode_cursor

T = TypeVar("T")

MAX_PAGE = 100
DEFAULT_PAGE = 20
NEWEST_FIRST = ("-created_at", "-id")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]  # one per item: continue after that item
    total: int  # rows of the whole query, on every page
    has_next: bool

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


async def keyset_page(
    query: QuerySet[Any],
    *,
    order: Sequence[str],
    first: int | None,
    after: str | None,
    total: int | None = None,
) -> Page[Any]:
    """A page of `query` in `order` (field or annotation names, "-" for descending; the last one
    unique, e.g. "id"), continuing after the row `after` points at. `total`: the rows of the
    whole query when the caller knows it (else they are counted: one more query)."""
    size = min(max(first if first is not None else DEFAULT_PAGE, 0), MAX_PAGE)
    if total is None:
        total = await query.count()
    names = [o.lstrip("-") for o in order]
    if after:
        query = query.filter(_later_than(order, _cursor_values(query.model, names, after)))
    rows: Sequence[Any] = await query.order_by(*order).limit(size + 1)
    items = list(rows[:size])
    cursors = [encode_cursor([getattr(row, n) for n in names]) for row in items]
    return Page(items=items, cursors=cursors, total=total, has_next=len(rows) > size)


async def newest_first(query: QuerySet[Any], *, first: int | None, after: str | None) -> Page[Any]:
    """A page of `query` newest first, by (created_at, id)."""
    return await keyset_page(query, order=NEWEST_FIRST, first=first, after=after)


def _later_than(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows after the row of sort key `values`: greater on the first key, or equal on it and
    greater on the next, and so on ("greater" in that key's direction)."""
    names = [o.lstrip("-") for o in order]
    later = Q()
    for i, (spec, name) in enumerate(zip(order, names, strict=True)):
        step = Q(**{f"{name}__{'lt' if spec.startswith('-') else 'gt'}": values[i]})
        for prior, value in zip(names[:i], values[:i], strict=True):
            step &= Q(**{prior: value})
        later = step if i == 0 else later | step
    return later


def _cursor_values(model: Any, names: Sequence[str], cursor: str) -> list[Any]:
    """The sort key in `cursor`, each value typed as its field: a malformed one is bad input."""
    try:
        raw = decode_cursor(cursor, len(names))
        return [_typed(model, name, value) for name, value in zip(names, raw, strict=True)]
    except (ValueError, TypeError) as exc:
        raise DomainError(ErrorCode.INVALID_INPUT, "Invalid cursor.", "after") from exc


def _typed(model: Any, name: str, raw: Any) -> Any:
    """`raw` as the value of field `name` (or of an annotation: a plain number or string)."""
    if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float | str)):
        raise ValueError("a cursor value is a plain number or string, never a structure")
    field = model._meta.fields_map.get(name)
    if field is None:
        return raw
    if raw is None:
        if not field.null:
            raise ValueError("null cursor value of a non-null field")
        return raw
    if isinstance(field, fields.UUIDField):
        return uuid.UUID(str(raw))
    if isinstance(field, fields.DatetimeField | fields.DateField):
        if not isinstance(raw, str):
            raise TypeError("a date or time in a cursor is an ISO string")  # as fromisoformat would
        if isinstance(field, fields.DatetimeField):
            return datetime.fromisoformat(raw)
        return date.fromisoformat(raw)
    return raw
