"""Live account events of the signed-in user (`notifications` subscription)."""

from __future__ import annotations

import asyncio
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
        # A signed-in socket always has its guard (app.RoostGraphQL.on_ws_connect): when this
        # subscriber is cut off (Redis lost: 1012; fell behind: 1013) the guard closes the socket.
        watch = info.context.watch
        try:
            async with pubsub.listen(
                pubsub.user_channel(user.id), on_drop=watch.fire if watch else None
            ) as events:
                async for event in events:
                    if info.context.revoked:
                        return
                    # One context serves the whole connection: fresh loaders per event, never stale data.
                    info.context.loaders = Loaders()
                    yield Notification(kind=event.type, at=event.at, data=JSON(event.data))
        except pubsub.Dropped:
            if watch is None:
                raise
        # The socket is closing with a code that says "reconnect": wait for its end (which cancels
        # this operation) rather than return, since a `complete` would tell graphql-ws clients
        # that this subscription is over and must not be resubscribed.
        await asyncio.Event().wait()
