"""The Redis client: one per event loop (Celery tasks run each job in a fresh loop)."""

from __future__ import annotations

import asyncio
import weakref

from redis.asyncio import Redis

from core.settings import get_settings

KEY_PREFIX = "roost:"
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = weakref.WeakKeyDictionary()


def get_redis() -> Redis:
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        url = get_settings().redis_url
        if not url:
            raise RuntimeError("REDIS_URL is not set (roost serve starts an embedded one)")
        client = Redis.from_url(url, decode_responses=True, health_check_interval=30)
        _clients[loop] = client
    return client


async def close_redis() -> None:
    client = _clients.pop(asyncio.get_running_loop(), None)
    if client is not None:
        await client.aclose()


def key(*parts: object) -> str:
    return KEY_PREFIX + ":".join(str(p) for p in parts)
