"""searchListings and autocompleteLocations end to end: real PostgreSQL, Redis and Celery worker."""

from __future__ import annotations

import asyncio
import base64
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from core.cache import bump_listing
from core.metrics import count_queries
from models.listings import (
    Listing,
    ListingPhoto,
    Night,
    NightKind,
    PhotoStatus,
    SearchLog,
    SeasonalRate,
    fold,
)
from models.users import User

TODAY = datetime.now(UTC).date()

SEARCH = """
query($filter: ListingSearchFilter, $sort: ListingSort, $first: Int, $after: String) {
  searchListings(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor node { id title } stayTotal { amount currency } }
    pageInfo { hasNextPage endCursor }
    facets {
      propertyTypes { value count }
      roomTypes { value count }
      priceHistogram { min max count }
    }
  }
}"""

NESTED = """
query($filter: ListingSearchFilter, $first: Int) {
  searchListings(filter: $filter, first: $first) {
    totalCount
    edges {
      cursor
      stayTotal { amount currency }
      node {
        id title city nightlyPrice { amount currency }
        host { id firstName languages }
        coverPhoto { id url }
        amenities { id name }
        seasonalRates { startDate nightlyPrice { amount } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""

AUTOCOMPLETE = """
query($prefix: String!, $first: Int) {
  autocompleteLocations(prefix: $prefix, first: $first) { kind name city country count }
}"""


async def make_host(languages: list[str], name: str = "Hosta") -> User:
    # A fixed hash: these hosts never sign in, and argon2 would only slow the tests down.
    return await User.create(
        email=f"{uuid.uuid4().hex[:8]}@example.com",
        password_hash="x",
        first_name=name,
        languages=languages,
        is_host=True,
    )


async def make_listing(host: User, title: str, **fields: Any) -> Listing:
    city = fields.pop("city", "Lisbon")
    neighborhood = fields.pop("neighborhood", "")
    values: dict[str, Any] = {
        "description": "A bright place to stay with everything you need.",
        "country": "PT",
        "latitude": 38.7223,
        "longitude": -9.1393,
        "max_guests": 2,
        "nightly_price": 10000,
        "currency": "EUR",
        "status": "published",
        "published_at": datetime.now(UTC),
    }
    values.update(fields)
    return await Listing.create(
        host=host,
        title=title,
        slug=f"{fold(title).replace(' ', '-')}-{uuid.uuid4().hex[:6]}",
        city=city,
        city_key=fold(city),
        neighborhood=neighborhood,
        neighborhood_key=fold(neighborhood),
        **values,
    )


@pytest.fixture
async def world() -> dict[str, Listing]:
    """Five published listings that differ in every filtered attribute, plus three hidden ones."""
    ana = await make_host(["pt", "en"], "Ana")
    bruno = await make_host(["pt"], "Bruno")
    kenji = await make_host(["ja"], "Kenji")
    w = {
        "alfama": await make_listing(
            ana, "Alfama loft", neighborhood="Alfama", latitude=38.7110, longitude=-9.1300,
            nightly_price=8000, property_type="loft", amenities=["wifi", "kitchen"], instant_book=True,
            max_guests=2, bedrooms=1, beds=1, bathrooms=Decimal("1"), accessibility=["step_free_entrance"],
        ),
        "belem": await make_listing(
            bruno, "Belem house", neighborhood="Belém", latitude=38.6970, longitude=-9.2060,
            description="A family house by the river, a tram ride from Alfama.",
            nightly_price=20000, property_type="house", amenities=["wifi", "kitchen", "pool"],
            max_guests=6, bedrooms=3, beds=4, bathrooms=Decimal("2"),
        ),
        "saopaulo": await make_listing(
            kenji, "Pinheiros room", city="São Paulo", neighborhood="Pinheiros", country="BR",
            latitude=-23.5617, longitude=-46.6910, nightly_price=30000, currency="BRL",
            property_type="apartment", room_type="private_room", amenities=["wifi"], max_guests=1,
        ),
        "tokyo": await make_listing(
            kenji, "Shibuya capsule", city="Tokyo", neighborhood="Shibuya", country="JP",
            latitude=35.6595, longitude=139.7005, nightly_price=9000, currency="JPY",
            property_type="unique_stay", room_type="shared_room", instant_book=True, max_guests=1,
            max_nights=2,
        ),
        "porto": await make_listing(
            bruno, "Ribeira flat", city="Porto", neighborhood="Ribeira", latitude=41.1406,
            longitude=-8.6110, nightly_price=6000, property_type="apartment",
            amenities=["wifi", "kitchen", "washer"], max_guests=3, min_nights=3,
        ),
    }  # fmt: skip
    await Night.create(listing=w["porto"], night=TODAY + timedelta(days=31), kind=NightKind.BLOCKED)
    # Hidden: they match everything, and must never appear.
    await make_listing(ana, "Draft Alfama", status="draft", nightly_price=8000)
    await make_listing(ana, "Unlisted Alfama", status="unlisted", nightly_price=8000)
    await make_listing(ana, "Deleted Alfama", deleted_at=datetime.now(UTC), nightly_price=8000)
    return w


def day(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


async def titles(
    gql: Any, filter: dict[str, Any] | None = None, sort: str = "RELEVANCE", first: int = 50
) -> list[str]:
    data = await gql.ok(SEARCH, {"filter": filter, "sort": sort, "first": first})
    conn = data["searchListings"]
    assert conn["totalCount"] == len(conn["edges"])
    return [e["node"]["title"] for e in conn["edges"]]


ALL = {"Alfama loft", "Belem house", "Pinheiros room", "Shibuya capsule", "Ribeira flat"}


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        (None, ALL),
        ({"text": "loft"}, {"Alfama loft"}),
        ({"text": "alfama"}, {"Alfama loft", "Belem house"}),
        ({"city": "LISBON"}, {"Alfama loft", "Belem house"}),
        ({"city": "sao paulo"}, {"Pinheiros room"}),
        ({"near": {"latitude": 38.7223, "longitude": -9.1393, "radiusKm": 5}}, {"Alfama loft"}),
        (
            {"near": {"latitude": 38.7223, "longitude": -9.1393, "radiusKm": 50}},
            {"Alfama loft", "Belem house"},
        ),
        (
            {"near": {"latitude": 38.7223, "longitude": -9.1393, "radiusKm": 300}},
            {"Alfama loft", "Belem house", "Ribeira flat"},
        ),
        (
            {"bbox": {"south": 38.6, "west": -9.3, "north": 38.8, "east": -9.0}},
            {"Alfama loft", "Belem house"},
        ),
        (
            {"bbox": {"south": 30, "west": 130, "north": 40, "east": -170}},
            {"Shibuya capsule"},
        ),  # antimeridian
        # Ribeira has a blocked night inside; Shibuya allows 2 nights at most.
        ({"checkIn": day(30), "checkOut": day(33)}, {"Alfama loft", "Belem house", "Pinheiros room"}),
        (
            {"checkIn": day(40), "checkOut": day(43)},
            {"Alfama loft", "Belem house", "Pinheiros room", "Ribeira flat"},
        ),
        (
            {"checkIn": day(40), "checkOut": day(42)},
            {"Alfama loft", "Belem house", "Pinheiros room", "Shibuya capsule"},
        ),
        (
            {"checkIn": day(32), "checkOut": day(35)},
            {"Alfama loft", "Belem house", "Pinheiros room", "Ribeira flat"},
        ),
        ({"guests": 3}, {"Belem house", "Ribeira flat"}),
        ({"guests": 4}, {"Belem house"}),
        ({"priceMin": "70", "priceMax": "250"}, {"Alfama loft", "Belem house"}),
        ({"priceMin": "5000"}, {"Shibuya capsule"}),  # 9000 JPY: yen have no minor unit
        ({"priceMax": "60.00"}, {"Ribeira flat"}),
        ({"propertyTypes": ["HOUSE", "LOFT"]}, {"Alfama loft", "Belem house"}),
        ({"roomTypes": ["PRIVATE_ROOM", "SHARED_ROOM"]}, {"Pinheiros room", "Shibuya capsule"}),
        ({"amenities": ["wifi", "kitchen"]}, {"Alfama loft", "Belem house", "Ribeira flat"}),
        ({"amenities": ["kitchen", "pool"]}, {"Belem house"}),
        ({"instantBook": True}, {"Alfama loft", "Shibuya capsule"}),
        ({"instantBook": False}, {"Belem house", "Pinheiros room", "Ribeira flat"}),
        ({"hostLanguages": ["en"]}, {"Alfama loft"}),
        ({"hostLanguages": ["ja", "fr"]}, {"Pinheiros room", "Shibuya capsule"}),
        ({"accessibility": ["step_free_entrance"]}, {"Alfama loft"}),
        ({"minBedrooms": 2}, {"Belem house"}),
        ({"minBeds": 3}, {"Belem house"}),
        ({"minBathrooms": "1.5"}, {"Belem house"}),
        ({"city": "lisbon", "guests": 2, "amenities": ["wifi"], "priceMax": "100"}, {"Alfama loft"}),
    ],
)
async def test_each_filter_narrows(gql, world, filter, expected):
    assert set(await titles(gql, filter)) == expected


async def test_hidden_listings_never_appear(gql, world):
    found = await titles(gql, {"text": "alfama", "city": "lisbon"})
    assert not any(t.startswith(("Draft", "Unlisted", "Deleted")) for t in found)
    suggestions = (await gql.ok(AUTOCOMPLETE, {"prefix": "lis"}))["autocompleteLocations"]
    assert suggestions[0]["count"] == 2  # the three hidden Lisbon listings are not counted


async def test_sort_orders(gql, world):
    assert await titles(gql, sort="PRICE_ASC") == [
        "Ribeira flat", "Alfama loft", "Belem house", "Pinheiros room", "Shibuya capsule",
    ]  # fmt: skip
    assert await titles(gql, sort="PRICE_DESC") == [
        "Shibuya capsule", "Pinheiros room", "Belem house", "Alfama loft", "Ribeira flat",
    ]  # fmt: skip
    newest = ["Ribeira flat", "Shibuya capsule", "Pinheiros room", "Belem house", "Alfama loft"]
    assert await titles(gql, sort="NEWEST") == newest
    assert await titles(gql, sort="RELEVANCE") == newest  # without text: newest first
    near = {"near": {"latitude": 38.7223, "longitude": -9.1393, "radiusKm": 500}}
    assert await titles(gql, near, sort="DISTANCE") == ["Alfama loft", "Belem house", "Ribeira flat"]
    # "Alfama" is in the loft's title and neighbourhood, only in the house's description.
    assert await titles(gql, {"text": "alfama"}, sort="RELEVANCE") == ["Alfama loft", "Belem house"]


@pytest.mark.parametrize(
    ("sort", "filter"),
    [
        ("PRICE_ASC", None),
        ("PRICE_DESC", None),
        ("NEWEST", None),
        ("RELEVANCE", {"text": "cosy"}),
        ("DISTANCE", {"near": {"latitude": 48.8566, "longitude": 2.3522, "radiusKm": 100}}),
    ],
)
async def test_keyset_pages_have_no_duplicates_or_gaps(gql, sort, filter):
    host = await make_host(["fr"])
    for i in range(23):  # ties on price, rank and distance: the id breaks them
        await make_listing(
            host, f"Cosy flat {i}", city="Paris", latitude=48.85 + (i % 3) * 0.01, longitude=2.35,
            nightly_price=10000 + (i % 4) * 1000, description="cosy " * (1 + i % 2),
        )  # fmt: skip
    everything = await titles(gql, filter, sort, first=100)
    assert len(everything) == 23
    seen: list[str] = []
    after = None
    while True:
        data = await gql.ok(SEARCH, {"filter": filter, "sort": sort, "first": 7, "after": after})
        conn = data["searchListings"]
        assert conn["totalCount"] == 23
        seen += [e["node"]["title"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
        assert after == conn["edges"][-1]["cursor"]
    assert seen == everything


async def test_stay_total_with_seasonal_rate_and_weekly_discount(gql):
    host = await make_host(["en"])
    listing = await make_listing(
        host, "Weekly place", nightly_price=10000, cleaning_fee=5000, weekly_discount_pct=10
    )
    await SeasonalRate.create(
        listing=listing,
        start_date=TODAY + timedelta(days=60),
        end_date=TODAY + timedelta(days=62),
        nightly_price=15000,
    )
    filter = {"checkIn": day(60), "checkOut": day(67)}
    data = await gql.ok(SEARCH, {"filter": filter})
    # 5 x 100 + 2 x 150 = 800, minus 10% = 720, plus 50 cleaning.
    assert data["searchListings"]["edges"][0]["stayTotal"] == {"amount": "770.00", "currency": "EUR"}
    data = await gql.ok(SEARCH, {"filter": None})
    assert data["searchListings"]["edges"][0]["stayTotal"] is None  # no dates, no total


async def test_facets_count_the_same_filter(gql, world):
    facets = (await gql.ok(SEARCH, {"filter": None}))["searchListings"]["facets"]
    assert facets["propertyTypes"][0] == {"value": "APARTMENT", "count": 2}
    assert {f["value"]: f["count"] for f in facets["propertyTypes"]} == {
        "APARTMENT": 2, "LOFT": 1, "HOUSE": 1, "UNIQUE_STAY": 1,
    }  # fmt: skip
    assert facets["roomTypes"] == [
        {"value": "ENTIRE_PLACE", "count": 3},
        {"value": "PRIVATE_ROOM", "count": 1},
        {"value": "SHARED_ROOM", "count": 1},
    ]
    histogram = facets["priceHistogram"]
    assert len(histogram) == 10 and sum(b["count"] for b in histogram) == 5
    assert Decimal(histogram[0]["min"]) == 60 and Decimal(histogram[-1]["max"]) == 9000
    lisbon = (await gql.ok(SEARCH, {"filter": {"city": "lisbon"}}))["searchListings"]["facets"]
    assert lisbon["roomTypes"] == [{"value": "ENTIRE_PLACE", "count": 2}]
    assert sum(b["count"] for b in lisbon["priceHistogram"]) == 2


async def test_autocomplete_folds_accents_and_case_and_ranks_by_count(gql, world):
    async def suggest(prefix: str) -> list[tuple[str, str, int]]:
        found = (await gql.ok(AUTOCOMPLETE, {"prefix": prefix}))["autocompleteLocations"]
        return [(s["kind"], s["name"], s["count"]) for s in found]

    assert await suggest("sao") == [("CITY", "São Paulo", 1)]
    assert await suggest("sao") == [("CITY", "São Paulo", 1)]  # again, from the cache
    assert await suggest("SÃO p") == [("CITY", "São Paulo", 1)]
    assert await suggest("bele") == [("NEIGHBORHOOD", "Belém", 1)]
    host = await make_host(["fr"])
    for city in ["Paris", "Paris", "Paris", "Parma"]:
        await make_listing(host, f"Flat in {city}", city=city, country="FR" if city == "Paris" else "IT")
    await bump_listing("autocomplete-test")
    assert await suggest("par") == [("CITY", "Paris", 3), ("CITY", "Parma", 1)]
    assert await suggest("%") == []  # LIKE wildcards are literal
    assert await suggest("p_r") == []
    assert await suggest("   ") == []
    found = (await gql.ok(AUTOCOMPLETE, {"prefix": "p", "first": 1}))["autocompleteLocations"]
    assert [(s["name"], s["country"]) for s in found] == [("Paris", "FR")]


def _cursor(parts: list[Any]) -> str:
    import json

    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode()


def _bad_cursor() -> str:
    return base64.urlsafe_b64encode(b'["NEWEST", 12, "x"]').decode()


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"filter": {"checkIn": day(10), "checkOut": day(10)}}, "INVALID_DATES", "checkOut"),
        ({"filter": {"checkIn": day(10), "checkOut": day(5)}}, "INVALID_DATES", "checkOut"),
        ({"filter": {"checkIn": day(-30), "checkOut": day(-25)}}, "INVALID_DATES", "checkIn"),
        ({"filter": {"checkIn": day(800), "checkOut": day(805)}}, "INVALID_DATES", "checkOut"),
        ({"filter": {"checkIn": day(10)}}, "INVALID_DATES", "checkOut"),
        ({"filter": {"checkOut": day(10)}}, "INVALID_DATES", "checkOut"),
        ({"filter": {"guests": 0}}, "INVALID_INPUT", "guests"),
        (
            {"filter": {"near": {"latitude": 1, "longitude": 1, "radiusKm": 0}}},
            "INVALID_LOCATION",
            "near.radiusKm",
        ),
        (
            {"filter": {"near": {"latitude": 1, "longitude": 1, "radiusKm": 501}}},
            "INVALID_LOCATION",
            "near.radiusKm",
        ),
        ({"filter": {"near": {"latitude": 91, "longitude": 1, "radiusKm": 5}}}, "INVALID_LOCATION", "near"),
        ({"filter": {"bbox": {"south": 10, "west": 0, "north": 5, "east": 1}}}, "INVALID_LOCATION", "bbox"),
        ({"filter": {"bbox": {"south": 0, "west": 0, "north": 5, "east": 200}}}, "INVALID_LOCATION", "bbox"),
        ({"first": 101}, "INVALID_INPUT", "first"),
        ({"first": -1}, "INVALID_INPUT", "first"),
        ({"after": "not a cursor!"}, "INVALID_INPUT", "after"),
        ({"after": _bad_cursor()}, "INVALID_INPUT", "after"),
        ({"after": "WyJORVdFU1QiLCAiMjAyNi0wMS0wMVQwMDowMDowMCIsICJ4Il0"}, "INVALID_INPUT", "after"),
        ({"filter": {"amenities": ["wifi", "jacuzzi"]}}, "UNKNOWN_AMENITY", "amenities"),
        ({"filter": {"accessibility": ["ramp"]}}, "INVALID_INPUT", "accessibility"),
        ({"filter": {"priceMin": "-1"}}, "INVALID_PRICE", "priceMin"),
        ({"filter": {"priceMax": "1000001"}}, "INVALID_PRICE", "priceMax"),
        # "NaN", "1e-99999": not plain decimal strings, refused before anything runs
        # (BAD_USER_INPUT, tests/test_hostile_documents.py).
        ({"filter": {"guests": 5000}}, "INVALID_INPUT", "guests"),
        (
            {"sort": "PRICE_ASC", "after": _cursor(["PRICE_ASC", "1e999999", str(uuid.UUID(int=1))])},
            "INVALID_INPUT",
            "after",
        ),
        (
            {"sort": "NEWEST", "after": _cursor(["NEWEST", "yesterday", str(uuid.UUID(int=1))])},
            "INVALID_INPUT",
            "after",
        ),
        ({"filter": {"priceMin": "50", "priceMax": "10"}}, "INVALID_PRICE", "priceMin"),
        ({"sort": "DISTANCE"}, "INVALID_INPUT", "sort"),
        ({"filter": {"text": "x" * 201}}, "INVALID_INPUT", "text"),
        # NUL in any string: refused at the schema boundary (tests/api/test_hostile_requests.py).
    ],
)
async def test_bad_input_is_a_named_user_error(gql, variables, code, field):
    response = await gql.post(SEARCH, variables)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["path"] == ["searchListings"]
    words = {"near.radiusKm": "radiusKm", "near": "near", "bbox": "bbox"}
    assert words.get(field, field) in error["message"] or code == "INVALID_DATES"


async def test_autocomplete_bad_input(gql):
    body = await gql(AUTOCOMPLETE, {"prefix": "a", "first": 0})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    body = await gql(AUTOCOMPLETE, {"prefix": "a" * 101})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    body = await gql(AUTOCOMPLETE, {"prefix": "a\x00"})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "prefix"}
    for edge in ("\ud7ff", "\U0010ffff"):  # the prefix range's upper bound must stay encodable
        assert (await gql.ok(AUTOCOMPLETE, {"prefix": "a" + edge}))["autocompleteLocations"] == []


async def _many_listings(count: int) -> None:
    hosts = [await make_host(["en"], f"Host{i}") for i in range(3)]
    for i in range(count):
        listing = await make_listing(
            hosts[i % 3], f"Seaside {i}", city="Nice", amenities=["wifi", "pool"], nightly_price=9000 + i
        )
        await ListingPhoto.create(
            listing=listing,
            is_cover=True,
            status=PhotoStatus.READY,
            upload_key="u",
            large_key="l",
            small_key="s",
        )
        await SeasonalRate.create(
            listing=listing,
            start_date=TODAY + timedelta(days=20),
            end_date=TODAY + timedelta(days=22),
            nightly_price=12000,
        )


async def test_query_count_is_fixed_whatever_the_page_size(gql):
    await _many_listings(55)
    filter = {"city": "nice", "checkIn": day(20), "checkOut": day(25), "guests": 2}
    counts = []
    for first in (5, 50):
        with count_queries() as queries:
            data = await gql.ok(NESTED, {"filter": filter, "first": first})
        edges = data["searchListings"]["edges"]
        assert len(edges) == first
        assert all(e["node"]["coverPhoto"] and e["node"]["host"] and e["stayTotal"] for e in edges)
        counts.append(queries.value)
    # search (page + total + facets), listings, hosts, photos, seasonal rates
    # (amenities come from the in-memory catalogue)
    assert counts == [5, 5]
    with count_queries() as queries:
        await gql.ok(NESTED, {"filter": filter, "first": 50})
    assert queries.value == 0  # an anonymous repeat: the whole response comes from Redis


async def test_a_bumped_listing_makes_the_next_search_fresh(gql, world):
    filter = {"city": "lisbon", "priceMax": "100"}
    assert await titles(gql, filter) == ["Alfama loft"]
    belem = world["belem"]
    await Listing.filter(id=belem.id).update(nightly_price=9000)
    assert await titles(gql, filter) == ["Alfama loft"]  # cached: nothing said it changed
    await bump_listing(belem.id)
    assert set(await titles(gql, filter)) == {"Alfama loft", "Belem house"}
    dated = {**filter, "checkIn": day(50), "checkOut": day(52)}
    assert set(await titles(gql, dated)) == {"Alfama loft", "Belem house"}
    await Night.create(listing=world["alfama"], night=TODAY + timedelta(days=51), kind=NightKind.BLOCKED)
    await bump_listing(world["alfama"].id)
    assert await titles(gql, dated) == ["Belem house"]


async def test_each_search_is_recorded_by_the_worker(gql, guest, celery_worker):
    marker = f"recorded{uuid.uuid4().hex[:6]}"
    await gql.ok(SEARCH, {"filter": {"text": marker, "guests": 2}, "sort": "NEWEST"})
    deadline = time.monotonic() + 30
    logs: list[SearchLog] = []
    while time.monotonic() < deadline:
        # Searches of earlier tests may still be in the queue: look for this one only.
        logs = [log for log in await SearchLog.filter(sort="NEWEST") if log.filters.get("text") == marker]
        if logs:
            break
        await asyncio.sleep(0.1)
    assert len(logs) == 1
    assert logs[0].filters == {"text": marker, "guests": 2}
    assert logs[0].result_count == 0
    assert logs[0].user_id == guest["user"].id


async def test_seeded_data_is_searchable(gql):
    import os

    from bench.seed import seed

    counts = await seed(os.environ["DATABASE_URL"], 60, batch_size=25, seed_value=3)
    assert counts["listings"] == 60 and counts["users"] >= 12 and counts["listing_photos"] == 60
    await bump_listing("seeded")
    published = await Listing.filter(status="published", deleted_at=None).count()
    data = await gql.ok(SEARCH, {"filter": None, "first": 100})
    assert data["searchListings"]["totalCount"] == published > 0
    some = await Listing.filter(status="published", deleted_at=None).first()
    assert some is not None
    suggestions = (await gql.ok(AUTOCOMPLETE, {"prefix": some.city[:3].upper()}))["autocompleteLocations"]
    assert some.city in {s["name"] for s in suggestions}
