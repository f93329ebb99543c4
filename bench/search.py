"""Throughput and latency of listing search against a running Roost server (seeded with `roost seed`).

    python -m bench.search --url http://127.0.0.1:8030 --duration 10 --concurrency 16 [--explain]

Scenarios:
- search (cached): one city, a 5-night stay, 2 guests, a price range, 2 amenities, first: 20, with
  host, cover photo and amenities nested; the same request again and again, so after the first
  one the page comes from the Redis cache.
- search (uncached): the same shape over many cities, dates and price ranges: nearly every
  request misses the cache and runs the search SQL.
- listing(slug): one listing with everything nested (if the server has that field).

Prints requests/s, p50/p95/p99 latency, SQL queries per request and the server's peak RSS (from
/metrics: run the server with one worker). --explain prints EXPLAIN (ANALYZE, BUFFERS) of the
search statement of the first scenario, connecting to DATABASE_URL directly.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from bench.auth import Request, access_token, scenario

CITIES = [
    "Lisbon",
    "Paris",
    "Berlin",
    "Zürich",
    "Kraków",
    "São Paulo",
    "México",
    "Tokyo",
    "New York",
    "Rome",
    "Barcelona",
    "London",
    "Amsterdam",
    "Sydney",
    "Bangkok",
    "Cape Town",
    "Montréal",
    "Buenos Aires",
]
PRICE_RANGES = {"Tokyo": (8000, 30000), "São Paulo": (150, 600), "México": (700, 3000), "Kraków": (150, 600)}
NODE = """
  id slug title city neighborhood propertyType roomType maxGuests bedrooms beds bathrooms instantBook
  nightlyPrice { amount currency }
  host { id firstName displayName languages }
  coverPhoto { id url thumbnailUrl }
  amenities { id name icon }
"""


def search_filter(city: str, check_in: date, price: tuple[int, int], amenities: list[str]) -> dict[str, Any]:
    return {
        "city": city,
        "checkIn": str(check_in),
        "checkOut": str(check_in + timedelta(days=5)),
        "guests": 2,
        "priceMin": str(price[0]),
        "priceMax": str(price[1]),
        "amenities": amenities,
    }


# One document, values in variables: what real clients send, and what lets the server reuse
# its parsed and validated document (inlined literals would make every request a new one).
SEARCH_QUERY = (
    "query Search($filter: ListingSearchFilter!) { searchListings(filter: $filter, first: 20) { totalCount "
    "pageInfo { hasNextPage endCursor } edges { cursor stayTotal { amount currency } "
    f"node {{ {NODE} }} }} }} }}"
)


LISTING_QUERY = """query Listing($slug: String!) { listing(slug: $slug) {
  id slug title description propertyType roomType neighborhood city region country latitude longitude
  timeZone maxGuests bedrooms beds bathrooms houseRules checkInFrom checkInUntil checkOutTime instantBook
  minNights maxNights cancellationPolicy currency weeklyDiscountPct monthlyDiscountPct status publishedAt
  nightlyPrice { amount currency } cleaningFee { amount currency }
  host { id firstName displayName bio languages isHost memberSince }
  hostLanguages
  amenities { id name category icon }
  accessibilityFeatures { id name }
  photos { id position caption url thumbnailUrl width height }
  coverPhoto { id url thumbnailUrl }
  seasonalRates { startDate endDate minNights nightlyPrice { amount } weekendPrice { amount } }
} }"""


def first_scenario_filter() -> dict[str, Any]:
    check_in = datetime.now(UTC).date() + timedelta(days=20)
    return search_filter("Lisbon", check_in, (50, 250), ["wifi", "kitchen"])


def varied_requests(count: int) -> list[Request]:
    rng = random.Random(time.time_ns())  # a new mix each run: the cache keeps pages for 60 s
    today = datetime.now(UTC).date()
    requests: list[Request] = []
    for _ in range(count):
        city = rng.choice(CITIES)
        low, high = PRICE_RANGES.get(city, (40, 300))
        price = (rng.randint(low, (low + high) // 2), rng.randint((low + high) // 2, high))
        amenities = rng.sample(["wifi", "kitchen", "heating", "washer", "tv", "essentials"], 2)
        check_in = today + timedelta(days=rng.randint(1, 80))
        requests.append((SEARCH_QUERY, {"filter": search_filter(city, check_in, price, amenities)}))
    return requests


async def check(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **headers: str
) -> dict[str, Any]:
    body = (
        await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    ).json()
    if body.get("errors"):
        raise SystemExit(f"query failed: {body['errors']}")
    data: dict[str, Any] = body["data"]
    return data


async def explain() -> None:
    import asyncpg

    from bench.seed import _dsn
    from resolvers import search

    check_in = datetime.now(UTC).date() + timedelta(days=20)
    f = search.normalize(
        search.SearchFilter(
            city="Lisbon",
            check_in=check_in,
            check_out=check_in + timedelta(days=5),
            guests=2,
            price_min=Decimal(50),
            price_max=Decimal(250),
            amenities=("wifi", "kitchen"),
        ),
        search.Sort.RELEVANCE,
        20,
    )
    sql, params = search.build_search_sql(f, search.Sort.RELEVANCE, 20, None)
    conn = await asyncpg.connect(_dsn(os.environ["DATABASE_URL"]))
    try:
        await conn.fetch(sql, *params)  # warm the cache as the server would be
        plan = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS) " + sql, *params)
    finally:
        await conn.close()
    print(sql.strip())
    print("\n".join(r[0] for r in plan))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8030")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the search SQL (needs DATABASE_URL)")
    args = parser.parse_args()
    if args.explain:
        await explain()
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as http:
        cached: Request = (SEARCH_QUERY, {"filter": first_scenario_filter()})
        data = await check(http, *cached)
        edges = data["searchListings"]["edges"]
        print(
            f"{args.url}  concurrency {args.concurrency}  {args.duration:.0f} s per scenario  "
            f"(scenario 1 matches {data['searchListings']['totalCount']} listings, page of {len(edges)})"
        )
        await scenario(http, "search (cached)", [cached], args.duration, args.concurrency)
        await scenario(http, "search (uncached)", varied_requests(20000), args.duration, args.concurrency)
        if not edges:
            print("listing(slug): not benchmarked (no listing found)")
            return
        page: Request = (LISTING_QUERY, {"slug": edges[0]["node"]["slug"]})
        await check(http, *page)
        await scenario(http, "listing(slug)", [page], args.duration, args.concurrency)
        # Signed-in requests skip the anonymous response cache: every one executes in full.
        auth = {"authorization": f"Bearer {await access_token(http)}"}
        await scenario(http, "listing(slug) signed in", [page], args.duration, args.concurrency, auth)


if __name__ == "__main__":
    asyncio.run(main())
