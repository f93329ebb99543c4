"""Account emails and token housekeeping."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from core import limits, mail
from core.settings import get_settings
from models.users import AccountToken, RefreshToken, TokenPurpose, User
from tasks.app import LONG_JOB, celery_app, run_async

SEND_VERIFICATION = "tasks.accounts.send_verification_email"
SEND_PASSWORD_RESET = "tasks.accounts.send_password_reset_email"
SEND_PASSWORD_RESET_TO_ADDRESS = "tasks.accounts.send_password_reset_to_address"
RESET_MAILS_PER_ADDRESS_PER_HOUR = 3
SEND_NEW_LOGIN_ALERT = "tasks.accounts.send_new_login_alert"


async def _active_user(user_id: str) -> User | None:
    return await User.get_or_none(id=uuid.UUID(user_id), is_active=True)


async def _email_token(user: User, purpose: TokenPurpose, ttl: timedelta, template: str, path: str) -> None:
    """Issue a single-use token and email its link: the token itself lives only in the email."""
    token = await AccountToken.issue(user, purpose, ttl)
    link = f"{get_settings().links_url}/{path}?token={token}"
    mail.send(mail.render(template, user.email, name=user.first_name, link=link))


async def _verification(user_id: str) -> bool:
    user = await _active_user(user_id)
    if user is None or user.email_verified_at is not None:
        return False  # nothing to verify any more: a retried or late job does nothing
    ttl = timedelta(hours=get_settings().email_verification_ttl_hours)
    await _email_token(user, TokenPurpose.VERIFY_EMAIL, ttl, "verify_email", "verify-email")
    return True


async def _password_reset(user_id: str) -> bool:
    user = await _active_user(user_id)
    if user is None:
        return False
    ttl = timedelta(minutes=get_settings().password_reset_ttl_minutes)
    await _email_token(user, TokenPurpose.RESET_PASSWORD, ttl, "password_reset", "reset-password")
    return True


async def _password_reset_to_address(email: str) -> bool:
    """`requestPasswordReset` decides nothing about the account: this job does, out of band."""
    user = await User.get_or_none(email=email, is_active=True)
    if user is None:
        return False
    # A per-address cap, silent, so nobody can flood an inbox through us.
    if not await limits.hit("reset-mail", email, limit=RESET_MAILS_PER_ADDRESS_PER_HOUR, window_seconds=3600):
        return False
    return await _password_reset(str(user.id))


async def _new_login(user_id: str, ip: str, agent: str, when: str) -> bool:
    user = await _active_user(user_id)
    if user is None:
        return False
    mail.send(mail.render("new_login", user.email, name=user.first_name, ip=ip, agent=agent, when=when))
    return True


async def _purge() -> int:
    now = datetime.now(UTC)
    deleted = await AccountToken.filter(expires_at__lt=now).delete()
    return deleted + await RefreshToken.filter(expires_at__lt=now).delete()


@celery_app.task(name=SEND_VERIFICATION)
def send_verification_email(user_id: str) -> bool:
    return run_async(_verification, user_id)


@celery_app.task(name=SEND_PASSWORD_RESET)
def send_password_reset_email(user_id: str) -> bool:
    return run_async(_password_reset, user_id)


@celery_app.task(name=SEND_PASSWORD_RESET_TO_ADDRESS)
def send_password_reset_to_address(email: str) -> bool:
    return run_async(_password_reset_to_address, email)


@celery_app.task(name=SEND_NEW_LOGIN_ALERT)
def send_new_login_alert(user_id: str, ip: str, agent: str, when: str) -> bool:
    return run_async(_new_login, user_id, ip, agent, when)


@celery_app.task(name="tasks.accounts.purge_expired_tokens", **LONG_JOB)
def purge_expired_tokens() -> int:
    return run_async(_purge)
