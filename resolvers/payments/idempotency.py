"""Idempotency keys of payment mutations: the same key and input return the first result; the same
key with other input is refused."""

from __future__ import annotations

from core.errors import DomainError, ErrorCode
from models.payments import IdempotencyRecord
from models.users import User


async def replayed(user: User, operation: str, key: str | None, digest: str) -> str | None:
    """The id the first request with this key produced, or None for a new key."""
    if not key:
        return None
    if not 1 <= len(key) <= 100 or "\x00" in key:
        raise DomainError(ErrorCode.INVALID_INPUT, "1 to 100 characters.", "idempotency_key")
    record = await IdempotencyRecord.get_or_none(user_id=user.id, operation=operation, key=key)
    if record is None:
        return None
    if record.request_hash != digest:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for a different request.", "idempotency_key"
        )
    return record.result_id


async def remember(user: User, operation: str, key: str | None, digest: str, result_id: object) -> None:
    """Keep what `key` produced (in the caller's transaction); nothing without a key. A second row
    for the same key breaks the unique constraint: the caller replays the first."""
    if key:
        await IdempotencyRecord.create(
            user_id=user.id, operation=operation, key=key, request_hash=digest, result_id=str(result_id)
        )
