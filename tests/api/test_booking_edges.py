"""Edges of bookings: deadlines, suspended listings, NUL bytes, time zones, cursors, query counts."""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from core.metrics import count_queries
from models.bookings import Booking, BookingStatus
from models.listings import ListingStatus
from tests.booking_helpers import ACCEPT, CANCEL, CREATE_BOOKING, booking_input, day, make_listing, signed_in
from tests.conftest import GraphQLClient, create_user, sign_in
from tests.listing_helpers import gid, listing_id_uuid

CHANGE = """mutation($input: ChangeBookingInput!) { changeBooking(input: $input) {
  booking { checkOut guests } errors { code field } } }"""
PREVIEW = "query($id: ID!) { cancellationPreview(bookingId: $id) { refund { total { amountMinor } full } } }"


async def book(gql: Any, listing: Any, **fields: Any) -> dict[str, Any]:
    return (await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, **fields)}))["createBooking"][
        "booking"
    ]


async def test_a_request_for_a_stay_that_is_over_cannot_be_accepted(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    past = datetime.now(UTC) - timedelta(hours=1)
    await Booking.all().update(starts_at=past - timedelta(days=2), ends_at=past)
    await sign_in(gql, "host@example.com")
    body = await gql(ACCEPT, {"id": booking["id"]})
    assert body["data"]["acceptBooking"]["errors"][0]["code"] == "REQUEST_EXPIRED"
    assert (await Booking.get()).status is BookingStatus.PENDING


async def test_new_nights_need_a_listing_that_takes_bookings(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=10, check_out=13)
    listing.status = ListingStatus.SUSPENDED
    await listing.save()
    body = await gql(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(20))}})
    assert body["data"]["changeBooking"]["errors"] == [{"code": "LISTING_SUSPENDED", "field": "listingId"}]
    # Fewer guests or fewer nights claim nothing new: still possible.
    shorter = await gql.ok(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(12))}})
    assert shorter["changeBooking"]["booking"]["checkOut"] == str(day(12))


async def test_nul_characters_are_bad_input_not_a_crash(gql):
    # Refused at the schema boundary for every string (schema/input_limits.py), before any resolver.
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    for field in ("messageToHost", "specialRequests", "idempotencyKey"):
        body = await gql(CREATE_BOOKING, {"input": booking_input(listing, **{field: "a\x00b"})})
        assert body["data"] is None
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": f"input.{field}"}
    booking = await book(gql, listing)
    body = await gql(CANCEL, {"id": booking["id"], "reason": "\x00"})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "input.reason"}
    assert (await Booking.get()).status is BookingStatus.CONFIRMED


async def test_refunds_use_the_time_zone_the_stay_was_booked_in(gql):
    listing = await make_listing(time_zone="Europe/Amsterdam", cancellation_policy="flexible")
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=5, check_out=8)
    before = (await gql.ok(PREVIEW, {"id": booking["id"]}))["cancellationPreview"]
    listing.time_zone = "Pacific/Auckland"
    await listing.save()
    after = (await gql.ok(PREVIEW, {"id": booking["id"]}))["cancellationPreview"]
    assert after == before and before["refund"]["full"] is True


async def test_a_tampered_cursor_is_bad_input(gql):
    await signed_in(gql, "host@example.com", is_host=True)
    after = base64.urlsafe_b64encode(
        json.dumps([[1], "2020-01-01", "00000000-0000-0000-0000-000000000000"]).encode()
    )
    body = await gql(
        "query($a: String) { hostReservations(after: $a) { totalCount } }", {"a": after.decode()}
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_host_cancellations_on_a_page_cost_one_query(gql):
    host = await create_user("host@example.com", is_host=True)
    listings = [await make_listing(host) for _ in range(3)]
    await signed_in(gql, "guest@example.com")
    for listing in listings:
        await book(gql, listing)
    await sign_in(gql, "host@example.com")
    query = "{ hostReservations(first: 10) { edges { node { host { hostCancellations } guest { hostCancellations } } } } }"
    with count_queries() as queries:
        data = await gql.ok(query)
    edges = data["hostReservations"]["edges"]
    assert [e["node"]["host"]["hostCancellations"] for e in edges] == [0, 0, 0]
    assert [e["node"]["guest"]["hostCancellations"] for e in edges] == [None, None, None]  # private
    # auth, count, page, users, and one grouped count for the host (not one per booking)
    assert queries.value == 5


async def test_two_hosts_booking_each_others_listings_at_once_never_deadlock(asgi_app):
    """Each request locks its guest's row to count their open requests, while the booking's
    foreign key share-locks the host's row: the locks must not conflict (NO KEY UPDATE)."""
    verified = datetime.now(UTC)
    hosts = [
        await create_user(f"h{i}@example.com", is_host=True, email_verified_at=verified) for i in range(2)
    ]
    listings = [await make_listing(h, instant_book=False) for h in hosts]
    clients = []
    for i in range(2):
        transport = httpx.ASGITransport(app=asgi_app, client=(f"198.51.100.{10 + i}", 5000))
        client = GraphQLClient(httpx.AsyncClient(transport=transport, base_url="http://testserver"))
        await sign_in(client, f"h{i}@example.com")
        clients.append(client)
    try:
        for round_ in range(6):
            start = 10 + 3 * round_
            bodies = await asyncio.gather(
                clients[0](CREATE_BOOKING, {"input": booking_input(listings[1], start, start + 2)}),
                clients[1](CREATE_BOOKING, {"input": booking_input(listings[0], start, start + 2)}),
            )
            for body in bodies:
                assert "errors" not in body, body
                codes = [e["code"] for e in body["data"]["createBooking"]["errors"]]
                assert codes in ([], ["TOO_MANY_PENDING_REQUESTS"]), codes
    finally:
        for client in clients:
            await client.http.aclose()
    assert await Booking.filter(listing_id=listing_id_uuid(gid("Listing", listings[0].id))).count() == 3
