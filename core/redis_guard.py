"""What a request does when Redis is down, decided in one place.

Redis holds caches, rate limits, the revocation list and the job queue; PostgreSQL holds the
truth. So during an outage:
- `optional(call, default)`: Redis only speeds the work up or guards it loosely (a cache, a
  non-critical rate limit): on a transient Redis fault the request goes on with `default`.
- `fallback(call, alternative)`: another store can answer (the database): the revocation check,
  and the brute-force limits, which must stay bounded.
- `required(call)`: the work cannot be done safely without Redis: a transient fault becomes
  `ServiceUnavailable`, which the schema answers as SERVICE_UNAVAILABLE with
  `extensions.retryAfter` (and the HTTP layer as a 503 with Retry-After), never a bare 500.
An error that is not transient (a bug, a wrong type) is raised as it is.

Every call through the guard is bounded by `CALL_TIMEOUT_SECONDS` as a whole: the client's own
socket timeout does not bound a reconnection's handshake to a Redis that accepts connections but
never answers (a hung process on a Unix socket held a request for over a minute).

A breaker keeps an outage cheap: after a transient fault, calls through the guard are not tried
for `BREAKER_SECONDS` but fail at once (`RedisDown`), so a hung Redis costs one request its
socket timeout every couple of seconds rather than every request its own.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from core.transient import is_transient

T = TypeVar("T")
log = logging.getLogger("roost.redis")
RETRY_AFTER_SECONDS = 5
MESSAGE = "Temporarily unavailable; try again shortly."
_LOG_EVERY_SECONDS = 10.0
BREAKER_SECONDS = 2.0
CALL_TIMEOUT_SECONDS = 2.5  # a 1 s socket timeout, one quick retry, a reconnection
_last_logged = 0.0
_down_until = 0.0


class RedisDown(ConnectionError):
    """Not tried: Redis failed a moment ago (the breaker is open). Transient, like the fault."""


class ServiceUnavailable(Exception):
    """A service the operation needs is down; nothing was changed. Retry after `retry_after` s."""

    def __init__(self, message: str = MESSAGE, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _note(exc: BaseException, what: str) -> None:
    """Log an outage at most every few seconds, not once per request."""
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= _LOG_EVERY_SECONDS:
        _last_logged = now
        log.warning("redis unavailable (%s): %s: %s", what, type(exc).__name__, exc)


def trip(exc: BaseException, what: str) -> None:
    """Record a transient fault of Redis: open the breaker, log (rate-limited)."""
    global _down_until
    if not isinstance(exc, RedisDown):
        _down_until = time.monotonic() + BREAKER_SECONDS
    _note(exc, what)


def reset() -> None:
    """Close the breaker (a test that broke Redis on purpose, before the next one)."""
    global _down_until
    _down_until = 0.0


def check() -> None:
    """Raise RedisDown while the breaker is open."""
    if time.monotonic() < _down_until:
        raise RedisDown("redis failed moments ago; not tried")


async def _guarded(call: Awaitable[T]) -> T:
    try:
        check()
    except RedisDown:
        if inspect.iscoroutine(call):
            call.close()  # never started: nothing to await
        raise
    async with asyncio.timeout(CALL_TIMEOUT_SECONDS):
        return await call


async def optional(call: Awaitable[T], default: T, what: str = "bypassed") -> T:
    """`await call`, or `default` when Redis (or another service) has a transient fault."""
    try:
        return await _guarded(call)
    except Exception as exc:
        if not is_transient(exc):
            raise
        trip(exc, what)
        return default


async def required(call: Awaitable[T]) -> T:
    """`await call`, turning a transient fault into ServiceUnavailable."""
    try:
        return await _guarded(call)
    except Exception as exc:
        if not is_transient(exc):
            raise
        trip(exc, "refused")
        raise ServiceUnavailable() from exc


async def fallback(call: Awaitable[T], alternative: Callable[[], Awaitable[T]], what: str = "fallback") -> T:
    """`await call`, or, on a transient fault, `await alternative()` (the database, say)."""
    try:
        return await _guarded(call)
    except Exception as exc:
        if not is_transient(exc):
            raise
        trip(exc, what)
        return await alternative()


def unavailable(exc: BaseException) -> ServiceUnavailable | None:
    """The ServiceUnavailable that an unhandled error amounts to, if it is a transient fault."""
    if isinstance(exc, ServiceUnavailable):
        return exc
    if is_transient(exc):
        return ServiceUnavailable()
    return None
