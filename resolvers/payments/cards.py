"""Saved cards: the gateway's token and what identifies the card to its owner, never its number."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.gateways import get_gateway
from models.payments import PaymentMethod
from models.users import User

_CARD_NUMBER = re.compile(r"\d[\d -]{11,22}\d")


async def add_payment_method(*, user: User, token: str, make_default: bool = False) -> PaymentMethod:
    """Store a gateway token and its card's brand, last four digits and expiry: nothing else."""
    token = token.strip()
    if _CARD_NUMBER.search(token) or not 3 <= len(token) <= 255:
        # A card number must never reach us: refuse it without storing or echoing it.
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD, "Send the gateway's token, never a card number.", "token"
        )
    gateway = get_gateway()
    try:
        card = await gateway.describe(token)
    except ValueError as exc:
        raise DomainError(
            ErrorCode.INVALID_PAYMENT_METHOD, "The gateway does not know this card.", "token"
        ) from exc
    async with in_transaction():
        await User.filter(id=user.id).select_for_update().first()
        has_default = await PaymentMethod.exists(user_id=user.id, removed_at=None, is_default=True)
        if make_default and has_default:
            await PaymentMethod.filter(user_id=user.id, is_default=True).update(is_default=False)
        return await PaymentMethod.create(
            user_id=user.id,
            gateway=gateway.name,
            token=token,
            brand=card.brand,
            last4=card.last4,
            exp_month=card.exp_month,
            exp_year=card.exp_year,
            is_default=make_default or not has_default,
        )


async def own_method(user: User, method_id: uuid.UUID | None) -> PaymentMethod:
    method = (
        await PaymentMethod.get_or_none(id=method_id, user_id=user.id, removed_at=None) if method_id else None
    )
    if method is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such payment method.", "payment_method_id")
    return method


async def remove_payment_method(*, user: User, method_id: uuid.UUID | None) -> None:
    async with in_transaction():
        method = await own_method(user, method_id)
        method.removed_at, was_default, method.is_default = datetime.now(UTC), method.is_default, False
        await method.save(update_fields=["removed_at", "is_default"])
        if was_default:
            successor = (
                await PaymentMethod.filter(user_id=user.id, removed_at=None).order_by("-created_at").first()
            )
            if successor:
                successor.is_default = True
                await successor.save(update_fields=["is_default"])


async def set_default_payment_method(*, user: User, method_id: uuid.UUID | None) -> PaymentMethod:
    async with in_transaction():
        method = await own_method(user, method_id)
        await PaymentMethod.filter(user_id=user.id, is_default=True).update(is_default=False)
        method.is_default = True
        await method.save(update_fields=["is_default"])
    return method


async def saved_methods(user: User) -> list[PaymentMethod]:
    """The user's cards, the default first, then the newest."""
    return await PaymentMethod.filter(user_id=user.id, removed_at=None).order_by("-is_default", "-created_at")
