"""createBooking, accept, decline, cancel end to end through GraphQL."""

from __future__ import annotations

from tests.booking_helpers import CREATE_BOOKING, booking_input, make_listing, signed_in


async def test_instant_booking_confirms_at_once(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    data = await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, guests=2)})
    booking = data["createBooking"]["booking"]
    assert booking["status"] == "CONFIRMED"
    assert booking["nights"] == 3
    print(booking)
