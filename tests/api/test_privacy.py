"""Privacy and clear refusals (issue 9): a listing's exact place is for those who need it, booking
and publishing need a verified email, a refusal says why, and events say what happened."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from core import pubsub
from core.cache import get_redis
from core.settings import get_settings
from models.bookings import Booking, BookingStatus
from models.listings import Listing, ListingStatus
from models.location import MAX_OFFSET_M, MIN_OFFSET_M, distance_m
from tests.booking_helpers import CREATE_BOOKING, booking_input, booking_row, day, make_listing, signed_in
from tests.conftest import GraphQLClient, create_user, sign_in, table_digests
from tests.listing_helpers import add_ready_photo, create_listing, gid, signed_in_host

EXACT = (52.375212, 4.883921)
LOCATION = """query($id: ID!) { listing(id: $id) { latitude longitude address locationIsApproximate } }"""
SEARCH = """query($near: NearInput) { searchListings(filter: {city: "amsterdam", near: $near}) {
  edges { node { id latitude longitude address locationIsApproximate } } } }"""
QUOTE = """query($id: ID!, $in: Date!, $out: Date!) {
  quote(listingId: $id, checkIn: $in, checkOut: $out) { total { amount } } }"""
SERIES = """mutation($input: CreateBookingSeriesInput!) {
  createBookingSeries(input: $input) { seriesId errors { code field message } } }"""
PUBLISH = "mutation($id: ID!) { publishListing(input: {listingId: $id}) { listing { status } errors { code field message } } }"
SHARE = """mutation($id: ID!) { unpublishListing(input: {listingId: $id, keepLink: true}) {
  listing { status } errors { code field message } } }"""


# ---- who sees the exact point -------------------------------------------------------------------


async def located_listing(**fields: Any) -> Listing:
    return await make_listing(latitude=EXACT[0], longitude=EXACT[1], **fields)


async def seen(gql: GraphQLClient, listing: Listing) -> dict[str, Any]:
    return (await gql.ok(LOCATION, {"id": gid("Listing", listing.id)}))["listing"]


def assert_approximate(shown: dict[str, Any]) -> None:
    point = (shown["latitude"], shown["longitude"])
    assert MIN_OFFSET_M - 2 <= distance_m(EXACT, point) <= MAX_OFFSET_M + 2, point
    assert shown["address"] is None and shown["locationIsApproximate"] is True


async def test_anonymous_visitors_see_a_stable_approximate_point_also_from_the_cache(gql):
    listing = await located_listing()

    first, second = await seen(gql, listing), await seen(gql, listing)  # the second from the cache

    assert_approximate(first)
    assert first == second
    cached = [await get_redis().get(k) async for k in get_redis().scan_iter("roost:response:*")]
    assert cached and all(str(EXACT[0]) not in raw and str(EXACT[1]) not in raw for raw in cached)


async def test_the_host_and_admins_see_the_exact_point(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await located_listing(host=host)
    await create_user("admin@example.com", is_admin=True)
    for email in ("host@example.com", "admin@example.com"):
        await sign_in(gql, email)
        shown = await seen(gql, listing)
        assert (shown["latitude"], shown["longitude"]) == EXACT
        assert shown["address"] == "Prinsengracht 263" and shown["locationIsApproximate"] is False


async def test_a_guest_sees_the_exact_point_once_the_booking_is_confirmed(gql, payments_on):
    listing = await located_listing()
    await signed_in(gql, "guest@example.com")
    await gql.ok(CREATE_BOOKING, {"input": booking_input(listing)})
    assert (await Booking.get()).status is BookingStatus.PENDING  # waiting for its payment

    assert_approximate(await seen(gql, listing))

    await Booking.all().update(status=BookingStatus.CONFIRMED)
    shown = await seen(gql, listing)
    assert (shown["latitude"], shown["longitude"]) == EXACT and shown["address"] == "Prinsengracht 263"


async def test_search_cards_show_the_approximate_point_that_search_uses(gql):
    listing = await located_listing()
    await signed_in(gql, "someone@example.com")
    # Search places a listing where it shows it (tests/api/test_location_privacy.py): 1 km around the
    # exact point holds the shown one, 150 m does not.
    near = {"latitude": EXACT[0], "longitude": EXACT[1], "radiusKm": 1}
    tight = {"latitude": EXACT[0], "longitude": EXACT[1], "radiusKm": 0.15}
    assert (await gql.ok(SEARCH, {"near": tight}))["searchListings"]["edges"] == []
    for token in (gql.token, None):  # signed in (no booking), then anonymous
        gql.token = token
        [edge] = (await gql.ok(SEARCH, {"near": near}))["searchListings"]["edges"]
        assert edge["node"]["id"] == gid("Listing", listing.id)
        assert_approximate(edge["node"])


async def test_whether_many_listings_are_exact_costs_one_query(gql):
    from core.metrics import count_queries

    listings = [await located_listing() for _ in range(5)]
    guest = await signed_in(gql, "guest@example.com")
    # A confirmed stay at the first (owning its night): it alone shows exactly.
    await booking_row(listings[0].id, day(1), guest_id=guest.id)

    def near(km: float) -> dict[str, Any]:  # a new radius: an uncached search, the same five results
        return {"near": {"latitude": EXACT[0], "longitude": EXACT[1], "radiusKm": km}}

    plain = SEARCH.replace("latitude longitude address locationIsApproximate", "")
    await gql.ok(plain, near(4))  # warms the listings' cache for both runs below
    with count_queries() as without:
        await gql.ok(plain, near(5))
    with count_queries() as counted:
        edges = (await gql.ok(SEARCH, near(6)))["searchListings"]["edges"]
    assert len(edges) == 5
    exact = {e["node"]["id"] for e in edges if not e["node"]["locationIsApproximate"]}
    assert exact == {gid("Listing", listings[0].id)}
    assert counted.value == without.value + 1  # the viewer's bookings, once for the page


# ---- booking and publishing need a verified email ------------------------------------------------


TABLES = ("bookings", "booking_series", "booking_events", "nights", "listings")


async def test_an_unverified_guest_cannot_book_and_nothing_changes(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com", email_verified_at=None)
    before = await table_digests(TABLES)

    single = await gql(CREATE_BOOKING, {"input": booking_input(listing)})
    stays = [{"checkIn": str(day(10)), "checkOut": str(day(12))}]
    series = await gql(SERIES, {"input": {"listingId": gid("Listing", listing.id), "stays": stays}})

    for errors in (
        single["data"]["createBooking"]["errors"],
        series["data"]["createBookingSeries"]["errors"],
    ):
        assert [(e["code"], e["field"]) for e in errors] == [("EMAIL_NOT_VERIFIED", None)]
        assert "Verify your email" in errors[0]["message"]
    assert await table_digests(TABLES) == before


async def test_an_unverified_host_cannot_publish_or_share_and_nothing_changes(gql):
    await signed_in_host(gql, email_verified_at=None)
    listing = await create_listing(gql)
    await add_ready_photo(listing["id"])
    before = await table_digests(TABLES)

    for mutation, name in ((PUBLISH, "publishListing"), (SHARE, "unpublishListing")):
        result = (await gql(mutation, {"id": listing["id"]}))["data"][name]
        assert [e["code"] for e in result["errors"]] == ["EMAIL_NOT_VERIFIED"] and result["listing"] is None
    assert await table_digests(TABLES) == before


# ---- a refusal says why ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"status": ListingStatus.DRAFT}, "LISTING_NOT_PUBLISHED", "not published yet"),
        ({"status": ListingStatus.SUSPENDED}, "LISTING_SUSPENDED", "suspended"),
        ({"deleted_at": datetime(2026, 1, 1, tzinfo=UTC)}, "LISTING_DELETED", "deleted"),
    ],
    ids=["draft", "suspended", "deleted"],
)
async def test_quote_and_booking_say_why_a_listing_takes_no_bookings(gql, fields, code, words):
    listing = await make_listing(**fields)
    body = await gql(QUOTE, {"id": gid("Listing", listing.id), "in": str(day(10)), "out": str(day(12))})
    assert body["errors"][0]["extensions"]["code"] == code and words in body["errors"][0]["message"]

    await signed_in(gql, "guest@example.com")
    result = (await gql(CREATE_BOOKING, {"input": booking_input(listing)}))["data"]["createBooking"]
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, "listingId")]
    assert not await Booking.exists()


async def test_an_unknown_listing_is_still_not_found(gql):
    body = await gql(QUOTE, {"id": gid("Listing", uuid.uuid4()), "in": str(day(10)), "out": str(day(12))})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


# ---- events are named for what happened and carry what a client shows ----------------------------


async def booking_events(gql: GraphQLClient, listing: Listing, guest: Any) -> list[pubsub.Event]:
    """Book, and collect what the guest's and the host's channels receive."""
    # Entering `listen` returns once Redis has confirmed the subscription.
    async with (
        pubsub.listen(pubsub.user_channel(guest.id)) as to_guest,
        pubsub.listen(pubsub.user_channel(listing.host_id)) as to_host,  # type: ignore[attr-defined]
    ):
        await gql.ok(CREATE_BOOKING, {"input": booking_input(listing)})
        return [await asyncio.wait_for(anext(events), 5) for events in (to_guest, to_host)]


@pytest.mark.parametrize(
    ("instant", "payments", "kind"),
    [
        (True, True, "booking_awaiting_payment"),
        (True, False, "booking_confirmed"),
        (False, True, "booking_requested"),
    ],
    ids=["instant-unpaid", "instant-confirmed", "request"],
)
async def test_a_new_booking_is_announced_for_what_it_is_with_what_to_show(
    gql, monkeypatch, instant, payments, kind
):
    monkeypatch.setattr(get_settings(), "payments_required", payments)
    listing = await make_listing(instant_book=instant, title="Bright loft by the canal")
    guest = await signed_in(gql, "guest@example.com", first_name="Ana", last_name="Reis")

    received = await booking_events(gql, listing, guest)

    booking = await Booking.get()
    assert [e.type for e in received] == [kind, kind]
    data = received[0].data
    assert data == received[1].data
    assert data["listingTitle"] == "Bright loft by the canal" and data["guestName"] == "Ana R."
    assert (data["checkIn"], data["checkOut"]) == (str(day(10)), str(day(13)))
    total = {
        "amount": str(Decimal(booking.total).scaleb(-2)),
        "currency": "EUR",
        "amountMinor": booking.total,
    }
    assert data["total"] == total
    assert data["listingId"] == gid("Listing", listing.id) and data["status"] == booking.status.value
