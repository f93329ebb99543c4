"""The per-process pub/sub hub (core/pubsub.py): one Redis connection however many subscribers,
fanned out in memory, a slow subscriber dropped alone, and every subscriber told to reconnect
(1012) when Redis goes away: over a Redis this test owns, never the machine's."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import websockets
from redis.asyncio import Redis

from core import pubsub
from core.cache import close_redis, get_redis, key
from core.settings import get_settings
from tests.api.test_subscriptions import Socket, all_listening, connect, kind_of, login_over_http, next_event
from tests.conftest import ROOT, _stop, _wait_healthy, create_user, free_port
from tests.services import PrivateRedis

ME = "{ me { id } }"


async def open_subscribers(stack: contextlib.AsyncExitStack, server: str, token: str, n: int) -> list[Socket]:
    async def one() -> Socket:
        socket = Socket(await stack.enter_async_context(connect(server)))
        assert (await socket.init({"token": token}))["type"] == "connection_ack"
        await socket.subscribe("1")
        return socket

    return list(await asyncio.gather(*(one() for _ in range(n))))


async def subscribed(channel: str, count: int = 1) -> None:
    """Wait until this many Redis subscriptions to `channel` exist (in every process)."""
    async with asyncio.timeout(15):
        while (await get_redis().pubsub_numsub(channel))[0][1] != count:  # noqa: ASYNC110 (Redis's state)
            await asyncio.sleep(0.02)


async def next_kind(socket: Socket) -> str:
    return kind_of(await next_event(socket))


# ---- many subscribers, one connection ------------------------------------------------------------


async def test_more_subscribers_than_the_redis_pool_holds_all_get_the_event_and_requests_still_answer(
    live_servers,
):
    server = live_servers[0]
    user = await create_user("crowd@example.com")
    token = (await login_over_http(server, "crowd@example.com"))["accessToken"]
    many = 150  # the request pool holds 100 connections: one each would exhaust it
    async with contextlib.AsyncExitStack() as stack:
        sockets = await open_subscribers(stack, server, token, many)
        channel = pubsub.user_channel(user.id)
        await all_listening(sockets, lambda: pubsub.publish(channel, pubsub.Event("warm")))
        assert (await get_redis().pubsub_numsub(channel))[0][1] == 1  # one Redis subscription for all

        # While they are all open, the process still answers requests that need Redis...
        async with httpx.AsyncClient(base_url=f"http://{server}") as http:
            response = await http.post(
                "/graphql", json={"query": ME}, headers={"authorization": f"Bearer {token}"}
            )
        assert response.status_code == 200 and response.json()["data"]["me"], response.text
        # ... and one event (a new sign-in, published by that request) reaches every one of them.
        await login_over_http(server, "crowd@example.com", agent="second-device")
        kinds = await asyncio.gather(*(next_kind(s) for s in sockets))
    assert kinds == ["new_login"] * many


@pytest.fixture
async def small_pool(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """This process's request pool holds two connections (the next test's client is the usual)."""
    monkeypatch.setattr(get_settings(), "redis_max_connections", 2)
    await close_redis()
    yield
    await close_redis()


async def test_subscribers_take_nothing_from_the_request_pool_and_a_burst_waits_for_a_connection(
    small_pool,
):
    async with contextlib.AsyncExitStack() as stack:
        for _ in range(5):
            await stack.enter_async_context(pubsub.listen(pubsub.user_channel(uuid.uuid4())))
        # Twenty commands at once, each holding its connection a moment, through a pool of two.
        replies = await asyncio.gather(
            *(get_redis().blpop([key("nothing", n)], timeout=0.05) for n in range(20))
        )
    assert replies == [None] * 20


async def test_local_subscribers_of_a_channel_share_one_redis_subscription():
    channel = pubsub.user_channel(uuid.uuid4())
    async with contextlib.AsyncExitStack() as stack:
        listeners = [await stack.enter_async_context(pubsub.listen(channel)) for _ in range(3)]
        assert (await get_redis().pubsub_numsub(channel))[0][1] == 1
        await pubsub.publish(channel, pubsub.Event("hello", {"n": 1}))
        received = [await asyncio.wait_for(anext(aiter(listener)), 10) for listener in listeners]
    assert [(e.type, e.data) for e in received] == [("hello", {"n": 1})] * 3
    await subscribed(channel, 0)  # the last one out unsubscribed


async def test_channels_come_and_go_while_the_hub_stays_and_it_keeps_nothing_of_them():
    staying = pubsub.user_channel(uuid.uuid4())
    async with pubsub.listen(staying) as events:
        hub = pubsub.hub()
        passing = [pubsub.user_channel(uuid.uuid4()) for _ in range(20)]
        for channel in passing:
            async with pubsub.listen(channel):
                pass
        await subscribed(passing[-1], 0)  # unsubscribed in order: all of them are
        assert pubsub.hub() is hub and set(hub.routes) == {staying}
        assert hub._subscribed == {staying} and not hub._confirms and not hub._latest
        await pubsub.publish(staying, pubsub.Event("still"))
        assert (await asyncio.wait_for(anext(aiter(events)), 10)).type == "still"


async def test_a_slow_subscriber_is_dropped_with_1013_and_the_others_miss_nothing():
    channel = pubsub.user_channel(uuid.uuid4())
    drops: list[tuple[int, str]] = []
    async with (
        pubsub.listen(channel, size=2, on_drop=lambda code, reason: drops.append((code, reason))) as slow,
        pubsub.listen(channel) as fast,
    ):
        for n in range(3):
            await pubsub.publish(channel, pubsub.Event("tick", {"n": n}))
        got = [(await asyncio.wait_for(anext(aiter(fast)), 10)).data["n"] for _ in range(3)]
        assert drops == [(pubsub.CLOSE_SLOW, pubsub.SLOW_REASON)]
        # What it had taken in is still its own; then it learns it was dropped.
        assert [(await anext(aiter(slow))).data["n"] for _ in range(2)] == [0, 1]
        with pytest.raises(pubsub.Dropped) as dropped:
            await anext(aiter(slow))
        assert dropped.value.code == pubsub.CLOSE_SLOW
        # The others carry on.
        await pubsub.publish(channel, pubsub.Event("tick", {"n": 3}))
        got.append((await asyncio.wait_for(anext(aiter(fast)), 10)).data["n"])
    assert got == [0, 1, 2, 3]


async def test_a_hub_that_loses_redis_drops_every_subscriber_with_1012_and_the_next_one_is_fresh():
    channel = pubsub.user_channel(uuid.uuid4())
    drops: list[int] = []
    async with pubsub.listen(channel, on_drop=lambda code, reason: drops.append(code)) as events:
        lost = pubsub.hub()
        assert lost.pubsub.connection is not None
        await lost.pubsub.connection.disconnect()  # Redis drops the connection
        with pytest.raises(pubsub.Dropped) as dropped:
            await asyncio.wait_for(anext(aiter(events)), 10)
    assert dropped.value.code == drops[0] == pubsub.CLOSE_RETRY
    async with pubsub.listen(channel) as events:
        assert pubsub.hub() is not lost
        await pubsub.publish(channel, pubsub.Event("again"))
        assert (await asyncio.wait_for(anext(aiter(events)), 10)).type == "again"


# ---- Redis goes away under a live server: a Redis and a server this test owns ---------------------


@pytest.fixture
def own_redis() -> Iterator[PrivateRedis]:
    redis_server = PrivateRedis()
    redis_server.start()
    yield redis_server
    redis_server.stop()


@contextlib.contextmanager
def app_server(redis_url: str) -> Iterator[str]:
    """A uvicorn process of the app on the test database and on `redis_url`: its host:port."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "app:app", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "REDIS_URL": redis_url})
    try:
        _wait_healthy(port, proc)
        yield f"127.0.0.1:{port}"
    finally:
        _stop(proc)


@pytest.fixture
def own_server(own_redis: PrivateRedis) -> Iterator[str]:
    """The app on `own_redis`."""
    with app_server(own_redis.url()) as server:
        yield server


async def messages_until_closed(socket: Socket) -> tuple[list[dict[str, Any]], int]:
    received = []
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            received.append(await socket.receive())
    assert closed.value.rcvd is not None, "closed without a close frame"
    return received, closed.value.rcvd.code


@pytest.mark.parametrize("outage", ["stopped", "restarted at once"])
async def test_losing_redis_closes_open_subscriptions_with_1012_so_clients_reconnect(
    own_redis, own_server, outage
):
    user = await create_user("cut@example.com")
    token = (await login_over_http(own_server, "cut@example.com"))["accessToken"]
    their_redis = Redis(port=own_redis.port)
    channel, warm = pubsub.user_channel(user.id), pubsub.Event("warm").dumps()
    async with contextlib.AsyncExitStack() as stack:
        # Several: before, each had its own Redis connection, racing the revocation listener's.
        sockets = await open_subscribers(stack, own_server, token, 10)
        await all_listening(sockets, lambda: their_redis.publish(channel, warm))
        await their_redis.aclose()

        own_redis.stop()
        if outage == "restarted at once":  # a reconnect would hide the events of the gap
            own_redis.start()

        for socket in sockets:
            before, code = await messages_until_closed(socket)
            # No error `next` and no `complete`: either would end the client's subscription
            # for good, where 1012 makes a graphql-ws client reconnect and subscribe again.
            errors = [m for m in before if m["type"] != "next" or not m["payload"]["data"]]
            assert errors == [] and {kind_of(m) for m in before} <= {"warm"}
            assert code == pubsub.CLOSE_RETRY


async def test_a_hub_whose_redis_stops_answering_drops_its_subscribers_with_1012(own_redis, monkeypatch):
    await pubsub.stop_hub()  # the next hub is on the Redis this test owns
    monkeypatch.setattr(get_settings(), "redis_url", own_redis.url())
    monkeypatch.setattr(pubsub, "HEARTBEAT", 0.2)
    async with pubsub.listen(pubsub.user_channel(uuid.uuid4())) as events:
        own_redis.freeze()  # the connection stays open, and nothing answers
        try:
            with pytest.raises(pubsub.Dropped) as dropped:
                await asyncio.wait_for(anext(aiter(events)), 30)
        finally:
            own_redis.freeze(False)
    assert dropped.value.code == pubsub.CLOSE_RETRY


@pytest.fixture
async def fresh_hub() -> AsyncIterator[None]:
    yield
    await pubsub.stop_hub()


async def test_stopping_the_hub_drops_its_subscribers_with_1012(fresh_hub):
    drops: list[int] = []
    async with pubsub.listen(pubsub.user_channel(uuid.uuid4()), on_drop=lambda c, r: drops.append(c)):
        await pubsub.stop_hub()
    assert drops == [pubsub.CLOSE_RETRY]
