"""changeBooking (instant and with the host's approval) and createBookingSeries through GraphQL."""

from __future__ import annotations

from typing import Any

from models.bookings import Booking, BookingChange, BookingSeries, ChangeStatus
from models.listings import Night, NightKind
from tests.booking_helpers import CREATE_BOOKING, booking_input, day, make_listing, signed_in
from tests.conftest import create_user, sign_in
from tests.listing_helpers import gid

CHANGE = """mutation($input: ChangeBookingInput!) { changeBooking(input: $input) {
  booking { id status checkIn checkOut guests total { amountMinor } events { fromStatus toStatus reason } }
  change { id status oldCheckIn newCheckIn newCheckOut oldTotal { amountMinor } newTotal { amountMinor }
           priceDifference { amountMinor } }
  errors { code field message } } }"""
ANSWER = """mutation($id: ID!) { %s(input: {changeId: $id}) {
  booking { id checkIn checkOut total { amountMinor } } change { status } errors { code field } } }"""
SERIES = """mutation($input: CreateBookingSeriesInput!) { createBookingSeries(input: $input) {
  seriesId bookings { id status checkIn checkOut } errors { code field message } } }"""


async def book(gql: Any, listing: Any, **fields: Any) -> dict[str, Any]:
    data = await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, **fields)})
    return data["createBooking"]["booking"]


async def held(listing: Any) -> list:
    return list(await Night.filter(listing_id=listing.id).order_by("night").values_list("night", flat=True))


async def confirmed_request(gql: Any, check_in: int, check_out: int) -> tuple[Any, dict[str, Any]]:
    """A request-to-book stay the host accepted; the guest is signed in again on return."""
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=check_in, check_out=check_out)
    await sign_in(gql, "host@example.com")
    accepted = await gql.ok(
        "mutation($id: ID!) { acceptBooking(input: {bookingId: $id}) { booking { status } errors { code } } }",
        {"id": booking["id"]},
    )
    assert accepted["acceptBooking"]["booking"]["status"] == "CONFIRMED"
    await sign_in(gql, "guest@example.com")
    return listing, booking


def nights(start: int, end: int) -> list:
    return [day(i) for i in range(start, end)]


async def test_an_instant_book_change_applies_at_once_and_swaps_the_nights(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=10, check_out=13)
    result = (await gql.ok(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(14))}}))[
        "changeBooking"
    ]
    assert result["booking"]["checkOut"] == str(day(14))
    assert result["change"]["status"] == "APPLIED"
    # One more night: 100.00 + 14% fee + 12.5% tax on it.
    assert result["change"]["priceDifference"]["amountMinor"] == 10000 + 1400 + 1250
    assert result["booking"]["total"]["amountMinor"] == result["change"]["newTotal"]["amountMinor"]
    assert result["booking"]["events"][-1] == {
        "fromStatus": "CONFIRMED",
        "toStatus": "CONFIRMED",
        "reason": "changed",
    }
    assert await held(listing) == nights(10, 14)

    moved = await gql.ok(
        CHANGE, {"input": {"bookingId": booking["id"], "checkIn": str(day(20)), "checkOut": str(day(22))}}
    )
    assert moved["changeBooking"]["booking"]["checkIn"] == str(day(20))
    assert await held(listing) == nights(20, 22)


async def test_a_change_into_taken_nights_changes_nothing(gql):
    listing = await make_listing()
    await signed_in(gql, "other@example.com")
    await book(gql, listing, check_in=13, check_out=15)
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=10, check_out=13)
    body = await gql(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(14))}})
    assert body["data"]["changeBooking"]["errors"][0]["code"] == "DATES_UNAVAILABLE"
    assert await held(listing) == nights(10, 15)
    row = await Booking.get(guest__email="guest@example.com")
    assert (row.check_in, row.check_out) == (day(10), day(13))
    assert not await BookingChange.exists()


async def test_on_request_listings_the_host_approves_a_change(gql):
    listing, booking = await confirmed_request(gql, 10, 13)  # the guest is signed in
    asked = await gql.ok(
        CHANGE, {"input": {"bookingId": booking["id"], "checkIn": str(day(11)), "checkOut": str(day(15))}}
    )
    change = asked["changeBooking"]["change"]
    assert change["status"] == "PENDING"
    assert asked["changeBooking"]["booking"]["checkIn"] == str(day(10))  # not yet
    assert await held(listing) == nights(10, 15)  # old and new nights both held meanwhile
    again = await gql(CHANGE, {"input": {"bookingId": booking["id"], "guests": 2}})
    assert again["data"]["changeBooking"]["errors"][0]["code"] == "CHANGE_PENDING"
    refused = await gql(ANSWER % "acceptBookingChange", {"id": change["id"]})
    assert refused["data"]["acceptBookingChange"]["errors"][0]["code"] == "NOT_OWNER"

    await sign_in(gql, "host@example.com")
    answered = (await gql.ok(ANSWER % "acceptBookingChange", {"id": change["id"]}))["acceptBookingChange"]
    assert answered["change"]["status"] == "APPLIED"
    assert (answered["booking"]["checkIn"], answered["booking"]["checkOut"]) == (str(day(11)), str(day(15)))
    assert await held(listing) == nights(11, 15)


async def test_a_declined_change_frees_the_nights_it_held(gql):
    listing, booking = await confirmed_request(gql, 10, 12)  # the guest is signed in
    asked = await gql.ok(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(16))}})
    await sign_in(gql, "host@example.com")
    answered = await gql.ok(ANSWER % "declineBookingChange", {"id": asked["changeBooking"]["change"]["id"]})
    assert answered["declineBookingChange"]["change"]["status"] == "DECLINED"
    assert await held(listing) == nights(10, 12)
    assert (await BookingChange.get()).status is ChangeStatus.DECLINED


async def test_a_change_is_refused_when_nothing_changes_or_the_stay_began(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=1, check_out=3)
    body = await gql(CHANGE, {"input": {"bookingId": booking["id"]}})
    assert body["data"]["changeBooking"]["errors"][0]["code"] == "INVALID_INPUT"
    from datetime import UTC, datetime, timedelta

    await Booking.all().update(starts_at=datetime.now(UTC) - timedelta(hours=1))
    body = await gql(CHANGE, {"input": {"bookingId": booking["id"], "guests": 2}})
    assert body["data"]["changeBooking"]["errors"][0]["code"] == "INVALID_TRANSITION"


# ---- series ----------------------------------------------------------------------------------------------


def series_input(listing: Any, *ranges: tuple[int, int]) -> dict[str, Any]:
    return {
        "listingId": gid("Listing", listing.id),
        "guests": 1,
        "stays": [{"checkIn": str(day(a)), "checkOut": str(day(b))} for a, b in ranges],
    }


async def test_a_series_books_every_stay_in_one_go(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    data = (await gql.ok(SERIES, {"input": series_input(listing, (20, 22), (10, 12), (30, 33))}))[
        "createBookingSeries"
    ]
    assert [b["checkIn"] for b in data["bookings"]] == [str(day(10)), str(day(20)), str(day(30))]
    assert {b["status"] for b in data["bookings"]} == {"CONFIRMED"}
    assert await held(listing) == nights(10, 12) + nights(20, 22) + nights(30, 33)
    assert await Booking.filter(series_id=data["seriesId"]).count() == 3


async def test_a_series_with_one_taken_stay_books_none(gql):
    listing = await make_listing()
    await Night.create(listing_id=listing.id, night=day(31), kind=NightKind.BLOCKED)
    await signed_in(gql, "guest@example.com")
    body = await gql(SERIES, {"input": series_input(listing, (10, 12), (30, 33))})
    assert body["data"]["createBookingSeries"]["errors"][0] == {
        "code": "DATES_UNAVAILABLE",
        "field": "stays.1",
        "message": "Some of these nights are not available.",
    }
    assert not await Booking.exists() and not await BookingSeries.exists()
    assert await held(listing) == [day(31)]


async def test_a_series_refuses_overlapping_or_bad_stays(gql):
    listing = await make_listing(min_nights=2)
    await signed_in(gql, "guest@example.com")
    body = await gql(SERIES, {"input": series_input(listing, (10, 13), (12, 15))})
    assert body["data"]["createBookingSeries"]["errors"][0]["code"] == "INVALID_DATES"
    body = await gql(SERIES, {"input": series_input(listing, (10, 13), (20, 21))})
    assert body["data"]["createBookingSeries"]["errors"][0]["field"] == "stays.1.checkOut"
    body = await gql(SERIES, {"input": series_input(listing)})
    assert body["data"]["createBookingSeries"]["errors"][0]["code"] == "INVALID_INPUT"
    assert not await Booking.exists()


async def test_accepting_one_stay_of_a_requested_series_accepts_them_all(gql):
    host = await create_user("host@example.com", is_host=True)
    listing = await make_listing(host, instant_book=False)
    await signed_in(gql, "guest@example.com")
    data = (await gql.ok(SERIES, {"input": series_input(listing, (10, 12), (20, 22))}))["createBookingSeries"]
    assert {b["status"] for b in data["bookings"]} == {"PENDING"}
    await sign_in(gql, "host@example.com")
    await gql.ok(
        "mutation($id: ID!) { acceptBooking(input: {bookingId: $id}) { errors { code } } }",
        {"id": data["bookings"][0]["id"]},
    )
    assert set(await Booking.all().values_list("status", flat=True)) == {"confirmed"}


async def test_a_change_the_host_leaves_unanswered_lapses_and_frees_its_nights(gql):
    from datetime import UTC, datetime, timedelta

    from resolvers.booking_lifecycle import run_lifecycle

    listing, booking = await confirmed_request(gql, 10, 12)  # the guest is signed in
    await gql.ok(CHANGE, {"input": {"bookingId": booking["id"], "checkOut": str(day(14))}})
    assert await held(listing) == nights(10, 14)
    assert (await run_lifecycle(datetime.now(UTC) + timedelta(hours=23)))["lapse"] == 0
    assert (await run_lifecycle(datetime.now(UTC) + timedelta(hours=24, minutes=1)))["lapse"] == 1
    assert (await run_lifecycle(datetime.now(UTC) + timedelta(hours=24, minutes=1)))["lapse"] == 0
    assert (await BookingChange.get()).status is ChangeStatus.WITHDRAWN
    assert await held(listing) == nights(10, 12)
    assert (await Booking.get()).check_out == day(12)
