"""Passwords (argon2id), access JWTs, opaque tokens and TOTP (RFC 6238)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import struct
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import quote, urlencode

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.settings import get_settings

JWT_ALGORITHM = "HS256"
CLOCK_SKEW_SECONDS = 60  # how far in the future a token's `iat` may be (this or another server's clock)


# ---- passwords: CPU-bound, so always off the event loop --------------------------------------


@lru_cache(maxsize=4)
def _hasher_for(time_cost: int, memory_kib: int, parallelism: int) -> tuple[PasswordHasher, str]:
    """An argon2id hasher with these costs, and a dummy hash of its own for unknown users."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
    return hasher, hasher.hash("roost-dummy-password-for-timing")


def _hasher() -> tuple[PasswordHasher, str]:
    """The hasher of the settings' costs (by default RFC 9106's second recommendation, argon2's own
    defaults; a hash made with other costs still verifies, and is redone at the next sign-in)."""
    settings = get_settings()
    return _hasher_for(
        settings.password_hash_time_cost,
        settings.password_hash_memory_kib,
        settings.password_hash_parallelism,
    )


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher()[0].hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) verify a dummy so timing reveals nothing."""

    hasher, dummy = _hasher()

    def check() -> bool:
        try:
            return hasher.verify(password_hash or dummy, password) and bool(password_hash)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


def needs_rehash(password_hash: str) -> bool:
    return _hasher()[0].check_needs_rehash(password_hash)


# ---- access tokens ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


class InvalidToken(Exception):
    pass


class ExpiredToken(InvalidToken):
    """A genuine token past its `exp`: the client should refresh it, not sign in again."""


def create_access_token(user_id: uuid.UUID, session_id: uuid.UUID) -> tuple[str, datetime]:
    settings = get_settings()
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=settings.access_token_ttl_seconds)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": secrets.token_hex(8),
    }
    token = jwt.encode(
        claims, settings.secret_key, algorithm=JWT_ALGORITHM, headers={"kid": settings.jwt_key_id}
    )
    return token, expires


def decode_access_token(token: str) -> AccessClaims:
    settings = get_settings()
    try:
        if jwt.get_unverified_header(token).get("kid") != settings.jwt_key_id:
            raise InvalidToken("unknown key id")
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[JWT_ALGORITHM],  # never taken from the token: no "none", no confusion
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            # `iat` is checked below with a tolerance: PyJWT refuses a token issued even a second in
            # the future, which a wall clock stepped back (NTP on a VM) makes of a fresh token.
            options={"require": ["exp", "iat", "iss", "aud", "sub", "sid"], "verify_iat": False},
        )
        if int(claims["iat"]) > time.time() + CLOCK_SKEW_SECONDS:
            raise InvalidToken("issued in the future")
        return AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            session_id=uuid.UUID(claims["sid"]),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
    except jwt.ExpiredSignatureError as exc:
        raise ExpiredToken(str(exc)) from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc


# ---- opaque tokens (refresh, email links, recovery codes) ------------------------------------


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Keyed digest stored in place of the token, so a database leak yields nothing usable."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:16]}"


def normalize_recovery_code(code: str) -> str:
    raw = code.strip().lower().replace("-", "").replace(" ", "")
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:16]}"


# ---- TOTP (RFC 6238: SHA-1, 6 digits, 30 s) ----------------------------------------------------

TOTP_STEP = 30
TOTP_DIGITS = 6


def new_totp_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def totp_code(secret: str, step: int) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**TOTP_DIGITS).zfill(TOTP_DIGITS)


def current_totp_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // TOTP_STEP)


def match_totp(secret: str, code: str, *, after_step: int | None, at: float | None = None) -> int | None:
    """The time step the code belongs to (one step of clock drift allowed), or None.

    Steps at or before `after_step` (the last code used) are refused, so a code works once.
    """
    code = code.strip().replace(" ", "")
    if len(code) != TOTP_DIGITS or not (code.isascii() and code.isdigit()):
        return None
    now = current_totp_step(at)
    for step in (now - 1, now, now + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(totp_code(secret, step), code):
            return step
    return None


def otpauth_uri(secret: str, account: str, issuer: str = "Roost") -> str:
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": 6, "period": 30})
    return f"otpauth://totp/{label}?{query}"
