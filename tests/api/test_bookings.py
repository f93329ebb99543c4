"""Quotes, createBooking (instant and request), accept, decline, cancel: end to end through GraphQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.cache import get_redis
from core.metrics import count_queries
from models.bookings import Booking, BookingStatus
from models.listings import ListingStatus, Night, NightKind, SeasonalRate
from tests.booking_helpers import (
    ACCEPT,
    CANCEL,
    CREATE_BOOKING,
    DECLINE,
    booking_input,
    day,
    make_listing,
    signed_in,
)
from tests.conftest import create_user, sign_in, table_digests
from tests.listing_helpers import gid

QUOTE = """query($id: ID!, $in: Date!, $out: Date!, $guests: Int) {
  quote(listingId: $id, checkIn: $in, checkOut: $out, guests: $guests) {
    currency nights lines { night price { amountMinor } }
    subtotal { amountMinor } discount { amountMinor } discountKind cleaningFee { amountMinor }
    serviceFee { amountMinor } taxes { amountMinor } taxPct total { amountMinor amount currency }
    hostCommission { amountMinor } hostPayout { amountMinor }
  }
}"""
PREVIEW = """query($id: ID!) { cancellationPreview(bookingId: $id) {
  reason refund { total { amountMinor } full cleaningFee { amountMinor } serviceFee { amountMinor } } } }"""
TABLES = ("bookings", "booking_events", "nights", "booking_changes", "booking_series")


async def booking_table_digests() -> dict[str, str]:
    return await table_digests(TABLES)


async def book(gql: Any, listing: Any, **fields: Any) -> dict[str, Any]:
    return (await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, **fields)}))["createBooking"][
        "booking"
    ]


async def refused(gql: Any, listing: Any, **fields: Any) -> dict[str, Any]:
    body = await gql(CREATE_BOOKING, {"input": booking_input(listing, **fields)})
    assert body["data"]["createBooking"]["booking"] is None
    [error] = body["data"]["createBooking"]["errors"]
    return error


# ---- quote -------------------------------------------------------------------------------------------


async def test_quote_needs_no_sign_in_and_matches_what_booking_charges(gql):
    listing = await make_listing()  # 100.00 EUR a night, 30.00 cleaning, Amsterdam: 12.5% tax
    variables = {"id": gid("Listing", listing.id), "in": str(day(10)), "out": str(day(13)), "guests": 2}
    quote = (await gql.ok(QUOTE, variables))["quote"]
    assert quote["nights"] == 3
    assert [line["price"]["amountMinor"] for line in quote["lines"]] == [10000] * 3
    assert quote["subtotal"]["amountMinor"] == 30000
    assert quote["discount"]["amountMinor"] == 0 and quote["discountKind"] is None
    assert quote["serviceFee"]["amountMinor"] == 4620  # 14% of 330.00
    assert quote["taxes"]["amountMinor"] == 4125  # 12.5% of 330.00
    assert quote["total"] == {"amountMinor": 41745, "amount": "417.45", "currency": "EUR"}
    assert quote["hostCommission"]["amountMinor"] == 990 and quote["hostPayout"]["amountMinor"] == 32010

    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, guests=2)
    assert booking["total"]["amountMinor"] == 41745
    assert booking["quote"]["taxes"]["amountMinor"] == 4125


async def test_quote_applies_seasonal_rates_and_the_weekly_discount(gql):
    listing = await make_listing()
    await SeasonalRate.create(
        listing_id=listing.id, start_date=day(10), end_date=day(12), nightly_price=20000, weekend_price=None
    )
    variables = {"id": gid("Listing", listing.id), "in": str(day(10)), "out": str(day(17))}
    quote = (await gql.ok(QUOTE, variables))["quote"]
    assert [line["price"]["amountMinor"] for line in quote["lines"]] == [20000, 20000] + [10000] * 5
    assert quote["discountKind"] == "weekly" and quote["discount"]["amountMinor"] == 9000


@pytest.mark.parametrize(
    ("nights_in", "nights_out", "guests", "code"),
    [(10, 10, 1, "INVALID_DATES"), (-2, 3, 1, "INVALID_DATES"), (10, 13, 9, "TOO_MANY_GUESTS")],
)
async def test_quote_refuses_bad_stays_with_a_typed_error(gql, nights_in, nights_out, guests, code):
    listing = await make_listing()
    variables = {"id": gid("Listing", listing.id), "in": str(day(nights_in)), "out": str(day(nights_out))}
    body = await gql(QUOTE, {**variables, "guests": guests})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == code


# ---- instant book and requests ---------------------------------------------------------------------------


async def test_instant_booking_confirms_at_once_and_holds_its_nights(gql):
    listing = await make_listing()
    guest = await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, guests=2, messageToHost="Arriving late")
    assert booking["status"] == "CONFIRMED" and booking["instantBook"] is True
    assert booking["expiresAt"] is None and booking["messageToHost"] == "Arriving late"
    assert [(e["fromStatus"], e["toStatus"], e["reason"]) for e in booking["events"]] == [
        (None, "PENDING", "requested"),
        ("PENDING", "CONFIRMED", "instant_book"),
    ]
    assert booking["events"][0]["actor"]["id"] == gid("User", guest.id)
    held = await Night.filter(listing_id=listing.id).order_by("night").values_list("night", "kind")
    assert held == [(day(10), NightKind.BOOKED), (day(11), NightKind.BOOKED), (day(12), NightKind.BOOKED)]


async def test_the_calendar_shows_booked_nights(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    await book(gql, listing)
    calendar = await gql.ok(
        "query($id: ID!, $from: Date!, $to: Date!) { listingCalendar(listingId: $id, from: $from, to: $to) "
        "{ date available } }",
        {"id": gid("Listing", listing.id), "from": str(day(9)), "to": str(day(14))},
    )
    assert [d["available"] for d in calendar["listingCalendar"]] == [True, False, False, False, True]


async def test_a_request_waits_for_the_host_who_accepts_it(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    assert booking["status"] == "PENDING"
    expires = datetime.fromisoformat(booking["expiresAt"])
    assert timedelta(hours=23, minutes=59) < expires - datetime.now(UTC) <= timedelta(hours=24)

    body = await gql(ACCEPT, {"id": booking["id"]})
    assert body["data"]["acceptBooking"]["errors"] == [{"code": "NOT_OWNER", "field": "bookingId"}]
    await sign_in(gql, "host@example.com")
    accepted = (await gql.ok(ACCEPT, {"id": booking["id"]}))["acceptBooking"]["booking"]
    assert accepted["status"] == "CONFIRMED"
    body = await gql(ACCEPT, {"id": booking["id"]})
    assert body["data"]["acceptBooking"]["errors"][0]["code"] == "INVALID_TRANSITION"


async def test_declining_a_request_frees_its_nights(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    await sign_in(gql, "host@example.com")
    declined = (await gql.ok(DECLINE, {"id": booking["id"]}))["declineBooking"]["booking"]
    assert declined["status"] == "CANCELLED" and declined["cancellation"]["reason"] == "DECLINED"
    assert not await Night.filter(listing_id=listing.id).exists()


async def test_an_expired_request_cannot_be_accepted(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    await Booking.all().update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    await sign_in(gql, "host@example.com")
    body = await gql(ACCEPT, {"id": booking["id"]})
    assert body["data"]["acceptBooking"]["errors"] == [{"code": "REQUEST_EXPIRED", "field": "bookingId"}]
    assert (await Booking.get()).status is BookingStatus.PENDING


async def test_a_guest_may_have_three_open_requests(gql):
    listing = await make_listing(instant_book=False)
    await signed_in(gql, "guest@example.com")
    for start in (10, 20, 30):
        await book(gql, listing, check_in=start, check_out=start + 2)
    error = await refused(gql, listing, check_in=40, check_out=42)
    assert error["code"] == "TOO_MANY_PENDING_REQUESTS"


async def test_a_booking_keeps_the_price_it_was_made_with(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    listing.nightly_price, listing.cleaning_fee = 99900, 0
    await listing.save()
    again = await gql.ok(
        "query($id: ID!) { booking(id: $id) { total { amountMinor } } }", {"id": booking["id"]}
    )
    assert again["booking"]["total"]["amountMinor"] == booking["total"]["amountMinor"] == 41745


# ---- refusals write nothing ------------------------------------------------------------------------------


async def test_every_bad_booking_gets_a_typed_error_and_writes_nothing(gql):
    own = await create_user("host@example.com", is_host=True, email_verified_at=datetime.now(UTC))
    listing = await make_listing(min_nights=2, max_nights=10)
    mine = await make_listing(own)
    draft = await make_listing(status=ListingStatus.DRAFT)
    blocked = await make_listing()
    await Night.create(listing_id=blocked.id, night=day(11), kind=NightKind.BLOCKED)
    await sign_in(gql, "host@example.com")
    before = await booking_table_digests()
    cases = [
        (listing, {"check_in": -1, "check_out": 2}, "INVALID_DATES", "checkIn"),
        (listing, {"check_in": 12, "check_out": 10}, "INVALID_DATES", "checkOut"),
        (listing, {"check_in": 10, "check_out": 800}, "INVALID_DATES", "checkOut"),
        (listing, {"check_in": 10, "check_out": 11}, "STAY_TOO_SHORT", "checkOut"),
        (listing, {"check_in": 10, "check_out": 21}, "STAY_TOO_LONG", "checkOut"),
        (listing, {"guests": 5}, "TOO_MANY_GUESTS", "guests"),
        (listing, {"guests": 0}, "INVALID_INPUT", "guests"),
        (listing, {"messageToHost": "x" * 2001}, "INVALID_INPUT", "messageToHost"),
        (listing, {"idempotencyKey": ""}, "INVALID_INPUT", "idempotencyKey"),
        (mine, {}, "OWN_LISTING", "listingId"),
        (draft, {}, "LISTING_NOT_PUBLISHED", "listingId"),
        (blocked, {}, "DATES_UNAVAILABLE", "checkIn"),
    ]
    for target, fields, code, field in cases:
        error = await refused(gql, target, **fields)
        assert (error["code"], error["field"]) == (code, field), fields
    body = await gql(
        CREATE_BOOKING, {"input": {**booking_input(listing), "listingId": gid("Listing", own.id)}}
    )
    assert body["data"]["createBooking"]["errors"][0]["code"] == "NOT_FOUND"
    assert await booking_table_digests() == before


async def test_booking_needs_sign_in(gql):
    listing = await make_listing()
    body = await gql(CREATE_BOOKING, {"input": booking_input(listing)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert all(v.startswith("0:") for v in (await booking_table_digests()).values())


# ---- cancellation ----------------------------------------------------------------------------------------


async def test_guest_cancellation_follows_the_policy_and_the_preview(gql):
    listing = await make_listing(cancellation_policy="moderate")
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=2, check_out=5)  # within 5 days: 50% of the nights
    preview = (await gql.ok(PREVIEW, {"id": booking["id"]}))["cancellationPreview"]
    assert preview["reason"] == "GUEST_CANCELLED" and preview["refund"]["full"] is False
    assert preview["refund"]["serviceFee"]["amountMinor"] == 0
    assert preview["refund"]["cleaningFee"]["amountMinor"] == 3000
    assert await Booking.filter(status=BookingStatus.CONFIRMED).count() == 1  # the preview changed nothing

    result = (await gql.ok(CANCEL, {"id": booking["id"], "reason": "Plans changed"}))["cancelBooking"]
    # 150.00 of nights + 30.00 cleaning, and 12.5% of that in taxes.
    assert result["refund"]["total"]["amountMinor"] == 15000 + 3000 + 2250
    assert result["refund"]["total"] == preview["refund"]["total"]
    assert result["booking"]["cancellation"] == {
        "reason": "GUEST_CANCELLED",
        "refund": {"amountMinor": 20250},
        "byHost": False,
        "note": "Plans changed",
    }
    assert not await Night.filter(listing_id=listing.id).exists()
    body = await gql(CANCEL, {"id": booking["id"]})
    assert body["data"]["cancelBooking"]["errors"][0]["code"] == "INVALID_TRANSITION"


async def test_a_host_cancellation_refunds_in_full_and_counts_against_the_host(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, cancellation_policy="strict")
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=2, check_out=5)
    await sign_in(gql, "host@example.com")
    result = (await gql.ok(CANCEL, {"id": booking["id"]}))["cancelBooking"]
    assert result["refund"]["full"] is True
    assert result["refund"]["total"]["amountMinor"] == booking["total"]["amountMinor"]
    assert result["booking"]["cancellation"]["reason"] == "HOST_CANCELLED"
    assert result["booking"]["cancellation"]["byHost"] is True
    assert (await gql.ok("{ me { hostCancellations } }"))["me"]["hostCancellations"] == 1
    await sign_in(gql, "guest@example.com")
    assert (await gql.ok("{ me { hostCancellations } }"))["me"]["hostCancellations"] == 0
    host_view = await gql.ok(
        "query($id: ID!) { node(id: $id) { ... on User { hostCancellations } } }",
        {"id": gid("User", host.id)},
    )
    assert host_view["node"]["hostCancellations"] is None  # private


async def test_strangers_cannot_see_or_touch_a_booking(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    await signed_in(gql, "stranger@example.com")
    assert (await gql.ok("query($id: ID!) { booking(id: $id) { id } }", {"id": booking["id"]}))[
        "booking"
    ] is None
    assert (await gql.ok("query($id: ID!) { node(id: $id) { id } }", {"id": booking["id"]}))["node"] is None
    for mutation in (CANCEL, ACCEPT, DECLINE):
        body = await gql(mutation, {"id": booking["id"]})
        [payload] = body["data"].values()
        assert payload["errors"][0]["code"] == "NOT_FOUND"
    body = await gql(PREVIEW, {"id": booking["id"]})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await signed_in(gql, "admin@example.com", is_admin=True)
    assert (await gql.ok("query($id: ID!) { node(id: $id) { id } }", {"id": booking["id"]}))["node"]


# ---- lists -----------------------------------------------------------------------------------------------

LIST_FIELDS = """totalCount pageInfo { hasNextPage endCursor }
  edges { node { id status checkIn listing { id title } guest { id firstName } host { id }
                 events { toStatus actor { id } } } }"""
TRIPS = (
    "query($filter: BookingFilter, $after: String) { myTrips(filter: $filter, first: 2, after: $after) {"
    + LIST_FIELDS
    + "} }"
)
RESERVATIONS = (
    "query($filter: BookingFilter, $after: String, $listing: ID) {"
    " hostReservations(filter: $filter, first: 2, after: $after, listingId: $listing) {" + LIST_FIELDS + "} }"
)


async def _pages(gql: Any, query: str, root: str, **variables: Any) -> list[list[str]]:
    pages, after = [], None
    while True:
        data = (await gql.ok(query, {**variables, "after": after}))[root]
        pages.append([e["node"]["checkIn"] for e in data["edges"]])
        if not data["pageInfo"]["hasNextPage"]:
            return pages
        after = data["pageInfo"]["endCursor"]


async def test_my_trips_pages_through_upcoming_stays_soonest_first(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    for start in (30, 10, 20, 40, 50):
        await book(gql, listing, check_in=start, check_out=start + 2)
    pages = await _pages(gql, TRIPS, "myTrips", filter="UPCOMING")
    assert pages == [[str(day(10)), str(day(20))], [str(day(30)), str(day(40))], [str(day(50))]]
    assert (await gql.ok(TRIPS, {"filter": "CANCELLED"}))["myTrips"]["totalCount"] == 0
    body = await gql(TRIPS, {"filter": "UPCOMING", "after": "not-a-cursor"})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_host_reservations_put_requests_first(gql):
    host = await create_user("host@example.com", is_host=True)
    instant = await make_listing(host)
    request = await make_listing(host, instant_book=False)
    other = await make_listing()
    await signed_in(gql, "guest@example.com")
    await book(gql, instant, check_in=5, check_out=7)
    await book(gql, request, check_in=40, check_out=42)
    await book(gql, instant, check_in=20, check_out=22)
    await book(gql, request, check_in=30, check_out=32)
    await book(gql, other, check_in=5, check_out=7)
    await sign_in(gql, "host@example.com")
    pages = await _pages(gql, RESERVATIONS, "hostReservations", filter="UPCOMING")
    assert pages == [[str(day(30)), str(day(40))], [str(day(5)), str(day(20))]]
    only = await _pages(
        gql, RESERVATIONS, "hostReservations", filter="UPCOMING", listing=gid("Listing", instant.id)
    )
    assert only == [[str(day(5)), str(day(20))]]


async def test_a_page_of_trips_costs_a_fixed_number_of_queries(gql):
    listings = [await make_listing() for _ in range(4)]
    await signed_in(gql, "guest@example.com")
    for i, listing in enumerate(listings):
        await book(gql, listing, check_in=10 + i, check_out=12 + i)
    query = "{ myTrips(first: 10) { edges { node { id listing { id title host { id } } guest { id } host { id } events { toStatus actor { id } } changes { id } } } } }"
    with count_queries() as queries:
        data = await gql.ok(query)
    assert len(data["myTrips"]["edges"]) == 4
    # auth, count, page, users, events, changes: one query each
    # 4 trips with all these relations, and not one query per trip: the listings come from their
    # Redis cache (createBooking read them through it).
    assert queries.value == 6
    await get_redis().flushdb()  # with the cache cold: one query for all four listings
    with count_queries() as queries:
        await gql.ok(query)
    assert queries.value == 7


async def test_the_same_idempotency_key_returns_the_same_booking(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    first = await book(gql, listing, idempotencyKey="trip-42")
    again = await book(gql, listing, idempotencyKey="trip-42")
    assert again["id"] == first["id"]
    before = await booking_table_digests()
    error = await refused(gql, listing, idempotencyKey="trip-42", guests=3)
    assert (error["code"], error["field"]) == ("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    assert await booking_table_digests() == before
    await signed_in(gql, "other@example.com")  # keys are per guest
    error = await refused(gql, listing, idempotencyKey="trip-42")
    assert error["code"] == "DATES_UNAVAILABLE"


async def test_refused_answers_cancellations_and_changes_write_nothing(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False, max_nights=5)
    await signed_in(gql, "guest@example.com")
    pending = await book(gql, listing, check_in=10, check_out=12)
    cancelled = await book(gql, listing, check_in=20, check_out=22)
    await gql.ok(CANCEL, {"id": cancelled["id"]})
    change = (
        """mutation($input: ChangeBookingInput!) { changeBooking(input: $input) { errors { code field } } }"""
    )
    before = await booking_table_digests()
    attempts = [
        (ACCEPT, {"id": pending["id"]}, "NOT_OWNER"),  # the guest cannot accept
        (DECLINE, {"id": pending["id"]}, "NOT_OWNER"),
        (CANCEL, {"id": cancelled["id"]}, "INVALID_TRANSITION"),
        (change, {"input": {"bookingId": pending["id"], "checkOut": str(day(30))}}, "STAY_TOO_LONG"),
        (change, {"input": {"bookingId": pending["id"], "guests": 9}}, "TOO_MANY_GUESTS"),
        (change, {"input": {"bookingId": pending["id"], "checkIn": str(day(-3))}}, "INVALID_DATES"),
        (change, {"input": {"bookingId": cancelled["id"], "guests": 2}}, "INVALID_TRANSITION"),
        (change, {"input": {"bookingId": gid("Booking", listing.id), "guests": 2}}, "NOT_FOUND"),
    ]
    for mutation, variables, code in attempts:
        body = await gql(mutation, variables)
        [payload] = body["data"].values()
        assert payload["errors"][0]["code"] == code, (mutation, variables)
    await sign_in(gql, "host@example.com")
    for mutation, variables, code in [
        (ACCEPT, {"id": cancelled["id"]}, "INVALID_TRANSITION"),
        (change, {"input": {"bookingId": pending["id"], "guests": 2}}, "NOT_OWNER"),
    ]:
        body = await gql(mutation, variables)
        [payload] = body["data"].values()
        assert payload["errors"][0]["code"] == code
    assert await booking_table_digests() == before


async def test_amounts_beyond_32_bits_are_exact(gql):
    listing = await make_listing(
        currency="IDR", nightly_price=308_745_462, cleaning_fee=0, country="ID", city_key=""
    )
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=10, check_out=17)
    assert booking["total"]["amountMinor"] > 2**31
    row = await Booking.get()
    assert row.total == booking["total"]["amountMinor"] == booking["quote"]["total"]["amountMinor"]


async def test_a_booking_refreshes_cached_dated_searches_only(gql):
    from core.cache import cache_generation

    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    plain, dated = await cache_generation(dated=False), await cache_generation(dated=True)
    await book(gql, listing)
    assert await cache_generation(dated=False) == plain  # listing pages and date-less searches stay cached
    assert await cache_generation(dated=True) != dated  # searches for a stay see the booked nights
