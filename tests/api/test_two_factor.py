"""Two-factor sign-in: enrolment, login with TOTP or a recovery code, and turning it off."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from core.security import current_totp_step, totp_code
from models.users import RecoveryCode, User
from tests.conftest import LOGIN, PASSWORD, GraphQLClient

ENABLE = """
mutation($password: String!) {
  enableTwoFactor(input: {password: $password}) { secret otpauthUri errors { code field } }
}"""
CONFIRM = """
mutation($code: String!) {
  confirmTwoFactor(input: {code: $code}) { recoveryCodes errors { code field } }
}"""
DISABLE = """
mutation($password: String!, $code: String!) {
  disableTwoFactor(input: {password: $password, code: $code}) { ok errors { code field } }
}"""
TWO_FACTOR_ENABLED = "{ me { twoFactorEnabled } }"


def codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def codes_and_fields(payload: dict) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def mutate(gql: GraphQLClient, document: str, **variables: str) -> dict:
    body = await gql(document, variables)
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    return payload


async def turn_on(gql: GraphQLClient) -> tuple[str, list[str]]:
    """Enable and confirm 2FA for the signed-in user with the current step's code."""
    secret = (await mutate(gql, ENABLE, password=PASSWORD))["secret"]
    confirmed = await mutate(gql, CONFIRM, code=totp_code(secret, current_totp_step()))
    assert confirmed["errors"] == []
    return secret, confirmed["recoveryCodes"]


def next_code(secret: str) -> str:
    """A code for the next step: still accepted (one step of drift) and after the confirm's step."""
    return totp_code(secret, current_totp_step() + 1)


async def login(gql: GraphQLClient, otp_code: str | None = None, password: str = PASSWORD) -> dict:
    variables = {"input": {"email": "guest@example.com", "password": password, "otpCode": otp_code}}
    return await mutate(gql, LOGIN, **variables)


# ---- enrolment ----------------------------------------------------------------------------------


async def test_enable_needs_the_right_password(gql, guest):
    payload = await mutate(gql, ENABLE, password="not my password")
    assert codes(payload) == ["INVALID_CREDENTIALS"]
    assert payload["secret"] is None
    assert (await User.get(email="guest@example.com")).totp_secret is None


async def test_enable_returns_a_secret_and_its_otpauth_uri(gql, guest):
    payload = await mutate(gql, ENABLE, password=PASSWORD)
    assert payload["errors"] == []
    secret = payload["secret"]
    uri = urlsplit(payload["otpauthUri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert parse_qs(uri.query)["secret"] == [secret]
    assert "guest@example.com" in uri.path.replace("%40", "@")
    assert (await User.get(email="guest@example.com")).totp_secret == secret
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is False


async def test_confirm_with_a_wrong_code_is_refused(gql, guest):
    secret = (await mutate(gql, ENABLE, password=PASSWORD))["secret"]
    wrong = str((int(totp_code(secret, current_totp_step())) + 1) % 10**6).zfill(6)
    payload = await mutate(gql, CONFIRM, code=wrong)
    assert codes(payload) == ["INVALID_TWO_FACTOR_CODE"]
    assert payload["recoveryCodes"] is None
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is False


async def test_confirm_with_the_right_code_turns_it_on(gql, guest):
    _, recovery = await turn_on(gql)
    assert len(recovery) == 10 and len(set(recovery)) == 10
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is True
    assert await RecoveryCode.filter(user__email="guest@example.com").count() == 10


async def test_confirm_before_enable_is_refused(gql, guest):
    payload = await mutate(gql, CONFIRM, code="123456")
    assert codes(payload) == ["TWO_FACTOR_NOT_ENABLED"]
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is False


async def test_enable_when_already_on_is_refused(gql, guest):
    secret, _ = await turn_on(gql)
    payload = await mutate(gql, ENABLE, password=PASSWORD)
    assert codes(payload) == ["TWO_FACTOR_ALREADY_ENABLED"]
    assert (await User.get(email="guest@example.com")).totp_secret == secret


# ---- login with a second factor -----------------------------------------------------------------


async def test_login_without_a_code_asks_for_one(gql, guest):
    await turn_on(gql)
    payload = await login(gql)
    assert codes_and_fields(payload) == [("TWO_FACTOR_REQUIRED", "otpCode")]
    assert payload["accessToken"] is None


async def test_login_with_a_wrong_code_is_refused(gql, guest):
    secret, _ = await turn_on(gql)
    wrong = str((int(next_code(secret)) + 1) % 10**6).zfill(6)
    payload = await login(gql, wrong)
    assert codes_and_fields(payload) == [("INVALID_TWO_FACTOR_CODE", "otpCode")]
    assert payload["accessToken"] is None


async def test_login_with_a_wrong_password_and_right_code_is_refused(gql, guest):
    secret, _ = await turn_on(gql)
    payload = await login(gql, next_code(secret), password="not my password")
    assert codes(payload) == ["INVALID_CREDENTIALS"]
    assert (await login(gql, next_code(secret)))["errors"] == []  # the code was not spent


async def test_login_with_the_right_code_succeeds_once(gql, guest):
    secret, _ = await turn_on(gql)
    code = next_code(secret)
    first = await login(gql, code)
    assert first["errors"] == [] and first["accessToken"]
    replayed = await login(gql, code)
    assert codes(replayed) == ["INVALID_TWO_FACTOR_CODE"]
    assert replayed["accessToken"] is None


async def test_the_code_used_to_confirm_does_not_sign_in(gql, guest):
    secret = (await mutate(gql, ENABLE, password=PASSWORD))["secret"]
    step = current_totp_step()
    assert (await mutate(gql, CONFIRM, code=totp_code(secret, step)))["errors"] == []
    assert codes(await login(gql, totp_code(secret, step))) == ["INVALID_TWO_FACTOR_CODE"]


async def test_a_recovery_code_works_once(gql, guest):
    _, recovery = await turn_on(gql)
    first = await login(gql, recovery[0])
    assert first["errors"] == [] and first["accessToken"]
    assert codes(await login(gql, recovery[0])) == ["INVALID_TWO_FACTOR_CODE"]
    assert await RecoveryCode.filter(used_at__isnull=True).count() == 9


async def test_recovery_code_typed_in_capitals_without_dashes_works(gql, guest):
    _, recovery = await turn_on(gql)
    payload = await login(gql, recovery[1].upper().replace("-", ""))
    assert payload["errors"] == [] and payload["accessToken"]


async def test_recovery_code_typed_in_groups_separated_by_spaces_works(gql, guest):
    _, recovery = await turn_on(gql)
    payload = await login(gql, recovery[2].replace("-", " "))
    assert payload["errors"] == [] and payload["accessToken"]


@pytest.mark.parametrize("zero", ["\u0660", "\uff10"], ids=["arabic-indic", "fullwidth"])
async def test_login_with_non_ascii_digits_is_a_plain_refusal(gql, guest, zero):
    secret, _ = await turn_on(gql)
    code = next_code(secret).translate({ord(str(d)): chr(ord(zero) + d) for d in range(10)})
    payload = await login(gql, code)
    assert codes(payload) == ["INVALID_TWO_FACTOR_CODE"]


# ---- turning it off -----------------------------------------------------------------------------


async def test_disable_needs_the_password(gql, guest):
    secret, _ = await turn_on(gql)
    payload = await mutate(gql, DISABLE, password="not my password", code=next_code(secret))
    assert codes(payload) == ["INVALID_CREDENTIALS"]
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is True


async def test_disable_needs_a_valid_code(gql, guest):
    secret, _ = await turn_on(gql)
    wrong = str((int(next_code(secret)) + 1) % 10**6).zfill(6)
    payload = await mutate(gql, DISABLE, password=PASSWORD, code=wrong)
    assert codes(payload) == ["INVALID_TWO_FACTOR_CODE"]
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is True


async def test_disable_when_off_is_refused(gql, guest):
    payload = await mutate(gql, DISABLE, password=PASSWORD, code="123456")
    assert codes(payload) == ["TWO_FACTOR_NOT_ENABLED"]


async def test_disable_then_login_needs_no_code(gql, guest):
    secret, _ = await turn_on(gql)
    payload = await mutate(gql, DISABLE, password=PASSWORD, code=next_code(secret))
    assert payload == {"ok": True, "errors": []}
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is False
    user = await User.get(email="guest@example.com")
    assert user.totp_secret is None and not await RecoveryCode.filter(user_id=user.id).exists()
    signed_in = await login(gql)
    assert signed_in["errors"] == [] and signed_in["accessToken"]


# ---- every password or code check counts toward the sign-in lockout -----------------------------


async def test_fifteen_aliased_enables_are_one_refusal_and_no_password_check(gql, guest, monkeypatch):
    from argon2 import PasswordHasher

    from core import security
    from core.cache import get_redis, key

    checks = []

    class CountingHasher(PasswordHasher):  # the real argon2id hasher, counting its verifications
        def verify(self, *args: object, **kwargs: object) -> bool:
            checks.append(1)
            return super().verify(*args, **kwargs)  # type: ignore[arg-type]

    counting = CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    dummy = counting.hash("dummy")
    checks.clear()
    monkeypatch.setattr(security, "_hasher", lambda: (counting, dummy))
    fields = " ".join(f"e{i}: enableTwoFactor(input: {{password: $p}}) {{ secret }}" for i in range(15))

    body = await gql(f"mutation($p: String!) {{ {fields} }}", {"p": "not my password"})

    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_PASSWORD_CHECKS"]
    assert checks == []  # no argon2 work at all
    assert not await get_redis().exists(key("login", "failures", "guest@example.com"))
    assert (await User.get(email="guest@example.com")).totp_secret is None


async def test_wrong_passwords_to_enable_lock_sign_in(gql, guest):
    answers = [codes(await mutate(gql, ENABLE, password=f"wrong password {i}")) for i in range(6)]

    assert answers == [["INVALID_CREDENTIALS"]] * 5 + [["ACCOUNT_LOCKED"]]
    assert codes(await mutate(gql, ENABLE, password=PASSWORD)) == ["ACCOUNT_LOCKED"]
    assert codes(await login(gql)) == ["ACCOUNT_LOCKED"]
    assert (await User.get(email="guest@example.com")).totp_secret is None


async def test_wrong_codes_to_disable_count_toward_the_same_lockout(gql, guest):
    secret, _ = await turn_on(gql)
    for _ in range(5):
        assert codes(await mutate(gql, DISABLE, password=PASSWORD, code="000000")) in (
            ["INVALID_TWO_FACTOR_CODE"],
            ["ACCOUNT_LOCKED"],
        )

    payload = await mutate(gql, DISABLE, password=PASSWORD, code=next_code(secret))

    assert codes(payload) == ["ACCOUNT_LOCKED"]
    assert (await gql.ok(TWO_FACTOR_ENABLED))["me"]["twoFactorEnabled"] is True
