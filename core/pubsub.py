"""Typed events over Redis pub/sub: one channel per user (and later per listing).

Publish after the transaction commits. Any server process may publish; every process
whose clients subscribed to the channel receives it.

Receiving goes through this process's one `Hub`: a single Redis pub/sub connection of its own
(outside the request pool, so subscribers never starve requests of connections), subscribed to
each channel once however many local subscribers share it (a reference count: the last to leave
unsubscribes), fanning each message out in memory. Each local subscriber has a bounded queue: one
that falls `QUEUE_SIZE` events behind is dropped (`CLOSE_SLOW`) rather than slowing the others.

The hub never reconnects quietly: events published while it was away are lost, and a revocation
may be among them. So when it loses Redis every subscriber is dropped with `CLOSE_RETRY` (1012,
"service restart"), which closes their sockets and tells graphql-ws clients to reconnect and
subscribe again; the first of them to come back builds a fresh hub.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from core.cache import get_redis, key
from core.redis_guard import optional
from core.settings import get_settings

log = logging.getLogger("roost.pubsub")

CLOSE_RETRY = 1012  # Redis was lost: events may have been missed, reconnect
CLOSE_SLOW = 1013  # "try again later": this subscriber fell too far behind
RETRY_REASON = "Live events were interrupted: reconnect and subscribe again."
SLOW_REASON = "Too many undelivered events: reconnect and subscribe again."
QUEUE_SIZE = 100  # events one local subscriber may have waiting
JOIN_TIMEOUT = 5.0  # for Redis to confirm a SUBSCRIBE
HEARTBEAT = 10.0  # seconds of quiet before the hub pings Redis; three unanswered: Redis is lost


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
    """Publish after the change commits: the change is done, so while Redis is down the event is
    dropped (and logged) rather than failing the request that made it."""
    await optional(get_redis().publish(channel, event.dumps()), None, "event dropped")


class Dropped(ConnectionError):
    """A local subscriber was cut off: `code` and `reason` are what its socket closes with."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Subscriber(Protocol):
    """What the hub fans out to. Both are called from the hub's reader: never block, never raise."""

    def deliver(self, data: str) -> None: ...

    def drop(self, code: int, reason: str) -> None: ...


class Hub:
    """This process's one Redis pub/sub connection (per event loop), shared by all subscribers."""

    def __init__(self) -> None:
        # Its own client: no retries (a silent reconnect would hide a gap), keep-alive probes.
        self.client = Redis.from_url(
            get_settings().redis_url or "",
            decode_responses=True,
            retry=Retry(NoBackoff(), 0),
            socket_keepalive=True,
            socket_connect_timeout=JOIN_TIMEOUT,
        )
        self.pubsub = self.client.pubsub()
        self.routes: dict[str, set[Subscriber]] = {}
        self.closed = False
        self._subscribed: set[str] = set()  # as Redis will see it, in command order
        self._confirms: dict[str, deque[asyncio.Future[None]]] = {}
        self._latest: dict[str, asyncio.Future[None]] = {}
        self._lock = asyncio.Lock()  # one Redis command at a time, in the order decided
        self._reader: asyncio.Task[None] | None = None
        self._chores: set[asyncio.Task[None]] = set()

    @property
    def subscribers(self) -> int:
        return sum(len(group) for group in self.routes.values())

    async def join(self, channel: str, subscriber: Subscriber) -> None:
        """Route `channel` to `subscriber`; returns once Redis has confirmed the subscription."""
        if self.closed:
            raise Dropped(CLOSE_RETRY, RETRY_REASON)
        self.routes.setdefault(channel, set()).add(subscriber)  # before any await: no idle close
        try:
            async with self._lock:
                if channel not in self._subscribed:
                    self._subscribed.add(channel)
                    confirmed = asyncio.get_running_loop().create_future()
                    self._confirms.setdefault(channel, deque()).append(confirmed)
                    self._latest[channel] = confirmed
                    # Shielded: a joiner that gives up must not leave a command half sent.
                    await asyncio.shield(self.pubsub.subscribe(channel))
                    if self._reader is None:
                        self._reader = asyncio.create_task(self._read())
            if (pending := self._latest.get(channel)) is not None:  # else confirmed already
                async with asyncio.timeout(JOIN_TIMEOUT):
                    await asyncio.shield(pending)
        except Exception as exc:
            if not isinstance(exc, Dropped):
                log.warning("the pub/sub hub could not subscribe", exc_info=True)
                self._lose()
            raise Dropped(CLOSE_RETRY, RETRY_REASON) from exc

    def leave(self, channel: str, subscriber: Subscriber) -> None:
        group = self.routes.get(channel)
        if group is None or subscriber not in group:
            return
        group.discard(subscriber)
        if not group:
            del self.routes[channel]
            if not self.routes:
                self._shut()  # nobody listens: give the connection back
            else:
                self._chore(self._unsubscribe(channel))

    def _chore(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._chores.add(task)
        task.add_done_callback(self._chores.discard)

    async def _unsubscribe(self, channel: str) -> None:
        async with self._lock:
            if self.closed or channel in self.routes or channel not in self._subscribed:
                return
            self._subscribed.discard(channel)
            try:
                await self.pubsub.unsubscribe(channel)
            except Exception:
                log.warning("the pub/sub hub lost Redis", exc_info=True)
                self._lose()

    async def _read(self) -> None:
        silent = 0  # heartbeats in a row with nothing from Redis
        try:
            while True:
                response = await self.pubsub.parse_response(block=False, timeout=HEARTBEAT)
                if response is None:  # quiet: a connection that died silently answers no PING
                    silent += 1
                    if silent > 2:
                        raise ConnectionError("Redis stopped answering the hub's pings")
                    async with self._lock:
                        await self.pubsub.ping()
                    continue
                silent = 0
                message = await self.pubsub.handle_message(response)  # type: ignore[no-untyped-call]
                if message is not None:
                    self._dispatch(message)
        except asyncio.CancelledError:
            raise
        except Exception:
            if not self.closed:
                log.warning("the pub/sub hub lost Redis; dropping its %d subscribers", self.subscribers)
                self._lose()

    def _dispatch(self, message: dict[str, Any]) -> None:
        if message["type"] == "message":
            for subscriber in list(self.routes.get(message["channel"], ())):
                try:
                    subscriber.deliver(message["data"])
                except Exception:  # one subscriber's bug is not everyone's outage
                    log.exception("a pub/sub subscriber failed on a message of %s", message["channel"])
        elif message["type"] == "subscribe" and (waiting := self._confirms.get(message["channel"])):
            # Redis confirms in command order: the oldest SUBSCRIBE of the channel is this one.
            confirmed = waiting.popleft()
            if not waiting:
                del self._confirms[message["channel"]]
            if self._latest.get(message["channel"]) is confirmed:
                del self._latest[message["channel"]]
            if not confirmed.done():
                confirmed.set_result(None)

    def _lose(self) -> None:
        """Redis is gone (or refused us): every subscriber is dropped so its client reconnects."""
        if self.closed:
            return
        routes, self.routes = self.routes, {}
        self._shut()
        for subscriber in {s for group in routes.values() for s in group}:
            subscriber.drop(CLOSE_RETRY, RETRY_REASON)

    def _shut(self) -> None:
        """From now on `hub()` builds a new hub; this one lets its connection go."""
        if not self.closed:
            self.closed = True
            if _hubs.get(asyncio.get_running_loop()) is self:
                del _hubs[asyncio.get_running_loop()]
            self._chore(self.close())

    async def close(self) -> None:
        """End the hub: its subscribers hear nothing more (`stop_hub` drops them first)."""
        self.closed = True
        if _hubs.get(asyncio.get_running_loop()) is self:
            del _hubs[asyncio.get_running_loop()]
        for waiting in self._confirms.values():
            for confirmed in waiting:
                if not confirmed.done():
                    confirmed.set_exception(Dropped(CLOSE_RETRY, RETRY_REASON))
                    confirmed.exception()  # retrieved: whoever waits gets it through join
        self._confirms.clear()
        if self._reader is not None and self._reader is not asyncio.current_task():
            self._reader.cancel()
            with suppress(asyncio.CancelledError):
                await self._reader
        with suppress(Exception):
            await self.pubsub.aclose()  # type: ignore[no-untyped-call]  # unannotated in redis-py
            await self.client.aclose()


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """This process's live hub, built on first use (and again after it lost Redis)."""
    loop = asyncio.get_running_loop()
    current = _hubs.get(loop)
    if current is None or current.closed:
        current = _hubs[loop] = Hub()
    return current


async def stop_hub() -> None:
    """At shutdown: drop every subscriber with 1012 (a service restart) and close the connection."""
    current = _hubs.get(asyncio.get_running_loop())
    if current is not None:
        current._lose()
        await current.close()
        await asyncio.gather(*current._chores, return_exceptions=True)


class Listening:
    """One local subscriber of one channel: a bounded queue of the events it has yet to take."""

    def __init__(self, on_drop: Callable[[int, str], None] | None, size: int) -> None:
        self._queue: asyncio.Queue[str | Dropped] = asyncio.Queue(size + 1)  # + room for the end
        self._size = size
        self._on_drop = on_drop
        self.dropped: Dropped | None = None
        self.leave: Callable[[], None] = lambda: None

    def deliver(self, data: str) -> None:
        if self.dropped is None:
            if self._queue.qsize() >= self._size:
                self.drop(CLOSE_SLOW, SLOW_REASON)
            else:
                self._queue.put_nowait(data)

    def drop(self, code: int, reason: str) -> None:
        if self.dropped is None:
            self.dropped = Dropped(code, reason)
            self.leave()
            self._queue.put_nowait(self.dropped)
            if self._on_drop is not None:
                self._on_drop(code, reason)

    def __aiter__(self) -> Listening:
        return self

    async def __anext__(self) -> Event:
        item = await self._queue.get()
        if isinstance(item, Dropped):
            raise item
        return Event.loads(item)


@asynccontextmanager
async def listen(
    channel: str, *, on_drop: Callable[[int, str], None] | None = None, size: int = QUEUE_SIZE
) -> AsyncIterator[Listening]:
    """Events of `channel` from the moment this enters. Iterating raises `Dropped` when this
    subscriber is cut off (Redis lost, or it fell `size` events behind); `on_drop(code, reason)`
    is called at that very moment, to close a socket at once even while it is blocked."""
    current = hub()
    listening = Listening(on_drop, size)
    listening.leave = lambda: current.leave(channel, listening)
    try:
        await current.join(channel, listening)
    except Dropped as exc:
        listening.drop(exc.code, exc.reason)
        raise
    except BaseException:  # cancelled while joining
        listening.leave()
        raise
    try:
        yield listening
    finally:
        listening.leave()


async def subscribe(channel: str) -> AsyncIterator[Event]:
    """The events of one channel, for code that holds no socket (tests, tools)."""
    async with listen(channel) as events:
        async for event in events:
            yield event
