"""Sockets end with their credentials: revocation closes them (4403) on every server process,
and an access token's expiry closes its socket (4401). Two real uvicorn processes."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
import websockets
from strawberry.relay import to_base64

from core.security import create_access_token
from core.settings import get_settings
from models.users import AccountToken, TokenPurpose, User
from tests.api.test_subscriptions import Socket, connect, login_over_http, next_event, warm_up
from tests.conftest import LOGIN, PASSWORD, GraphQLClient, create_user, sign_in

REFRESH = "mutation($t: String!) { refreshToken(input: {refreshToken: $t}) { accessToken errors { code } } }"
NEW_PASSWORD = "an entirely new passphrase"


async def post(server: str, query: str, variables: dict[str, Any] | None = None, token: str = "") -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=f"http://{server}") as http:
        response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def open_socket(stack: contextlib.AsyncExitStack, server: str, token: str) -> Socket:
    """A signed-in socket with a live `notifications` subscription."""
    socket = Socket(await stack.enter_async_context(connect(server)))
    assert (await socket.init({"Authorization": f"Bearer {token}"}))["type"] == "connection_ack"
    await socket.subscribe("1")
    return socket


async def closed_with(socket: Socket) -> tuple[int, str]:
    """Wait (Socket.receive times out at 15 s) for the server to close the socket."""
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            await socket.receive()
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code, closed.value.rcvd.reason


async def assert_open(socket: Socket) -> None:
    await socket.send({"type": "ping"})
    while (message := await socket.receive())["type"] != "pong":
        assert message["type"] == "next"


def assert_revoked(close: tuple[int, str]) -> None:
    code, reason = close
    assert code == 4403
    # True for every revocation: the session that changed the password may still refresh.
    assert reason == (
        "Credentials changed or revoked: reconnect with a fresh access token; sign in again if refreshing fails."
    )


@pytest.fixture
async def ann(live_servers: list[str]) -> dict[str, Any]:
    """Ann signed in twice (one session on each process), plus Bob, signed in once."""
    server_a, server_b = live_servers
    user = await create_user("ann@example.com")
    await create_user("bob@example.com")
    return {
        "user": user,
        "on_a": await login_over_http(server_a, "ann@example.com"),
        "on_b": await login_over_http(server_b, "ann@example.com"),
        "bob": await login_over_http(server_a, "bob@example.com"),
    }


async def test_logout_all_closes_every_socket_of_the_user_on_every_process(live_servers, ann):
    server_a, server_b = live_servers
    async with contextlib.AsyncExitStack() as stack:
        first = await open_socket(stack, server_a, ann["on_a"]["accessToken"])
        second = await open_socket(stack, server_b, ann["on_b"]["accessToken"])
        bobs = await open_socket(stack, server_a, ann["bob"]["accessToken"])

        body = await post(server_b, "mutation { logoutAll { ok } }", token=ann["on_b"]["accessToken"])
        assert body["data"]["logoutAll"]["ok"] is True

        assert_revoked(await closed_with(first))
        assert_revoked(await closed_with(second))
        await assert_open(bobs)


async def test_logout_closes_only_the_sockets_of_that_session(live_servers, ann):
    server_a, server_b = live_servers
    async with contextlib.AsyncExitStack() as stack:
        ended = await open_socket(stack, server_a, ann["on_a"]["accessToken"])
        kept = await open_socket(stack, server_a, ann["on_b"]["accessToken"])

        await post(server_b, "mutation { logout { ok } }", token=ann["on_a"]["accessToken"])

        assert_revoked(await closed_with(ended))
        await warm_up(kept, ann["user"].id)  # the kept session's subscription delivers
        await login_over_http(server_b, "ann@example.com", agent="later-agent")
        event = await next_event(kept)
        assert event["payload"]["data"]["notifications"]["data"]["userAgent"] == "later-agent"
        await assert_open(kept)


async def test_a_revoked_sessions_token_is_refused_at_connection_init(live_servers, ann):
    server_a, server_b = live_servers
    await post(server_b, "mutation { logout { ok } }", token=ann["on_a"]["accessToken"])
    async with connect(server_a) as ws:
        socket = Socket(ws)
        await socket.send({"type": "connection_init", "payload": {"token": ann["on_a"]["accessToken"]}})
        code, _ = await closed_with(socket)
    assert code == 4403


async def test_changing_the_password_closes_every_socket_of_the_user(live_servers, ann):
    server_a, server_b = live_servers
    change = (
        """mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ok errors { code } } }"""
    )
    async with contextlib.AsyncExitStack() as stack:
        other = await open_socket(stack, server_a, ann["on_a"]["accessToken"])
        own = await open_socket(stack, server_a, ann["on_b"]["accessToken"])

        variables = {"input": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}}
        body = await post(server_b, change, variables, token=ann["on_b"]["accessToken"])
        assert body["data"]["changePassword"]["ok"] is True

        assert_revoked(await closed_with(other))
        assert_revoked(await closed_with(own))  # it reconnects with its still valid token
    me = await post(server_a, "{ me { email } }", token=ann["on_b"]["accessToken"])
    assert me["data"]["me"]["email"] == "ann@example.com"  # (so the reason must not say "sign in again")
    async with contextlib.AsyncExitStack() as stack:
        await assert_open(await open_socket(stack, server_a, ann["on_b"]["accessToken"]))


async def test_resetting_the_password_closes_every_socket_of_the_user(live_servers, ann):
    server_a, server_b = live_servers
    token = await AccountToken.issue(ann["user"], TokenPurpose.RESET_PASSWORD, timedelta(minutes=30))
    reset = "mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ok errors { code } } }"
    async with contextlib.AsyncExitStack() as stack:
        first = await open_socket(stack, server_a, ann["on_a"]["accessToken"])
        second = await open_socket(stack, server_b, ann["on_b"]["accessToken"])

        body = await post(server_b, reset, {"input": {"token": token, "newPassword": NEW_PASSWORD}})
        assert body["data"]["resetPassword"]["ok"] is True

        assert_revoked(await closed_with(first))
        assert_revoked(await closed_with(second))


async def test_suspending_an_account_closes_its_sockets(live_servers, ann):
    server_a, server_b = live_servers
    await create_user("boss@example.com", is_admin=True)
    boss = await login_over_http(server_b, "boss@example.com")
    suspend = "mutation($id: ID!) { suspendUser(input: {userId: $id}) { user { id } errors { code } } }"
    async with contextlib.AsyncExitStack() as stack:
        socket = await open_socket(stack, server_a, ann["on_a"]["accessToken"])

        body = await post(server_b, suspend, {"id": to_base64("User", ann["user"].id)}, boss["accessToken"])
        assert body["data"]["suspendUser"]["errors"] == []

        assert_revoked(await closed_with(socket))
    assert (await User.get(id=ann["user"].id)).is_active is False


async def test_reusing_a_spent_refresh_token_closes_that_sessions_sockets(live_servers, ann):
    server_a, server_b = live_servers
    spent = ann["on_a"]["refreshToken"]
    fresh = (await post(server_b, REFRESH, {"t": spent}))["data"]["refreshToken"]["accessToken"]
    async with contextlib.AsyncExitStack() as stack:
        socket = await open_socket(stack, server_a, fresh)
        untouched = await open_socket(stack, server_a, ann["on_b"]["accessToken"])

        replay = await post(server_b, REFRESH, {"t": spent})
        assert replay["data"]["refreshToken"]["errors"] == [{"code": "INVALID_TOKEN"}]

        assert_revoked(await closed_with(socket))
        await assert_open(untouched)


def short_lived_token(user: User, monkeypatch: pytest.MonkeyPatch, seconds: int) -> str:
    """A real access token (the servers share the secret key) that expires in `seconds`."""
    monkeypatch.setattr(get_settings(), "access_token_ttl_seconds", seconds)
    return create_access_token(user.id, uuid.uuid4())[0]


async def test_a_socket_closes_with_4401_when_its_access_token_expires(live_servers, monkeypatch):
    user = await create_user("ann@example.com")
    token = short_lived_token(user, monkeypatch, 3)
    async with contextlib.AsyncExitStack() as stack:
        socket = await open_socket(stack, live_servers[0], token)  # acknowledged while still valid
        code, reason = await closed_with(socket)
    assert code == 4401
    assert "refresh it and reconnect" in reason


async def test_an_expired_token_at_connection_init_closes_with_4401(live_servers, monkeypatch):
    user = await create_user("ann@example.com")
    token = short_lived_token(user, monkeypatch, -5)
    async with connect(live_servers[0]) as ws:
        socket = Socket(ws)
        await socket.send({"type": "connection_init", "payload": {"token": token}})
        code, reason = await closed_with(socket)
    assert code == 4401
    assert "refresh it and reconnect" in reason


# ---- suspendUser (admins), over HTTP ------------------------------------------------------------

SUSPEND = "mutation($id: ID!) { suspendUser(input: {userId: $id}) { user { id } errors { code field } } }"


async def test_suspend_user_disables_the_account_and_ends_its_sessions(gql, client):
    ann_user = await create_user("ann@example.com")
    ann = GraphQLClient(client)
    ann_session = await sign_in(ann, "ann@example.com")
    await create_user("boss@example.com", is_admin=True)
    await sign_in(gql, "boss@example.com")

    payload = (await gql.ok(SUSPEND, {"id": to_base64("User", ann_user.id)}))["suspendUser"]

    assert payload == {"user": {"id": to_base64("User", ann_user.id)}, "errors": []}
    refused = await ann.post("{ me { id } }")
    assert refused.status_code == 401
    [error] = refused.json()["errors"]
    assert error == {"message": "This account is suspended.", "extensions": {"code": "UNAUTHENTICATED"}}
    body = await gql(REFRESH, {"t": ann_session["refreshToken"]})
    assert body["data"]["refreshToken"]["errors"] == [{"code": "INVALID_TOKEN"}]
    login = await gql(LOGIN, {"input": {"email": "ann@example.com", "password": PASSWORD}})
    assert [e["code"] for e in login["data"]["login"]["errors"]] == ["ACCOUNT_DISABLED"]


@pytest.mark.parametrize("node_id", [to_base64("User", uuid.uuid4()), to_base64("Listing", uuid.uuid4())])
async def test_suspend_user_of_an_unknown_id_is_not_found(gql, node_id):
    await create_user("boss@example.com", is_admin=True)
    await sign_in(gql, "boss@example.com")

    payload = (await gql(SUSPEND, {"id": node_id}))["data"]["suspendUser"]

    assert payload == {"user": None, "errors": [{"code": "NOT_FOUND", "field": "userId"}]}


async def test_suspend_user_is_forbidden_to_a_member(gql, guest):
    other = await create_user("ann@example.com")

    body = await gql(SUSPEND, {"id": to_base64("User", other.id)})

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await User.get(id=other.id)).is_active is True


# ---- the per-process listener itself ------------------------------------------------------------


async def test_a_listener_that_loses_redis_closes_its_sockets_so_they_reconnect():
    from datetime import UTC, datetime

    from core import revocation

    closes: asyncio.Queue[tuple[str, int]] = asyncio.Queue()

    def closer(name: str) -> Any:
        async def close(code: int, reason: str) -> None:
            await closes.put((name, code))

        return close

    later = datetime.now(UTC) + timedelta(hours=1)
    user = uuid.uuid4()
    try:
        await revocation.watch(user_id=user, session_id=uuid.uuid4(), expires_at=later, close=closer("first"))
        listener = revocation._listeners[asyncio.get_running_loop()]
        await listener.pubsub.connection.disconnect()  # Redis drops the subscription

        assert await asyncio.wait_for(closes.get(), 10) == ("first", revocation.CLOSE_RETRY)

        # The next socket gets a fresh subscription, which hears announcements again.
        await revocation.watch(user_id=user, session_id=uuid.uuid4(), expires_at=later, close=closer("next"))
        await revocation.announce(user)
        assert await asyncio.wait_for(closes.get(), 10) == ("next", revocation.CLOSE_REVOKED)
    finally:
        await revocation.stop_listener()
