"""Booking events for live clients and notifications: published to the guest and the host."""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from core import pubsub
from models.bookings import Booking


def booking_global_id(booking_id: object) -> str:
    return to_base64("Booking", str(booking_id))


async def announce(booking: Booking, kind: str, **data: Any) -> None:
    """Publish `kind` (e.g. "booking_confirmed") to both sides of the booking; call after commit."""
    event = pubsub.Event(
        type=kind,
        data={
            "bookingId": booking_global_id(booking.id),
            "status": booking.status.value,
            "checkIn": booking.check_in.isoformat(),
            "checkOut": booking.check_out.isoformat(),
            **data,
        },
    )
    for user_id in {booking.guest_id, booking.host_id}:  # type: ignore[attr-defined]
        await pubsub.publish(pubsub.user_channel(user_id), event)
