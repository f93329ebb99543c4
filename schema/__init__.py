"""One schema: the Query/Mutation/Subscription types of every domain module, merged."""

from __future__ import annotations

import re
from types import ModuleType

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.utils.await_maybe import await_maybe

from core.settings import Settings, get_settings
from schema import (
    booking_fields,
    calendar_sync,
    listing_fields,
    notifications,
    payments,
    payouts,
    photos,
    reviews,
    search,
    users,
)
from schema.base import BIG_INT, BigInt
from schema.context import Info
from schema.extensions import schema_extensions

# Each module may define `Query`, `Mutation` and `Subscription` types; they are merged in order.
DOMAINS: tuple[ModuleType, ...] = (
    users,
    notifications,
    listing_fields,
    photos,
    calendar_sync,
    search,
    booking_fields,
    payments,
    payouts,
    reviews,
)


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Refetch any object by its global id.")
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        # A plain resolver, not relay.node(): that one mutates its field, so the schema could
        # be built only once per process (tests build variants, e.g. for production mode).
        try:
            node_type = id.resolve_type(info)
        except (KeyError, ValueError, TypeError, AssertionError):
            return None  # not a type of this schema
        return await await_maybe(node_type.resolve_node(id.node_id, info=info, required=False))


def _collect(kind: str) -> tuple[type, ...]:
    return tuple(getattr(m, kind) for m in DOMAINS if hasattr(m, kind))


Query = merge_types("Query", (NodeQuery, *_collect("Query")))
Mutation = merge_types("Mutation", _collect("Mutation"))
Subscription = merge_types("Subscription", _collect("Subscription"))


# graphql-core words every hint (fields, arguments, types, enum values, input fields) this way.
_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


class RoostSchema(strawberry.Schema):
    @staticmethod
    def remove_field_suggestion(error: GraphQLError) -> None:
        """With `disable_field_suggestions` (production), strip every "Did you mean" hint, not only
        the field ones Strawberry strips: they would spell out the schema introspection hides.
        Strawberry calls this for parse, validation, variable and execution errors alike."""
        error.message = _SUGGESTION.sub("", error.message)

    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        """Do not log every error: MaskUnexpectedErrors logs the unexpected ones, with the request id."""


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    return RoostSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=schema_extensions(settings),
        config=StrawberryConfig(disable_field_suggestions=settings.production, scalar_map={BigInt: BIG_INT}),
    )
