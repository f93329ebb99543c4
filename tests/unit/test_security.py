"""Pure unit tests of core.security and the password policy: no database, no HTTP."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
import warnings
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
import jwt.warnings
import pytest
from argon2 import PasswordHasher
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.security import (
    InvalidToken,
    create_access_token,
    current_totp_step,
    decode_access_token,
    hash_password,
    match_totp,
    needs_rehash,
    new_recovery_code,
    normalize_recovery_code,
    otpauth_uri,
    token_digest,
    totp_code,
    verify_password,
)
from core.settings import get_settings
from models.users import common_passwords, password_problem

# The isolate fixture is autouse and function-scoped; it only cleans up after a test.
pure = settings(deadline=None)

# ---- TOTP ---------------------------------------------------------------------------------------

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
# RFC 6238 appendix B, SHA-1: the last 6 digits of its 8-digit values.
RFC_VECTORS = [
    (59, "287082"),
    (1111111109, "081804"),
    (1111111111, "050471"),
    (1234567890, "005924"),
    (2000000000, "279037"),
    (20000000000, "353130"),
]


@pytest.mark.parametrize(("at", "expected"), RFC_VECTORS)
def test_totp_matches_rfc_6238_vectors(at, expected):
    assert totp_code(RFC_SECRET, current_totp_step(at)) == expected


@pytest.mark.parametrize(("at", "expected"), RFC_VECTORS)
def test_match_totp_finds_the_step_of_rfc_codes(at, expected):
    assert match_totp(RFC_SECRET, expected, after_step=None, at=at) == at // 30


def test_totp_secret_without_padding_is_accepted():
    assert totp_code(RFC_SECRET.rstrip("="), 1) == totp_code(RFC_SECRET, 1)


AT = 1111111111.0
NOW = int(AT // 30)


@pytest.mark.parametrize("drift", [-1, 0, 1])
def test_match_totp_allows_one_step_of_drift(drift):
    code = totp_code(RFC_SECRET, NOW + drift)
    assert match_totp(RFC_SECRET, code, after_step=None, at=AT) == NOW + drift


@pytest.mark.parametrize("drift", [-3, -2, 2, 3])
def test_match_totp_refuses_codes_further_away(drift):
    code = totp_code(RFC_SECRET, NOW + drift)
    assert match_totp(RFC_SECRET, code, after_step=None, at=AT) is None


def test_match_totp_refuses_the_step_already_used_and_earlier():
    assert match_totp(RFC_SECRET, totp_code(RFC_SECRET, NOW), after_step=NOW, at=AT) is None
    assert match_totp(RFC_SECRET, totp_code(RFC_SECRET, NOW - 1), after_step=NOW - 1, at=AT) is None
    assert match_totp(RFC_SECRET, totp_code(RFC_SECRET, NOW - 1), after_step=NOW, at=AT) is None


def test_match_totp_accepts_steps_after_the_last_used():
    assert match_totp(RFC_SECRET, totp_code(RFC_SECRET, NOW), after_step=NOW - 1, at=AT) == NOW
    assert match_totp(RFC_SECRET, totp_code(RFC_SECRET, NOW + 1), after_step=NOW, at=AT) == NOW + 1


def test_match_totp_ignores_spaces_around_and_inside():
    code = totp_code(RFC_SECRET, NOW)
    assert match_totp(RFC_SECRET, f" {code[:3]} {code[3:]} ", after_step=None, at=AT) == NOW


@pytest.mark.parametrize(
    "mangle",
    [
        lambda c: c[:5],  # too short
        lambda c: c + "0",  # too long
        lambda c: "",
        lambda c: c[:5] + "a",
        lambda c: c[:5] + "+",
        lambda c: "-" + c[:5],
    ],
    ids=["short", "long", "empty", "letter", "plus", "sign"],
)
def test_match_totp_refuses_malformed_codes(mangle):
    assert match_totp(RFC_SECRET, mangle(totp_code(RFC_SECRET, NOW)), after_step=None, at=AT) is None


@pytest.mark.parametrize("zero", ["\u0660", "\uff10"], ids=["arabic-indic", "fullwidth"])
def test_match_totp_refuses_non_ascii_digits_without_crashing(zero):
    # str.isdigit() is true for these, but hmac.compare_digest refuses non-ASCII str.
    code = totp_code(RFC_SECRET, NOW).translate({ord(str(d)): chr(ord(zero) + d) for d in range(10)})
    assert code.isdigit()
    assert match_totp(RFC_SECRET, code, after_step=None, at=AT) is None


def test_otpauth_uri_carries_secret_issuer_and_parameters():
    uri = otpauth_uri("JBSWY3DPEHPK3PXP", "ann+test@example.com")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert unquote(parts.path) == "/Roost:ann+test@example.com"
    query = parse_qs(parts.query)
    assert query == {
        "secret": ["JBSWY3DPEHPK3PXP"],
        "issuer": ["Roost"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }


# ---- recovery codes and opaque tokens -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "abcd-efgh-ijkl-mnop",
        "ABCD-EFGH-IJKL-MNOP",
        "abcdefghijklmnop",
        "abcd efgh ijkl mnop",
        "  AbCd-EfGh ijkl-MNOP \n",
        "ab-cd-ef-gh-ij-kl-mn-op",
    ],
)
def test_recovery_code_normalisation(typed):
    assert normalize_recovery_code(typed) == "abcd-efgh-ijkl-mnop"


def test_new_recovery_codes_are_already_normal_and_distinct():
    codes = {new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert normalize_recovery_code(code) == code
        assert normalize_recovery_code(code.upper().replace("-", " ")) == code


def test_token_digest_is_stable_and_keyed_by_the_secret(monkeypatch):
    digest = token_digest("some-token")
    assert digest == token_digest("some-token")
    assert digest != token_digest("some-token!")
    assert digest != hashlib.sha256(b"some-token").hexdigest()
    key = get_settings().secret_key.encode()
    assert digest == hmac.new(key, b"some-token", hashlib.sha256).hexdigest()
    monkeypatch.setattr(get_settings(), "secret_key", "another-secret-key-another-secret-key")
    assert token_digest("some-token") != digest


# ---- passwords ----------------------------------------------------------------------------------


async def test_hash_and_verify_password():
    hashed = await hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert await verify_password(hashed, "correct horse battery staple")
    assert not await verify_password(hashed, "correct horse battery stapler")
    assert not await verify_password(None, "correct horse battery staple")
    assert not await verify_password("not-a-hash", "correct horse battery staple")


async def test_hashes_are_salted():
    assert await hash_password("same password") != await hash_password("same password")


async def test_needs_rehash_for_weaker_parameters_only():
    weak = PasswordHasher(time_cost=1, memory_cost=8192).hash("correct horse battery staple")
    assert await verify_password(weak, "correct horse battery staple")
    assert needs_rehash(weak)
    assert not needs_rehash(await hash_password("correct horse battery staple"))


EMAIL = "someone@example.com"


@pure
@given(st.text(min_size=10, max_size=256))
def test_password_policy_accepts_long_enough_uncommon_passwords(password):
    folded = password.strip().lower()
    assume(folded not in common_passwords())
    assume(folded not in {EMAIL, "someone"})
    assert password_problem(password, EMAIL) is None


@pure
@given(st.text(max_size=9))
def test_password_policy_refuses_short_passwords(password):
    assert password_problem(password, EMAIL) is not None


@pure
@given(st.text(min_size=257, max_size=400))
def test_password_policy_refuses_overlong_passwords(password):
    assert password_problem(password, EMAIL) is not None


def test_password_policy_refuses_common_passwords_and_the_email():
    common = next(p for p in sorted(common_passwords()) if len(p) >= 10)
    assert password_problem(common, EMAIL) is not None
    assert password_problem(f"  {common.upper()} ", EMAIL) is not None
    assert password_problem("Someone@Example.com", EMAIL) is not None
    assert password_problem("someone@example.com", "someone@example.com") is not None
    assert password_problem("correct horse battery staple", EMAIL) is None


# ---- access tokens (JWT) ------------------------------------------------------------------------

WRONG_KEY = "not-the-server-key-not-the-server-key-xyz"


def _claims(**overrides):
    s = get_settings()
    now = int(time.time())
    claims = {
        "sub": str(uuid.uuid4()),
        "sid": str(uuid.uuid4()),
        "iss": s.jwt_issuer,
        "aud": s.jwt_audience,
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _sign(claims, *, key=None, kid=None, algorithm="HS256"):
    s = get_settings()
    return jwt.encode(claims, key or s.secret_key, algorithm=algorithm, headers={"kid": kid or s.jwt_key_id})


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_access_token_round_trip():
    user_id, session_id = uuid.uuid4(), uuid.uuid4()
    token, expires = create_access_token(user_id, session_id)
    claims = decode_access_token(token)
    assert (claims.user_id, claims.session_id) == (user_id, session_id)
    assert claims.expires_at == expires.replace(microsecond=0)
    assert jwt.get_unverified_header(token)["kid"] == get_settings().jwt_key_id


def test_hand_built_token_is_accepted():
    """The control for the refusals below: only their one defect makes them fail."""
    claims = _claims()
    decoded = decode_access_token(_sign(claims))
    assert str(decoded.user_id) == claims["sub"]
    assert str(decoded.session_id) == claims["sid"]


def test_a_token_issued_a_few_seconds_ahead_is_accepted():
    """A wall clock stepped back (NTP on a VM) makes a fresh token's `iat` a little in the future:
    PyJWT alone refuses it (a sign-in, then 401 on the next request); a minute of tolerance."""
    decoded = decode_access_token(_sign(_claims(iat=int(time.time()) + 5)))
    assert decoded.session_id is not None


def _alg_none_token() -> str:
    header = {"alg": "none", "typ": "JWT", "kid": get_settings().jwt_key_id}
    return f"{_b64(header)}.{_b64(_claims())}."


def _hs512_token() -> str:
    with warnings.catch_warnings():  # our key is short for HS512, which is beside the point
        warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
        return _sign(_claims(), algorithm="HS512")


def _tampered_token() -> str:
    header, _, signature = create_access_token(uuid.uuid4(), uuid.uuid4())[0].split(".")
    return f"{header}.{_b64(_claims())}.{signature}"


REFUSED = {
    "alg-none": _alg_none_token,
    "wrong-key": lambda: _sign(_claims(), key=WRONG_KEY),
    "hs512": _hs512_token,
    "expired": lambda: _sign(_claims(iat=int(time.time()) - 3600, exp=int(time.time()) - 60)),
    "tampered": _tampered_token,
    "wrong-kid": lambda: _sign(_claims(), kid="k-other"),
    "wrong-audience": lambda: _sign(_claims(aud="someone-else")),
    "wrong-issuer": lambda: _sign(_claims(iss="someone-else")),
    "missing-sid": lambda: _sign(_claims(sid=None)),
    "missing-exp": lambda: _sign(_claims(exp=None)),
    "sid-not-uuid": lambda: _sign(_claims(sid="session-1")),
    "issued-far-ahead": lambda: _sign(_claims(iat=int(time.time()) + 120)),
    "iat-not-a-number": lambda: _sign(_claims(iat="yesterday")),
    "garbage": lambda: "garbage",
    "empty": lambda: "",
    "three-dots": lambda: "a.b.c",
}


@pytest.mark.parametrize("build", REFUSED.values(), ids=REFUSED.keys())
def test_bad_access_tokens_are_refused(build):
    with pytest.raises(InvalidToken):
        decode_access_token(build())
