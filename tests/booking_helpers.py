"""Shared helpers for booking tests: a published listing, signed-in users, GraphQL snippets."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from models.listings import Listing, ListingStatus, unique_slug
from tests.conftest import GraphQLClient, create_user, sign_in
from tests.listing_helpers import gid

BOOKING_FIELDS = """
  id status checkIn checkOut nights guests instantBook expiresAt messageToHost
  total { amount amountMinor currency }
  quote { nights subtotal { amountMinor } discount { amountMinor } cleaningFee { amountMinor }
          serviceFee { amountMinor } taxes { amountMinor } total { amountMinor } hostPayout { amountMinor } }
  cancellation { reason refund { amountMinor } byHost note }
  events { fromStatus toStatus reason actor { id } }
"""
CREATE_BOOKING = (
    "mutation($input: CreateBookingInput!) { createBooking(input: $input) { booking {"
    + BOOKING_FIELDS
    + "} errors { code field message } } }"
)
ACCEPT = "mutation($id: ID!) { acceptBooking(input: {bookingId: $id}) { booking { id status } errors { code field } } }"
DECLINE = "mutation($id: ID!) { declineBooking(input: {bookingId: $id}) { booking { id status cancellation { reason } } errors { code field } } }"
CANCEL = """mutation($id: ID!, $reason: String) { cancelBooking(input: {bookingId: $id, reason: $reason}) {
  booking { id status cancellation { reason refund { amountMinor } byHost note } }
  refund { total { amountMinor } full nightsRefunded serviceFee { amountMinor } cleaningFee { amountMinor } }
  errors { code field message } } }"""

TODAY = datetime.now(UTC).date()


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


async def make_listing(host: Any = None, **fields: Any) -> Listing:
    """A published listing straight through the model (the listing tests cover the GraphQL path)."""
    if host is None:
        host = await create_user(f"host-{uuid.uuid4().hex[:8]}@example.com", is_host=True, first_name="Hana")
    values: dict[str, Any] = {
        "title": "Bright loft by the canal",
        "description": "A quiet, bright loft with a view of the canal.",
        "address": "Prinsengracht 263",
        "city": "Amsterdam",
        "city_key": "amsterdam",
        "country": "NL",
        "latitude": 52.37,
        "longitude": 4.88,
        "time_zone": "UTC",
        "max_guests": 4,
        "currency": "EUR",
        "nightly_price": 10000,
        "cleaning_fee": 3000,
        "weekly_discount_pct": 10,
        "monthly_discount_pct": 25,
        "instant_book": True,
        "status": ListingStatus.PUBLISHED,
        "published_at": datetime.now(UTC),
        **fields,
    }
    return await Listing.create(host_id=host.id, slug=unique_slug(values["title"]), **values)


async def signed_in(gql: GraphQLClient, email: str, **fields: Any) -> Any:
    """A signed-in user whose email is verified (booking needs it), unless `email_verified_at=None`."""
    fields.setdefault("email_verified_at", datetime.now(UTC))
    user = await create_user(email, **fields)
    await sign_in(gql, email)
    return user


def booking_input(listing: Listing, check_in: int = 10, check_out: int = 13, **extra: Any) -> dict[str, Any]:
    return {
        "listingId": gid("Listing", listing.id),
        "checkIn": str(day(check_in)),
        "checkOut": str(day(check_out)),
        **extra,
    }


async def unbooked_row(
    listing_id: Any, check_in: date, check_out: date, conn: Any = None, guest_id: Any = None
) -> uuid.UUID:
    """A real confirmed booking of [check_in, check_out) that does not hold its nights yet: the caller
    inserts them in the same transaction (`conn`), or the commit-time check of migration 5 refuses both."""
    from models.bookings import Booking, BookingStatus

    listing = await Listing.get(id=listing_id)
    if guest_id is None:
        guest_id = (await create_user(f"guest-{uuid.uuid4().hex[:8]}@example.com")).id
    now = datetime.now(UTC)
    booking = await Booking.create(
        listing_id=listing.id,
        guest_id=guest_id,
        host_id=listing.host_id,  # type: ignore[attr-defined]
        check_in=check_in,
        check_out=check_out,
        guests=1,
        status=BookingStatus.CONFIRMED,
        instant=True,
        quote={},
        cancellation_policy=listing.cancellation_policy,
        currency=listing.currency,
        total=0,
        time_zone=listing.time_zone,
        starts_at=now,
        ends_at=now,
        using_db=conn,
    )
    return booking.id


async def booking_row(listing_id: Any, *nights: date, guest_id: Any = None) -> uuid.UUID:
    """A real confirmed booking holding `nights` (an unbroken run; day(1) if none), written in one
    transaction, for tests that need booked nights without going through createBooking."""
    from tortoise.transactions import in_transaction

    held = sorted(nights or [day(1)])
    async with in_transaction() as conn:
        check_out = held[-1] + timedelta(days=1)
        booking_id = await unbooked_row(listing_id, held[0], check_out, conn, guest_id)
        await conn.execute_query(
            "INSERT INTO nights (listing_id, night, kind, booking_id, created_at)"
            " SELECT $1, d, 'booked', $3, now() FROM unnest($2::date[]) AS d",
            [listing_id, held, booking_id],
        )
    return booking_id


async def cancel_row(booking_id: uuid.UUID) -> None:
    """Cancel a booking_row by hand, freeing its nights in the same transaction (as cancelBooking does)."""
    from tortoise.transactions import in_transaction

    async with in_transaction() as conn:
        await conn.execute_query(
            "UPDATE bookings SET status = 'cancelled', cancel_reason = 'admin', cancelled_at = now()"
            " WHERE id = $1",
            [booking_id],
        )
        await conn.execute_query("DELETE FROM nights WHERE booking_id = $1", [booking_id])
