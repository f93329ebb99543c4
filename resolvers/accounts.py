"""Accounts: registration, email verification, passwords, profile, becoming a host."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import limits, pubsub
from core.cache import bump_search_generation
from core.errors import DomainError, ErrorCode
from core.security import hash_password, token_digest, verify_password
from core.settings import get_settings
from models.users import (
    AccountToken,
    TokenPurpose,
    User,
    clean_languages,
    is_valid_email,
    normalize_email,
    password_problem,
)
from resolvers.sessions import revoke_sessions
from tasks import accounts as account_jobs
from tasks.app import enqueue, enqueue_committed

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,30}$")
_URL = re.compile(r"^https?://[^\s]{1,490}$")


def _check_password(password: str, email: str, field: str = "password") -> None:
    problem = password_problem(password, email)
    if problem:
        raise DomainError(ErrorCode.WEAK_PASSWORD, problem, field)


def _check_name(value: str, field: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError(ErrorCode.INVALID_INPUT, "This field is required.", field)
    if len(value) > 100:
        raise DomainError(ErrorCode.INVALID_INPUT, "Use at most 100 characters.", field)
    return value


async def _throttle(action: str, subject: str, limit: int, window_seconds: int) -> None:
    if not await limits.hit(action, subject, limit=limit, window_seconds=window_seconds):
        raise DomainError(ErrorCode.RATE_LIMITED, "Too many requests; try again later.")


async def register(*, email: str, password: str, first_name: str, last_name: str, ip: str) -> User:
    await _throttle("register", ip, get_settings().ip_register_limit_per_hour, 3600)
    email = normalize_email(email)
    if not is_valid_email(email):
        raise DomainError(ErrorCode.INVALID_EMAIL, "Enter a valid email address.", "email")
    first_name = _check_name(first_name, "first_name", required=True)
    last_name = _check_name(last_name, "last_name", required=False)
    _check_password(password, email)
    taken = DomainError(ErrorCode.EMAIL_TAKEN, "An account with this email already exists.", "email")
    if await User.exists(email=email):
        raise taken
    try:
        user = await User.create(
            email=email,
            password_hash=await hash_password(password),
            first_name=first_name,
            last_name=last_name,
        )
    except IntegrityError:  # lost a race with a concurrent registration
        raise taken from None
    # Lost in a broker outage, it is sent again on asking (resendVerificationEmail).
    await enqueue_committed(account_jobs.SEND_VERIFICATION, str(user.id))
    return user


async def create_admin(*, email: str, password: str, first_name: str = "Admin") -> User:
    """For `roost createadmin`: create an admin, or promote an existing account."""
    email = normalize_email(email)
    if not is_valid_email(email):
        raise DomainError(ErrorCode.INVALID_EMAIL, "Enter a valid email address.", "email")
    user = await User.get_or_none(email=email)
    if user is None:
        _check_password(password, email)
        user = await User.create(
            email=email,
            password_hash=await hash_password(password),
            first_name=first_name,
            email_verified_at=datetime.now(UTC),
            is_admin=True,
        )
    else:
        user.is_admin = True
        await user.save(update_fields=["is_admin", "updated_at"])
    return user


async def request_email_verification(*, user: User) -> None:
    if user.email_verified_at is not None:
        raise DomainError(ErrorCode.ALREADY_VERIFIED, "Your email is already verified.")
    await _throttle("verify-email", str(user.id), 5, 3600)
    await enqueue(account_jobs.SEND_VERIFICATION, str(user.id))


async def _claim_token(token: str, purpose: TokenPurpose) -> AccountToken:
    """Use a token exactly once: the UPDATE is the claim, so two concurrent uses cannot both win."""
    now = datetime.now(UTC)
    digest = token_digest(token)
    claimed = await AccountToken.filter(
        token_hash=digest, purpose=purpose, used_at=None, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        raise DomainError(ErrorCode.INVALID_TOKEN, "This link is invalid or has expired.", "token")
    return await AccountToken.get(token_hash=digest).prefetch_related("user")


async def _unclaimable_verification(token: str) -> DomainError:
    """Why a verification token could not be claimed. A real one (used or expired) whose address
    is verified by now says so: a link clicked twice, or opened first by a mail scanner, is not
    "invalid". A token that does not exist tells nothing more than "invalid or expired"."""
    known = await AccountToken.get_or_none(
        token_hash=token_digest(token), purpose=TokenPurpose.VERIFY_EMAIL
    ).prefetch_related("user")
    if known is not None and known.user.email_verified_at is not None:
        return DomainError(ErrorCode.ALREADY_VERIFIED, "This address is already verified.", "token")
    return DomainError(ErrorCode.INVALID_TOKEN, "This link is invalid or has expired.", "token")


async def verify_email(*, token: str) -> User:
    try:
        async with in_transaction():
            user = (await _claim_token(token, TokenPurpose.VERIFY_EMAIL)).user
            if user.email_verified_at is None:
                user.email_verified_at = datetime.now(UTC)
                await user.save(update_fields=["email_verified_at", "updated_at"])
    except DomainError:
        raise await _unclaimable_verification(token) from None
    await bump_search_generation()  # a host's emailVerified shows on cached listing pages
    await pubsub.publish(pubsub.user_channel(user.id), pubsub.Event("email_verified"))
    return user


async def request_password_reset(*, email: str, ip: str) -> None:
    """Answers the same, after the same work, whether or not the account exists.

    The request only throttles, checks the address's shape and hands it to a job; the job
    looks the account up and mails only real, active ones. So no database or Redis round
    trip here depends on the account existing, and neither does the answer or its timing.
    """
    await _throttle("reset", ip, get_settings().ip_reset_limit_per_hour, 3600)
    email = normalize_email(email)
    if not is_valid_email(email):
        raise DomainError(ErrorCode.INVALID_EMAIL, "Enter a valid email address.", "email")
    await enqueue(account_jobs.SEND_PASSWORD_RESET_TO_ADDRESS, email)


async def reset_password(*, token: str, new_password: str) -> None:
    preview = await AccountToken.get_or_none(
        token_hash=token_digest(token), purpose=TokenPurpose.RESET_PASSWORD
    ).prefetch_related("user")
    if preview is None or preview.used_at is not None or preview.expires_at <= datetime.now(UTC):
        # No hashing (argon2 CPU) for a token that cannot work; the claim below settles races.
        raise DomainError(ErrorCode.INVALID_TOKEN, "This link is invalid or has expired.", "token")
    _check_password(new_password, preview.user.email, "new_password")  # before spending the token
    password_hash = await hash_password(new_password)
    async with in_transaction():
        user = (await _claim_token(token, TokenPurpose.RESET_PASSWORD)).user
        user.password_hash = password_hash
        # Following the emailed link proves the address too.
        user.email_verified_at = user.email_verified_at or datetime.now(UTC)
        await user.save(update_fields=["password_hash", "email_verified_at", "updated_at"])
        await AccountToken.filter(user_id=user.id, purpose=TokenPurpose.RESET_PASSWORD, used_at=None).update(
            used_at=datetime.now(UTC)
        )
    await revoke_sessions(user)
    await bump_search_generation()  # the reset may have verified the email (public on listings)
    await pubsub.publish(pubsub.user_channel(user.id), pubsub.Event("password_changed"))


async def change_password(
    *, user: User, session_id: uuid.UUID, current_password: str, new_password: str
) -> None:
    async with limits.LoginGuard(user.email).attempt():  # the same lockout as signing in
        if not await verify_password(user.password_hash, current_password):
            raise DomainError(
                ErrorCode.INVALID_CREDENTIALS, "The current password is incorrect.", "current_password"
            )
    _check_password(new_password, user.email, "new_password")
    user.password_hash = await hash_password(new_password)
    await user.save(update_fields=["password_hash", "updated_at"])
    await revoke_sessions(user, keep=session_id)
    await pubsub.publish(pubsub.user_channel(user.id), pubsub.Event("password_changed"))


def _profile_value(field: str, value: Any) -> Any:
    if field in {"first_name", "last_name"}:
        return _check_name(value or "", field, required=field == "first_name")
    if field == "phone":
        if value and not _PHONE.fullmatch(value.strip()):
            raise DomainError(ErrorCode.INVALID_INPUT, "Enter a valid phone number.", "phone")
        return value.strip() if value else None
    if field == "avatar_url":
        if value and not _URL.fullmatch(value):
            raise DomainError(ErrorCode.INVALID_INPUT, "Enter an http(s) URL.", "avatar_url")
        return value or None
    if field == "bio":
        if value and len(value) > 2000:
            raise DomainError(ErrorCode.INVALID_INPUT, "Use at most 2000 characters.", "bio")
        return (value or "").strip()
    if field == "languages":
        languages = clean_languages(value or [])
        if languages is None or len(languages) > 20:
            raise DomainError(
                ErrorCode.INVALID_INPUT, 'Use up to 20 language tags such as "en" or "pt-BR".', "languages"
            )
        return languages
    raise DomainError(ErrorCode.INVALID_INPUT, "Unknown profile field.", field)


async def update_profile(*, user: User, changes: Mapping[str, Any]) -> User:
    """Apply the given fields only; all are validated before anything is written."""
    cleaned = {field: _profile_value(field, value) for field, value in changes.items()}
    if cleaned:
        for field, value in cleaned.items():
            setattr(user, field, value)
        await user.save(update_fields=[*cleaned, "updated_at"])
        await bump_search_generation()  # cached listing pages show their host's profile
    return user


async def become_host(*, user: User) -> User:
    if not user.is_host:
        user.is_host = True
        await user.save(update_fields=["is_host", "updated_at"])
        await pubsub.publish(pubsub.user_channel(user.id), pubsub.Event("became_host"))
    return user
