"""Booking events for live clients and notifications: published to the guest and the host.

Each event carries what a client needs to show it without a refetch: the listing's title, the
guest's display name, the dates and the total, besides the booking's id and status.
"""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64
from tortoise import connections

from core import pubsub
from core.money import to_decimal
from models.bookings import Booking, BookingStatus
from models.listings import Listing
from models.users import User, display_name


def booking_global_id(booking_id: object) -> str:
    return to_base64("Booking", str(booking_id))


def created_kind(booking: Booking) -> str:
    """The event of a new booking, named for what happened: confirmed at once, an instant booking
    waiting for its payment, or a request waiting for the host."""
    if booking.status is BookingStatus.CONFIRMED:
        return "booking_confirmed"
    return "booking_awaiting_payment" if booking.instant else "booking_requested"


async def _names(booking: Booking) -> tuple[str, str]:
    """The listing's title and the guest's display name, in one round trip."""
    rows = await connections.get("default").execute_query_dict(
        """SELECT l.title, u.first_name, u.last_name FROM bookings b
           JOIN listings l ON l.id = b.listing_id JOIN users u ON u.id = b.guest_id WHERE b.id = $1""",
        [booking.id],
    )
    if not rows:
        return "", ""
    return rows[0]["title"], display_name(rows[0]["first_name"], rows[0]["last_name"])


def event_data(booking: Booking, listing_title: str, guest_name: str) -> dict[str, Any]:
    return {
        "bookingId": booking_global_id(booking.id),
        "status": booking.status.value,
        "listingId": to_base64("Listing", str(booking.listing_id)),
        "listingTitle": listing_title,
        "guestName": guest_name,
        "checkIn": booking.check_in.isoformat(),
        "checkOut": booking.check_out.isoformat(),
        "total": {
            "amount": str(to_decimal(booking.total, booking.currency)),
            "currency": booking.currency,
            "amountMinor": booking.total,
        },
    }


async def announce(
    booking: Booking, kind: str, *, listing: Listing | None = None, guest: User | None = None, **data: Any
) -> None:
    """Publish `kind` (e.g. "booking_confirmed") to both sides of the booking; call after commit.
    Pass the listing and guest when at hand, else they are read (one query)."""
    if listing is not None and guest is not None:
        title, name = listing.title, display_name(guest.first_name, guest.last_name)
    else:
        title, name = await _names(booking)
    event = pubsub.Event(type=kind, data={**event_data(booking, title, name), **data})
    for user_id in {booking.guest_id, booking.host_id}:
        await pubsub.publish(pubsub.user_channel(user_id), event)
