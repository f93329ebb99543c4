"""Live events over WebSocket (graphql-transport-ws) against real uvicorn processes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import websockets

from core import pubsub
from tests.conftest import LOGIN, PASSWORD, create_user

NOTIFICATIONS = "subscription { notifications { kind at data } }"


async def login_over_http(
    server: str, email: str, password: str = PASSWORD, agent: str = "test-agent"
) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=f"http://{server}", headers={"user-agent": agent}) as http:
        response = await http.post(
            "/graphql", json={"query": LOGIN, "variables": {"input": {"email": email, "password": password}}}
        )
    assert response.json().get("data"), response.text
    return response.json()["data"]["login"]


class Socket:
    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        async with asyncio.timeout(15):
            return json.loads(await self.ws.recv())

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def subscribe(self, id_: str, query: str = NOTIFICATIONS) -> None:
        await self.send({"id": id_, "type": "subscribe", "payload": {"query": query}})


def connect(server: str, subprotocol: str = "graphql-transport-ws") -> Any:
    return websockets.connect(f"ws://{server}/graphql", subprotocols=[subprotocol])


def kind_of(message: dict[str, Any]) -> str:
    assert message["type"] == "next", message
    return message["payload"]["data"]["notifications"]["kind"]


async def all_listening(sockets: list[Socket], publish: Callable[[], Awaitable[Any]]) -> None:
    """A subscription has no acknowledgement: publish `warm` events until every socket got one."""

    async def warmed(socket: Socket) -> None:
        while kind_of(await socket.receive()) != "warm":
            pass

    waiting = asyncio.gather(*(warmed(s) for s in sockets))
    while not waiting.done():
        await publish()
        await asyncio.wait([waiting], timeout=0.2)
    await waiting


async def warm_up(socket: Socket, user_id: object) -> None:
    channel = pubsub.user_channel(user_id)
    await all_listening([socket], lambda: pubsub.publish(channel, pubsub.Event("warm")))


async def next_event(socket: Socket) -> dict[str, Any]:
    """The next message that is not a leftover `warm` event."""
    while (message := await socket.receive())["type"] == "next" and kind_of(message) == "warm":
        pass
    return message


async def test_event_published_by_one_process_reaches_a_subscriber_on_another(live_servers):
    server_a, server_b = live_servers
    user = await create_user("live@example.com")
    session = await login_over_http(server_a, "live@example.com")
    async with connect(server_a) as ws:
        socket = Socket(ws)
        assert (await socket.init({"Authorization": f"Bearer {session['accessToken']}"}))[
            "type"
        ] == "connection_ack"
        await socket.subscribe("1")
        await warm_up(socket, user.id)
        # A second sign-in handled by the *other* process publishes `new_login`.
        await login_over_http(server_b, "live@example.com")
        message = await next_event(socket)
    assert message["type"] == "next" and message["id"] == "1"
    notification = message["payload"]["data"]["notifications"]
    assert notification["kind"] == "new_login"
    assert notification["data"]["ip"] == "127.0.0.1"


async def test_subscription_sees_only_its_own_users_events(live_servers):
    server_a, server_b = live_servers
    mine = await create_user("mine@example.com")
    await create_user("other@example.com")
    session = await login_over_http(server_a, "mine@example.com")
    async with connect(server_a) as ws:
        socket = Socket(ws)
        await socket.init({"token": session["accessToken"]})
        await socket.subscribe("1")
        await warm_up(socket, mine.id)
        # Someone else's event goes first: had it leaked, it would be the first to arrive.
        await login_over_http(server_b, "other@example.com", agent="other-agent")
        await login_over_http(server_b, "mine@example.com", agent="mine-agent")
        message = await next_event(socket)
    assert message["payload"]["data"]["notifications"]["data"]["userAgent"] == "mine-agent"


async def test_subscribing_without_signing_in_is_unauthenticated(live_servers):
    async with connect(live_servers[0]) as ws:
        socket = Socket(ws)
        assert (await socket.init())["type"] == "connection_ack"
        await socket.subscribe("1")
        message = await socket.receive()
    assert message["id"] == "1"
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_bad_token_in_connection_init_closes_the_connection(live_servers):
    async with connect(live_servers[0]) as ws:
        socket = Socket(ws)
        await socket.send(
            {"type": "connection_init", "payload": {"Authorization": "Bearer forged.token.here"}}
        )
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await socket.receive()
    assert closed.value.rcvd.code == 4403


async def test_legacy_graphql_ws_protocol_is_off(live_servers):
    async with connect(live_servers[0], "graphql-ws") as ws:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
    assert closed.value.rcvd.code == 4406


async def test_subscriptions_per_connection_are_capped(live_servers):
    await create_user("many@example.com")
    session = await login_over_http(live_servers[0], "many@example.com")
    async with connect(live_servers[0]) as ws:
        socket = Socket(ws)
        await socket.init({"token": session["accessToken"]})
        for i in range(10):
            await socket.subscribe(str(i))
        await socket.subscribe("one-too-many")
        message = await socket.receive()
    assert message["id"] == "one-too-many"
    assert message["type"] == "error"
