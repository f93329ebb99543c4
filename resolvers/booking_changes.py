"""Changing a booking's dates or guests before check-in.

The new nights are claimed first, beside the old ones (which stay held); only once they are all
secured are the old nights outside the new range freed, in the same transaction. On a conflict the
claim raises DATES_UNAVAILABLE and the transaction rolls back: nothing changes. On request-to-book
listings a confirmed booking's change waits for the host, holding its extra nights meanwhile.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from models.bookings import Booking, BookingChange, BookingEvent, BookingStatus, ChangeStatus
from models.cancellation import Canceller
from models.listings import Listing
from models.payments import PaymentRefund
from models.pricing import nights
from models.quotes import Quote, quote_stay
from models.stay_rules import check_stay
from models.users import User
from resolvers import payments
from resolvers.booking_events import announce
from resolvers.booking_lifecycle import booking_for
from resolvers.booking_transitions import release_nights_outside, role_of
from resolvers.bookings import (
    claim_nights,
    listing_rates,
    lock_bookable,
    platform_fees,
    price_terms,
    stay_window,
)
from resolvers.listings import calendar_changed, listing_today


async def _apply_change(
    booking: Booking, change: BookingChange, listing: Listing, actor: User, now: datetime
) -> list[PaymentRefund]:
    """The new dates and price apply; returns the refunds of a lowered price, to send after commit."""
    new_quote = Quote.from_json(change.new_quote)
    booking.check_in, booking.check_out, booking.guests = (
        change.new_check_in,
        change.new_check_out,
        change.new_guests,
    )
    booking.quote, booking.total = change.new_quote, new_quote.total
    for name, value in stay_window(listing, booking.check_in, booking.check_out).items():
        setattr(booking, name, value)
    booking.time_zone = listing.time_zone
    await booking.save(
        update_fields=[
            "time_zone",
            "check_in",
            "check_out",
            "guests",
            "quote",
            "total",
            "starts_at",
            "ends_at",
            "updated_at",
        ]
    )
    await release_nights_outside(booking)
    change.status, change.decided_at = ChangeStatus.APPLIED, now
    await change.save(update_fields=["status", "decided_at"])
    await BookingEvent.create(
        booking_id=booking.id,
        actor_id=actor.id,
        from_status=booking.status,
        to_status=booking.status,
        reason="changed",
    )
    return await payments.reprice(booking)


async def change_booking(
    *,
    user: User,
    booking_id: uuid.UUID | None,
    check_in: date | None = None,
    check_out: date | None = None,
    guests: int | None = None,
) -> tuple[Booking, BookingChange]:
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        booking = await booking_for(user, booking_id, lock=True)
        if role_of(user, booking) is Canceller.HOST:
            raise DomainError(ErrorCode.NOT_OWNER, "Only the guest changes a booking.", "booking_id")
        if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED) or booking.starts_at <= now:
            raise DomainError(
                ErrorCode.INVALID_TRANSITION, "Only a stay that has not begun can change.", "booking_id"
            )
        if await BookingChange.exists(booking_id=booking.id, status=ChangeStatus.PENDING):
            raise DomainError(
                ErrorCode.CHANGE_PENDING, "A change is already waiting for the host.", "booking_id"
            )
        new_in, new_out = check_in or booking.check_in, check_out or booking.check_out
        new_guests = guests if guests is not None else booking.guests
        if (new_in, new_out, new_guests) == (booking.check_in, booking.check_out, booking.guests):
            raise DomainError(ErrorCode.INVALID_INPUT, "Nothing to change.", "booking_id")
        listing = await Listing.get(id=booking.listing_id)
        rates = await listing_rates(listing.id)
        check_stay(listing, new_in, new_out, new_guests, today=listing_today(listing), rates=rates)
        new_quote = quote_stay(price_terms(listing, rates), platform_fees(listing), new_in, new_out)
        held = set(nights(booking.check_in, booking.check_out))
        if not held.issuperset(nights(new_in, new_out)):
            await lock_bookable(conn, listing.id, user)  # new nights: only while it takes bookings
        await claim_nights(
            conn, listing.id, booking.id, [d for d in nights(new_in, new_out) if d not in held], "check_in"
        )
        needs_host = booking.status is BookingStatus.CONFIRMED and not listing.instant_book
        change = await BookingChange.create(
            booking_id=booking.id,
            requested_by_id=user.id,
            status=ChangeStatus.PENDING if needs_host else ChangeStatus.APPLIED,
            old_check_in=booking.check_in,
            old_check_out=booking.check_out,
            old_guests=booking.guests,
            new_check_in=new_in,
            new_check_out=new_out,
            new_guests=new_guests,
            old_total=booking.total,
            new_total=new_quote.total,
            new_quote=new_quote.to_json(),
        )
        refunds = [] if needs_host else await _apply_change(booking, change, listing, user, now)
    await payments.send_refunds(refunds)
    await calendar_changed(listing.id)
    await announce(
        booking,
        "booking_change_requested" if needs_host else "booking_changed",
        priceDifference=change.price_difference,
    )
    return booking, change


async def answer_change(
    *, user: User, change_id: uuid.UUID | None, accept: bool
) -> tuple[Booking, BookingChange]:
    """The host accepts (the new dates apply) or declines (the extra nights are freed) a change."""
    now = datetime.now(UTC)
    async with in_transaction():
        change = await BookingChange.get_or_none(id=change_id) if change_id else None
        if change is None:
            raise DomainError(ErrorCode.NOT_FOUND, "No such change.", "change_id")
        booking = await booking_for(user, change.booking_id, lock=True)
        if user.id != booking.host_id and not user.is_admin:
            raise DomainError(ErrorCode.NOT_OWNER, "Only the host answers a change.", "change_id")
        await change.refresh_from_db()  # under the booking's lock now
        if change.status is not ChangeStatus.PENDING:
            raise DomainError(
                ErrorCode.INVALID_TRANSITION, f"This change is {change.status.value}.", "change_id"
            )
        listing = await Listing.get(id=booking.listing_id)
        refunds: list[PaymentRefund] = []
        if accept:
            refunds = await _apply_change(booking, change, listing, user, now)
        else:
            change.status, change.decided_at = ChangeStatus.DECLINED, now
            await change.save(update_fields=["status", "decided_at"])
            await release_nights_outside(booking)
    await payments.send_refunds(refunds)
    await calendar_changed(listing.id)
    await announce(booking, "booking_changed" if accept else "booking_change_declined")
    return booking, change
