"""Refunds: the refund row and its ledger transaction, sending it to the gateway, and an admin's
refund of a captured payment.

Every refund says what it gives back of each part of the quote (models.ledger.Parts: the policy's
breakdown, else pro rata of what is left of each part); what is kept is split part by part by
models.ledger.kept_split, the one rule for cancellations, admin refunds and lowered prices. The
gateway is called after commit, under a key derived from the refund's row, so a resend (see
`resolvers.payments.reconcile`) never refunds twice.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.gateways import get_gateway
from core.gateways.base import GatewayError
from core.money import to_minor
from models import ledger
from models.bookings import Booking
from models.ledger import Parts, allocate, kept_split
from models.payments import Payment, PaymentRefund
from models.quotes import Quote
from models.users import User
from resolvers.bookings import request_hash
from resolvers.ledger_posting import booking_books, post
from resolvers.payments.idempotency import remember, replayed
from resolvers.payments.intents import to_listing

REFUND_PAYMENT = "refundPayment"


async def listing_left(payment: Payment) -> int:
    """What of `payment` is left to refund, in the listing's currency: exact, from the records
    (captured minus the listing amounts of its refunds), never a re-conversion."""
    if payment.captured_amount <= payment.refunded_amount:
        return 0
    captured = (
        payment.listing_amount
        if payment.captured_amount == payment.amount
        else to_listing(payment, payment.captured_amount)
    )
    refunded = sum(r.listing_amount for r in await PaymentRefund.filter(payment_id=payment.id))
    return max(0, captured - refunded)


async def record_refund(
    payment: Payment,
    *,
    reason: str,
    actor: User | None,
    listing_amount: int | None = None,
    amount: int | None = None,
    parts: Parts | None = None,
) -> PaymentRefund:
    """The refund row and its ledger transaction, in the caller's transaction with the booking and
    `payment` locked; give `listing_amount` (listing currency) or `amount` (the payment's), and
    `parts`, what it gives back of each part of the quote (None: pro rata of what is left of each;
    the rest of the amount, if any, is no part of the quote: a price lowered). The CHECK refunded <=
    captured refuses any over-refund, also under concurrency. The gateway is called after commit."""
    amount, listing_amount = await _amounts(payment, amount, listing_amount)
    payment.refunded_amount += amount
    await payment.save(update_fields=["refunded_amount", "updated_at"])
    refund = await PaymentRefund.create(
        payment_id=payment.id,
        amount=amount,
        listing_amount=listing_amount,
        reason=reason[:200],
        created_by_id=actor.id if actor else None,
    )
    booking = await Booking.get(id=payment.booking_id)
    legs = await _refund_legs(booking, payment, amount, listing_amount, parts)
    await post("refund", legs, booking_id=booking.id, payment_id=payment.id, memo=reason)
    return refund


async def _amounts(payment: Payment, amount: int | None, listing_amount: int | None) -> tuple[int, int]:
    """The refund in the payment's currency and in the listing's, from whichever one was given:
    all that is left of the one when all that is left of the other is asked."""
    left = payment.captured_amount - payment.refunded_amount
    left_l = await listing_left(payment)
    if amount is None:
        assert listing_amount is not None
        amount = (
            left
            if listing_amount >= left_l
            else ledger.convert(
                listing_amount, payment.listing_currency, payment.currency, Decimal(payment.fx_rate)
            )
        )
    elif listing_amount is None:
        listing_amount = left_l if amount >= left else min(left_l, to_listing(payment, amount))
    if amount <= 0 or amount > left:
        raise DomainError(ErrorCode.REFUND_EXCEEDS_CAPTURED, "That is more than is left to refund.", "amount")
    return amount, listing_amount


def in_currency(payment: Payment, listing_amount: int, whole_l: int, whole: int) -> int:
    """`listing_amount` of `whole_l` in the payment's currency: all of `whole` when it is all."""
    if listing_amount == whole_l:
        return whole
    rate = Decimal(payment.fx_rate)
    return ledger.convert(listing_amount, payment.listing_currency, payment.currency, rate)


async def _refund_legs(
    booking: Booking, payment: Payment, amount: int, listing_amount: int, parts: Parts | None
) -> list[ledger.Leg]:
    """Out of the stay's funds while they hold it, each part on its own line; beyond that, what was
    recognised is reversed part by part (models.ledger.kept_split before, less after); beyond that
    too (never expected), the platform's expense."""
    quote = Quote.from_json(booking.quote)
    whole = Parts.of_quote(quote)
    books = await booking_books(booking.id)
    cur, lcur = payment.currency, payment.listing_currency
    before_l = min(max(0, books.held), listing_amount)
    after_l = listing_amount - before_l
    if parts is None:
        unrecognised = (whole - books.refunded.least(whole) - books.kept).at_least_zero()
        before_parts = allocate(min(before_l, unrecognised.total), unrecognised)
        after_parts = allocate(min(after_l, books.kept.total), books.kept)
    else:
        before_parts = allocate(min(before_l, parts.total), parts)
        after_parts = (parts - before_parts).least(books.kept)
    before = in_currency(payment, before_l, listing_amount, amount)
    legs: list[ledger.Leg] = []
    if before_l:
        legs += ledger.refund_before_stay(booking.id, before, cur, before_l, lcur, before_parts)
    if after_parts.total:
        pct = quote.host_commission_pct
        split = kept_split(books.kept, pct) - kept_split(books.kept - after_parts, pct)
        reversed_ = (
            amount - before
            if after_parts.total == after_l
            else in_currency(payment, after_parts.total, listing_amount, amount)
        )
        legs += ledger.refund_after_start(booking.host_id, split, reversed_, cur, lcur)
        before += reversed_
    if after_l > after_parts.total:
        legs += ledger.goodwill_refund(amount - before, cur, after_l - after_parts.total, lcur)
    return legs


async def send_refunds(refunds: list[PaymentRefund]) -> None:
    for refund in refunds:
        await send_refund(refund)


async def send_refund(refund: PaymentRefund, payment: Payment | None = None) -> bool:
    """Ask the gateway for the refund (after commit); whether it answered. Unanswered, the refund
    stays recorded and owed: `reconcile` sends it again under the same key."""
    payment = payment or await Payment.get(id=refund.payment_id)
    assert payment.intent_id is not None  # a refund is only of captured money, so of a created intent
    try:
        result = await get_gateway(payment.gateway).refund(
            payment.intent_id, amount=refund.amount, idempotency_key=f"refund:{refund.id}"
        )
    except GatewayError:
        return False
    refund.gateway_refund_id = result.refund_id
    await refund.save(update_fields=["gateway_refund_id"])
    return True


# ---- an admin's refund ------------------------------------------------------------------------------


async def admin_refund(
    *,
    user: User,
    payment_id: uuid.UUID | None,
    amount: Decimal | None,
    reason: str,
    idempotency_key: str | None = None,
) -> tuple[PaymentRefund, Payment]:
    """Refund `amount` (in the payment's currency; None: all that is left) of a captured payment;
    returns the refund and the payment as it is now. The payment is read once, then locked. The same
    key again returns the first refund; with another input it is refused."""
    seen = await Payment.get_or_none(id=payment_id) if payment_id else None
    minor = _minor_units(amount, seen.currency) if amount is not None and seen is not None else None
    digest = request_hash(payment=payment_id, amount=minor, reason=reason)
    earlier = await replayed(user, REFUND_PAYMENT, idempotency_key, digest)
    if earlier:
        return await PaymentRefund.get(id=earlier), _found(seen)
    try:
        refund, payment = await _refund_locked(user, seen, minor, reason, idempotency_key, digest)
    except IntegrityError:  # the same key, concurrently: the other request refunded
        earlier = await replayed(user, REFUND_PAYMENT, idempotency_key, digest)
        if not earlier:
            raise
        await _found(seen).refresh_from_db()  # (read before the other request's refund)
        return await PaymentRefund.get(id=earlier), _found(seen)
    await send_refund(refund, payment)
    return refund, payment


def _minor_units(amount: Decimal, currency: str) -> int:
    try:
        return to_minor(amount, currency)
    except (ValueError, InvalidOperation) as exc:
        raise DomainError(ErrorCode.INVALID_INPUT, "Not an amount of this currency.", "amount") from exc


def _found(payment: Payment | None) -> Payment:
    assert payment is not None  # a key's refund is of a payment that exists
    return payment


async def _refund_locked(
    user: User,
    seen: Payment | None,
    amount: int | None,
    reason: str,
    idempotency_key: str | None,
    digest: str,
) -> tuple[PaymentRefund, Payment]:
    async with in_transaction():
        if seen is not None:  # the booking's lock first, then the payment's: the order settle() takes
            await Booking.filter(id=seen.booking_id).select_for_update().first()
        payment = await Payment.filter(id=seen.id).select_for_update().first() if seen else None
        if payment is None:
            raise DomainError(ErrorCode.NOT_FOUND, "No such payment.", "payment_id")
        left = payment.captured_amount - payment.refunded_amount
        amount = left if amount is None else amount
        if amount <= 0 or amount > left:
            raise DomainError(ErrorCode.REFUND_EXCEEDS_CAPTURED, f"At most {left} can be refunded.", "amount")
        refund = await record_refund(payment, amount=amount, reason=reason or "admin", actor=user)
        await remember(user, REFUND_PAYMENT, idempotency_key, digest, refund.id)
    return refund, payment
