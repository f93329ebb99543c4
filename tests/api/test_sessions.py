"""Sign-in, refresh-token rotation, logout and access-token checks, through GraphQL over HTTP."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import jwt
import pytest
from argon2 import PasswordHasher

from core import limits
from core.security import needs_rehash, token_digest, verify_password
from core.settings import get_settings
from models.users import RefreshToken, User
from tests.conftest import LOGIN, PASSWORD, GraphQLClient, create_user, sign_in

REFRESH = """
mutation($token: String!) {
  refreshToken(input: {refreshToken: $token}) {
    accessToken refreshToken user { id } errors { code field message }
  }
}"""
LOGOUT = "mutation { logout { ok errors { code } } }"
LOGOUT_ALL = "mutation { logoutAll { ok errors { code } } }"
ME = "{ me { id email } }"


async def login(gql: GraphQLClient, email: str, password: str = PASSWORD) -> dict:
    body = await gql(LOGIN, {"input": {"email": email, "password": password}})
    assert "errors" not in body, body
    return body["data"]["login"]


def global_id(user: User) -> str:
    return base64.b64encode(f"User:{user.id}".encode()).decode()


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def refresh(gql: GraphQLClient, token: str) -> dict:
    body = await gql(REFRESH, {"token": token})
    assert "errors" not in body, body
    return body["data"]["refreshToken"]


async def me_status(gql: GraphQLClient, access_token: str) -> int:
    response = await gql.http.post(
        "/graphql", json={"query": ME}, headers={"authorization": f"Bearer {access_token}"}
    )
    return response.status_code


# ---- login --------------------------------------------------------------------------------------


async def test_login_returns_tokens_and_user(gql):
    user = await create_user("ann@example.com")
    payload = await login(gql, "  Ann@Example.COM ")
    assert payload["errors"] == []
    assert payload["accessToken"] and payload["refreshToken"]
    assert payload["accessTokenExpiresAt"]
    assert payload["user"]["id"] == global_id(user)
    digest = token_digest(payload["refreshToken"])
    assert await RefreshToken.filter(user_id=user.id, token_hash=digest).exists()
    assert await me_status(gql, payload["accessToken"]) == 200


async def test_login_payload_shows_the_user_their_own_private_fields(gql):
    await create_user("ann@example.com")
    payload = await login(gql, "ann@example.com")
    assert payload["user"]["email"] == "ann@example.com"


async def test_wrong_password_and_unknown_email_answer_identically(gql):
    await create_user("ann@example.com")
    wrong_password = await login(gql, "ann@example.com", "not the password at all")
    unknown_email = await login(gql, "nobody@example.com", "not the password at all")
    assert codes(wrong_password) == ["INVALID_CREDENTIALS"]
    assert wrong_password == unknown_email
    assert wrong_password["accessToken"] is None and wrong_password["user"] is None


async def test_five_failures_lock_the_account_even_for_the_right_password(gql):
    await create_user("ann@example.com")
    for _ in range(5):
        assert codes(await login(gql, "ann@example.com", "wrong password!")) == ["INVALID_CREDENTIALS"]
    locked = await login(gql, "ann@example.com")
    assert codes(locked) == ["ACCOUNT_LOCKED"]
    assert locked["accessToken"] is None


async def test_unknown_email_locks_with_the_same_answer(gql):
    await create_user("ann@example.com")
    answers = {}
    for email in ("ann@example.com", "nobody@example.com"):
        for _ in range(5):
            assert codes(await login(gql, email, "wrong password!")) == ["INVALID_CREDENTIALS"]
        answers[email] = await login(gql, email)
    assert codes(answers["nobody@example.com"]) == ["ACCOUNT_LOCKED"]
    assert answers["ann@example.com"] == answers["nobody@example.com"]


async def test_aliased_login_attempts_are_refused_before_any_runs(gql):
    await create_user("ann@example.com")
    fields = " ".join(f"a{i}: login(input: $input) {{ accessToken errors {{ code }} }}" for i in range(8))
    body = await gql(
        f"mutation($input: LoginInput!) {{ {fields} }}",
        {"input": {"email": "ann@example.com", "password": "wrong password!"}},
    )
    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_PASSWORD_CHECKS"]
    assert codes(await login(gql, "ann@example.com")) == []  # no attempt was counted


async def test_concurrent_login_attempts_count_one_by_one(gql):
    await create_user("ann@example.com")
    wrong = {"input": {"email": "ann@example.com", "password": "wrong password!"}}
    answers = [
        codes(p["data"]["login"]) for p in await asyncio.gather(*(gql(LOGIN, wrong) for _ in range(8)))
    ]
    assert answers.count(["INVALID_CREDENTIALS"]) <= 5
    assert answers.count(["INVALID_CREDENTIALS"]) + answers.count(["ACCOUNT_LOCKED"]) == 8
    assert codes(await login(gql, "ann@example.com")) == ["ACCOUNT_LOCKED"]


async def test_logins_from_one_ip_are_throttled(gql, monkeypatch):
    monkeypatch.setattr(get_settings(), "ip_login_limit_per_minute", 3)
    # One frozen clock for the limiter: the four attempts cannot straddle two minute windows.
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    await create_user("ann@example.com")
    for i in range(3):
        assert codes(await login(gql, f"user{i}@example.com", "wrong password!")) == ["INVALID_CREDENTIALS"]
    throttled = await login(gql, "ann@example.com")
    assert codes(throttled) == ["RATE_LIMITED"]
    assert throttled["accessToken"] is None


async def test_disabled_user_cannot_log_in(gql):
    await create_user("ann@example.com", is_active=False)
    payload = await login(gql, "ann@example.com")
    assert codes(payload) == ["ACCOUNT_DISABLED"]
    assert payload["accessToken"] is None and payload["refreshToken"] is None
    assert not await RefreshToken.all().exists()


async def test_login_rehashes_a_password_hashed_with_weaker_parameters(gql):
    user = await create_user("ann@example.com")
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)  # below any setting
    await User.filter(id=user.id).update(password_hash=weak)
    assert (await login(gql, "ann@example.com"))["errors"] == []
    stored = (await User.get(id=user.id)).password_hash
    assert stored != weak
    assert not needs_rehash(stored)
    assert await verify_password(stored, PASSWORD)


# ---- refresh tokens -----------------------------------------------------------------------------


async def test_refresh_rotates_the_tokens(gql):
    user = await create_user("ann@example.com")
    first = await login(gql, "ann@example.com")
    second = await refresh(gql, first["refreshToken"])
    assert second["errors"] == []
    assert second["refreshToken"] != first["refreshToken"]
    assert second["accessToken"] != first["accessToken"]
    assert second["user"]["id"] == first["user"]["id"]
    old = await RefreshToken.get(token_hash=token_digest(first["refreshToken"]))
    new = await RefreshToken.get(token_hash=token_digest(second["refreshToken"]))
    assert old.used_at is not None and new.used_at is None
    assert old.family_id == new.family_id and new.user_id == user.id
    assert await me_status(gql, second["accessToken"]) == 200


async def test_reusing_a_spent_refresh_token_revokes_the_whole_family(gql):
    await create_user("ann@example.com")
    first = await login(gql, "ann@example.com")
    second = await refresh(gql, first["refreshToken"])
    assert second["errors"] == []

    reused = await refresh(gql, first["refreshToken"])
    assert codes(reused) == ["INVALID_TOKEN"]
    assert reused["accessToken"] is None
    assert codes(await refresh(gql, second["refreshToken"])) == ["INVALID_TOKEN"]
    assert await me_status(gql, second["accessToken"]) == 401
    assert await me_status(gql, first["accessToken"]) == 401


async def test_reuse_leaves_other_sessions_alone(gql):
    await create_user("ann@example.com")
    mine = await login(gql, "ann@example.com")
    other = await login(gql, "ann@example.com")
    await refresh(gql, mine["refreshToken"])
    assert codes(await refresh(gql, mine["refreshToken"])) == ["INVALID_TOKEN"]
    assert await me_status(gql, other["accessToken"]) == 200
    assert (await refresh(gql, other["refreshToken"]))["errors"] == []


async def test_concurrent_refresh_of_one_token_succeeds_at_most_once(gql):
    await create_user("ann@example.com")
    first = await login(gql, "ann@example.com")
    answers = await asyncio.gather(*(refresh(gql, first["refreshToken"]) for _ in range(5)))
    winners = [a for a in answers if a["errors"] == []]
    assert len(winners) <= 1
    assert all(codes(a) == ["INVALID_TOKEN"] for a in answers if a not in winners)
    assert await RefreshToken.filter(used_at__isnull=True, revoked_at__isnull=True).count() <= 1


async def test_expired_refresh_token_is_refused(gql):
    await create_user("ann@example.com")
    first = await login(gql, "ann@example.com")
    await RefreshToken.filter(token_hash=token_digest(first["refreshToken"])).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    payload = await refresh(gql, first["refreshToken"])
    assert codes(payload) == ["INVALID_TOKEN"]
    assert payload["refreshToken"] is None


@pytest.mark.parametrize("token", ["garbage", "", "x" * 500])
async def test_garbage_refresh_token_is_refused(gql, token):
    await create_user("ann@example.com")
    await login(gql, "ann@example.com")
    payload = await refresh(gql, token)
    assert codes(payload) == ["INVALID_TOKEN"]
    assert payload["accessToken"] is None


async def test_refresh_for_a_disabled_user_is_refused(gql):
    user = await create_user("ann@example.com")
    first = await login(gql, "ann@example.com")
    await User.filter(id=user.id).update(is_active=False)
    assert codes(await refresh(gql, first["refreshToken"])) == ["INVALID_TOKEN"]
    assert await me_status(gql, first["accessToken"]) == 401


# ---- logout -------------------------------------------------------------------------------------


async def test_logout_ends_only_this_session(gql):
    await create_user("ann@example.com")
    other = await login(gql, "ann@example.com")
    mine = await sign_in(gql, "ann@example.com")
    assert (await gql.ok(LOGOUT))["logout"]["ok"] is True
    gql.token = None

    assert await me_status(gql, mine["accessToken"]) == 401
    assert codes(await refresh(gql, mine["refreshToken"])) == ["INVALID_TOKEN"]
    assert await me_status(gql, other["accessToken"]) == 200
    assert (await refresh(gql, other["refreshToken"]))["errors"] == []


async def test_logout_all_ends_every_session(gql):
    await create_user("ann@example.com")
    await create_user("bob@example.com")
    bob = await login(gql, "bob@example.com")
    sessions = [await login(gql, "ann@example.com") for _ in range(2)]
    sessions.append(await sign_in(gql, "ann@example.com"))
    assert (await gql.ok(LOGOUT_ALL))["logoutAll"]["ok"] is True
    gql.token = None

    for session in sessions:
        assert await me_status(gql, session["accessToken"]) == 401
        assert codes(await refresh(gql, session["refreshToken"])) == ["INVALID_TOKEN"]
    assert await me_status(gql, bob["accessToken"]) == 200


# ---- the Authorization header -------------------------------------------------------------------


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _jwt(user_id: str, session_id: str, *, key: str | None = None, exp_in: int = 600) -> str:
    s = get_settings()
    now = int(time.time())
    claims = {
        "sub": user_id,
        "sid": session_id,
        "iss": s.jwt_issuer,
        "aud": s.jwt_audience,
        "iat": now - 3600,
        "exp": now + exp_in,
    }
    return jwt.encode(claims, key or s.secret_key, algorithm="HS256", headers={"kid": s.jwt_key_id})


def _alg_none(user_id: str, session_id: str) -> str:
    s = get_settings()
    now = int(time.time())
    claims = {
        "sub": user_id,
        "sid": session_id,
        "iss": s.jwt_issuer,
        "aud": s.jwt_audience,
        "iat": now,
        "exp": now + 600,
    }
    return f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': s.jwt_key_id})}.{_b64(claims)}."


async def guest_id() -> str:
    return str((await User.get(email="guest@example.com")).id)


async def test_hand_built_token_of_a_real_session_is_accepted(gql, guest):
    """The control for the refusals below: only their one defect makes them fail."""
    session_id = str(uuid.uuid4())
    response = await gql.http.post(
        "/graphql",
        json={"query": ME},
        headers={"authorization": f"Bearer {_jwt(await guest_id(), session_id)}"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["me"]["email"] == "guest@example.com"


HEADERS = {
    "basic": lambda uid, sid: "Basic x",
    "bearer-without-token": lambda uid, sid: "Bearer",
    "garbage": lambda uid, sid: "Bearer garbage",
    "forged": lambda uid, sid: "Bearer " + _jwt(uid, sid, key="forged-key-forged-key-forged-key-0123"),
    "expired": lambda uid, sid: "Bearer " + _jwt(uid, sid, exp_in=-60),
    "alg-none": lambda uid, sid: "Bearer " + _alg_none(uid, sid),
}


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
async def test_bad_authorization_headers_get_401(gql, guest, header):
    gql.token = None
    value = header(await guest_id(), str(uuid.uuid4()))
    response = await gql.post(ME, authorization=value)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("logout", LOGOUT),
        ("logoutAll", LOGOUT_ALL),
        (
            "changePassword",
            'mutation { changePassword(input: {currentPassword: "a", newPassword: "b"}) { ok } }',
        ),
        ("enableTwoFactor", 'mutation { enableTwoFactor(input: {password: "a"}) { secret } }'),
    ],
)
async def test_mutations_need_a_signed_in_user(gql, name, document):
    body = await gql(document)
    assert body["data"] is None
    assert body["errors"][0]["path"] == [name]
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
