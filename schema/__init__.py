"""One schema: the per-domain Query/Mutation/Subscription types merged."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from core.settings import Settings, get_settings
from schema.extensions import schema_extensions
from schema.notifications import NotificationSubscription
from schema.users import UserMutation, UserQuery


@strawberry.type
class NodeQuery:
    node: relay.Node | None = relay.node(description="Refetch any object by its global id.")


Query = merge_types("Query", (NodeQuery, UserQuery))
Mutation = merge_types("Mutation", (UserMutation,))
Subscription = merge_types("Subscription", (NotificationSubscription,))


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=schema_extensions(settings),
        config=StrawberryConfig(disable_field_suggestions=settings.production),
    )
