"""Accounts: users, sessions (refresh tokens), one-time tokens, 2FA recovery codes.

Plus the pure rules of the domain (email normalisation, password policy) that need no database.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib.resources import files

from tortoise import fields
from tortoise.contrib.postgres.fields import ArrayField
from tortoise.models import Model

from core.errors import DomainError, ErrorCode
from core.security import new_token, token_digest

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
MAX_EMAIL_LENGTH = 254
# Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is proven by
# the verification email, not by a regular expression.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class Role(StrEnum):
    GUEST = "guest"
    HOST = "host"
    ADMIN = "admin"


class TokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"


class User(Model):
    id = fields.UUIDField(primary_key=True)
    email = fields.CharField(max_length=MAX_EMAIL_LENGTH, unique=True)  # stored lower-cased
    password_hash = fields.CharField(max_length=255)
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100, default="")
    phone = fields.CharField(max_length=32, null=True)
    avatar_url = fields.CharField(max_length=500, null=True)
    bio = fields.TextField(default="")
    languages = ArrayField("text", default=list)
    payout_currency = fields.CharField(max_length=3, null=True)  # hosts: null pays in each listing's
    is_host = fields.BooleanField(default=False)
    is_admin = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    email_verified_at = fields.DatetimeField(null=True)
    totp_secret = fields.CharField(max_length=64, null=True)
    two_factor_enabled_at = fields.DatetimeField(null=True)
    totp_last_step: int | None = fields.BigIntField(null=True)  # refuses replay of a used code
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "users"

    @property
    def roles(self) -> list[Role]:
        roles = [Role.GUEST]
        if self.is_host:
            roles.append(Role.HOST)
        if self.is_admin:
            roles.append(Role.ADMIN)
        return roles

    @property
    def two_factor_enabled(self) -> bool:
        return self.two_factor_enabled_at is not None


class RefreshToken(Model):
    """One opaque refresh token. Rotation makes a chain of them: a family (one session)."""

    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    # Tortoise sets each foreign key's column attribute too; declared here for the type checker.
    user_id: uuid.UUID
    family_id = fields.UUIDField(db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    ip = fields.CharField(max_length=64, default="")
    user_agent = fields.CharField(max_length=300, default="")

    class Meta:
        table = "refresh_tokens"


class AccountToken(Model):
    """Single-use emailed token (email verification, password reset), stored hashed."""

    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="account_tokens", on_delete=fields.CASCADE
    )
    user_id: uuid.UUID
    purpose = fields.CharEnumField(TokenPurpose, max_length=32)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "account_tokens"

    @classmethod
    async def issue(cls, user: User, purpose: TokenPurpose, ttl: timedelta) -> str:
        """Store a new token's digest and return the token itself (it exists only in the email)."""
        token = new_token()
        await cls.create(
            user=user,
            purpose=purpose,
            token_hash=token_digest(token),
            expires_at=datetime.now(UTC) + ttl,
        )
        return token


class RecoveryCode(Model):
    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="recovery_codes", on_delete=fields.CASCADE
    )
    user_id: uuid.UUID
    code_hash = fields.CharField(max_length=64, unique=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "recovery_codes"


# ---- pure rules ---------------------------------------------------------------------------


def normalize_email(email: str) -> str:
    return email.strip().lower()


def is_valid_email(email: str) -> bool:
    return len(email) <= MAX_EMAIL_LENGTH and bool(_EMAIL.match(email))


@cache
def common_passwords() -> frozenset[str]:
    text = files("core").joinpath("common_passwords.txt").read_text()
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def password_problem(password: str, email: str) -> str | None:
    """Why a new password is refused (NIST 800-63B style), or None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    folded = password.strip().lower()
    email = normalize_email(email)
    if folded in {email, email.split("@")[0]}:
        return "The password must not be your email address."
    if folded in common_passwords():
        return "This password is too common; choose another."
    return None


def clean_languages(languages: list[str]) -> list[str] | None:
    """BCP 47-ish language tags ("en", "pt-BR"), deduplicated in order; None if one is bad."""
    seen: list[str] = []
    for tag in languages:
        tag = tag.strip()
        if not _LANGUAGE.match(tag):
            return None
        if tag not in seen:
            seen.append(tag)
    return seen


def display_name(first_name: str, last_name: str) -> str:
    """How other people see a user: the first name and the last name's initial ("Ana R.")."""
    return f"{first_name} {last_name[:1]}." if last_name else first_name


def require_verified_email(user: User, doing: str) -> None:
    """Booking and publishing commit a user towards others: they need a proven email address."""
    if user.email_verified_at is None:
        raise DomainError(
            ErrorCode.EMAIL_NOT_VERIFIED,
            f"Verify your email address before {doing} (requestEmailVerification sends the link).",
        )
