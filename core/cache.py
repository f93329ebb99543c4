"""The Redis client: one per event loop (Celery tasks run each job in a fresh loop)."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core import redis_guard
from core.settings import get_settings
from core.transient import is_transient

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
#
# A bump is made after the change commits, so it must not fail the request: the change is done.
# When Redis cannot take it (an outage), the bump is owed instead, and repaid as one increment of
# the cache epoch, which keys every cached read, before this process next reads or bumps a
# version: every cached view made before the outage is then unreachable. (Another process that
# reads the cache before this one repays can serve a view from before the change: only until
# this process's next request, and only if Redis kept its data through the outage.)

_EPOCH = key("cache-epoch")
_SEARCH = key("search-generation")
_AVAILABILITY = key("availability-generation")
_owed = False  # a bump failed: the epoch must move before this process touches versions again


def _version_key(listing_id: object) -> str:
    return key("listing-version", listing_id)


async def _settle() -> None:
    """Repay an owed bump (raises, like any Redis call, if Redis is still down)."""
    global _owed
    if _owed:
        await get_redis().incr(_EPOCH)
        _owed = False


async def _bump(*keys: str) -> None:
    global _owed
    try:
        redis_guard.check()
        async with asyncio.timeout(redis_guard.CALL_TIMEOUT_SECONDS):
            await _settle()
            pipe = get_redis().pipeline(transaction=False)
            for name in keys:
                pipe.incr(name)
            await pipe.execute()
    except Exception as exc:
        if not is_transient(exc):
            raise
        _owed = True
        redis_guard.trip(exc, "cache bump owed")


async def bump_listing(listing_id: object) -> None:
    await _bump(_version_key(listing_id), _SEARCH)


async def bump_search_generation() -> None:
    """For changes seen through listings but not of one (a host's public profile)."""
    await _bump(_SEARCH)


# Nights (bookings, host blocks) change far more often than listings: they bump their own
# generation, which keys only the cached reads that depend on dates (searches for a stay).


async def bump_availability() -> None:
    await _bump(_AVAILABILITY)


async def cache_generation(*, dated: bool) -> str:
    """What keys a cached read of listings: the epoch and the search generation, plus the
    availability generation when the read depends on which nights are free."""
    await _settle()
    epoch, search, availability = await get_redis().mget([_EPOCH, _SEARCH, _AVAILABILITY])
    generation = f"{int(epoch or 0)}.{int(search or 0)}"
    return f"{generation}.{int(availability or 0)}" if dated else generation


async def listing_versions(listing_ids: Sequence[object]) -> list[str]:
    """What keys each listing's cached row: the epoch and the listing's version."""
    await _settle()
    epoch, *versions = await get_redis().mget([_EPOCH, *(_version_key(i) for i in listing_ids)])
    return [f"{int(epoch or 0)}.{int(v or 0)}" for v in versions]
