"""One move of a locked booking, and what its cancellation policy refunds.

The lifecycle (resolvers.booking_lifecycle) and the payments package both move bookings: a host's
answer or a guest's cancellation, an instant booking confirmed once paid, a balance that failed for
good. Both import this module, and it imports neither, so neither imports the other's internals.

`apply_transition` asks the transition table (models.bookings.next_status), writes the new state
and one history row, and frees the nights of a cancelled booking, all in the caller's transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from core.errors import DomainError, ErrorCode
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
from models.quotes import Quote
from models.users import User
from resolvers.ledger_posting import recognise_funds


def role_of(user: User, booking: Booking) -> Canceller | None:
    """How `user` relates to the booking: its guest, its host, an admin, or nobody."""
    if user.id == booking.guest_id:
        return Canceller.GUEST
    if user.id == booking.host_id:
        return Canceller.HOST
    if user.is_admin:
        return Canceller.ADMIN
    return None


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
        raise DomainError(ErrorCode.INVALID_TRANSITION, str(exc), "booking_id") from exc
    before = booking.status
    booking.status = target
    changed = ["status", "updated_at"]
    if target is BookingStatus.CONFIRMED:
        booking.confirmed_at = now
        changed.append("confirmed_at")
    if target is BookingStatus.CANCELLED:
        assert reason is not None  # next_status lets only a CANCEL, which carries its reason, get here
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
        await recognise_funds(booking.id, booking.host_id, Quote.from_json(booking.quote), memo="stay began")
    if target in (BookingStatus.CANCELLED, BookingStatus.IN_PROGRESS):
        await withdraw_pending_change(booking, now)
    if target is BookingStatus.CANCELLED:
        await Night.filter(booking_id=booking.id).delete()


# ---- cancellation --------------------------------------------------------------------------------


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


async def cancel_locked(
    booking: Booking,
    *,
    actor: User | None,
    reason: CancelReason,
    now: datetime,
    note: str = "",
    role: Canceller | None = None,
) -> Refund:
    """Cancel a locked booking in the caller's transaction, recording what its policy refunds.
    The money moves after commit (resolvers.payments.settle)."""
    role = role or (Canceller.SYSTEM if actor is None else role_of(actor, booking) or Canceller.ADMIN)
    refund = refund_of(booking, role, now)
    booking.refund_total = refund.total
    booking.cancel_note = note
    await booking.save(update_fields=["refund_total", "cancel_note"])
    await apply_transition(booking, BookingAction.CANCEL, actor=actor, now=now, reason=reason)
    return refund
