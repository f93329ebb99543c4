"""Typed events over Redis pub/sub: one channel per user (and later per listing).

Publish after the transaction commits. Any server process may publish; every process
whose clients subscribed to the channel receives it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from core.cache import get_redis, key


@dataclass(frozen=True)
class Event:
    type: str
    data: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def dumps(self) -> str:
        return json.dumps({"type": self.type, "data": self.data, "at": self.at.isoformat()})

    @classmethod
    def loads(cls, raw: str) -> Event:
        body = json.loads(raw)
        return cls(type=body["type"], data=body["data"], at=datetime.fromisoformat(body["at"]))


def user_channel(user_id: object) -> str:
    return key("events", "user", user_id)


async def publish(channel: str, event: Event) -> None:
    await get_redis().publish(channel, event.dumps())


async def subscribe(channel: str) -> AsyncIterator[Event]:
    pubsub = get_redis().pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel)
    try:
        async for message in pubsub.listen():
            if message["type"] == "message":
                yield Event.loads(message["data"])
    finally:
        await pubsub.unsubscribe(channel)
        await pubsub.aclose()
