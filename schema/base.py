"""Shared GraphQL building blocks: UserError, the mutation error convention, connections."""

from __future__ import annotations

import base64
import functools
import json
import typing
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, NewType, ParamSpec, TypeVar

import strawberry
from tortoise import fields as tortoise_fields
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.errors import DomainError
from core.errors import ErrorCode as DomainErrorCode
from core.money import to_decimal

ErrorCode = strawberry.enum(DomainErrorCode, name="ErrorCode", description="Why a mutation refused.")

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

MAX_PAGE = 100
DEFAULT_PAGE = 20


@strawberry.type(description="An expected failure: nothing was changed.")
class UserError:
    code: ErrorCode
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str

    @classmethod
    def of(cls, error: DomainError) -> UserError:
        return cls(code=error.code, field=error.field, message=error.message)


@strawberry.type
class Payload:
    errors: list[UserError] = strawberry.field(default_factory=list)


def user_errors(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Turn a DomainError raised by a mutation into its payload's `errors`."""

    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await resolver(*args, **kwargs)
        except DomainError as error:
            payload_type = typing.get_type_hints(resolver)["return"]
            return payload_type(errors=[UserError.of(error)])

    return wrapper


def parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


def node_uuid(id: Any, type_name: str) -> uuid.UUID | None:
    """The UUID inside a global id of `type_name` (None for another type or a malformed id)."""
    return parse_uuid(id.node_id) if id.type_name == type_name else None


# ---- connections with keyset pagination -------------------------------------------------------


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def _encode_cursor(created_at: datetime, id_: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(id_)]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        at, id_ = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(at), uuid.UUID(id_)
    except (ValueError, TypeError) as exc:
        raise DomainError(DomainErrorCode.INVALID_INPUT, "Invalid cursor.", "after") from exc


async def newest_first(query: QuerySet[Any], *, first: int | None, after: str | None) -> Connection[Any]:
    """A page of `query` ordered newest first by (created_at, id): keyset, never OFFSET."""
    size = min(max(first if first is not None else DEFAULT_PAGE, 0), MAX_PAGE)
    total = await query.count()
    if after:
        at, id_ = _decode_cursor(after)
        query = query.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=id_))
    rows: Sequence[Any] = await query.order_by("-created_at", "-id").limit(size + 1)
    page = rows[:size]
    edges = [Edge(cursor=_encode_cursor(r.created_at, r.id), node=r) for r in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )


# Amounts in minor units outgrow GraphQL's 32-bit Int (e.g. IDR); schema/__init__.py maps this
# type to the BigInt scalar (BIG_INT) through StrawberryConfig.scalar_map.
BigInt = NewType("BigInt", int)
BIG_INT = strawberry.scalar(
    name="BigInt",
    description="An integer that may exceed 32 bits (amounts in minor units): a JSON number.",
    serialize=int,
    parse_value=int,
)


@strawberry.type(description="An amount of money: `amount` is a decimal string in `currency`'s units.")
class Money:
    amount: Decimal
    currency: str
    amount_minor: BigInt = strawberry.field(description="The same amount in minor units (cents).")

    @classmethod
    def of(cls, minor: int, currency: str) -> Money:
        return cls(amount=to_decimal(minor, currency), currency=currency, amount_minor=minor)


def _cursor_value(model: Any, name: str, raw: Any) -> Any:
    field = model._meta.fields_map.get(name)
    if field is None:  # an annotation: a plain number or string, never a structure
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float | str)):
            raise ValueError("bad cursor value")
        return raw
    if raw is None:
        return raw
    if isinstance(field, tortoise_fields.UUIDField):
        return uuid.UUID(raw)
    if isinstance(field, tortoise_fields.DatetimeField):
        return datetime.fromisoformat(raw)
    if isinstance(field, tortoise_fields.DateField):
        return date.fromisoformat(raw)
    return raw


async def keyset_page(
    query: QuerySet[Any], *, order: Sequence[str], first: int | None, after: str | None
) -> Connection[Any]:
    """A page of `query` in `order` (field names, "-" for descending; the last one unique, e.g. "id"),
    continuing after the row `after` points at: keyset pagination on any order, never OFFSET."""
    size = min(max(first if first is not None else DEFAULT_PAGE, 0), MAX_PAGE)
    total = await query.count()
    names = [o.lstrip("-") for o in order]
    if after:
        try:
            raw = json.loads(base64.urlsafe_b64decode(after.encode()))
            values = [_cursor_value(query.model, n, v) for n, v in zip(names, raw, strict=True)]
        except (ValueError, TypeError) as exc:
            raise DomainError(DomainErrorCode.INVALID_INPUT, "Invalid cursor.", "after") from exc
        later = Q()
        for i, (spec, name) in enumerate(zip(order, names, strict=True)):
            step = Q(**{f"{name}__{'lt' if spec.startswith('-') else 'gt'}": values[i]})
            for prior, value in zip(names[:i], values[:i], strict=False):
                step &= Q(**{prior: value})
            later = step if i == 0 else later | step
        query = query.filter(later)
    rows: Sequence[Any] = await query.order_by(*order).limit(size + 1)
    page = rows[:size]

    def cursor(row: Any) -> str:
        raw = json.dumps([getattr(row, n) for n in names], default=str).encode()
        return base64.urlsafe_b64encode(raw).decode()

    edges = [Edge(cursor=cursor(r), node=r) for r in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )
