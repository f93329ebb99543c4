"""Paying for a booking: charge (or authorize) through the gateway, in full or a deposit now and
the balance later, in the currency the guest chooses.

Gateway calls happen outside database transactions, each with a key derived from our own row
("payment:<id>:create"), so a retry (ours, a task's, a webhook's) never charges twice. Every
result goes through `apply_intent` (resolvers.payments.booking_money).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.gateways import get_gateway
from core.gateways.base import GatewayError
from core.money import CURRENCIES
from core.settings import get_settings
from models import ledger
from models.bookings import Booking, BookingStatus
from models.payments import Payment, PaymentKind, PaymentMethod, PaymentPlan, PaymentStatus
from models.quotes import percent_of
from models.users import User
from resolvers.bookings import request_hash
from resolvers.payments.booking_money import apply_intent
from resolvers.payments.cards import own_method
from resolvers.payments.exchange_rates import rate
from resolvers.payments.idempotency import remember, replayed
from resolvers.payments.intents import LIVE

PAY_FOR_BOOKING = "payForBooking"


async def check_fraud(user: User, amount: int, currency: str) -> bool:
    """Refuse after too many failures in an hour; flag (not refuse) a payment far above the
    user's history. Returns whether to flag."""
    settings = get_settings()
    rows = await connections.get("default").execute_query_dict(
        """SELECT count(*) FILTER (WHERE status = 'failed' AND updated_at >= now() - interval '1 hour')
                    AS failures,
                  max(amount) FILTER (WHERE status = 'captured' AND currency = $2) AS largest
           FROM payments WHERE user_id = $1""",
        [user.id, currency],
    )
    if rows[0]["failures"] >= settings.max_failed_payments_per_hour:
        raise DomainError(
            ErrorCode.PAYMENTS_BLOCKED, "Too many failed payments: try again in an hour.", "payment_method_id"
        )
    largest = rows[0]["largest"]
    return largest is not None and amount > largest * settings.flag_payment_factor


@dataclass(frozen=True)
class _Terms:
    """What every charge of one payForBooking shares."""

    user: User
    booking: Booking
    method: PaymentMethod
    currency: str
    fx: Decimal
    flagged: bool

    def payment(
        self, kind: PaymentKind, listing_amount: int, status: PaymentStatus, due_at: datetime | None
    ) -> Payment:
        booking = self.booking
        return Payment(
            id=uuid.uuid4(),
            booking_id=booking.id,
            user_id=self.user.id,
            method_id=self.method.id,
            gateway=self.method.gateway,
            kind=kind,
            status=status,
            amount=ledger.convert(listing_amount, booking.currency, self.currency, self.fx),
            currency=self.currency,
            listing_amount=listing_amount,
            listing_currency=booking.currency,
            fx_rate=self.fx,
            capture_on_authorize=booking.instant or booking.status is BookingStatus.CONFIRMED,
            due_at=due_at,
            flagged=self.flagged,
        )


async def pay_for_booking(
    *,
    user: User,
    booking_id: uuid.UUID | None,
    method_id: uuid.UUID | None,
    plan: PaymentPlan = PaymentPlan.FULL,
    currency: str | None = None,
    idempotency_key: str | None = None,
) -> Payment:
    digest = request_hash(booking=booking_id, method=method_id, plan=plan, currency=currency)
    earlier = await replayed(user, PAY_FOR_BOOKING, idempotency_key, digest)
    if earlier:
        return await Payment.get(id=earlier)
    booking = await _payable_booking(user, booking_id)
    method = await own_method(user, method_id)
    charges = await _charges(user, booking, method, plan, currency)
    try:
        stored_before = await _store(user, booking, charges, idempotency_key, digest)
    except IntegrityError:
        # The same key (or another payment of this booking) committed first.
        earlier = await replayed(user, PAY_FOR_BOOKING, idempotency_key, digest)
        if earlier:
            return await Payment.get(id=earlier)
        raise DomainError(
            ErrorCode.ALREADY_PAID, "This booking is paid (or being paid).", "booking_id"
        ) from None
    if stored_before is not None:
        return stored_before
    return await charge(charges[0], method.token, booking)


async def _payable_booking(user: User, booking_id: uuid.UUID | None) -> Booking:
    booking = await Booking.get_or_none(id=booking_id, guest_id=user.id) if booking_id else None
    if booking is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such booking.", "booking_id")
    if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "booking_id"
        )
    return booking


async def _charges(
    user: User, booking: Booking, method: PaymentMethod, plan: PaymentPlan, currency: str | None
) -> list[Payment]:
    """The first charge (pending) and, for a deposit, the scheduled balance: not stored yet."""
    guest_currency = (currency or booking.currency).upper()
    if guest_currency not in CURRENCIES:
        raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"Unknown currency {guest_currency}.", "currency")
    fx = await rate(booking.currency, guest_currency)
    first_l, due = _first_and_due(booking, plan)
    first = ledger.convert(first_l, booking.currency, guest_currency, fx)
    flagged = await check_fraud(user, first, guest_currency)
    terms = _Terms(user, booking, method, guest_currency, fx, flagged)
    if plan is not PaymentPlan.DEPOSIT:
        return [terms.payment(PaymentKind.FULL, first_l, PaymentStatus.PENDING, None)]
    return [
        terms.payment(PaymentKind.DEPOSIT, first_l, PaymentStatus.PENDING, None),
        terms.payment(PaymentKind.BALANCE, booking.total - first_l, PaymentStatus.SCHEDULED, due),
    ]


def _first_and_due(booking: Booking, plan: PaymentPlan) -> tuple[int, datetime]:
    """What is charged now (listing currency), and when a deposit's balance falls due."""
    settings = get_settings()
    due = booking.starts_at - timedelta(days=settings.balance_days_before_check_in)
    if plan is not PaymentPlan.DEPOSIT:
        return booking.total, due
    if due <= datetime.now(UTC) + timedelta(days=1):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            f"A deposit needs check-in more than {settings.balance_days_before_check_in} days away.",
            "plan",
        )
    return percent_of(booking.total, settings.deposit_pct), due


async def _store(
    user: User, booking: Booking, charges: list[Payment], idempotency_key: str | None, digest: str
) -> Payment | None:
    """Save the charges under the booking's lock. Returns the payment of a copy of this request that
    committed while we waited for the lock (and saves nothing), else None."""
    async with in_transaction():
        locked = await Booking.filter(id=booking.id).select_for_update().first()
        assert locked is not None
        earlier = await replayed(user, PAY_FOR_BOOKING, idempotency_key, digest)
        if earlier:
            return await Payment.get(id=earlier)
        if locked.status is BookingStatus.CANCELLED:
            raise DomainError(ErrorCode.INVALID_TRANSITION, "This booking is cancelled.", "booking_id")
        if await Payment.exists(booking_id=booking.id, status__in=[*LIVE, PaymentStatus.SCHEDULED]):
            raise DomainError(ErrorCode.ALREADY_PAID, "This booking is paid (or being paid).", "booking_id")
        for payment in charges:
            await payment.save(force_create=True)
        await remember(user, PAY_FOR_BOOKING, idempotency_key, digest, charges[0].id)
    return None


async def charge(payment: Payment, token: str, booking: Booking) -> Payment:
    """Send a stored charge to its gateway and apply the answer."""
    try:
        result = await get_gateway(payment.gateway).create_intent(
            amount=payment.amount,
            currency=payment.currency,
            token=token,
            capture=payment.capture_on_authorize,
            idempotency_key=f"payment:{payment.id}:create:{payment.attempts}",
            metadata={"payment_id": str(payment.id), "booking_id": str(booking.id)},
        )
    except GatewayError as exc:
        raise DomainError(
            ErrorCode.GATEWAY_UNAVAILABLE, "The payment provider did not answer; try again."
        ) from exc
    return await apply_intent(payment.id, result, booking.id)


async def confirm_payment(*, user: User, payment_id: uuid.UUID | None) -> Payment:
    """The guest completed the card's extra step (3-D Secure)."""
    payment = await Payment.get_or_none(id=payment_id, user_id=user.id) if payment_id else None
    if payment is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such payment.", "payment_id")
    if payment.status is not PaymentStatus.REQUIRES_ACTION or not payment.intent_id:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"This payment is {payment.status.value}.", "payment_id"
        )
    result = await get_gateway(payment.gateway).confirm(
        payment.intent_id, idempotency_key=f"payment:{payment.id}:confirm"
    )
    return await apply_intent(payment.id, result)


def payments_of(user: User) -> QuerySet[Payment]:
    """The user's payments, for the schema to page."""
    return Payment.filter(user_id=user.id)


def flagged_payments() -> QuerySet[Payment]:
    """Payments far above their payer's history, for an admin to review; for the schema to page."""
    return Payment.filter(flagged=True)
