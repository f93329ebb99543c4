"""Two-factor sign-in with TOTP (RFC 6238) and one-time recovery codes."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import limits, pubsub
from core.errors import DomainError, ErrorCode
from core.security import (
    match_totp,
    new_recovery_code,
    new_totp_secret,
    normalize_recovery_code,
    otpauth_uri,
    token_digest,
    verify_password,
)
from models.users import RecoveryCode, User

RECOVERY_CODES = 10


async def check_second_factor(user: User, code: str) -> bool:
    """Accept a fresh TOTP code or an unused recovery code, consuming it atomically."""
    if user.totp_secret is None:
        return False
    step = match_totp(user.totp_secret, code, after_step=user.totp_last_step)
    if step is not None:
        claimed = await User.filter(
            Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step), id=user.id
        ).update(totp_last_step=step)
        user.totp_last_step = step
        return claimed == 1
    if len(code.strip().replace("-", "").replace(" ", "")) != 16:
        return False
    used = await RecoveryCode.filter(
        user_id=user.id, code_hash=token_digest(normalize_recovery_code(code)), used_at=None
    ).update(used_at=datetime.now(UTC))
    return used == 1


async def _require_password(user: User, password: str) -> None:
    """Call inside the account's `LoginGuard.attempt()`: it counts toward the sign-in lockout."""
    if not await verify_password(user.password_hash, password):
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, "The password is incorrect.", "password")


async def enable_two_factor(*, user: User, password: str) -> tuple[str, str]:
    """Start enrolment: a new secret and its otpauth:// URI (for a QR code)."""
    if user.two_factor_enabled:
        raise DomainError(ErrorCode.TWO_FACTOR_ALREADY_ENABLED, "Two-factor sign-in is already on.")
    async with limits.LoginGuard(user.email).attempt():
        await _require_password(user, password)
    user.totp_secret = new_totp_secret()
    user.totp_last_step = None
    await user.save(update_fields=["totp_secret", "totp_last_step", "updated_at"])
    return user.totp_secret, otpauth_uri(user.totp_secret, user.email)


async def confirm_two_factor(*, user: User, code: str) -> list[str]:
    """Finish enrolment with a code from the app; returns the one-time recovery codes."""
    if user.two_factor_enabled:
        raise DomainError(ErrorCode.TWO_FACTOR_ALREADY_ENABLED, "Two-factor sign-in is already on.")
    if user.totp_secret is None:
        raise DomainError(ErrorCode.TWO_FACTOR_NOT_ENABLED, "Call enableTwoFactor first.")
    async with limits.LoginGuard(user.email).attempt():
        step = match_totp(user.totp_secret, code, after_step=None)
        if step is None:
            raise DomainError(ErrorCode.INVALID_TWO_FACTOR_CODE, "That code is not valid.", "code")
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    async with in_transaction():
        user.two_factor_enabled_at = datetime.now(UTC)
        user.totp_last_step = step
        await user.save(update_fields=["two_factor_enabled_at", "totp_last_step", "updated_at"])
        await RecoveryCode.filter(user_id=user.id).delete()
        await RecoveryCode.bulk_create(
            [RecoveryCode(user_id=user.id, code_hash=token_digest(c)) for c in codes]
        )
    await pubsub.publish(pubsub.user_channel(user.id), pubsub.Event("two_factor_enabled"))
    return codes


async def disable_two_factor(*, user: User, password: str, code: str) -> None:
    if not user.two_factor_enabled:
        raise DomainError(ErrorCode.TWO_FACTOR_NOT_ENABLED, "Two-factor sign-in is off.")
    async with limits.LoginGuard(user.email).attempt():  # one attempt: password and code
        await _require_password(user, password)
        if not await check_second_factor(user, code):
            raise DomainError(ErrorCode.INVALID_TWO_FACTOR_CODE, "That code is not valid.", "code")
    async with in_transaction():
        user.totp_secret = None
        user.two_factor_enabled_at = None
        user.totp_last_step = None
        await user.save(
            update_fields=["totp_secret", "two_factor_enabled_at", "totp_last_step", "updated_at"]
        )
        await RecoveryCode.filter(user_id=user.id).delete()
    await pubsub.publish(pubsub.user_channel(user.id), pubsub.Event("two_factor_disabled"))
