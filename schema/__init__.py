"""One schema: the per-domain Query/Mutation/Subscription types merged."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from core.settings import Settings, get_settings
from schema.context import Info
from schema.extensions import schema_extensions
from schema.notifications import NotificationSubscription
from schema.users import UserMutation, UserQuery


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
        return await node_type.resolve_node(id.node_id, info=info, required=False)


Query = merge_types("Query", (NodeQuery, UserQuery))
Mutation = merge_types("Mutation", (UserMutation,))
Subscription = merge_types("Subscription", (NotificationSubscription,))


class RoostSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        """Do not log every error: MaskUnexpectedErrors logs the unexpected ones, with the request id."""


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    return RoostSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=schema_extensions(settings),
        config=StrawberryConfig(disable_field_suggestions=settings.production),
    )
