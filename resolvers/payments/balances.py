"""Scheduled balances: a deposit's balance is charged when it falls due. A decline notifies the
guest and retries later; after the last attempt the booking is cancelled under its policy."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from core.errors import DomainError
from core.settings import get_settings
from models.bookings import Booking
from models.payments import Payment, PaymentMethod, PaymentStatus
from resolvers.payments.booking_money import cancel_for_payment
from resolvers.payments.paying import charge


async def charge_due_balances(now: datetime | None = None) -> dict[str, int]:
    """Charge deposits' balances that fell due. Idempotent per attempt."""
    now = now or datetime.now(UTC)
    counts = {"charged": 0, "failed": 0, "cancelled": 0}
    due = await Payment.filter(status=PaymentStatus.SCHEDULED, due_at__lte=now).order_by("due_at").limit(200)
    for scheduled in due:
        payment = await _claim(scheduled.id, now)
        if payment is None:
            continue
        payment = await _charge_once(payment)
        if payment.status is PaymentStatus.CAPTURED:
            counts["charged"] += 1
            continue
        counts["failed"] += 1
        if await _after_decline(payment, now):
            counts["cancelled"] += 1
    return counts


async def _claim(payment_id: uuid.UUID, now: datetime) -> Payment | None:
    """The balance, turned pending to be charged now; None if another worker holds or took it."""
    async with in_transaction():
        payment = (
            await Payment.filter(id=payment_id, status=PaymentStatus.SCHEDULED, due_at__lte=now)
            .select_for_update(skip_locked=True)
            .first()
        )
        if payment is None:
            return None
        payment.status, payment.capture_on_authorize = PaymentStatus.PENDING, True
        await payment.save(update_fields=["status", "capture_on_authorize", "updated_at"])
    return payment


async def _charge_once(payment: Payment) -> Payment:
    method = await PaymentMethod.get(id=payment.method_id)
    booking = await Booking.get(id=payment.booking_id)
    try:
        return await charge(payment, method.token, booking)
    except DomainError:
        payment.status = PaymentStatus.FAILED
        return payment


async def _after_decline(payment: Payment, now: datetime) -> bool:
    """Schedule the next attempt, or after the last one cancel the booking. Whether it cancelled."""
    settings = get_settings()
    attempts = payment.attempts + 1
    if attempts >= settings.balance_attempts:
        await Payment.filter(id=payment.id).update(status=PaymentStatus.FAILED, attempts=attempts)
        await cancel_for_payment(payment.booking_id)
        return True
    # The same row waits for its next attempt (a new key: a new charge attempt).
    await Payment.filter(id=payment.id).update(
        status=PaymentStatus.SCHEDULED,
        attempts=attempts,
        intent_id=None,
        due_at=now + timedelta(hours=settings.balance_retry_hours),
    )
    return False
