"""Shared GraphQL building blocks: UserError, the mutation error convention, connections."""

from __future__ import annotations

import functools
import typing
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any, Generic, NewType, ParamSpec, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from core.errors import DomainError
from core.errors import ErrorCode as DomainErrorCode
from core.money import to_decimal
from resolvers import paging
from resolvers.paging import Page
from schema.error_paths import schema_path

# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(DomainErrorCode, name="ErrorCode", description="Why a mutation refused.")
ErrorCode = DomainErrorCode

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


@strawberry.type(description="An expected failure: nothing was changed.")
class UserError:
    code: ErrorCode
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str

    @classmethod
    def of(cls, error: DomainError) -> UserError:
        return cls(code=error.code, field=schema_path(error.field), message=error.message)


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
            return typing.cast(R, payload_type(errors=[UserError.of(error)]))

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


def connection(page: Page[T]) -> Connection[T]:
    """A page read by resolvers.paging, as the schema's Connection type."""
    edges = [Edge(cursor=c, node=item) for item, c in zip(page.items, page.cursors, strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next, end_cursor=page.end_cursor),
        total_count=page.total,
    )


async def newest_first(query: QuerySet[Any], *, first: int | None, after: str | None) -> Connection[Any]:
    """A page of `query` newest first. For schema/payments.py, whose reads still live in the schema;
    new fields call a resolver that returns a Page, and turn it into a Connection with `connection`."""
    return connection(await paging.newest_first(query, first=first, after=after))


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
        return cls(amount=to_decimal(minor, currency), currency=currency, amount_minor=BigInt(minor))
