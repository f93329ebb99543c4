"""The money steps of a booking's lifecycle: capture on the host's yes, settle after a cancellation,
refund what a lowered price no longer asks for, and cancel a booking whose balance failed for good.

The lifecycle (resolvers.booking_lifecycle) calls these; so do the payments modules (a gateway's
result for a cancelled booking settles it). This module imports no lifecycle module: the booking
moves it needs are in resolvers.booking_transitions.

- Every gateway result goes through `apply_intent`: recorded once, under the payment's row lock
  (resolvers.payments.intents), then announced.
- Money that arrives for a booking that no longer exists is released or refunded (`settle`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.gateways import get_gateway
from core.gateways.base import IntentResult
from core.settings import get_settings
from models import ledger
from models.bookings import Booking, BookingStatus, CancelReason
from models.cancellation import Canceller
from models.ledger import Parts, allocate
from models.payments import Payment, PaymentKind, PaymentRefund, PaymentStatus
from models.quotes import Quote
from resolvers.booking_events import announce
from resolvers.booking_transitions import cancel_locked, recorded_refund
from resolvers.ledger_posting import booking_books, recognise_funds
from resolvers.listings import calendar_changed
from resolvers.payments.intents import record_intent
from resolvers.payments.refunds import listing_left, record_refund, send_refunds


async def apply_intent(
    payment_id: uuid.UUID, result: IntentResult, booking_id: uuid.UUID | None = None
) -> Payment:
    """Record what the gateway reports, once; confirm an instant booking once it is paid."""
    payment, booking, confirmed = await record_intent(payment_id, result, booking_id)
    if confirmed:
        await announce(booking, "booking_confirmed")
    if payment.status is PaymentStatus.FAILED:
        await announce(booking, "payment_failed", paymentId=str(payment.id), declineCode=payment.decline_code)
    if booking.status is BookingStatus.CANCELLED:
        await settle(booking.id)  # money for a stay that no longer exists goes back
    return payment


# ---- the host's answer ------------------------------------------------------------------------------


async def capture_for_accept(booking: Booking) -> None:
    """Before a request is confirmed: capture what the guest authorized (PAYMENT_REQUIRED if nothing
    is, PAYMENT_DECLINED if the capture fails)."""
    if not get_settings().payments_required:
        return
    payments = await Payment.filter(
        booking_id=booking.id, status__in=[PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED]
    ).exclude(kind=PaymentKind.BALANCE)
    if not payments:
        raise DomainError(
            ErrorCode.PAYMENT_REQUIRED, "The guest has not paid for this request yet.", "booking_id"
        )
    for payment in payments:
        if payment.status is PaymentStatus.AUTHORIZED:
            assert payment.intent_id is not None  # the gateway authorized this intent
            result = await get_gateway(payment.gateway).capture(
                payment.intent_id, amount=payment.amount, idempotency_key=f"payment:{payment.id}:capture"
            )
            payment = await apply_intent(payment.id, result)
            if payment.status is not PaymentStatus.CAPTURED:
                raise DomainError(
                    ErrorCode.PAYMENT_DECLINED, "The guest's card could not be charged.", "booking_id"
                )
    # Later charges of this booking are captured at once.
    await Payment.filter(booking_id=booking.id, status=PaymentStatus.SCHEDULED).update(
        capture_on_authorize=True
    )


# ---- cancellation ----------------------------------------------------------------------------------


async def settle(booking_id: uuid.UUID) -> None:
    """A cancelled booking keeps only what its policy retains: release authorizations, drop scheduled
    charges, refund the rest of what was captured, and recognise what is retained. Idempotent, and
    serialised per booking (its row lock), so a cancellation and a late webhook settle once."""
    booking = await Booking.get(id=booking_id)
    payments = await Payment.filter(booking_id=booking.id)
    if booking.status is not BookingStatus.CANCELLED or not payments:
        return  # (nothing was ever paid: nothing to settle, and no lock to take)
    for payment in payments:
        if payment.status in (PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION) and payment.intent_id:
            result = await get_gateway(payment.gateway).cancel(
                payment.intent_id, idempotency_key=f"payment:{payment.id}:cancel"
            )
            await apply_intent(payment.id, result)
    async with in_transaction():
        booking = await Booking.filter(id=booking_id).select_for_update().get()
        await Payment.filter(
            booking_id=booking.id, status__in=[PaymentStatus.SCHEDULED, PaymentStatus.PENDING]
        ).update(status=PaymentStatus.VOIDED)
        payments = await Payment.filter(booking_id=booking.id).order_by("-created_at").select_for_update()
        refunds = await _settle_refunds(booking, list(payments))
    await send_refunds(refunds)


def _policy_parts(booking: Booking, whole: Parts) -> Parts:
    """What the cancellation policy gives back of each part. Worked out again from what the booking
    stores (who cancelled, when, under which policy) and checked against its `refund_total`; should
    they ever disagree (a policy changed since), `refund_total` counts, pro rata of the parts."""
    if booking.refund_total is None:
        return whole
    refund = recorded_refund(booking)
    if refund.total == booking.refund_total and refund.parts.within(whole):
        return refund.parts
    return allocate(min(booking.refund_total, whole.total), whole)


async def _settle_refunds(booking: Booking, payments: list[Payment]) -> list[PaymentRefund]:
    """Refund, newest payment first, all the guest paid beyond what the policy keeps of each part
    (or beyond what is left of it, after earlier refunds), then recognise what is kept."""
    quote = Quote.from_json(booking.quote)
    whole = Parts.of_quote(quote)
    books = await booking_books(booking.id)
    current = books.kept if books.recognised else whole - books.refunded.least(whole)
    keep = current.least(whole - _policy_parts(booking, whole))
    owed = current - keep
    remaining = {p.id: await listing_left(p) for p in payments}
    to_refund = max(0, sum(remaining.values()) - keep.total)
    parts_left = allocate(min(to_refund, owed.total), owed)  # short of it: the guest paid less
    reason = f"cancellation: {booking.cancel_reason.value if booking.cancel_reason else ''}"
    refunds: list[PaymentRefund] = []
    for payment in payments:
        share = min(to_refund, remaining[payment.id])
        if share > 0:
            mine = allocate(min(share, parts_left.total), parts_left)
            refunds.append(
                await record_refund(payment, listing_amount=share, parts=mine, reason=reason, actor=None)
            )
            to_refund, parts_left = to_refund - share, parts_left - mine
    await recognise_funds(booking.id, booking.host_id, quote, "retained on cancellation", target=keep)
    return refunds


async def cancel_for_payment(booking_id: uuid.UUID) -> None:
    """A scheduled charge failed for good: the booking ends as if the guest cancelled now (the
    policy decides what is retained), with reason payment_failed."""
    now = datetime.now(UTC)
    async with in_transaction():
        booking = await Booking.filter(id=booking_id).select_for_update().get()
        if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
            return
        await cancel_locked(
            booking, actor=None, reason=CancelReason.PAYMENT_FAILED, now=now, role=Canceller.GUEST
        )
    await settle(booking.id)
    await calendar_changed(booking.listing_id)
    await announce(booking, "booking_cancelled", reason=CancelReason.PAYMENT_FAILED.value)


# ---- a changed price --------------------------------------------------------------------------------


async def reprice(booking: Booking) -> list[PaymentRefund]:
    """After the booking's price changed (locked, in the caller's transaction): a scheduled balance
    becomes what is still due, and what was captured beyond the new price goes back, newest payment
    first, as no part of the new quote (what the guest paid for is the new quote). Returns the
    refunds, to send after commit. (A higher price with no balance to raise is not charged here.)"""
    quote = Quote.from_json(booking.quote)
    whole = Parts.of_quote(quote)
    books = await booking_books(booking.id)
    due = (whole - books.refunded.least(whole)).total
    payments = list(await Payment.filter(booking_id=booking.id).order_by("-created_at").select_for_update())
    remaining = {p.id: await listing_left(p) for p in payments}
    paid = sum(remaining.values())
    for payment in payments:
        if payment.status is PaymentStatus.SCHEDULED:
            rest = max(0, due - paid)
            amount = ledger.convert(
                rest, payment.listing_currency, payment.currency, Decimal(payment.fx_rate)
            )
            if amount <= 0:
                payment.status = PaymentStatus.VOIDED
            else:
                payment.listing_amount, payment.amount = rest, amount
            await payment.save(update_fields=["status", "listing_amount", "amount", "updated_at"])
            paid += rest
    excess, refunds = max(0, paid - due), []
    for payment in payments:
        share = min(excess, remaining[payment.id])
        if share > 0:
            refunds.append(
                await record_refund(
                    payment, listing_amount=share, parts=Parts(), reason="price lowered", actor=None
                )
            )
            excess -= share
    return refunds
