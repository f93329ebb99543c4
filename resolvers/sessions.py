"""Sign-in and sessions: login, refresh-token rotation, logout, access-token checks.

A session is a refresh-token family: login starts one, each refresh rotates its token,
and presenting a token that was already used revokes the whole family. Access tokens
carry the family id (`sid`), so revoking a family also refuses its live access tokens.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from tortoise import connections
from tortoise.transactions import in_transaction

from core import limits, pubsub, revocation
from core.errors import DomainError, ErrorCode
from core.security import (
    InvalidToken,
    create_access_token,
    decode_access_token,
    hash_password,
    needs_rehash,
    new_token,
    token_digest,
    verify_password,
)
from core.settings import get_settings
from models.users import RefreshToken, User, normalize_email
from resolvers.two_factor import check_second_factor
from tasks import accounts as account_jobs
from tasks.app import enqueue_committed


@dataclass(frozen=True)
class Session:
    user: User
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str


class AccountSuspended(InvalidToken):
    """A genuine access token of a suspended account: refreshing or signing in again will not help,
    so the client is told why (suspending also revoked the session: this is checked first)."""

    message = "This account is suspended."


async def authenticate(token: str) -> tuple[User, uuid.UUID]:
    """The user and session behind an access token; raises InvalidToken (AccountSuspended when
    that is why)."""
    claims = decode_access_token(token)
    # One query: the user and whether the session was revoked. Every way of revoking a session
    # (logout, logoutAll, password change or reset, suspension, reuse of a spent refresh token)
    # marks its refresh-token family revoked in the database, so no cache can miss a revocation.
    rows = await connections.get("default").execute_query_dict(
        _AUTHENTICATE_SQL, [claims.user_id, claims.session_id]
    )
    if not rows:
        raise InvalidToken("unknown user")
    revoked = rows[0].pop("session_revoked")
    user = User._init_from_db(**rows[0])
    if not user.is_active:
        raise AccountSuspended(AccountSuspended.message)
    if revoked:
        raise InvalidToken("session revoked")
    return user, claims.session_id


_AUTHENTICATE_SQL = f"""
SELECT u.*, EXISTS (
  SELECT 1 FROM {RefreshToken._meta.db_table} r WHERE r.family_id = $2 AND r.revoked_at IS NOT NULL
) AS session_revoked
FROM {User._meta.db_table} u WHERE u.id = $1"""


async def _issue(user: User, family_id: uuid.UUID, ip: str, user_agent: str) -> Session:
    refresh = new_token()
    await RefreshToken.create(
        user=user,
        family_id=family_id,
        token_hash=token_digest(refresh),
        expires_at=datetime.now(UTC) + timedelta(days=get_settings().refresh_token_ttl_days),
        ip=ip[:64],
        user_agent=user_agent[:300],
    )
    access, expires = create_access_token(user.id, family_id)
    return Session(user, access, expires, refresh)


async def login(*, email: str, password: str, otp_code: str | None, ip: str, user_agent: str) -> Session:
    settings = get_settings()
    if not await limits.hit("login", ip, limit=settings.ip_login_limit_per_minute, window_seconds=60):
        raise DomainError(ErrorCode.RATE_LIMITED, "Too many sign-in attempts from here; wait a minute.")
    email = normalize_email(email)
    async with limits.LoginGuard(email).attempt():
        user = await User.get_or_none(email=email)
        if not await verify_password(user.password_hash if user else None, password) or user is None:
            raise DomainError(ErrorCode.INVALID_CREDENTIALS, "Email or password is incorrect.")
        if not user.is_active:
            raise DomainError(ErrorCode.ACCOUNT_DISABLED, "This account is disabled.")
        if user.two_factor_enabled:
            if not otp_code:
                raise DomainError(
                    ErrorCode.TWO_FACTOR_REQUIRED, "Enter the code from your authenticator app.", "otp_code"
                )
            if not await check_second_factor(user, otp_code):
                raise DomainError(ErrorCode.INVALID_TWO_FACTOR_CODE, "That code is not valid.", "otp_code")
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password(password)
        await user.save(update_fields=["password_hash", "updated_at"])
    session = await _issue(user, uuid.uuid4(), ip, user_agent)
    when = datetime.now(UTC)
    # Notices of the sign-in: while Redis (the job queue and pub/sub) is down they are skipped
    # (and logged) rather than refusing a sign-in that the database already recorded.
    await enqueue_committed(
        account_jobs.SEND_NEW_LOGIN_ALERT, str(user.id), ip, user_agent[:120], when.isoformat()
    )
    event = pubsub.Event("new_login", {"ip": ip, "userAgent": user_agent[:120]})
    await pubsub.publish(pubsub.user_channel(user.id), event)
    return session


async def refresh(*, refresh_token: str, ip: str, user_agent: str) -> Session:
    """Rotate a refresh token. Reuse of a spent token revokes its whole family."""
    now = datetime.now(UTC)
    reused_family: uuid.UUID | None = None
    reused_user: uuid.UUID | None = None
    session: Session | None = None
    async with in_transaction():
        row = (
            await RefreshToken.filter(token_hash=token_digest(refresh_token))
            .select_for_update()
            .prefetch_related("user")
            .first()
        )
        if row is None or row.revoked_at is not None:
            pass
        elif row.used_at is not None:
            reused_family, reused_user = row.family_id, row.user_id
            await RefreshToken.filter(family_id=row.family_id, revoked_at=None).update(revoked_at=now)
        elif row.expires_at > now and row.user.is_active:
            row.used_at = now
            await row.save(update_fields=["used_at"])
            session = await _issue(row.user, row.family_id, ip, user_agent)
    if reused_family is not None:
        await deny_sessions(reused_user, [reused_family])
    if session is None:
        raise DomainError(ErrorCode.INVALID_TOKEN, "This refresh token is not valid; sign in again.")
    return session


async def deny_sessions(user_id: uuid.UUID | None, family_ids: list[uuid.UUID]) -> None:
    """Close the WebSockets opened with these sessions, on every server process (their access
    tokens are refused from now on: `authenticate` reads the revocation from the database)."""
    if family_ids and user_id is not None:
        await revocation.announce(user_id, family_ids)


async def revoke_sessions(user: User, *, keep: uuid.UUID | None = None) -> int:
    """Revoke every session of the user except `keep`; returns how many were revoked.

    Every socket of the user closes, `keep`'s too: a password change or reset, a suspension or
    logoutAll is when a client must show it still holds valid credentials.
    """
    query = RefreshToken.filter(user_id=user.id, revoked_at=None)
    if keep is not None:
        query = query.exclude(family_id=keep)
    # Tortoise types a flat values_list as tuples.
    families = cast(list[uuid.UUID], list(set(await query.values_list("family_id", flat=True))))
    await RefreshToken.filter(family_id__in=families, revoked_at=None).update(revoked_at=datetime.now(UTC))
    await deny_sessions(None, families)
    await revocation.announce(user.id)
    return len(families)


async def logout(*, user: User, session_id: uuid.UUID) -> None:
    await RefreshToken.filter(user_id=user.id, family_id=session_id, revoked_at=None).update(
        revoked_at=datetime.now(UTC)
    )
    await deny_sessions(user.id, [session_id])


async def logout_all(*, user: User) -> int:
    count = await revoke_sessions(user)
    await pubsub.publish(pubsub.user_channel(user.id), pubsub.Event("signed_out_everywhere"))
    return count


async def suspend(*, user_id: uuid.UUID | None) -> User:
    """Disable an account (admins): it can no longer sign in, and every session ends now."""
    user = await User.get_or_none(id=user_id) if user_id is not None else None
    if user is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such user.", "user_id")
    if user.is_active:
        user.is_active = False
        await user.save(update_fields=["is_active", "updated_at"])
    await revoke_sessions(user)
    return user
