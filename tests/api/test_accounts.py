"""Accounts through GraphQL over HTTP, as a frontend would use them.

Registration, profile, becoming a host, public profiles, the admin member list, email
verification, password reset and change. Every refused call is checked to have written nothing.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from strawberry.relay import GlobalID

from core.settings import get_settings
from models.users import AccountToken, RefreshToken, TokenPurpose, User
from tests.conftest import LOGIN, PASSWORD, REGISTER, GraphQLClient, create_user, sign_in

NEW_PASSWORD = "a completely different passphrase"

UPDATE_PROFILE = """
mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    user { firstName lastName phone avatarUrl bio languages }
    errors { code field message }
  }
}"""
BECOME_HOST = "mutation { becomeHost { user { isHost roles } errors { code field message } } }"
USER = """
query($id: ID!) {
  user(id: $id) {
    id firstName displayName bio languages isHost emailVerified memberSince
    email lastName phone roles twoFactorEnabled
  }
}"""
NODE = "query($id: ID!) { node(id: $id) { __typename id ... on User { firstName email } } }"
USERS = """
query($first: Int, $after: String, $email: String) {
  users(first: $first, after: $after, email: $email) {
    totalCount
    edges { cursor node { id email } }
    pageInfo { hasNextPage endCursor }
  }
}"""
REQUEST_VERIFICATION = "mutation { requestEmailVerification { ok errors { code field message } } }"
VERIFY_EMAIL = """
mutation($input: TokenInput!) {
  verifyEmail(input: $input) { user { id emailVerified } errors { code field message } }
}"""
REQUEST_RESET = """
mutation($input: EmailInput!) {
  requestPasswordReset(input: $input) { ok errors { code field message } }
}"""
RESET_PASSWORD = """
mutation($input: ResetPasswordInput!) {
  resetPassword(input: $input) { ok errors { code field message } }
}"""
CHANGE_PASSWORD = """
mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { ok errors { code field message } }
}"""
REFRESH = """
mutation($input: RefreshTokenInput!) {
  refreshToken(input: $input) { accessToken refreshToken errors { code field message } }
}"""


# ---- helpers ------------------------------------------------------------------------------------


def global_id(user: User) -> str:
    return str(GlobalID("User", str(user.id)))


async def payload(gql: GraphQLClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one mutation payload of a response that carries no GraphQL-level errors."""
    body = await gql(query, variables)
    assert "errors" not in body, body["errors"]
    (value,) = body["data"].values()
    return value


def refused(result: dict[str, Any]) -> tuple[str, str | None]:
    """(code, field) of a payload that carries exactly one error."""
    assert len(result["errors"]) == 1, result
    error = result["errors"][0]
    assert error["message"]
    return error["code"], error["field"]


def graphql_error_code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]["code"]


async def register(
    gql: GraphQLClient, email: str, password: str = PASSWORD, first_name: str = "Ann", **more: str
) -> dict[str, Any]:
    variables = {"input": {"email": email, "password": password, "firstName": first_name, **more}}
    return await payload(gql, REGISTER, variables)


async def login(gql: GraphQLClient, email: str, password: str) -> dict[str, Any]:
    return await payload(gql, LOGIN, {"input": {"email": email, "password": password}})


async def refresh(gql: GraphQLClient, refresh_token: str) -> dict[str, Any]:
    return await payload(gql, REFRESH, {"input": {"refreshToken": refresh_token}})


async def profile_row(user_id: uuid.UUID) -> dict[str, Any]:
    (row,) = await User.filter(id=user_id).values()
    return row


# ---- register -----------------------------------------------------------------------------------


async def test_register_returns_the_user_and_stores_a_lower_cased_email(gql):
    result = await register(gql, "  Nia.Ray@Example.COM ", first_name="Nia", lastName="Ray")

    assert result["errors"] == []
    user = await User.get(email="nia.ray@example.com")
    assert result["user"] == {"id": global_id(user), "firstName": "Nia"}
    assert (user.first_name, user.last_name) == ("Nia", "Ray")
    assert await User.all().count() == 1


async def test_register_stores_an_argon2id_hash_never_the_password(gql):
    await register(gql, "nia@example.com")

    row = await profile_row((await User.get(email="nia@example.com")).id)
    assert row["password_hash"].startswith("$argon2id$")
    assert PasswordHasher().verify(row["password_hash"], PASSWORD)
    assert not any(PASSWORD in str(value) for value in row.values())


@pytest.mark.parametrize(
    "email",
    [
        "",
        "plainaddress",
        "missing-at.example.com",
        "two@@example.com",
        "two@signs@example.com",
        "@example.com",
        "no-dot@localhost",
        "short-tld@example.c",
        "spaces in@example.com",
        "trailing-dot@example.",
        "a" * 65 + "@example.com",
        # Longer than 254 characters: refused at the schema boundary (tests/api/test_hostile_requests.py).
    ],
)
async def test_register_refuses_a_malformed_email(gql, email):
    result = await register(gql, email)

    assert result["user"] is None
    assert refused(result) == ("INVALID_EMAIL", "email")
    assert await User.all().count() == 0


async def test_register_refuses_an_email_taken_in_another_letter_case(gql):
    await create_user("taken@example.com")

    result = await register(gql, "TAKEN@Example.Com")

    assert result["user"] is None
    assert refused(result) == ("EMAIL_TAKEN", "email")
    assert await User.all().count() == 1


@pytest.mark.parametrize(
    "password",
    [
        "too-short",  # 9 characters
        "1234567890",  # common, from core/common_passwords.txt
        "qwertyuiop",  # common
        "QwertyUiop",  # common once case-folded
        "sam.longname@example.com",  # the email itself
        "Sam.LongName@Example.com",  # the email in another case
        "sam.longname",  # the email's local part
        "x" * 257,  # longer than the maximum
    ],
)
async def test_register_refuses_a_weak_password(gql, password):
    result = await register(gql, "sam.longname@example.com", password=password)

    assert result["user"] is None
    assert refused(result) == ("WEAK_PASSWORD", "password")
    assert await User.all().count() == 0


@pytest.mark.parametrize("first_name", ["", "   "])
async def test_register_requires_a_first_name(gql, first_name):
    result = await register(gql, "ann@example.com", first_name=first_name)

    assert result["user"] is None
    assert refused(result) == ("INVALID_INPUT", "firstName")
    assert await User.all().count() == 0


async def test_register_refuses_an_overlong_last_name(gql):
    result = await register(gql, "ann@example.com", lastName="L" * 101)

    assert refused(result) == ("INVALID_INPUT", "lastName")
    assert await User.all().count() == 0


async def test_register_accepts_a_128_character_password_that_then_signs_in(gql):
    long_password = ("Tr0ub4dor&3-" * 11)[:128]
    assert len(long_password) == 128

    result = await register(gql, "long@example.com", password=long_password)

    assert result["errors"] == [] and result["user"]["firstName"] == "Ann"
    signed_in = await login(gql, "long@example.com", long_password)
    assert signed_in["errors"] == [] and signed_in["accessToken"]


async def test_concurrent_registrations_of_one_email_create_exactly_one_user(gql):
    base = "race.condition@example.com"
    emails = [base[:i].upper() + base[i:] for i in range(20)]  # one address, twenty letter cases
    variables = [{"input": {"email": e, "password": PASSWORD, "firstName": "Racer"}} for e in emails]

    responses = await asyncio.gather(*(gql.post(REGISTER, v) for v in variables))

    assert [r.status_code for r in responses] == [200] * 20
    bodies = [r.json() for r in responses]
    assert all("errors" not in body for body in bodies), [b["errors"] for b in bodies if "errors" in b]
    results = [body["data"]["register"] for body in bodies]
    winners = [r for r in results if r["user"] is not None]
    losers = [r for r in results if r["user"] is None]
    assert len(winners) == 1 and winners[0]["errors"] == []
    assert [refused(r) for r in losers] == [("EMAIL_TAKEN", "email")] * 19
    assert await User.filter(email=base).count() == 1
    assert await User.all().count() == 1


async def test_register_is_throttled_per_ip(gql, monkeypatch):
    monkeypatch.setattr(get_settings(), "ip_register_limit_per_hour", 2)

    first = await register(gql, "one@example.com")
    second = await register(gql, "two@example.com")
    third = await register(gql, "three@example.com")

    assert first["errors"] == [] and second["errors"] == []
    assert third["user"] is None
    assert refused(third) == ("RATE_LIMITED", None)
    assert await User.all().count() == 2
    assert not await User.exists(email="three@example.com")


# ---- updateProfile ------------------------------------------------------------------------------


@pytest.fixture
async def profiled(guest) -> dict[str, Any]:
    """The signed-in guest with every profile field filled in."""
    user = await User.get(email="guest@example.com")
    user.phone = "+1 555 0100"
    user.avatar_url = "https://img.example.com/old.png"
    user.bio = "Old bio."
    user.languages = ["fr"]
    await user.save()
    return {**guest, "user": user}


PROFILE_COLUMNS = ["first_name", "last_name", "phone", "avatar_url", "bio", "languages"]


@pytest.mark.parametrize(
    ("field", "column", "value", "stored"),
    [
        ("firstName", "first_name", "  Greta ", "Greta"),
        ("lastName", "last_name", "Garbo", "Garbo"),
        ("lastName", "last_name", "", ""),
        ("phone", "phone", "+44 20 7946 0958", "+44 20 7946 0958"),
        ("phone", "phone", None, None),
        ("avatarUrl", "avatar_url", "https://cdn.example.com/a.png", "https://cdn.example.com/a.png"),
        ("avatarUrl", "avatar_url", None, None),
        ("bio", "bio", "  I love quiet places.  ", "I love quiet places."),
        ("languages", "languages", ["en", "pt-BR", "en"], ["en", "pt-BR"]),
        ("languages", "languages", [], []),
    ],
)
async def test_update_profile_changes_only_the_given_field(gql, profiled, field, column, value, stored):
    user_id = profiled["user"].id
    before = await profile_row(user_id)

    result = await payload(gql, UPDATE_PROFILE, {"input": {field: value}})

    assert result["errors"] == []
    assert result["user"][field] == stored
    after = await profile_row(user_id)
    assert after[column] == stored
    assert {c: after[c] for c in PROFILE_COLUMNS if c != column} == {
        c: before[c] for c in PROFILE_COLUMNS if c != column
    }


async def test_update_profile_with_several_fields_changes_them_all(gql, profiled):
    changes = {"firstName": "Greta", "bio": "New bio.", "languages": ["sv"]}

    result = await payload(gql, UPDATE_PROFILE, {"input": changes})

    assert result["errors"] == []
    row = await profile_row(profiled["user"].id)
    assert (row["first_name"], row["bio"], row["languages"]) == ("Greta", "New bio.", ["sv"])
    assert row["phone"] == "+1 555 0100"


TWENTY_ONE_TAGS = [a + b for a in "abc" for b in "abcdefg"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"firstName": ""}, "firstName"),
        ({"firstName": "   "}, "firstName"),
        ({"firstName": None}, "firstName"),
        ({"firstName": "F" * 101}, "firstName"),
        ({"lastName": "L" * 101}, "lastName"),
        ({"phone": "call me maybe"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"phone": "+" + "1" * 40}, "phone"),
        ({"avatarUrl": "javascript:alert(1)"}, "avatarUrl"),
        ({"avatarUrl": "ftp://files.example.com/a.png"}, "avatarUrl"),
        ({"avatarUrl": "https://example.com/" + "a" * 500}, "avatarUrl"),
        ({"avatarUrl": "https://cdn.example.com/a.png\n"}, "avatarUrl"),  # whitespace is not a URL
        ({"bio": "b" * 2001}, "bio"),
        ({"languages": ["english"]}, "languages"),
        ({"languages": ["en", "EN"]}, "languages"),
        ({"languages": TWENTY_ONE_TAGS}, "languages"),
        # one bad field refuses the whole change, the good one included
        ({"firstName": "Valid", "phone": "not a phone"}, "phone"),
    ],
)
async def test_update_profile_refuses_an_invalid_value_and_writes_nothing(gql, profiled, changes, field):
    assert len(TWENTY_ONE_TAGS) == 21
    before = await profile_row(profiled["user"].id)

    result = await payload(gql, UPDATE_PROFILE, {"input": changes})

    assert result["user"] is None
    assert refused(result) == ("INVALID_INPUT", field)
    assert await profile_row(profiled["user"].id) == before


async def test_update_profile_requires_sign_in(gql):
    user = await create_user("ann@example.com")

    body = await gql(UPDATE_PROFILE, {"input": {"firstName": "Mallory"}})

    assert graphql_error_code(body) == "UNAUTHENTICATED"
    assert body["data"] is None
    assert (await User.get(id=user.id)).first_name == "Gina"


# ---- becomeHost ---------------------------------------------------------------------------------


async def test_become_host_adds_the_host_role(gql, guest):
    result = await payload(gql, BECOME_HOST)

    assert result == {"user": {"isHost": True, "roles": ["GUEST", "HOST"]}, "errors": []}
    assert (await User.get(email="guest@example.com")).is_host is True


async def test_become_host_twice_is_harmless(gql, guest):
    await payload(gql, BECOME_HOST)

    again = await payload(gql, BECOME_HOST)

    assert again == {"user": {"isHost": True, "roles": ["GUEST", "HOST"]}, "errors": []}
    me = await gql.ok("{ me { roles isHost } }")
    assert me["me"] == {"roles": ["GUEST", "HOST"], "isHost": True}


async def test_become_host_requires_sign_in(gql):
    body = await gql(BECOME_HOST)

    assert graphql_error_code(body) == "UNAUTHENTICATED"
    assert body["data"] is None


# ---- user(id:) and node(id:) --------------------------------------------------------------------


@pytest.fixture
async def hana() -> User:
    return await create_user(
        "hana@example.com",
        first_name="Hana",
        last_name="Host",
        phone="+81 3 1234 5678",
        bio="Tea and tatami.",
        languages=["ja", "en"],
        is_host=True,
        email_verified_at=datetime.now(UTC),
    )


PRIVATE = {"email", "lastName", "phone", "roles", "twoFactorEnabled"}


def assert_public_fields(profile: dict[str, Any], user: User) -> None:
    assert profile["id"] == global_id(user)
    assert profile["firstName"] == "Hana"
    assert profile["displayName"].startswith("Hana")
    assert profile["bio"] == "Tea and tatami."
    assert profile["languages"] == ["ja", "en"]
    assert profile["isHost"] is True
    assert profile["emailVerified"] is True
    assert datetime.fromisoformat(profile["memberSince"]) == user.created_at


async def test_user_hides_private_fields_from_anonymous_viewers(gql, hana):
    profile = (await gql.ok(USER, {"id": global_id(hana)}))["user"]

    assert_public_fields(profile, hana)
    assert {k: profile[k] for k in PRIVATE} == dict.fromkeys(PRIVATE)


async def test_user_hides_private_fields_from_other_members(gql, hana, guest):
    profile = (await gql.ok(USER, {"id": global_id(hana)}))["user"]

    assert_public_fields(profile, hana)
    assert {k: profile[k] for k in PRIVATE} == dict.fromkeys(PRIVATE)


PRIVATE_VALUES = {
    "email": "hana@example.com",
    "lastName": "Host",
    "phone": "+81 3 1234 5678",
    "roles": ["GUEST", "HOST"],
    "twoFactorEnabled": False,
}


async def test_user_shows_private_fields_to_the_user_themselves(gql, hana):
    await sign_in(gql, "hana@example.com")

    profile = (await gql.ok(USER, {"id": global_id(hana)}))["user"]

    assert_public_fields(profile, hana)
    assert {k: profile[k] for k in PRIVATE} == PRIVATE_VALUES


async def test_user_shows_private_fields_to_an_admin(gql, hana):
    await create_user("admin@example.com", is_admin=True)
    await sign_in(gql, "admin@example.com")

    profile = (await gql.ok(USER, {"id": global_id(hana)}))["user"]

    assert_public_fields(profile, hana)
    assert {k: profile[k] for k in PRIVATE} == PRIVATE_VALUES


async def test_display_name_is_first_name_and_last_initial(gql, hana):
    profile = (await gql.ok(USER, {"id": global_id(hana)}))["user"]

    assert profile["displayName"] == "Hana H."


async def test_user_of_an_unknown_or_deactivated_account_is_null(gql, hana):
    hana.is_active = False
    await hana.save()

    deactivated = await gql.ok(USER, {"id": global_id(hana)})
    unknown = await gql.ok(USER, {"id": str(GlobalID("User", str(uuid.uuid4())))})

    assert deactivated == {"user": None}
    assert unknown == {"user": None}


async def test_node_refetches_a_user_by_global_id(gql, hana):
    data = await gql.ok(NODE, {"id": global_id(hana)})

    assert data["node"] == {"__typename": "User", "id": global_id(hana), "firstName": "Hana", "email": None}


@pytest.mark.parametrize(
    "node_id",
    [
        str(GlobalID("User", str(uuid.uuid4()))),  # nobody
        str(GlobalID("User", "not-a-uuid")),
        str(GlobalID("User", "")),
    ],
)
async def test_node_of_an_unknown_user_id_is_null(gql, hana, node_id):
    body = await gql(NODE, {"id": node_id})

    assert body == {"data": {"node": None}}


@pytest.mark.parametrize("node_id", ["garbage", "%%%not-base64%%%", base64.b64encode(b"no colon").decode()])
async def test_node_of_an_undecodable_id_is_null_with_a_bad_input_error(gql, hana, node_id):
    response = await gql.post(NODE, {"id": node_id})

    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"node": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


async def test_node_and_user_of_another_type_name_are_null(gql, hana):
    other_type = str(GlobalID("Listing", str(hana.id)))

    assert await gql(NODE, {"id": other_type}) == {"data": {"node": None}}
    assert await gql(USER, {"id": other_type}) == {"data": {"user": None}}


# ---- users (admin connection) -------------------------------------------------------------------


@pytest.fixture
async def admin(gql) -> User:
    user = await create_user("admin@example.com", first_name="Ada", is_admin=True)
    await sign_in(gql, "admin@example.com")
    return user


@pytest.fixture
async def five_members(admin) -> list[User]:
    """Five members created after the admin, oldest first."""
    return [await create_user(f"member{i}@example.com") for i in range(5)]


async def test_users_pages_newest_first_with_keyset_cursors(gql, five_members, admin):
    newest_first = [u.email for u in reversed([admin, *five_members])]
    seen: list[str] = []
    after = None
    pages = []
    while True:
        page = (await gql.ok(USERS, {"first": 2, "after": after}))["users"]
        pages.append(page)
        seen += [edge["node"]["email"] for edge in page["edges"]]
        assert page["totalCount"] == 6
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == newest_first
    assert [len(p["edges"]) for p in pages] == [2, 2, 2]
    assert [p["pageInfo"]["hasNextPage"] for p in pages] == [True, True, False]


async def test_users_node_ids_are_global_ids(gql, five_members):
    page = (await gql.ok(USERS, {"first": 1}))["users"]

    assert page["edges"][0]["node"]["id"] == global_id(five_members[-1])


async def test_users_filters_by_email(gql, five_members):
    page = (await gql.ok(USERS, {"email": " MEMBER3@ "}))["users"]

    assert page["totalCount"] == 1
    assert [e["node"]["email"] for e in page["edges"]] == ["member3@example.com"]
    assert page["pageInfo"]["hasNextPage"] is False


async def test_users_email_filter_treats_like_wildcards_literally(gql, five_members):
    page = (await gql.ok(USERS, {"email": "_"}))["users"]

    assert page["totalCount"] == 0
    assert page["edges"] == []


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        base64.urlsafe_b64encode(b"not json").decode(),
        base64.urlsafe_b64encode(json.dumps(["yesterday", "nobody"]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps(None).encode()).decode(),
    ],
)
async def test_users_refuses_a_malformed_cursor_as_invalid_input(gql, five_members, cursor):
    body = await gql(USERS, {"first": 2, "after": cursor})

    assert graphql_error_code(body) == "INVALID_INPUT"


async def test_users_is_forbidden_to_a_member(gql, guest):
    body = await gql(USERS, {"first": 5})

    assert graphql_error_code(body) == "FORBIDDEN"
    assert body["data"] is None


async def test_users_requires_sign_in(gql):
    await create_user("ann@example.com")

    body = await gql(USERS, {"first": 5})

    assert graphql_error_code(body) == "UNAUTHENTICATED"
    assert body["data"] is None


# ---- email verification -------------------------------------------------------------------------


async def test_request_email_verification_refuses_an_already_verified_email(gql):
    await create_user("ann@example.com", email_verified_at=datetime.now(UTC))
    await sign_in(gql, "ann@example.com")

    result = await payload(gql, REQUEST_VERIFICATION)

    assert result["ok"] is False
    assert refused(result) == ("ALREADY_VERIFIED", None)


async def test_request_email_verification_answers_ok_when_unverified(gql, guest):
    result = await payload(gql, REQUEST_VERIFICATION)

    assert result == {"ok": True, "errors": []}


async def test_request_email_verification_requires_sign_in(gql):
    body = await gql(REQUEST_VERIFICATION)

    assert graphql_error_code(body) == "UNAUTHENTICATED"


async def test_verify_email_with_an_issued_token_verifies_the_address(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, timedelta(hours=1))

    result = await payload(gql, VERIFY_EMAIL, {"input": {"token": token}})

    assert result == {"user": {"id": global_id(user), "emailVerified": True}, "errors": []}
    assert (await User.get(id=user.id)).email_verified_at is not None


async def test_verify_email_token_is_single_use(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, timedelta(hours=1))
    await payload(gql, VERIFY_EMAIL, {"input": {"token": token}})

    again = await payload(gql, VERIFY_EMAIL, {"input": {"token": token}})

    assert again["user"] is None
    assert refused(again) == ("ALREADY_VERIFIED", "token")  # spent, and saying why


async def test_verify_email_refuses_an_expired_token_and_changes_nothing(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, timedelta(seconds=-1))

    result = await payload(gql, VERIFY_EMAIL, {"input": {"token": token}})

    assert result["user"] is None
    assert refused(result) == ("INVALID_TOKEN", "token")
    assert (await User.get(id=user.id)).email_verified_at is None
    assert await AccountToken.filter(user_id=user.id, used_at__isnull=False).count() == 0


@pytest.mark.parametrize("token", ["garbage", "", "x" * 500])
async def test_verify_email_refuses_a_garbage_token(gql, token):
    user = await create_user("ann@example.com")
    await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, timedelta(hours=1))

    result = await payload(gql, VERIFY_EMAIL, {"input": {"token": token}})

    assert refused(result) == ("INVALID_TOKEN", "token")
    assert (await User.get(id=user.id)).email_verified_at is None


async def test_verify_email_refuses_a_password_reset_token(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, timedelta(hours=1))

    result = await payload(gql, VERIFY_EMAIL, {"input": {"token": token}})

    assert refused(result) == ("INVALID_TOKEN", "token")
    assert (await User.get(id=user.id)).email_verified_at is None


# ---- password reset -----------------------------------------------------------------------------


async def test_request_password_reset_answers_the_same_for_known_and_unknown_emails(gql):
    await create_user("known@example.com")

    known = await gql(REQUEST_RESET, {"input": {"email": "known@example.com"}})
    unknown = await gql(REQUEST_RESET, {"input": {"email": "nobody@example.com"}})

    assert known == unknown == {"data": {"requestPasswordReset": {"ok": True, "errors": []}}}


async def test_request_password_reset_is_throttled_per_ip(gql, monkeypatch):
    monkeypatch.setattr(get_settings(), "ip_reset_limit_per_hour", 2)
    variables = {"input": {"email": "nobody@example.com"}}

    results = [await payload(gql, REQUEST_RESET, variables) for _ in range(3)]

    assert [r["errors"] for r in results[:2]] == [[], []]
    assert results[2]["ok"] is False
    assert refused(results[2]) == ("RATE_LIMITED", None)


async def reset(gql: GraphQLClient, token: str, new_password: str = NEW_PASSWORD) -> dict[str, Any]:
    return await payload(gql, RESET_PASSWORD, {"input": {"token": token, "newPassword": new_password}})


async def test_reset_password_replaces_the_password(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=30))

    assert await reset(gql, token) == {"ok": True, "errors": []}

    assert refused(await login(gql, "ann@example.com", PASSWORD)) == ("INVALID_CREDENTIALS", None)
    assert (await login(gql, "ann@example.com", NEW_PASSWORD))["errors"] == []


async def test_reset_password_also_verifies_the_email(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=30))

    await reset(gql, token)

    assert (await User.get(id=user.id)).email_verified_at is not None


async def test_reset_password_token_is_single_use(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=30))
    await reset(gql, token)

    again = await reset(gql, token, "yet another long passphrase")

    assert again["ok"] is False
    assert refused(again) == ("INVALID_TOKEN", "token")
    assert (await login(gql, "ann@example.com", NEW_PASSWORD))["errors"] == []


async def test_reset_password_refuses_an_expired_token_and_changes_nothing(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, timedelta(seconds=-1))

    result = await reset(gql, token)

    assert refused(result) == ("INVALID_TOKEN", "token")
    assert (await User.get(id=user.id)).password_hash == user.password_hash
    assert (await login(gql, "ann@example.com", PASSWORD))["errors"] == []


async def test_reset_password_refuses_a_verification_token(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, timedelta(hours=1))

    result = await reset(gql, token)

    assert refused(result) == ("INVALID_TOKEN", "token")
    assert (await User.get(id=user.id)).password_hash == user.password_hash


async def test_reset_password_refuses_a_weak_password_without_spending_the_token(gql):
    user = await create_user("ann@example.com")
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=30))

    weak = await reset(gql, token, "qwertyuiop")

    assert refused(weak) == ("WEAK_PASSWORD", "newPassword")
    assert (await User.get(id=user.id)).password_hash == user.password_hash
    assert (
        await AccountToken.filter(user_id=user.id, purpose=TokenPurpose.RESET_PASSWORD, used_at=None).count()
        == 1
    )
    assert await reset(gql, token) == {"ok": True, "errors": []}
    assert (await login(gql, "ann@example.com", NEW_PASSWORD))["errors"] == []


async def test_reset_password_signs_out_every_session(gql, client):
    user = await create_user("ann@example.com")
    session = await login(gql, "ann@example.com", PASSWORD)
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=30))

    await reset(gql, token)

    assert refused(await refresh(gql, session["refreshToken"])) == ("INVALID_TOKEN", None)
    signed_in = GraphQLClient(client)
    signed_in.token = session["accessToken"]
    response = await signed_in.post("{ me { id } }")
    assert response.status_code == 401
    assert graphql_error_code(response.json()) == "UNAUTHENTICATED"


# ---- changePassword -----------------------------------------------------------------------------


async def change_password(gql: GraphQLClient, current: str, new: str) -> dict[str, Any]:
    return await payload(gql, CHANGE_PASSWORD, {"input": {"currentPassword": current, "newPassword": new}})


async def test_change_password_refuses_a_wrong_current_password(gql, guest):
    before = (await User.get(email="guest@example.com")).password_hash

    result = await change_password(gql, "not my password at all", NEW_PASSWORD)

    assert result["ok"] is False
    assert refused(result) == ("INVALID_CREDENTIALS", "currentPassword")
    assert (await User.get(email="guest@example.com")).password_hash == before


@pytest.mark.parametrize("new", ["short", "1234567890", "guest@example.com"])
async def test_change_password_refuses_a_weak_new_password(gql, guest, new):
    before = (await User.get(email="guest@example.com")).password_hash

    result = await change_password(gql, PASSWORD, new)

    assert result["ok"] is False
    assert refused(result) == ("WEAK_PASSWORD", "newPassword")
    assert (await User.get(email="guest@example.com")).password_hash == before


async def test_change_password_keeps_this_session_and_signs_out_the_others(gql, guest, client):
    other = GraphQLClient(client)
    other_session = await sign_in(other, "guest@example.com")
    assert (await other.ok("{ me { email } }"))["me"]["email"] == "guest@example.com"

    assert await change_password(gql, PASSWORD, NEW_PASSWORD) == {"ok": True, "errors": []}

    assert (await gql.ok("{ me { email } }"))["me"]["email"] == "guest@example.com"
    response = await other.post("{ me { email } }")
    assert response.status_code == 401
    assert graphql_error_code(response.json()) == "UNAUTHENTICATED"
    assert refused(await refresh(gql, other_session["refreshToken"])) == ("INVALID_TOKEN", None)
    assert (await refresh(gql, guest["refreshToken"]))["errors"] == []


async def test_change_password_makes_the_new_password_the_one_that_signs_in(gql, guest):
    await change_password(gql, PASSWORD, NEW_PASSWORD)

    assert refused(await login(gql, "guest@example.com", PASSWORD)) == ("INVALID_CREDENTIALS", None)
    assert (await login(gql, "guest@example.com", NEW_PASSWORD))["errors"] == []


async def test_change_password_requires_sign_in(gql):
    await create_user("ann@example.com")

    body = await gql(CHANGE_PASSWORD, {"input": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}})

    assert graphql_error_code(body) == "UNAUTHENTICATED"
    assert await RefreshToken.all().count() == 0


async def test_wrong_current_passwords_lock_the_account_like_failed_sign_ins(gql, guest):
    before = (await User.get(email="guest@example.com")).password_hash
    answers = [refused(await change_password(gql, f"wrong password {i}", NEW_PASSWORD)) for i in range(12)]

    result = await change_password(gql, PASSWORD, NEW_PASSWORD)

    assert answers[:5] == [("INVALID_CREDENTIALS", "currentPassword")] * 5
    assert set(answers[5:]) == {("ACCOUNT_LOCKED", None)}
    assert refused(result) == ("ACCOUNT_LOCKED", None)
    assert (await User.get(email="guest@example.com")).password_hash == before
    # The same lockout as signing in: the right password does not sign in either.
    assert refused(await login(gql, "guest@example.com", PASSWORD)) == ("ACCOUNT_LOCKED", None)


async def test_a_right_current_password_resets_the_failure_count(gql, guest):
    for _ in range(4):
        await change_password(gql, "wrong password here", NEW_PASSWORD)
    await change_password(gql, PASSWORD, "short")  # right password, refused new one
    for _ in range(4):
        await change_password(gql, "wrong password here", NEW_PASSWORD)

    assert await change_password(gql, PASSWORD, NEW_PASSWORD) == {"ok": True, "errors": []}


async def test_aliased_password_mutations_are_refused_before_any_runs(gql, guest):
    before = (await User.get(email="guest@example.com")).password_hash
    fields = " ".join(f"c{i}: changePassword(input: $input) {{ ok }}" for i in range(3))
    variables = {"input": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}}

    body = await gql(f"mutation($input: ChangePasswordInput!) {{ {fields} }}", variables)

    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_PASSWORD_CHECKS"]
    assert (await User.get(email="guest@example.com")).password_hash == before


@pytest.mark.parametrize(
    "document",
    [
        # through a fragment, and two different password mutations
        'mutation { ...F } fragment F on Mutation { a: login(input: {email: "x@y.z", password: "p"}) '
        '{ accessToken } b: login(input: {email: "x@y.z", password: "q"}) { accessToken } }',
        'mutation { login(input: {email: "x@y.z", password: "p"}) { accessToken } '
        'register(input: {email: "x@y.z", password: "p", firstName: "X"}) { user { id } } }',
    ],
)
async def test_two_password_checks_in_one_operation_are_refused(gql, document):
    body = await gql(document)

    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_PASSWORD_CHECKS"]
    assert await User.all().count() == 0


async def test_one_password_check_with_other_mutations_is_allowed(gql, guest):
    body = await gql.ok(
        "mutation($input: ChangePasswordInput!) { becomeHost { user { isHost } } "
        "changePassword(input: $input) { ok } }",
        {"input": {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}},
    )
    assert body["changePassword"]["ok"] is True


# ---- requestPasswordReset does the same work whether or not the account exists -----------------


async def reset_request_work(gql: GraphQLClient, email: str) -> tuple[int, list[str]]:
    """The SQL statements and the Redis commands (names, in order) of one requestPasswordReset,
    seen by Redis itself (MONITOR): those of this process's connections, told apart from any
    worker's by the request's own throttle key."""
    from redis.asyncio import Redis

    from core.metrics import count_queries

    url = get_settings().redis_url
    monitor_client, marker = (
        Redis.from_url(url, decode_responses=True),
        Redis.from_url(url, decode_responses=True),
    )
    await marker.ping()  # connected before MONITOR starts, so its handshake is not seen
    commands = []
    async with monitor_client.monitor() as monitor:
        with count_queries() as queries:
            body = await gql(REQUEST_RESET, {"input": {"email": email}})
        await marker.echo("end of request")
        while "end of request" not in (command := await monitor.next_command())["command"]:
            commands.append(command)
    await monitor_client.aclose()
    await marker.aclose()
    assert body["data"]["requestPasswordReset"] == {"ok": True, "errors": []}
    ours = {
        c["client_port"]
        for c in commands
        if "roost:rl:reset:" in c["command"] or "LPUSH celery" in c["command"]
    }
    return queries.value, [c["command"].split()[0] for c in commands if c["client_port"] in ours]


async def test_request_password_reset_does_the_same_work_for_known_and_unknown_emails(gql):
    await create_user("known@example.com")

    known = await reset_request_work(gql, "known@example.com")
    unknown = await reset_request_work(gql, "nobody@example.com")

    assert known == unknown
    queries, commands = known
    assert queries == 0  # whether the account exists is decided in the job, never in the request
    assert "LPUSH" in commands  # a job is queued for both


async def test_password_reset_job_mails_only_real_accounts_and_caps_each_address(gql, mailbox, celery_worker):
    await create_user("known@example.com")
    await create_user("last@example.com")
    for email in ["known@example.com"] * 4 + ["nobody@example.com", "last@example.com"]:
        assert (await payload(gql, REQUEST_RESET, {"input": {"email": email}}))["errors"] == []

    # One solo worker runs the jobs in order: once the last one has mailed (after the welcome
    # mail that registering queued), all have run.
    await asyncio.to_thread(mailbox.wait_for, "last@example.com", 2)

    def resets(address: str) -> list[Any]:
        return [m for m in mailbox.to(address) if "password" in m["Subject"].lower()]

    assert len(resets("known@example.com")) == 3  # at most 3 an hour per address
    assert mailbox.to("nobody@example.com") == []
