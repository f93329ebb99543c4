"""Close live WebSockets the moment their credentials stop being valid.

An access token is checked once, at `connection_init`; these two triggers end the socket later:
- a revocation (logout, logoutAll, password change or reset, suspension, refresh-token reuse) is
  announced on one Redis pub/sub channel that every server process listens to, once per
  process; each process closes its own sockets of that user, or of those sessions, with 4403;
- each socket's access-token expiry fires a timer that closes it with 4401.
Either way the close reason tells the client to reconnect with a fresh access token.

Everything is behind `announce` and `watch`, so the transport (today the process's one pub/sub
hub, core/pubsub.py, which the `notifications` subscription shares) can change without touching
the callers.
"""

from __future__ import annotations

import asyncio
import json
import uuid
import weakref
from collections.abc import Callable, Coroutine, Iterable
from datetime import UTC, datetime
from typing import Any

from redis.asyncio.client import PubSub

from core import pubsub
from core.cache import get_redis, key
from core.redis_guard import optional

CHANNEL = key("sessions")
CLOSE_REVOKED = 4403
CLOSE_EXPIRED = 4401
CLOSE_RETRY = pubsub.CLOSE_RETRY  # the hub lost Redis, so a revocation may have been missed
# One reason for every revocation, accurate for each: after changePassword the session that made
# the change keeps valid credentials (its refresh works); after a logout, a reset or a suspension
# refreshing fails and the client must sign in.
REVOKED_REASON = (
    "Credentials changed or revoked: reconnect with a fresh access token; sign in again if refreshing fails."
)
EXPIRED_REASON = "Access token expired: refresh it and reconnect with the fresh access token."
RETRY_REASON = "Reconnect with a fresh access token."

Close = Callable[[int, str], Coroutine[Any, Any, None]]


async def announce(user_id: uuid.UUID, sessions: Iterable[uuid.UUID] | None = None) -> None:
    """Close the user's sockets on every server process: those of these sessions, or all."""
    only = None if sessions is None else sorted(str(s) for s in sessions)
    # After the revocation committed: while Redis is down the hub has already closed every socket
    # (1012), and their reconnections are checked against the database.
    message = json.dumps({"user": str(user_id), "sessions": only})
    await optional(get_redis().publish(CHANNEL, message), None, "revocation not announced")


class Watch:
    """One socket's guard: closes it once, on revocation or when its access token expires."""

    def __init__(self, listener: _Listener, user_id: str, session_id: str, close: Close) -> None:
        self.user_id = user_id
        self.session_id = session_id
        self._listener = listener
        self._close = close
        self._timer: asyncio.TimerHandle | None = None
        self.closing: asyncio.Task[None] | None = None

    @property
    def fired(self) -> bool:
        return self.closing is not None

    def expire_at(self, expires_at: datetime) -> None:
        delay = max(0.0, (expires_at - datetime.now(UTC)).total_seconds())
        self._timer = asyncio.get_running_loop().call_later(delay, self.fire, CLOSE_EXPIRED, EXPIRED_REASON)

    def fire(self, code: int, reason: str) -> None:
        if self.closing is None:
            self.stop()
            self.closing = asyncio.create_task(self._close(code, reason))

    def stop(self) -> None:
        """The socket is gone (or going): forget it."""
        if self._timer is not None:
            self._timer.cancel()
        self._listener.forget(self)


class _Listener:
    """This process's share of the pub/sub hub: the one revocation channel, fanned out to its
    own sockets. When the hub loses Redis, a revocation may have been missed: every socket it
    guards is closed with 1012 so that its client reconnects (and is checked afresh)."""

    def __init__(self) -> None:
        self.watches: dict[str, set[Watch]] = {}
        self.failed = False
        self.hub = pubsub.hub()
        self.joined = asyncio.create_task(self.hub.join(CHANNEL, self))

    @property
    def pubsub(self) -> PubSub:
        return self.hub.pubsub

    def deliver(self, data: str) -> None:
        message = json.loads(data)
        sessions = message.get("sessions")
        for watch in list(self.watches.get(str(message.get("user")), ())):
            if sessions is None or (isinstance(sessions, list) and watch.session_id in sessions):
                watch.fire(CLOSE_REVOKED, REVOKED_REASON)

    def drop(self, code: int, reason: str) -> None:
        """The hub lost Redis (it logs that) or is shutting down."""
        self.failed = True
        for watch in [w for group in self.watches.values() for w in group]:
            watch.fire(CLOSE_RETRY, RETRY_REASON)

    def add(self, watch: Watch) -> None:
        self.watches.setdefault(watch.user_id, set()).add(watch)

    def forget(self, watch: Watch) -> None:
        group = self.watches.get(watch.user_id)
        if group is not None:
            group.discard(watch)
            if not group:
                del self.watches[watch.user_id]


_listeners: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Listener] = weakref.WeakKeyDictionary()


async def _listener() -> _Listener:
    loop = asyncio.get_running_loop()
    listener = _listeners.get(loop)
    if listener is None or listener.failed:
        listener = _listeners[loop] = _Listener()
    try:
        await asyncio.shield(listener.joined)  # the hub times a SUBSCRIBE out itself
    except pubsub.Dropped as exc:
        listener.failed = True
        raise ConnectionError("the revocation listener could not subscribe") from exc
    if listener.failed:
        raise ConnectionError("the revocation listener lost Redis")
    return listener


async def watch(*, user_id: uuid.UUID, session_id: uuid.UUID, expires_at: datetime, close: Close) -> Watch:
    """Guard one socket: `close(code, reason)` runs once, on revocation or at `expires_at`.

    Registered only once this process is subscribed, so check the credentials *after* this
    returns: a revocation is then either already stored or still to be announced.
    """
    listener = await _listener()
    guard = Watch(listener, str(user_id), str(session_id), close)
    listener.add(guard)
    guard.expire_at(expires_at)
    return guard


async def stop_listener() -> None:
    """At shutdown: end this process's subscription (the whole hub: it is shutting down)."""
    _listeners.pop(asyncio.get_running_loop(), None)
    await pubsub.stop_hub()
