"""Paying for bookings: charge (or authorize) through the gateway, capture on the host's yes,
release on a no, refund by policy on cancellation, charge scheduled balances.

Rules of the road:
- Gateway calls happen outside database transactions, each with a key derived from our own row
  ("payment:<id>:create"), so a retry (ours, a task's, a webhook's) never charges twice.
- Every result, whether it comes back from the call or later in a webhook, goes through
  `apply_intent`: under the payment's row lock, state only moves forward, and the ledger gets the
  captured *difference*, so applying a result twice (or late, or out of order) changes nothing more.
- Money that arrives for a booking that no longer exists is released or refunded (`settle`).
- Every refund says what it gives back of each part of the quote (models.ledger.Parts: the policy's
  breakdown, else pro rata of what is left of each part); what is kept is split part by part by
  models.ledger.kept_split, the one rule for cancellations, admin refunds and lowered prices.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.gateways import get_gateway
from core.gateways.base import GatewayError, IntentResult, IntentStatus
from core.money import CURRENCIES
from core.settings import get_settings
from models import ledger
from models.bookings import Booking, BookingAction, BookingStatus
from models.ledger import Parts, allocate, kept_split
from models.payments import (
    ExchangeRate,
    IdempotencyRecord,
    Payment,
    PaymentKind,
    PaymentMethod,
    PaymentPlan,
    PaymentRefund,
    PaymentStatus,
)
from models.quotes import Quote, percent_of
from models.users import User
from resolvers.booking_events import announce
from resolvers.bookings import request_hash
from resolvers.ledger_posting import booking_books, post, recognise_funds

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
_CARD_NUMBER = re.compile(r"\d[\d -]{11,22}\d")


# ---- idempotency ------------------------------------------------------------------------------------


async def replayed(user: User, operation: str, key: str | None, digest: str) -> str | None:
    """The id the first request with this key produced, or None for a new key."""
    if not key:
        return None
    if not 1 <= len(key) <= 100 or "\x00" in key:
        raise DomainError(ErrorCode.INVALID_INPUT, "1 to 100 characters.", "idempotencyKey")
    record = await IdempotencyRecord.get_or_none(user_id=user.id, operation=operation, key=key)
    if record is None:
        return None
    if record.request_hash != digest:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED, "This key was used for a different request.", "idempotencyKey"
        )
    return record.result_id


# ---- exchange rates ---------------------------------------------------------------------------------


async def rate(source: str, target: str) -> Decimal:
    """Major units of `target` per unit of `source`, from the table (directly or inverted)."""
    if source == target:
        return Decimal(1)
    row = await ExchangeRate.get_or_none(base=source, quote=target)
    if row is not None:
        return Decimal(row.rate)
    inverse = await ExchangeRate.get_or_none(base=target, quote=source)
    if inverse is not None:
        return (Decimal(1) / Decimal(inverse.rate)).quantize(Decimal("1e-12"))
    raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"No exchange rate from {source} to {target}.", "currency")


async def set_exchange_rate(*, base: str, quote: str, value: Decimal, source: str = "admin") -> ExchangeRate:
    base, quote = base.upper(), quote.upper()
    for field, code in (("base", base), ("quote", quote)):
        if code not in CURRENCIES:
            raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"Unknown currency {code}.", field)
    if not value.is_finite() or value <= 0:
        raise DomainError(ErrorCode.INVALID_INPUT, "A rate is a positive number.", "rate")
    row, _ = await ExchangeRate.update_or_create(
        defaults={"rate": value, "source": source}, base=base, quote=quote
    )
    return row


# ---- payment methods --------------------------------------------------------------------------------


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
        raise DomainError(ErrorCode.NOT_FOUND, "No such payment method.", "paymentMethodId")
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


# ---- paying ----------------------------------------------------------------------------------------


async def _check_fraud(user: User, amount: int, currency: str) -> bool:
    """Refuse after too many failures in an hour; flag (not refuse) a payment far above the
    user's history. Returns whether to flag."""
    from tortoise import connections

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
            ErrorCode.PAYMENTS_BLOCKED, "Too many failed payments: try again in an hour.", "paymentMethodId"
        )
    largest = rows[0]["largest"]
    return largest is not None and amount > largest * settings.flag_payment_factor


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
    earlier = await replayed(user, "payForBooking", idempotency_key, digest)
    if earlier:
        return await Payment.get(id=earlier)
    booking = await Booking.get_or_none(id=booking_id, guest_id=user.id) if booking_id else None
    if booking is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such booking.", "bookingId")
    if booking.status is BookingStatus.CANCELLED or booking.status not in (
        BookingStatus.PENDING,
        BookingStatus.CONFIRMED,
    ):
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "bookingId"
        )
    method = await own_method(user, method_id)
    guest_currency = (currency or booking.currency).upper()
    if guest_currency not in CURRENCIES:
        raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"Unknown currency {guest_currency}.", "currency")
    fx = await rate(booking.currency, guest_currency)
    settings = get_settings()
    now = datetime.now(UTC)
    due = booking.starts_at - timedelta(days=settings.balance_days_before_check_in)
    if plan is PaymentPlan.DEPOSIT:
        if due <= now + timedelta(days=1):
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                f"A deposit needs check-in more than {settings.balance_days_before_check_in} days away.",
                "plan",
            )
        first_l = percent_of(booking.total, settings.deposit_pct)
    else:
        first_l = booking.total
    first = ledger.convert(first_l, booking.currency, guest_currency, fx)
    flagged = await _check_fraud(user, first, guest_currency)

    def charge(
        kind: PaymentKind, listing_amount: int, status: PaymentStatus, due_at: datetime | None
    ) -> Payment:
        return Payment(
            id=uuid.uuid4(),
            booking_id=booking.id,
            user_id=user.id,
            method_id=method.id,
            gateway=method.gateway,
            kind=kind,
            status=status,
            amount=ledger.convert(listing_amount, booking.currency, guest_currency, fx),
            currency=guest_currency,
            listing_amount=listing_amount,
            listing_currency=booking.currency,
            fx_rate=fx,
            capture_on_authorize=booking.instant or booking.status is BookingStatus.CONFIRMED,
            due_at=due_at,
            flagged=flagged,
        )

    payment = charge(
        PaymentKind.DEPOSIT if plan is PaymentPlan.DEPOSIT else PaymentKind.FULL,
        first_l,
        PaymentStatus.PENDING,
        None,
    )
    try:
        async with in_transaction():
            locked = await Booking.filter(id=booking.id).select_for_update().first()
            assert locked is not None
            # A copy of this request may have committed while we waited for the lock.
            earlier = await replayed(user, "payForBooking", idempotency_key, digest)
            if earlier:
                return await Payment.get(id=earlier)
            if locked.status is BookingStatus.CANCELLED:
                raise DomainError(ErrorCode.INVALID_TRANSITION, "This booking is cancelled.", "bookingId")
            if await Payment.exists(booking_id=booking.id, status__in=[*LIVE, PaymentStatus.SCHEDULED]):
                raise DomainError(
                    ErrorCode.ALREADY_PAID, "This booking is paid (or being paid).", "bookingId"
                )
            await payment.save(force_create=True)
            if plan is PaymentPlan.DEPOSIT:
                balance_payment = charge(
                    PaymentKind.BALANCE, booking.total - first_l, PaymentStatus.SCHEDULED, due
                )
                await balance_payment.save(force_create=True)
            if idempotency_key:
                await IdempotencyRecord.create(
                    user_id=user.id,
                    operation="payForBooking",
                    key=idempotency_key,
                    request_hash=digest,
                    result_id=str(payment.id),
                )
    except IntegrityError:
        # The same key (or another payment of this booking) committed first.
        earlier = await replayed(user, "payForBooking", idempotency_key, digest)
        if earlier:
            return await Payment.get(id=earlier)
        raise DomainError(
            ErrorCode.ALREADY_PAID, "This booking is paid (or being paid).", "bookingId"
        ) from None
    return await _charge(payment, method.token, booking)


async def _charge(payment: Payment, token: str, booking: Booking) -> Payment:
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
        raise DomainError(ErrorCode.NOT_FOUND, "No such payment.", "paymentId")
    if payment.status is not PaymentStatus.REQUIRES_ACTION or not payment.intent_id:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"This payment is {payment.status.value}.", "paymentId"
        )
    result = await get_gateway(payment.gateway).confirm(
        payment.intent_id, idempotency_key=f"payment:{payment.id}:confirm"
    )
    return await apply_intent(payment.id, result)


def _merged(current: PaymentStatus, reported: IntentStatus) -> PaymentStatus:
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


async def apply_intent(
    payment_id: uuid.UUID, result: IntentResult, booking_id: uuid.UUID | None = None
) -> Payment:
    """Record what the gateway reports, once; confirm an instant booking once it is paid."""
    confirmed = False
    async with in_transaction():
        # The booking's lock first, then the payment's: the order settle() takes them in.
        if booking_id is None:
            booking_id = (await Payment.get(id=payment_id)).booking_id  # type: ignore[attr-defined]
        booking = await Booking.filter(id=booking_id).select_for_update().get()
        payment = await Payment.filter(id=payment_id).select_for_update().get()
        seen = (payment.intent_id, payment.status, payment.decline_code, payment.captured_amount)
        payment.intent_id = payment.intent_id or result.intent_id
        payment.status = _merged(payment.status, result.status)
        if result.status is IntentStatus.FAILED and payment.status is PaymentStatus.FAILED:
            payment.decline_code = (result.decline_code or "declined")[:40]
        if result.captured > payment.captured_amount:
            delta = result.captured - payment.captured_amount
            delta_l = payment.listing_amount if delta == payment.amount else _to_listing(payment, delta)
            payment.captured_amount = result.captured
            await post(
                "capture",
                ledger.capture(booking.id, delta, payment.currency, delta_l, payment.listing_currency),
                booking_id=booking.id,
                payment_id=payment.id,
            )
        if (payment.intent_id, payment.status, payment.decline_code, payment.captured_amount) != seen:
            await payment.save()  # (a result seen before changes nothing, not even updated_at)
        secured = payment.status in (PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED)
        if secured and booking.status is BookingStatus.PENDING and booking.instant:
            from resolvers.booking_lifecycle import apply_transition

            await apply_transition(
                booking, BookingAction.CONFIRM, actor=None, now=datetime.now(UTC), note="paid"
            )
            confirmed = True
    if confirmed:
        await announce(booking, "booking_confirmed")
    if payment.status is PaymentStatus.FAILED:
        await announce(booking, "payment_failed", paymentId=str(payment.id), declineCode=payment.decline_code)
    if booking.status is BookingStatus.CANCELLED:
        await settle(booking.id)  # money for a stay that no longer exists goes back
    return payment


def _to_listing(payment: Payment, amount: int) -> int:
    """`amount` of the payment's currency in the listing's, by the payment's own rate."""
    if payment.currency == payment.listing_currency:
        return amount
    return (2 * amount * payment.listing_amount + payment.amount) // (2 * payment.amount)


# ---- the host's answer, and cancellation -------------------------------------------------------------


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
            ErrorCode.PAYMENT_REQUIRED, "The guest has not paid for this request yet.", "bookingId"
        )
    for payment in payments:
        if payment.status is PaymentStatus.AUTHORIZED:
            result = await get_gateway(payment.gateway).capture(
                payment.intent_id, amount=payment.amount, idempotency_key=f"payment:{payment.id}:capture"
            )
            payment = await apply_intent(payment.id, result)
            if payment.status is not PaymentStatus.CAPTURED:
                raise DomainError(
                    ErrorCode.PAYMENT_DECLINED, "The guest's card could not be charged.", "bookingId"
                )
    # Later charges of this booking are captured at once.
    await Payment.filter(booking_id=booking.id, status=PaymentStatus.SCHEDULED).update(
        capture_on_authorize=True
    )


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
    from resolvers.booking_lifecycle import recorded_refund

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
    remaining = {p.id: await _listing_left(p) for p in payments}
    to_refund = max(0, sum(remaining.values()) - keep.total)
    parts_left = allocate(min(to_refund, owed.total), owed)  # short of it: the guest paid less
    reason = f"cancellation: {booking.cancel_reason.value if booking.cancel_reason else ''}"
    refunds: list[PaymentRefund] = []
    for payment in payments:
        share = min(to_refund, remaining[payment.id])
        if share > 0:
            mine = allocate(min(share, parts_left.total), parts_left)
            refunds.append(
                await _record_refund(payment, listing_amount=share, parts=mine, reason=reason, actor=None)
            )
            to_refund, parts_left = to_refund - share, parts_left - mine
    await recognise_funds(booking.id, booking.host_id, quote, "retained on cancellation", target=keep)  # type: ignore[attr-defined]
    return refunds


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
    remaining = {p.id: await _listing_left(p) for p in payments}
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
                await _record_refund(
                    payment, listing_amount=share, parts=Parts(), reason="price lowered", actor=None
                )
            )
            excess -= share
    return refunds


async def _listing_left(payment: Payment) -> int:
    """What of `payment` is left to refund, in the listing's currency: exact, from the records
    (captured minus the listing amounts of its refunds), never a re-conversion."""
    if payment.captured_amount <= payment.refunded_amount:
        return 0
    captured = (
        payment.listing_amount
        if payment.captured_amount == payment.amount
        else _to_listing(payment, payment.captured_amount)
    )
    refunded = sum(r.listing_amount for r in await PaymentRefund.filter(payment_id=payment.id))
    return max(0, captured - refunded)


async def _record_refund(
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
    left = payment.captured_amount - payment.refunded_amount
    left_l = await _listing_left(payment)
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
        listing_amount = left_l if amount >= left else min(left_l, _to_listing(payment, amount))
    if amount <= 0 or amount > left:
        raise DomainError(ErrorCode.REFUND_EXCEEDS_CAPTURED, "That is more than is left to refund.", "amount")
    payment.refunded_amount += amount
    await payment.save(update_fields=["refunded_amount", "updated_at"])
    refund = await PaymentRefund.create(
        payment_id=payment.id,
        amount=amount,
        listing_amount=listing_amount,
        reason=reason[:200],
        created_by_id=actor.id if actor else None,
    )
    booking = await Booking.get(id=payment.booking_id)  # type: ignore[attr-defined]
    legs = await _refund_legs(booking, payment, amount, listing_amount, parts)
    await post("refund", legs, booking_id=booking.id, payment_id=payment.id, memo=reason)
    return refund


def _in_currency(payment: Payment, listing_amount: int, whole_l: int, whole: int) -> int:
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
    before = _in_currency(payment, before_l, listing_amount, amount)
    legs: list[ledger.Leg] = []
    if before_l:
        legs += ledger.refund_before_stay(booking.id, before, cur, before_l, lcur, before_parts)
    if after_parts.total:
        pct = quote.host_commission_pct
        split = kept_split(books.kept, pct) - kept_split(books.kept - after_parts, pct)
        reversed_ = (
            amount - before
            if after_parts.total == after_l
            else _in_currency(payment, after_parts.total, listing_amount, amount)
        )
        legs += ledger.refund_after_start(booking.host_id, split, reversed_, cur, lcur)  # type: ignore[attr-defined]
        before += reversed_
    if after_l > after_parts.total:
        legs += ledger.goodwill_refund(amount - before, cur, after_l - after_parts.total, lcur)
    return legs


async def send_refunds(refunds: list[PaymentRefund]) -> None:
    for refund in refunds:
        await _send_refund(refund)


async def _send_refund(refund: PaymentRefund) -> None:
    payment = await Payment.get(id=refund.payment_id)  # type: ignore[attr-defined]
    try:
        result = await get_gateway(payment.gateway).refund(
            payment.intent_id, amount=refund.amount, idempotency_key=f"refund:{refund.id}"
        )
    except GatewayError:
        return  # recorded and owed: `reconcile` sends it again under the same key
    refund.gateway_refund_id = result.refund_id
    await refund.save(update_fields=["gateway_refund_id"])


async def admin_refund(
    *,
    user: User,
    payment_id: uuid.UUID | None,
    amount: int | None,
    reason: str,
    idempotency_key: str | None = None,
) -> PaymentRefund:
    """Refund `amount` (the payment's currency; None: all that is left) of a captured payment.
    The same key again returns the first refund; with another input it is refused."""
    digest = request_hash(payment=payment_id, amount=amount, reason=reason)
    earlier = await replayed(user, "refundPayment", idempotency_key, digest)
    if earlier:
        return await PaymentRefund.get(id=earlier)
    try:
        refund = await _admin_refund(user, payment_id, amount, reason, idempotency_key, digest)
    except IntegrityError:  # the same key, concurrently: the other request refunded
        earlier = await replayed(user, "refundPayment", idempotency_key, digest)
        if not earlier:
            raise
        return await PaymentRefund.get(id=earlier)
    await _send_refund(refund)
    return refund


async def _admin_refund(
    user: User,
    payment_id: uuid.UUID | None,
    amount: int | None,
    reason: str,
    idempotency_key: str | None,
    digest: str,
) -> PaymentRefund:
    async with in_transaction():
        seen = await Payment.get_or_none(id=payment_id) if payment_id else None
        if seen is not None:  # the booking's lock first, then the payment's: the order settle() takes
            await Booking.filter(id=seen.booking_id).select_for_update().first()  # type: ignore[attr-defined]
        payment = await Payment.filter(id=payment_id).select_for_update().first() if seen else None
        if payment is None:
            raise DomainError(ErrorCode.NOT_FOUND, "No such payment.", "paymentId")
        left = payment.captured_amount - payment.refunded_amount
        amount = left if amount is None else amount
        if amount <= 0 or amount > left:
            raise DomainError(ErrorCode.REFUND_EXCEEDS_CAPTURED, f"At most {left} can be refunded.", "amount")
        refund = await _record_refund(payment, amount=amount, reason=reason or "admin", actor=user)
        if idempotency_key:
            await IdempotencyRecord.create(
                user_id=user.id,
                operation="refundPayment",
                key=idempotency_key,
                request_hash=digest,
                result_id=str(refund.id),
            )
    return refund


# ---- scheduled balances -----------------------------------------------------------------------------


async def charge_due_balances(now: datetime | None = None) -> dict[str, int]:
    """Charge deposits' balances that fell due. A decline notifies the guest and retries later; after
    the last attempt the booking is cancelled under its policy. Idempotent per attempt."""
    now = now or datetime.now(UTC)
    settings = get_settings()
    counts = {"charged": 0, "failed": 0, "cancelled": 0}
    due = await Payment.filter(status=PaymentStatus.SCHEDULED, due_at__lte=now).order_by("due_at").limit(200)
    for scheduled in due:
        async with in_transaction():
            payment = (
                await Payment.filter(id=scheduled.id, status=PaymentStatus.SCHEDULED, due_at__lte=now)
                .select_for_update(skip_locked=True)
                .first()
            )
            if payment is None:
                continue
            payment.status, payment.capture_on_authorize = PaymentStatus.PENDING, True
            await payment.save(update_fields=["status", "capture_on_authorize", "updated_at"])
        method = await PaymentMethod.get(id=payment.method_id)  # type: ignore[attr-defined]
        booking = await Booking.get(id=payment.booking_id)  # type: ignore[attr-defined]
        try:
            payment = await _charge(payment, method.token, booking)
        except DomainError:
            payment.status = PaymentStatus.FAILED
        if payment.status is PaymentStatus.CAPTURED:
            counts["charged"] += 1
            continue
        counts["failed"] += 1
        attempts = payment.attempts + 1
        if attempts >= settings.balance_attempts:
            await Payment.filter(id=payment.id).update(status=PaymentStatus.FAILED, attempts=attempts)
            from resolvers.booking_lifecycle import cancel_for_payment

            await cancel_for_payment(booking.id)
            counts["cancelled"] += 1
        else:
            # The same row waits for its next attempt (a new key: a new charge attempt).
            await Payment.filter(id=payment.id).update(
                status=PaymentStatus.SCHEDULED,
                attempts=attempts,
                intent_id=None,
                due_at=now + timedelta(hours=settings.balance_retry_hours),
            )
    return counts


# ---- payouts ----------------------------------------------------------------------------------------


async def run_payouts(now: datetime | None = None) -> int:
    """Pay each host what they are owed for bookings whose check-in (for a cancelled stay: its original
    check-in, so what it kept waits as the stay would have) is long enough ago: one payout per host and
    currency per run (the run key makes a second run of the same hour pay nothing more)."""
    from tortoise import connections

    from models.payments import Payout, PayoutStatus

    now = now or datetime.now(UTC)
    settings = get_settings()
    cutoff = now - timedelta(hours=settings.payout_delay_hours)
    rows = await connections.get("default").execute_query_dict(
        """SELECT e.owner_id AS host_id, e.currency,
                  -sum(e.amount) FILTER (WHERE b.starts_at <= $1)
                  - coalesce(sum(e.amount) FILTER (WHERE e.booking_id IS NULL), 0) AS due
           FROM ledger_entries e LEFT JOIN bookings b ON b.id = e.booking_id
           WHERE e.account = 'host_payable'
           GROUP BY e.owner_id, e.currency""",
        [cutoff],
    )
    paid = 0
    run = now.strftime("%Y%m%d%H")
    for row in rows:
        due = int(row["due"] or 0)
        if due <= 0:
            continue
        host = await User.get(id=row["host_id"])
        target = host.payout_currency or row["currency"]
        try:
            fx = await rate(row["currency"], target)
        except DomainError:
            target, fx = row["currency"], Decimal(1)
        amount = ledger.convert(due, row["currency"], target, fx)
        try:
            async with in_transaction():
                payout = await Payout.create(
                    host_id=host.id,
                    amount=amount,
                    currency=target,
                    listing_amount=due,
                    listing_currency=row["currency"],
                    status=PayoutStatus.PENDING,
                    run_key=f"{host.id}:{row['currency']}:{run}",
                )
                await post(
                    "payout",
                    ledger.payout(host.id, due, row["currency"], amount, target),
                    payout_id=payout.id,
                    memo=f"payout {run}",
                )
        except IntegrityError:
            continue  # this run already paid this host in this currency
        result = await get_gateway().payout(
            destination=f"host:{host.id}",
            amount=amount,
            currency=target,
            idempotency_key=f"payout:{payout.id}",
        )
        payout.status, payout.gateway_payout_id = PayoutStatus.PAID, result.payout_id
        await payout.save(update_fields=["status", "gateway_payout_id"])
        paid += 1
    return paid


async def earnings(*, host: User, start: datetime, end: datetime) -> list[tuple[int, str]]:
    """What the host earned, per currency of the listings: their share of stays that began and of
    what cancelled stays kept, less refunds, counted at the stay's check-in (for a cancelled stay: its
    original check-in, once passed) when that falls in [start, end). The same rule as `run_payouts`,
    which pays each of them `PAYOUT_DELAY_HOURS` after that check-in."""
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        """SELECT e.currency, -sum(e.amount)::bigint AS earned
           FROM ledger_entries e JOIN bookings b ON b.id = e.booking_id
           WHERE e.account = 'host_payable' AND e.owner_id = $1
             AND b.starts_at >= $2 AND (b.starts_at < $3 OR b.status <> 'cancelled')
           GROUP BY e.currency ORDER BY e.currency""",
        [host.id, start, end],
    )
    return [(int(r["earned"]), r["currency"]) for r in rows]


async def set_payout_currency(*, user: User, currency: str | None) -> User:
    if currency is not None:
        currency = currency.upper()
        if currency not in CURRENCIES:
            raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"Unknown currency {currency}.", "currency")
    user.payout_currency = currency
    await user.save(update_fields=["payout_currency", "updated_at"])
    return user


async def reconcile(now: datetime | None = None) -> dict[str, int]:
    """Finish what a crash or an outage left half done: refunds the gateway has not confirmed are
    sent again (under the same key: never twice), and cancelled bookings still holding money are
    settled. Safe to run any time, any number of times."""
    from tortoise import connections

    from models.payments import PaymentRefund

    now = now or datetime.now(UTC)
    counts = {"refunds": 0, "settled": 0, "requeued": 0}
    for refund in await PaymentRefund.filter(
        gateway_refund_id=None, created_at__lte=now - timedelta(minutes=1)
    ):
        payment = await Payment.get(id=refund.payment_id)  # type: ignore[attr-defined]
        try:
            result = await get_gateway(payment.gateway).refund(
                payment.intent_id, amount=refund.amount, idempotency_key=f"refund:{refund.id}"
            )
        except GatewayError:
            continue
        refund.gateway_refund_id = result.refund_id
        await refund.save(update_fields=["gateway_refund_id"])
        counts["refunds"] += 1
    rows = await connections.get("default").execute_query_dict(
        """SELECT DISTINCT b.id FROM bookings b JOIN payments p ON p.booking_id = b.id
           WHERE b.status = 'cancelled' AND b.cancelled_at <= $1
             AND (p.status IN ('pending', 'requires_action', 'authorized', 'scheduled')
                  OR EXISTS (SELECT 1 FROM ledger_entries e WHERE e.account = 'guest_funds'
                             AND e.owner_id = b.id HAVING sum(e.amount) <> 0))
           LIMIT 500""",
        [now - timedelta(minutes=1)],
    )
    for row in rows:
        await settle(row["id"])
        counts["settled"] += 1
    # Events stored but never processed (their task was lost, or gave up early): queue them again.
    from models.payments import WebhookEvent
    from tasks.app import enqueue

    stale = await WebhookEvent.filter(processed_at=None, received_at__lte=now - timedelta(minutes=5)).limit(
        500
    )
    for event in stale:
        await enqueue("tasks.payments.process_webhook_event", event.id)
    counts["requeued"] = len(stale)
    return counts
