"""Listings through GraphQL: create, edit, publish, visibility, rates, calendar, blocks."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest

from models.bookings import Booking
from models.listings import Listing, Night, NightKind, SeasonalRate
from tests.booking_helpers import booking_row
from tests.conftest import GraphQLClient, create_user, sign_in
from tests.listing_helpers import (
    COMPLETE,
    CREATE,
    UPDATE,
    add_ready_photo,
    create_listing,
    gid,
    listing_id_uuid,
    signed_in_host,
    soon,
)

UNPUBLISH = "mutation($id: ID!, $keep: Boolean!) { unpublishListing(input: {listingId: $id, keepLink: $keep}) { listing { status } errors { code } } }"
DELETE = "mutation($id: ID!) { deleteListing(input: {listingId: $id}) { ok errors { code } } }"
PUBLISH = "mutation($id: ID!) { publishListing(input: {listingId: $id}) { listing { status } errors { code field message } } }"
BY_ID = "query($id: ID!) { listing(id: $id) { id title status address } }"
BY_SLUG = "query($slug: String!) { listing(slug: $slug) { id title address host { firstName } } }"
CALENDAR = """query($id: ID!, $from: Date!, $to: Date!) {
  listingCalendar(listingId: $id, from: $from, to: $to) { date available kind minNights price { amount } } }"""
BLOCK = """mutation($id: ID!, $from: Date!, $to: Date!) {
  blockDates(input: {listingId: $id, from: $from, to: $to}) { nights errors { code field } } }"""
UNBLOCK = """mutation($id: ID!, $from: Date!, $to: Date!) {
  unblockDates(input: {listingId: $id, from: $from, to: $to}) { nights errors { code field } } }"""
RATES = """mutation($id: ID!, $rates: [SeasonalRateInput!]!) {
  setSeasonalRates(input: {listingId: $id, rates: $rates}) {
    listing { seasonalRates { startDate endDate nightlyPrice { amount } weekendPrice { amount } minNights } }
    errors { code field message } } }"""


async def published(gql) -> dict:
    listing = await create_listing(gql)
    await add_ready_photo(listing["id"])
    await gql.ok(PUBLISH, {"id": listing["id"]})
    return listing


async def test_a_host_creates_a_complete_draft(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    assert listing["status"] == "DRAFT"
    assert listing["slug"].startswith("bright-loft-by-the-canal-amsterdam-")
    assert listing["nightlyPrice"] == {"amount": "120.00", "currency": "EUR", "amountMinor": 12000}
    assert [a["id"] for a in listing["amenities"]] == ["kitchen", "wifi", "workspace"]
    assert listing["accessibilityFeatures"] == [
        {"id": "step_free_entrance", "name": "Step-free guest entrance"}
    ]
    assert listing["host"]["firstName"] == "Hana"
    assert listing["address"] == "Prinsengracht 263"  # the host sees the street address
    row = await Listing.get(id=listing_id_uuid(listing["id"]))
    assert row.city_key == "amsterdam" and row.cleaning_fee == 3500


async def test_a_guest_cannot_create_a_listing(gql, guest):
    body = await gql(CREATE, {"input": COMPLETE})
    assert body["data"]["createListing"]["errors"][0]["code"] == "NOT_OWNER"
    assert await Listing.all().count() == 0


async def test_creating_requires_sign_in(gql):
    body = await gql(CREATE, {"input": COMPLETE})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("override", "code", "field"),
    [
        ({"amenities": ["wifi", "teleporter"]}, "UNKNOWN_AMENITY", "amenities"),
        ({"nightlyPrice": "-5"}, "INVALID_PRICE", "nightlyPrice"),
        ({"nightlyPrice": "0"}, "INVALID_PRICE", "nightlyPrice"),
        ({"nightlyPrice": "5000000"}, "INVALID_PRICE", "nightlyPrice"),
        ({"nightlyPrice": "12.345"}, "INVALID_PRICE", "nightlyPrice"),
        ({"cleaningFee": "-1"}, "INVALID_PRICE", "cleaningFee"),
        ({"country": "XX"}, "INVALID_INPUT", "country"),
        ({"timeZone": "Mars/Olympus"}, "INVALID_INPUT", "timeZone"),
        ({"latitude": 91}, "INVALID_LOCATION", "latitude"),
        ({"longitude": -181}, "INVALID_LOCATION", "longitude"),
        ({"maxGuests": 0}, "INVALID_INPUT", "maxGuests"),
        ({"bathrooms": 1.3}, "INVALID_INPUT", "bathrooms"),
        ({"minNights": 10, "maxNights": 5}, "INVALID_INPUT", "minNights"),
        ({"checkInFrom": "25:00"}, "INVALID_INPUT", "checkInFrom"),
        ({"accessibilityFeatures": ["moat"]}, "INVALID_INPUT", "accessibility"),
        ({"currency": "XYZ"}, "INVALID_INPUT", "currency"),
        ({"title": "abc"}, "INVALID_INPUT", "title"),
        ({"weeklyDiscountPct": 100}, "INVALID_INPUT", "weeklyDiscountPct"),
    ],
)
async def test_bad_listing_input_is_refused_and_writes_nothing(gql, override, code, field):
    await signed_in_host(gql)
    body = await gql(CREATE, {"input": {**COMPLETE, **override}})
    [error] = body["data"]["createListing"]["errors"]
    assert (error["code"], error["field"]) == (code, field)
    assert await Listing.all().count() == 0


async def test_update_changes_given_fields_and_keeps_the_slug(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    data = await gql.ok(
        UPDATE, {"input": {"listingId": listing["id"], "title": "Canal loft, renovated", "maxGuests": 5}}
    )
    updated = data["updateListing"]["listing"]
    assert updated["title"] == "Canal loft, renovated" and updated["maxGuests"] == 5
    assert updated["slug"] == listing["slug"]  # stable: links keep working
    assert updated["city"] == "Amsterdam"


async def test_update_to_a_new_currency_needs_a_new_price(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    body = await gql(UPDATE, {"input": {"listingId": listing["id"], "currency": "JPY"}})
    assert body["data"]["updateListing"]["errors"][0]["code"] == "INVALID_PRICE"
    ok = await gql.ok(
        UPDATE,
        {
            "input": {
                "listingId": listing["id"],
                "currency": "JPY",
                "nightlyPrice": "18000",
                "cleaningFee": "4000",
            }
        },
    )
    assert ok["updateListing"]["listing"]["nightlyPrice"] == {
        "amount": "18000",
        "currency": "JPY",
        "amountMinor": 18000,
    }


async def test_another_host_cannot_touch_the_listing(gql, client):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    other = GraphQLClient(client)
    await create_user("other@example.com", is_host=True)
    await sign_in(other, "other@example.com")
    for query, variables in [
        (UPDATE, {"input": {"listingId": listing["id"], "title": "Mine now, thanks"}}),
        (PUBLISH, {"id": listing["id"]}),
        (UNPUBLISH, {"id": listing["id"], "keep": False}),
        (DELETE, {"id": listing["id"]}),
        (
            RATES,
            {
                "id": listing["id"],
                "rates": [{"startDate": str(soon(3)), "endDate": str(soon(5)), "nightlyPrice": "1"}],
            },
        ),
        (BLOCK, {"id": listing["id"], "from": str(soon(3)), "to": str(soon(5))}),
        (UNBLOCK, {"id": listing["id"], "from": str(soon(3)), "to": str(soon(5))}),
    ]:
        body = await other(query, variables)
        payload = next(iter(body["data"].values()))
        assert payload["errors"][0]["code"] == "NOT_OWNER"
    row = await Listing.get(id=listing_id_uuid(listing["id"]))
    assert row.title == COMPLETE["title"] and row.status == "draft" and row.deleted_at is None
    assert await Night.all().count() == 0 and await SeasonalRate.all().count() == 0


async def test_every_listing_mutation_requires_sign_in(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    anonymous_calls = [
        (UPDATE, {"input": {"listingId": listing["id"], "title": "Anonymous edit"}}),
        (PUBLISH, {"id": listing["id"]}),
        (UNPUBLISH, {"id": listing["id"], "keep": False}),
        (DELETE, {"id": listing["id"]}),
        (RATES, {"id": listing["id"], "rates": []}),
        (BLOCK, {"id": listing["id"], "from": str(soon(3)), "to": str(soon(5))}),
        (UNBLOCK, {"id": listing["id"], "from": str(soon(3)), "to": str(soon(5))}),
        ("{ myListings { totalCount } }", None),
    ]
    gql.token = None
    for query, variables in anonymous_calls:
        body = await gql(query, variables)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", query


async def test_unknown_listing_ids_are_not_found(gql):
    await signed_in_host(gql)
    missing = gid("Listing", uuid.uuid4())
    body = await gql(PUBLISH, {"id": missing})
    assert body["data"]["publishListing"]["errors"][0] == {
        "code": "NOT_FOUND",
        "field": "listingId",
        "message": "No such listing.",
    }
    calendar = await gql(CALENDAR, {"id": missing, "from": str(soon(1)), "to": str(soon(3))})
    assert calendar["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_calendar_ranges_are_bounded(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    for start, end in [(5, 5), (1, 400)]:
        body = await gql(CALENDAR, {"id": listing["id"], "from": str(soon(start)), "to": str(soon(end))})
        assert body["errors"][0]["extensions"]["code"] == "INVALID_DATES"


async def test_an_admin_may_change_any_listing(gql, client):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    admin = GraphQLClient(client)
    await create_user("admin@example.com", is_admin=True)
    await sign_in(admin, "admin@example.com")
    data = await admin.ok(UPDATE, {"input": {"listingId": listing["id"], "title": "Fixed by support"}})
    assert data["updateListing"]["listing"]["title"] == "Fixed by support"


async def test_publish_names_what_is_missing(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql, description="", address="")
    body = await gql(PUBLISH, {"id": listing["id"]})
    [error] = body["data"]["publishListing"]["errors"]
    assert error["code"] == "LISTING_INCOMPLETE"
    assert "description, address, photos" in error["message"]
    assert (await Listing.get(id=listing_id_uuid(listing["id"]))).status == "draft"


async def test_drafts_are_for_their_host_and_published_listings_are_public(gql, client):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    anonymous = GraphQLClient(client)
    assert (await anonymous.ok(BY_ID, {"id": listing["id"]}))["listing"] is None
    assert (await gql.ok(BY_ID, {"id": listing["id"]}))["listing"]["status"] == "DRAFT"
    await add_ready_photo(listing["id"])
    assert (await gql.ok(PUBLISH, {"id": listing["id"]}))["publishListing"]["listing"][
        "status"
    ] == "PUBLISHED"
    public = (await anonymous.ok(BY_SLUG, {"slug": listing["slug"]}))["listing"]
    assert public["title"] == COMPLETE["title"] and public["host"]["firstName"] == "Hana"
    assert public["address"] is None  # the street address is not public


async def test_listing_needs_exactly_one_of_id_and_slug(gql):
    body = await gql("{ listing { id } }")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_unpublish_hides_or_keeps_the_link(gql, client):
    await signed_in_host(gql)
    listing = await published(gql)
    anonymous = GraphQLClient(client)
    unpublish = "mutation($id: ID!, $keep: Boolean!) { unpublishListing(input: {listingId: $id, keepLink: $keep}) { listing { status } } }"
    await gql.ok(unpublish, {"id": listing["id"], "keep": True})
    assert (await anonymous.ok(BY_ID, {"id": listing["id"]}))["listing"]["status"] == "UNLISTED"
    await gql.ok(unpublish, {"id": listing["id"], "keep": False})
    assert (await anonymous.ok(BY_ID, {"id": listing["id"]}))["listing"] is None


async def test_delete_is_refused_while_future_bookings_exist(gql):
    await signed_in_host(gql)
    listing = await published(gql)
    lid = listing_id_uuid(listing["id"])
    delete = "mutation($id: ID!) { deleteListing(input: {listingId: $id}) { ok errors { code } } }"
    booking_id = await booking_row(lid, soon(10))
    body = await gql(delete, {"id": listing["id"]})
    assert body["data"]["deleteListing"]["errors"][0]["code"] == "HAS_FUTURE_BOOKINGS"
    await Booking.filter(id=booking_id).delete()  # and its night with it
    assert (await gql.ok(delete, {"id": listing["id"]}))["deleteListing"]["ok"] is True
    assert (await gql.ok(BY_ID, {"id": listing["id"]}))["listing"] is None
    assert (await Listing.get(id=lid)).deleted_at is not None  # soft: bookings keep their listing


async def test_seasonal_rates_price_the_calendar(gql, client):
    await signed_in_host(gql)
    listing = await published(gql)
    start = soon(30)
    while start.weekday() != 0:  # a Monday, so the range holds a Friday and Saturday
        start += timedelta(days=1)
    rates = [
        {"startDate": str(start), "endDate": str(start + timedelta(days=14)), "nightlyPrice": "150", "minNights": 3},
        {"startDate": str(start + timedelta(days=2)), "endDate": str(start + timedelta(days=7)),
         "nightlyPrice": "200", "weekendPrice": "260"},
    ]  # fmt: skip
    data = await gql.ok(RATES, {"id": listing["id"], "rates": rates})
    assert len(data["setSeasonalRates"]["listing"]["seasonalRates"]) == 2
    anonymous = GraphQLClient(client)
    days = (
        await anonymous.ok(
            CALENDAR,
            {
                "id": listing["id"],
                "from": str(start - timedelta(days=1)),
                "to": str(start + timedelta(days=8)),
            },
        )
    )["listingCalendar"]
    prices = [d["price"]["amount"] for d in days]
    # base, 150, 150 (Tue is the 2nd day), then the more specific 200 range with 260 on Fri/Sat, then 150
    assert prices == [
        "120.00",
        "150.00",
        "150.00",
        "200.00",
        "200.00",
        "260.00",
        "260.00",
        "200.00",
        "150.00",
    ]
    assert days[1]["minNights"] == 3 and days[0]["minNights"] == 1
    assert all(d["kind"] is None for d in days)


async def test_bad_seasonal_rates_change_nothing(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    good = {"startDate": str(soon(10)), "endDate": str(soon(20)), "nightlyPrice": "150"}
    await gql.ok(RATES, {"id": listing["id"], "rates": [good]})
    bad = {"startDate": str(soon(20)), "endDate": str(soon(10)), "nightlyPrice": "150"}
    body = await gql(RATES, {"id": listing["id"], "rates": [good, bad]})
    assert body["data"]["setSeasonalRates"]["errors"][0] == {
        "code": "INVALID_DATES", "field": "rates.1.endDate", "message": "endDate must be after startDate."
    }  # fmt: skip
    negative = {**good, "nightlyPrice": "-3"}
    body = await gql(RATES, {"id": listing["id"], "rates": [negative]})
    assert body["data"]["setSeasonalRates"]["errors"][0]["code"] == "INVALID_PRICE"
    assert await SeasonalRate.all().count() == 1  # the good one, untouched


async def test_block_and_unblock_dates(gql, client):
    await signed_in_host(gql)
    listing = await published(gql)
    lid = listing_id_uuid(listing["id"])
    await booking_row(lid, soon(6))
    blocked = await gql.ok(BLOCK, {"id": listing["id"], "from": str(soon(3)), "to": str(soon(8))})
    assert blocked["blockDates"]["nights"] == 4  # the booked night stays booked
    host_view = (await gql.ok(CALENDAR, {"id": listing["id"], "from": str(soon(2)), "to": str(soon(9))}))[
        "listingCalendar"
    ]
    assert [d["kind"] for d in host_view] == [
        None,
        "BLOCKED",
        "BLOCKED",
        "BLOCKED",
        "BOOKED",
        "BLOCKED",
        None,
    ]
    guest_view = (
        await GraphQLClient(client).ok(
            CALENDAR, {"id": listing["id"], "from": str(soon(2)), "to": str(soon(9))}
        )
    )["listingCalendar"]
    assert [d["available"] for d in guest_view] == [True, False, False, False, False, False, True]
    assert all(d["kind"] is None for d in guest_view)  # why a night is taken is the host's business
    unblocked = await gql.ok(UNBLOCK, {"id": listing["id"], "from": str(soon(3)), "to": str(soon(8))})
    assert unblocked["unblockDates"]["nights"] == 4
    assert [n.kind for n in await Night.filter(listing_id=lid)] == [NightKind.BOOKED]


@pytest.mark.parametrize(
    ("start", "end"),
    [(5, 5), (6, 3), (-2, 3), (10, 800)],
    ids=["empty", "backwards", "past", "beyond-two-years"],
)
async def test_bad_block_ranges_are_refused(gql, start, end):
    await signed_in_host(gql)
    listing = await create_listing(gql)
    body = await gql(BLOCK, {"id": listing["id"], "from": str(soon(start)), "to": str(soon(end))})
    assert body["data"]["blockDates"]["errors"][0]["code"] == "INVALID_DATES"
    assert await Night.all().count() == 0


async def test_a_block_and_a_booking_claim_on_one_night_never_both_win(gql):
    """PostgreSQL's UNIQUE (listing, night) decides, whatever the interleaving."""
    from tortoise.exceptions import IntegrityError

    host = await signed_in_host(gql)
    listing = await published(gql)
    lid = listing_id_uuid(listing["id"])
    from resolvers.listings import block_dates

    for offset in range(20, 30):
        night = soon(offset)

        async def book(night=night) -> str:
            try:
                await Night.create(
                    listing_id=lid, night=night, kind=NightKind.BOOKED, booking_id=uuid.uuid4()
                )
                return "booked"
            except IntegrityError:
                return "refused"

        results = await asyncio.gather(
            block_dates(user=host, listing_id=lid, start=night, end=night + timedelta(days=1)), book()
        )
        rows = await Night.filter(listing_id=lid, night=night)
        assert len(rows) == 1
        assert (rows[0].kind == NightKind.BOOKED) == (results[1] == "booked")
        assert (results[0][1] == 1) == (rows[0].kind == NightKind.BLOCKED)


async def test_my_listings_and_the_catalogues(gql):
    await signed_in_host(gql)
    for i in range(3):
        await create_listing(gql, title=f"Listing number {i}")
    data = await gql.ok(
        "{ myListings(first: 2) { totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } }"
    )
    assert data["myListings"]["totalCount"] == 3
    assert [e["node"]["title"] for e in data["myListings"]["edges"]] == [
        "Listing number 2",
        "Listing number 1",
    ]
    amenities = await gql.ok("{ amenities { id category } accessibilityFeatures { id } }")
    assert {"id": "ev_charger", "category": "parking"} in amenities["amenities"]
    assert len(amenities["accessibilityFeatures"]) == 12


async def test_listing_details_are_cached_and_fresh_after_a_change(gql, client):
    from core.metrics import count_queries

    await signed_in_host(gql)
    listing = await published(gql)
    anonymous = GraphQLClient(client)
    query = "query($id: ID!) { listing(id: $id) { title } }"
    await anonymous.ok(query, {"id": listing["id"]})
    with count_queries() as queries:
        assert (await anonymous.ok(query, {"id": listing["id"]}))["listing"]["title"] == COMPLETE["title"]
    assert queries.value == 0  # served from Redis
    await gql.ok(UPDATE, {"input": {"listingId": listing["id"], "title": "Renamed right now"}})
    assert (await anonymous.ok(query, {"id": listing["id"]}))["listing"]["title"] == "Renamed right now"


async def test_listing_page_with_everything_nested_costs_a_fixed_number_of_queries(gql, client):
    from core.metrics import count_queries

    await signed_in_host(gql)
    listing = await published(gql)
    anonymous = GraphQLClient(client)
    query = """query($slug: String!) { listing(slug: $slug) {
      title host { firstName languages } hostLanguages amenities { name } photos { url thumbnailUrl }
      coverPhoto { url } seasonalRates { nightlyPrice { amount } } nightlyPrice { amount } } }"""
    with count_queries() as cold:
        data = await anonymous.ok(query, {"slug": listing["slug"]})
    assert data["listing"]["coverPhoto"]["url"].endswith("/media/photos/x-large.jpg")
    # slug -> id, the listing row, host, photos, rates: one query each, none per item
    # (amenities come from the in-memory catalogue)
    assert cold.value == 5
    with count_queries() as warm:
        await anonymous.ok(query, {"slug": listing["slug"]})
    assert warm.value == 0  # an anonymous repeat: the whole response comes from Redis


async def test_a_suspended_listing_stays_suspended_for_its_host(gql):
    from models.listings import ListingStatus

    await signed_in_host(gql)
    listing = await published(gql)
    lid = listing_id_uuid(listing["id"])
    await Listing.filter(id=lid).update(status=ListingStatus.SUSPENDED)  # by an admin
    for query, variables in [
        (UNPUBLISH, {"id": listing["id"], "keep": True}),
        (PUBLISH, {"id": listing["id"]}),
    ]:
        body = await gql(query, variables)
        assert next(iter(body["data"].values()))["errors"][0]["code"] == "NOT_OWNER"
    assert (await Listing.get(id=lid)).status == ListingStatus.SUSPENDED


async def test_sharing_a_draft_by_link_needs_what_publishing_needs(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)  # no photo yet
    body = await gql(UNPUBLISH, {"id": listing["id"], "keep": True})
    assert body["data"]["unpublishListing"]["errors"] == [{"code": "LISTING_INCOMPLETE"}]
    assert (await Listing.get(id=listing_id_uuid(listing["id"]))).status == "draft"


async def test_a_new_currency_never_reinterprets_old_prices(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql)  # EUR, with a cleaning fee
    body = await gql(
        UPDATE, {"input": {"listingId": listing["id"], "currency": "JPY", "nightlyPrice": "18000"}}
    )
    assert body["data"]["updateListing"]["errors"][0]["field"] == "cleaningFee"
    rate = {"startDate": str(soon(10)), "endDate": str(soon(20)), "nightlyPrice": "150"}
    await gql.ok(RATES, {"id": listing["id"], "rates": [rate]})
    change = {"listingId": listing["id"], "currency": "JPY", "nightlyPrice": "18000", "cleaningFee": "5000"}
    body = await gql(UPDATE, {"input": change})
    assert body["data"]["updateListing"]["errors"][0]["field"] == "currency"
    await gql.ok(RATES, {"id": listing["id"], "rates": []})
    data = await gql.ok(UPDATE, {"input": change})
    assert data["updateListing"]["listing"]["cleaningFee"] == {"amount": "5000"}
    row = await Listing.get(id=listing_id_uuid(listing["id"]))
    assert (row.currency, row.nightly_price, row.cleaning_fee) == ("JPY", 18000, 5000)


@pytest.mark.parametrize("price", ["Infinity", "-Infinity", "NaN", "1e999999"])
async def test_non_finite_prices_are_refused_not_crashed(gql, price):
    await signed_in_host(gql)
    body = await gql(CREATE, {"input": {**COMPLETE, "nightlyPrice": price}})
    # Not a plain decimal string: refused before anything runs (schema/input_limits.py).
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "input.nightlyPrice"}
    assert await Listing.all().count() == 0


async def test_the_neighborhood_is_folded_for_autocomplete(gql):
    await signed_in_host(gql)
    listing = await create_listing(gql, neighborhood="Södermalm")
    assert (await Listing.get(id=listing_id_uuid(listing["id"]))).neighborhood_key == "sodermalm"
