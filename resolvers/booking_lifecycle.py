"""The lifecycle of a booking: accept, decline, cancel (with the policy's refund), and the jobs
that start, complete and expire bookings on time.

Every move goes through `apply_transition` (resolvers.booking_transitions), under the booking's row
lock, in the caller's transaction. The money steps (capture on a yes, settle after a cancellation,
refund a lowered price) run through the payments package, which never imports this module. Events
are published after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.settings import get_settings
from models.bookings import Booking, BookingAction, BookingChange, BookingStatus, CancelReason, ChangeStatus
from models.cancellation import Canceller, Refund
from models.free_text import clean_text
from models.payments import PaymentRefund
from models.users import User

# The package, not its modules: `payments.settle` and friends are looked up at call time, where
# tests replace them to stop a cancellation between its commit and its settle.
from resolvers import payments
from resolvers.booking_events import announce
from resolvers.booking_transitions import (
    apply_transition,
    cancel_locked,
    refund_of,
    role_of,
    withdraw_pending_change,
)
from resolvers.listings import calendar_changed
from tasks import review_mail as review_jobs
from tasks.app import enqueue_committed

JOB_BATCH = 500


async def booking_for(user: User, booking_id: uuid.UUID | None, *, lock: bool = False) -> Booking:
    """The booking, if `user` may see it (guest, host, admin); else NOT_FOUND (ids are not probed)."""
    booking = None
    if booking_id is not None:
        query = Booking.filter(id=booking_id)
        booking = await (query.select_for_update() if lock else query).first()
    if booking is None or role_of(user, booking) is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such booking.", "booking_id")
    return booking


# ---- the host answers a request --------------------------------------------------------------------


async def _requests_to_answer(user: User, booking_id: uuid.UUID | None) -> list[Booking]:
    """The pending request (or every pending stay of its series), locked, if `user` hosts it.

    A series is locked whole, in one fixed order (check-in, id), before anything is checked: two
    answers to two stays of one series then queue instead of deadlocking on each other's rows."""
    seen = await booking_for(user, booking_id)
    if role_of(user, seen) is Canceller.GUEST:
        raise DomainError(ErrorCode.NOT_OWNER, "Only the host answers a request.", "booking_id")
    series_id = seen.series_id
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
            "booking_id",
        )
    if booking.status is not BookingStatus.PENDING:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "booking_id"
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
            await cancel_locked(booking, actor=user, reason=CancelReason.DECLINED, now=now, note=note)
    for booking in requests:
        await payments.settle(booking.id)
        await calendar_changed(booking.listing_id)
        await announce(booking, "booking_declined")
    return next(b for b in requests if b.id == booking_id)


def _check_not_expired(requests: list[Booking], now: datetime) -> None:
    if any((b.expires_at is not None and b.expires_at <= now) or b.ends_at <= now for b in requests):
        raise DomainError(ErrorCode.REQUEST_EXPIRED, "This request has expired.", "booking_id")


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
                ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "booking_id"
            )
        refund = await cancel_locked(booking, actor=user, reason=reason, now=now, note=note, role=role)
    await payments.settle(booking.id)
    await calendar_changed(booking.listing_id)
    await announce(booking, "booking_cancelled", reason=reason.value, refund=refund.total)
    return booking, refund


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
            ErrorCode.INVALID_TRANSITION, f"This booking is {booking.status.value}.", "booking_id"
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
                await cancel_locked(booking, actor=None, reason=reason, now=now)
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
                await calendar_changed(booking.listing_id)
            await announce(booking, kind)
            if kind == "booking_completed":
                # Lost while the broker is down, it goes with the 15-minute review sweep instead.
                await enqueue_committed(review_jobs.REQUEST_REVIEWS, str(booking.id))
    return counts
