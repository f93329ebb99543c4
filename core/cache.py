"""The Redis client: one per event loop (Celery tasks run each job in a fresh loop)."""

from __future__ import annotations

import asyncio
import weakref

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.settings import get_settings

KEY_PREFIX = "roost:"
# An outage must fail fast (a request falls back or answers SERVICE_UNAVAILABLE, core/redis_guard.py)
# rather than hold its caller: short socket timeouts, and one quick retry on a connection error.
SOCKET_TIMEOUT_SECONDS = 1.0
# A pooled connection idle this long is PINGed before use, so one the server dropped (a restart)
# is found and replaced there rather than failing the command (issue 10, item 4).
HEALTH_CHECK_SECONDS = 1
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = weakref.WeakKeyDictionary()


def get_redis() -> Redis:
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        settings = get_settings()
        url = settings.redis_url
        if not url:
            raise RuntimeError("REDIS_URL is not set (roost serve starts an embedded one)")
        # A blocking pool: past its size a burst waits for a connection instead of failing.
        pool = BlockingConnectionPool.from_url(
            url,
            decode_responses=True,
            health_check_interval=HEALTH_CHECK_SECONDS,
            socket_timeout=SOCKET_TIMEOUT_SECONDS,
            socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
            # Retried: a command whose connection broke. Our commands are reads, SETs and
            # counters, where a rare double INCR only makes a rate limit stricter.
            retry=Retry(ExponentialBackoff(cap=0.1, base=0.01), 1),
            retry_on_error=[RedisConnectionError, RedisTimeoutError],
            max_connections=settings.redis_max_connections,
            timeout=settings.redis_pool_wait_seconds,
        )
        client = Redis.from_pool(pool)
        _clients[loop] = client
    return client


async def close_redis() -> None:
    client = _clients.pop(asyncio.get_running_loop(), None)
    if client is not None:
        await client.aclose()


def key(*parts: object) -> str:
    return KEY_PREFIX + ":".join(str(p) for p in parts)


# ---- versioned cache keys ----------------------------------------------------------------------
# A listing's cached views are keyed by its version, and search pages by a global generation:
# a change bumps the numbers, so the very next request reads fresh data (no stale window).


async def listing_version(listing_id: object) -> int:
    return int(await get_redis().get(key("listing-version", listing_id)) or 0)


async def search_generation() -> int:
    return int(await get_redis().get(key("search-generation")) or 0)


async def bump_listing(listing_id: object) -> None:
    pipe = get_redis().pipeline(transaction=False)
    pipe.incr(key("listing-version", listing_id))
    pipe.incr(key("search-generation"))
    await pipe.execute()


async def bump_search_generation() -> None:
    """For changes seen through listings but not of one (a host's public profile)."""
    await get_redis().incr(key("search-generation"))


# Nights (bookings, host blocks) change far more often than listings: they bump their own
# generation, which keys only the cached reads that depend on dates (searches for a stay).


async def bump_availability() -> None:
    await get_redis().incr(key("availability-generation"))


async def cache_generation(*, dated: bool) -> str:
    """What keys a cached listing read: the search generation, plus the availability generation
    when the read depends on which nights are free."""
    if not dated:
        return str(await search_generation())
    search, availability = await get_redis().mget([key("search-generation"), key("availability-generation")])
    return f"{int(search or 0)}.{int(availability or 0)}"
