"""What a gateway reports of a payment intent, recorded once, under the payment's row lock.

State only moves forward, and the ledger gets the captured *difference*, so recording a result
twice (or late, or out of order) changes nothing more. What follows a result after commit (the
events, settling a cancelled booking) is `resolvers.payments.booking_money.apply_intent`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from core.gateways.base import IntentResult, IntentStatus
from models import ledger
from models.bookings import Booking, BookingAction, BookingStatus
from models.payments import Payment, PaymentStatus
from resolvers.booking_transitions import apply_transition
from resolvers.ledger_posting import post

LIVE = (
    PaymentStatus.PENDING,
    PaymentStatus.REQUIRES_ACTION,
    PaymentStatus.AUTHORIZED,
    PaymentStatus.CAPTURED,
)
RANK = {
    PaymentStatus.PENDING: 0,
    PaymentStatus.SCHEDULED: 0,
    PaymentStatus.REQUIRES_ACTION: 1,
    PaymentStatus.AUTHORIZED: 2,
    PaymentStatus.CAPTURED: 3,
}


def merged(current: PaymentStatus, reported: IntentStatus) -> PaymentStatus:
    """States only move forward: an old event arriving late never undoes a newer one."""
    target = {
        IntentStatus.REQUIRES_ACTION: PaymentStatus.REQUIRES_ACTION,
        IntentStatus.AUTHORIZED: PaymentStatus.AUTHORIZED,
        IntentStatus.CAPTURED: PaymentStatus.CAPTURED,
        IntentStatus.CANCELED: PaymentStatus.VOIDED,
        IntentStatus.FAILED: PaymentStatus.FAILED,
    }[reported]
    if current in (PaymentStatus.FAILED, PaymentStatus.VOIDED):
        return current if target is not PaymentStatus.CAPTURED else target
    if target in (PaymentStatus.FAILED, PaymentStatus.VOIDED):
        return target if current is not PaymentStatus.CAPTURED else current
    return target if RANK[target] > RANK[current] else current


def to_listing(payment: Payment, amount: int) -> int:
    """`amount` of the payment's currency in the listing's, by the payment's own rate."""
    if payment.currency == payment.listing_currency:
        return amount
    return (2 * amount * payment.listing_amount + payment.amount) // (2 * payment.amount)


async def record_intent(
    payment_id: uuid.UUID, result: IntentResult, booking_id: uuid.UUID | None = None
) -> tuple[Payment, Booking, bool]:
    """Record the result in one transaction; an instant booking is confirmed once it is paid.
    Returns the payment, its booking, and whether this result confirmed the booking."""
    async with in_transaction():
        # The booking's lock first, then the payment's: the order settle() takes them in.
        if booking_id is None:
            booking_id = (await Payment.get(id=payment_id)).booking_id
        booking = await Booking.filter(id=booking_id).select_for_update().get()
        payment = await Payment.filter(id=payment_id).select_for_update().get()
        await _update_payment(payment, result, booking)
        secured = payment.status in (PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED)
        if secured and booking.status is BookingStatus.PENDING and booking.instant:
            await apply_transition(
                booking, BookingAction.CONFIRM, actor=None, now=datetime.now(UTC), note="paid"
            )
            return payment, booking, True
    return payment, booking, False


async def _update_payment(payment: Payment, result: IntentResult, booking: Booking) -> None:
    """Merge the result into the locked payment; post what was captured since the last result."""
    seen = (payment.intent_id, payment.status, payment.decline_code, payment.captured_amount)
    payment.intent_id = payment.intent_id or result.intent_id
    payment.status = merged(payment.status, result.status)
    if result.status is IntentStatus.FAILED and payment.status is PaymentStatus.FAILED:
        payment.decline_code = (result.decline_code or "declined")[:40]
    if result.captured > payment.captured_amount:
        delta = result.captured - payment.captured_amount
        delta_l = payment.listing_amount if delta == payment.amount else to_listing(payment, delta)
        payment.captured_amount = result.captured
        await post(
            "capture",
            ledger.capture(booking.id, delta, payment.currency, delta_l, payment.listing_currency),
            booking_id=booking.id,
            payment_id=payment.id,
        )
    if (payment.intent_id, payment.status, payment.decline_code, payment.captured_amount) != seen:
        await payment.save()  # (a result seen before changes nothing, not even updated_at)
