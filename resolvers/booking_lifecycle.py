"""The lifecycle of a booking: accept, decline, cancel (with the policy's refund), and the jobs
that start, complete and expire bookings on time.

Every move goes through `_apply`, under the booking's row lock: it asks the transition table
(models.bookings.next_status), writes the new state and one history row, and frees the nights of
a cancelled booking, all in the caller's transaction. Events are published after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.settings import get_settings
from models.bookings import (
    Booking,
    BookingAction,
    BookingChange,
    BookingEvent,
    BookingStatus,
    CancelReason,
    ChangeStatus,
    InvalidTransition,
    next_status,
    night_starts,
)
from models.cancellation import Canceller, Refund, refund_for
from models.listings import Night
from models.payments import PaymentRefund
from models.quotes import Quote
from models.users import User
from resolvers import payments
from resolvers.booking_events import announce
from resolvers.bookings import clean_text
from resolvers.ledger_posting import recognise_funds
from resolvers.listings import calendar_changed

JOB_BATCH = 500


def role_of(user: User, booking: Booking) -> Canceller | None:
    """How `user` relates to the booking: its guest, its host, an admin, or nobody."""
    if user.id == booking.guest_id:  # type: ignore[attr-defined]
        return Canceller.GUEST
    if user.id == booking.host_id:  # type: ignore[attr-defined]
        return Canceller.HOST
    if user.is_admin:
        return Canceller.ADMIN
    return None


async def booking_for(user: User, booking_id: uuid.UUID | None, *, lock: bool = False) -> Booking:
    """The booking, if `user` may see it (guest, host, admin); else NOT_FOUND (ids are not probed)."""
    booking = None
    if booking_id is not None:
        query = Booking.filter(id=booking_id)
        booking = await (query.select_for_update() if lock else query).first()
    if booking is None or role_of(user, booking) is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such booking.", "bookingId")
    return booking


async def withdraw_pending_change(booking: Booking, now: datetime) -> None:
    """A change the host never answered lapses; the extra nights it held are freed."""
    updated = await BookingChange.filter(booking_id=booking.id, status=ChangeStatus.PENDING).update(
        status=ChangeStatus.WITHDRAWN, decided_at=now
    )
    if updated:
        await release_nights_outside(booking)


async def release_nights_outside(booking: Booking) -> None:
    """Free the nights this booking holds outside its own dates (held for a change)."""
    # (Not .exclude(a, b): Tortoise renders that as NOT a AND NOT b.)
    await Night.filter(
        Q(night__lt=booking.check_in) | Q(night__gte=booking.check_out), booking_id=booking.id
    ).delete()


async def apply_transition(
    booking: Booking,
    action: BookingAction,
    *,
    actor: User | None,
    now: datetime,
    reason: CancelReason | None = None,
    note: str = "",
) -> None:
    """Move a locked booking by `action` inside the caller's transaction."""
    try:
        target = next_status(booking.status, action, reason)
    except InvalidTransition as exc:
        raise DomainError(ErrorCode.INVALID_TRANSITION, str(exc), "bookingId") from exc
    before = booking.status
    booking.status = target
    changed = ["status", "updated_at"]
    if target is BookingStatus.CONFIRMED:
        booking.confirmed_at = now
        changed.append("confirmed_at")
    if target is BookingStatus.CANCELLED:
        booking.cancel_reason, booking.cancelled_at = reason, now
        booking.cancelled_by_id = actor.id if actor else None
        changed += ["cancel_reason", "cancelled_at", "cancelled_by_id"]
    await booking.save(update_fields=changed)
    await BookingEvent.create(
        booking_id=booking.id,
        actor_id=actor.id if actor else None,
        from_status=before,
        to_status=target,
        reason=(reason.value if reason else note)[:40],
    )
    if target is BookingStatus.IN_PROGRESS:
        # The stay began: what its guest paid becomes the host's, the platform's and the taxes'.
        await recognise_funds(booking.id, booking.host_id, Quote.from_json(booking.quote), memo="stay began")  # type: ignore[attr-defined]
    if target in (BookingStatus.CANCELLED, BookingStatus.IN_PROGRESS):
        await withdraw_pending_change(booking, now)
    if target is BookingStatus.CANCELLED:
        await Night.filter(booking_id=booking.id).delete()


# ---- the host answers a request --------------------------------------------------------------------


async def _requests_to_answer(user: User, booking_id: uuid.UUID | None) -> list[Booking]:
    """The pending request (or every pending stay of its series), locked, if `user` hosts it.

    A series is locked whole, in one fixed order (check-in, id), before anything is checked: two
    answers to two stays of one series then queue instead of deadlocking on each other's rows."""
    seen = await booking_for(user, booking_id)
    if role_of(user, seen) is Canceller.GUEST:
        raise DomainError(ErrorCode.NOT_OWNER, "Only the host answers a request.", "bookingId")
    series_id = seen.series_id  # type: ignore[attr-defined]
    if series_id is None:
        locked = [await booking_for(user, booking_id, lock=True)]
    else:
        locked = list(
            await Booking.filter(series_id=series_id).order_by("check_in", "id").select_for_update()
        )
    booking = next(b for b in locked if b.id == seen.id)
    if booking.instant and booking.status is BookingStatus.PENDING:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            "This booking waits for the guest's payment, not for you.",
            "bookingId",
        )
    if booking.status is not BookingStatus.PENDING:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "bookingId"
        )
    return [b for b in locked if b.status is BookingStatus.PENDING]


async def accept_booking(*, user: User, booking_id: uuid.UUID | None) -> Booking:
    """Capture what the guest authorized (outside any transaction: the gateway is remote), then
    confirm under the booking's lock. Money captured for a request that meanwhile ended is refunded."""
    now = datetime.now(UTC)
    async with in_transaction():
        requests = await _requests_to_answer(user, booking_id)
        _check_not_expired(requests, now)
    for booking in requests:
        await payments.capture_for_accept(booking)
    refunds: list[PaymentRefund] = []
    try:
        async with in_transaction():
            requests = await _requests_to_answer(user, booking_id)
            _check_not_expired(requests, now)
            for booking in requests:
                await apply_transition(booking, BookingAction.CONFIRM, actor=user, now=now, note="accepted")
                # Authorized before a change lowered the price: what was captured beyond it goes back.
                refunds += await payments.reprice(booking)
    except DomainError:
        for booking in requests:
            await payments.settle(booking.id)
        raise
    await payments.send_refunds(refunds)
    for booking in requests:
        await announce(booking, "booking_confirmed")
    return next(b for b in requests if b.id == booking_id)


async def decline_booking(*, user: User, booking_id: uuid.UUID | None, note: str = "") -> Booking:
    note = clean_text(note, "message")
    now = datetime.now(UTC)
    async with in_transaction():
        requests = await _requests_to_answer(user, booking_id)
        for booking in requests:
            await _cancel(booking, actor=user, reason=CancelReason.DECLINED, now=now, note=note)
    for booking in requests:
        await payments.settle(booking.id)
        await calendar_changed(booking.listing_id)  # type: ignore[attr-defined]
        await announce(booking, "booking_declined")
    return next(b for b in requests if b.id == booking_id)


def _check_not_expired(requests: list[Booking], now: datetime) -> None:
    if any((b.expires_at is not None and b.expires_at <= now) or b.ends_at <= now for b in requests):
        raise DomainError(ErrorCode.REQUEST_EXPIRED, "This request has expired.", "bookingId")


# ---- cancellation ----------------------------------------------------------------------------------


def cancel_reason(role: Canceller, booking: Booking) -> CancelReason:
    if role is Canceller.GUEST:
        return CancelReason.GUEST_CANCELLED
    if role is Canceller.HOST:
        # A host withdrawing from a request they never accepted is declining it.
        return (
            CancelReason.DECLINED if booking.status is BookingStatus.PENDING else CancelReason.HOST_CANCELLED
        )
    return CancelReason.ADMIN


def refund_of(booking: Booking, role: Canceller, at: datetime) -> Refund:
    """The cancellation policy's refund, from the quote, policy and time zone stored with the booking."""
    quote = Quote.from_json(booking.quote)
    check_in_time = booking.starts_at.astimezone(ZoneInfo(booking.time_zone)).strftime("%H:%M")
    if booking.status is BookingStatus.PENDING:
        role = Canceller.SYSTEM  # nothing was confirmed: a withdrawn request costs nothing
    return refund_for(
        booking.cancellation_policy,
        quote,
        booked_at=booking.confirmed_at or booking.created_at,
        night_starts=night_starts(booking.check_in, booking.check_out, check_in_time, booking.time_zone),
        at=at,
        by=role,
    )


def recorded_refund(booking: Booking) -> Refund:
    """The policy's refund of a cancelled booking, worked out again from what it stores: the
    canceller's side from its reason (a guest's, or its failed balance, on a confirmed booking;
    anything else is a full refund), at the time it was cancelled. Settling checks it against
    `refund_total`, which was computed the same way at the time."""
    guest_side = booking.cancel_reason in (CancelReason.GUEST_CANCELLED, CancelReason.PAYMENT_FAILED)
    role = Canceller.GUEST if guest_side and booking.confirmed_at else Canceller.SYSTEM
    return refund_of(booking, role, booking.cancelled_at or datetime.now(UTC))


async def _cancel(
    booking: Booking,
    *,
    actor: User | None,
    reason: CancelReason,
    now: datetime,
    note: str = "",
    role: Canceller | None = None,
) -> Refund:
    role = role or (Canceller.SYSTEM if actor is None else role_of(actor, booking) or Canceller.ADMIN)
    refund = refund_of(booking, role, now)
    booking.refund_total = refund.total
    booking.cancel_note = note
    await booking.save(update_fields=["refund_total", "cancel_note"])
    await apply_transition(booking, BookingAction.CANCEL, actor=actor, now=now, reason=reason)
    return refund


async def cancel_booking(
    *, user: User, booking_id: uuid.UUID | None, note: str = ""
) -> tuple[Booking, Refund]:
    note = clean_text(note, "reason")
    now = datetime.now(UTC)
    async with in_transaction():
        booking = await booking_for(user, booking_id, lock=True)
        role = role_of(user, booking)
        assert role is not None
        reason = cancel_reason(role, booking)
        if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS):
            raise DomainError(
                ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "bookingId"
            )
        refund = await _cancel(booking, actor=user, reason=reason, now=now, note=note, role=role)
    await payments.settle(booking.id)
    await calendar_changed(booking.listing_id)  # type: ignore[attr-defined]
    await announce(booking, "booking_cancelled", reason=reason.value, refund=refund.total)
    return booking, refund


async def cancel_for_payment(booking_id: uuid.UUID) -> None:
    """A scheduled charge failed for good: the booking ends as if the guest cancelled now (the
    policy decides what is retained), with reason payment_failed."""
    now = datetime.now(UTC)
    async with in_transaction():
        booking = await Booking.filter(id=booking_id).select_for_update().get()
        if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
            return
        await _cancel(booking, actor=None, reason=CancelReason.PAYMENT_FAILED, now=now, role=Canceller.GUEST)
    await payments.settle(booking.id)
    await calendar_changed(booking.listing_id)  # type: ignore[attr-defined]
    await announce(booking, "booking_cancelled", reason=CancelReason.PAYMENT_FAILED.value)


@dataclass(frozen=True)
class CancellationPreview:
    booking: Booking
    refund: Refund
    reason: CancelReason


async def cancellation_preview(*, user: User, booking_id: uuid.UUID | None) -> CancellationPreview:
    """What cancelling now would refund, for the viewer's side of the booking. Changes nothing."""
    booking = await booking_for(user, booking_id)
    if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS):
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "bookingId"
        )
    role = role_of(user, booking)
    assert role is not None
    refund = refund_of(booking, role, datetime.now(UTC))
    return CancellationPreview(booking=booking, refund=refund, reason=cancel_reason(role, booking))


# ---- jobs: on time, idempotent -----------------------------------------------------------------------


async def _due(
    ids: Iterable[uuid.UUID], status: BookingStatus, step: str, now: datetime
) -> list[tuple[Booking, str]]:
    """Move each due booking one step, skipping rows another worker holds. Returns what moved."""
    moved = []
    for booking_id in ids:
        async with in_transaction():
            booking = (
                await Booking.filter(id=booking_id, status=status).select_for_update(skip_locked=True).first()
            )
            if booking is None:
                continue  # already moved (job ran twice) or being moved right now
            if step == "expire" and booking.expires_at and booking.expires_at <= now:
                # An instant booking pending this long was never paid; a request was never answered.
                reason = CancelReason.PAYMENT_FAILED if booking.instant else CancelReason.EXPIRED
                await _cancel(booking, actor=None, reason=reason, now=now)
                moved.append((booking, "booking_expired"))
            elif step == "lapse":
                lapsed = await BookingChange.filter(
                    booking_id=booking.id,
                    status=ChangeStatus.PENDING,
                    created_at__lte=now - timedelta(hours=get_settings().booking_request_ttl_hours),
                ).exists()
                if lapsed:
                    await withdraw_pending_change(booking, now)
                    moved.append((booking, "booking_change_expired"))
            elif step == "start" and booking.starts_at <= now:
                await apply_transition(booking, BookingAction.START, actor=None, now=now, note="checked_in")
                moved.append((booking, "booking_started"))
            elif step == "complete" and booking.ends_at <= now:
                await apply_transition(
                    booking, BookingAction.COMPLETE, actor=None, now=now, note="checked_out"
                )
                moved.append((booking, "booking_completed"))
    return moved


async def run_lifecycle(now: datetime | None = None) -> dict[str, int]:
    """Expire stale requests, start stays whose check-in passed, complete those whose check-out did.
    Running it twice, or late, changes nothing more: each step only moves rows still due."""
    now = now or datetime.now(UTC)
    counts = {}
    asked_before = now - timedelta(hours=get_settings().booking_request_ttl_hours)
    steps = (
        ("expire", BookingStatus.PENDING, Booking.filter(status=BookingStatus.PENDING, expires_at__lte=now)),
        (
            "lapse",  # a change the host left unanswered as long as a request may wait
            BookingStatus.CONFIRMED,
            Booking.filter(
                status=BookingStatus.CONFIRMED,
                changes__status=ChangeStatus.PENDING,
                changes__created_at__lte=asked_before,
            ),
        ),
        (
            "start",
            BookingStatus.CONFIRMED,
            Booking.filter(status=BookingStatus.CONFIRMED, starts_at__lte=now),
        ),
        (
            "complete",
            BookingStatus.IN_PROGRESS,
            Booking.filter(status=BookingStatus.IN_PROGRESS, ends_at__lte=now),
        ),
    )
    for step, status, query in steps:
        ids = await query.order_by("id").limit(JOB_BATCH).values_list("id", flat=True)
        moved = await _due(ids, status, step, now)  # type: ignore[arg-type]
        counts[step] = len(moved)
        for booking, kind in moved:
            if kind in ("booking_expired", "booking_change_expired"):
                await payments.settle(booking.id)
                await calendar_changed(booking.listing_id)  # type: ignore[attr-defined]
            await announce(booking, kind)
    return counts
