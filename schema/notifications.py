"""Live account events of the signed-in user (`notifications` subscription)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from core import pubsub
from loaders import Loaders
from schema.context import Info
from schema.permissions import IsAuthenticated


@strawberry.type
class Notification:
    kind: str = strawberry.field(description='What happened, e.g. "new_login", "email_verified".')
    at: datetime
    data: JSON


@strawberry.type
class Subscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def notifications(self, info: Info) -> AsyncGenerator[Notification, None]:
        user = info.context.require_user()
        async for event in pubsub.subscribe(pubsub.user_channel(user.id)):
            if info.context.revoked:
                return
            # One context serves the whole connection: fresh loaders per event, never stale data.
            info.context.loaders = Loaders()
            yield Notification(kind=event.type, at=event.at, data=event.data)
