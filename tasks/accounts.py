"""Account emails and token housekeeping."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from core import mail
from core.settings import get_settings
from models.users import AccountToken, RefreshToken, TokenPurpose, User
from tasks.app import celery_app, run_async

SEND_VERIFICATION = "tasks.accounts.send_verification_email"
SEND_PASSWORD_RESET = "tasks.accounts.send_password_reset_email"
SEND_NEW_LOGIN_ALERT = "tasks.accounts.send_new_login_alert"


async def _active_user(user_id: str) -> User | None:
    return await User.get_or_none(id=uuid.UUID(user_id), is_active=True)


async def _verification(user_id: str) -> bool:
    user = await _active_user(user_id)
    if user is None or user.email_verified_at is not None:
        return False
    settings = get_settings()
    ttl = timedelta(hours=settings.email_verification_ttl_hours)
    token = await AccountToken.issue(user, TokenPurpose.VERIFY_EMAIL, ttl)
    mail.send(
        mail.render(
            "verify_email",
            user.email,
            name=user.first_name,
            link=f"{settings.public_url}/verify-email?token={token}",
            hours=str(settings.email_verification_ttl_hours),
        )
    )
    return True


async def _password_reset(user_id: str) -> bool:
    user = await _active_user(user_id)
    if user is None:
        return False
    settings = get_settings()
    ttl = timedelta(minutes=settings.password_reset_ttl_minutes)
    token = await AccountToken.issue(user, TokenPurpose.RESET_PASSWORD, ttl)
    mail.send(
        mail.render(
            "password_reset",
            user.email,
            name=user.first_name,
            link=f"{settings.public_url}/reset-password?token={token}",
            minutes=str(settings.password_reset_ttl_minutes),
        )
    )
    return True


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


@celery_app.task(name=SEND_NEW_LOGIN_ALERT)
def send_new_login_alert(user_id: str, ip: str, agent: str, when: str) -> bool:
    return run_async(_new_login, user_id, ip, agent, when)


@celery_app.task(name="tasks.accounts.purge_expired_tokens")
def purge_expired_tokens() -> int:
    return run_async(_purge)
