"""writeReview throughput and latency, and a listing page with its reviews nested, against a running
Roost server (its database seeded with `roost seed`).

    DATABASE_URL=... python -m bench.reviews --url http://127.0.0.1:8040 --concurrency 4

Setup, in DATABASE_URL (the server's database; run it with the server's SECRET_KEY, since the
script mints its guests' access tokens): --stays completed stays of its own, on nights of 2021
of published listings, checked out yesterday (so their review window is open), each by one of a
pool of guests; and one listing with --page-reviews published guest reviews.

Scenarios:
- write: `writeReview` by each stay's guest, each request a different stay (every one must be
  accepted: the script counts the outcomes and the review rows afterwards);
- page: the brief's listing page (title, description, price, host names and avatar, amenities,
  rating, and reviews with rating, comment, date and the guest's first name), signed in (so no
  response cache), with `first` 5, 10 and 20 reviews: SQL per request must not grow with it.

Prints requests/s, p50/p95/p99 latency and SQL per request (from the server's /metrics: run one
worker).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import asyncpg
import httpx
from strawberry.relay import to_base64

from bench.auth import build_request, metrics, scenario
from bench.bookings import ReadingConnection, guest_tokens
from bench.seed import _dsn

WRITE = """mutation Write($input: WriteReviewInput!) {
  writeReview(input: $input) { review { id status } errors { code field } }
}"""
PAGE = """query Page($slug: String!, $first: Int!) { listing(slug: $slug) {
  title description nightlyPrice { amount currency }
  host { firstName displayName avatarUrl }
  amenities { id name }
  rating { count average score interval { low high } }
  reviews(first: $first) { totalCount edges { node {
    overall text publishedAt author { firstName } } } }
} }"""
TEXTS = [
    "Lovely bright flat, spotless kitchen and a very kind host.",
    "Great location near the old town, quiet at night and very clean.",
    "The bed was comfortable and check-in was easy; a little noisy street.",
    "Exactly as described, the host answered quickly. Would stay again!",
]
FIRST_NIGHT = date(2021, 1, 1)
BENCH_NOTE = "bench.reviews"


LISTING_COLUMNS = "id, host_id, currency, time_zone, cancellation_policy"


async def make_stays(
    db: asyncpg.Connection, listings: list[asyncpg.Record], count: int, guests: list[uuid.UUID], run: str
) -> list[uuid.UUID]:
    """`count` completed one-night stays of `listings` (a booking and its night each, on free nights
    of 2021, round robin), checked out yesterday, by `guests` in turn."""
    ids = [listing["id"] for listing in listings]
    taken = {
        (r["listing_id"], r["night"])
        for r in await db.fetch("SELECT listing_id, night FROM nights WHERE listing_id = ANY($1)", ids)
    }
    ended = datetime.now(UTC) - timedelta(days=1)
    stays: list[uuid.UUID] = []
    async with db.transaction():
        for offset in range(365):
            night = FIRST_NIGHT + timedelta(days=offset)
            for listing in listings:
                if len(stays) == count:
                    return stays
                if (listing["id"], night) in taken:
                    continue
                booking_id = uuid.uuid4()
                await db.execute(
                    """INSERT INTO bookings (id, listing_id, guest_id, host_id, check_in, check_out, guests,
                         status, instant, message_to_host, special_requests, quote, cancellation_policy,
                         currency, total, time_zone, starts_at, ends_at, idempotency_key, cancel_note,
                         created_at, updated_at)
                       VALUES ($1, $2, $3, $4, $5, $6, 1, 'completed', true, '', '', '{}', $7, $8, 0, $9,
                               $10, $11, $12, '', now(), now())""",
                    booking_id, listing["id"], guests[len(stays) % len(guests)], listing["host_id"], night,
                    night + timedelta(days=1), listing["cancellation_policy"], listing["currency"],
                    listing["time_zone"], ended - timedelta(days=1), ended, f"{run}-{len(stays)}",
                )  # fmt: skip
                await db.execute(
                    "INSERT INTO nights (listing_id, night, kind, booking_id, created_at)"
                    " VALUES ($1, $2, 'booked', $3, now())",
                    listing["id"],
                    night,
                    booking_id,
                )
                stays.append(booking_id)
    return stays


async def stay_guests(db: asyncpg.Connection, stays: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    rows = await db.fetch("SELECT id, guest_id FROM bookings WHERE id = ANY($1)", stays)
    return {r["id"]: r["guest_id"] for r in rows}


async def run_write(
    http: httpx.AsyncClient, db: asyncpg.Connection, args: argparse.Namespace, run: str
) -> None:
    from core.security import create_access_token

    guests = await guest_ids(db, args.guests)
    listings = await db.fetch(
        f"SELECT {LISTING_COLUMNS} FROM listings WHERE status = 'published' AND deleted_at IS NULL"
        " ORDER BY random() LIMIT $1",
        max(1, args.stays // 20),
    )
    stays = await make_stays(db, listings, args.stays, guests, run)
    by_guest = await stay_guests(db, stays)
    tokens = {g: create_access_token(g, uuid.uuid4())[0] for g in set(by_guest.values())}
    host = f"{http.base_url.host}:{http.base_url.port}"
    rng = random.Random(args.seed)
    requests = []
    for booking_id in stays:
        review = {
            "bookingId": to_base64("Booking", str(booking_id)),
            "overall": rng.randint(3, 5),
            "text": rng.choice(TEXTS),
            **{c: rng.randint(3, 5) for c in ("cleanliness", "accuracy", "checkIn", "communication")},
            **{c: rng.randint(3, 5) for c in ("location", "value")},
        }
        headers = {"authorization": f"Bearer {tokens[by_guest[booking_id]]}"}
        requests.append(build_request(host, WRITE, headers, {"input": review}))
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    queue = list(reversed(requests))

    async def worker() -> None:
        connection = ReadingConnection(http.base_url.host, http.base_url.port or 80)
        await connection.open()
        try:
            while queue:
                request = queue.pop()
                started = time.perf_counter()
                status, body = await connection.exchange(request)
                latencies.append(time.perf_counter() - started)
                outcomes[_write_outcome(status, body)] += 1
        finally:
            connection.close()

    before = await metrics(http)
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    elapsed = time.perf_counter() - began
    after = await metrics(http)
    cuts = statistics.quantiles(latencies, n=100)
    per = (after["roost_sql_queries_total"] - before["roost_sql_queries_total"]) / len(latencies)
    written = await db.fetchval("SELECT count(*) FROM reviews WHERE booking_id = ANY($1)", stays)
    print(
        f"{'writeReview':<24} {len(latencies) / elapsed:7.0f} req/s   p50 {cuts[49] * 1000:6.2f} ms   "
        f"p95 {cuts[94] * 1000:6.2f} ms   p99 {cuts[98] * 1000:6.2f} ms   {per:.2f} SQL/req   "
        f"outcomes: {dict(outcomes)}; review rows {written} of {len(stays)} stays",
        flush=True,
    )


def _write_outcome(status: int, body: bytes) -> str:
    if status != 200:
        return f"HTTP {status}"
    reply = json.loads(body)
    if reply.get("errors"):
        return "GraphQL error"
    payload = reply["data"]["writeReview"]
    return str(payload["errors"][0]["code"] if payload["errors"] else payload["review"]["status"])


async def guest_ids(db: asyncpg.Connection, count: int) -> list[uuid.UUID]:
    """Guests who host nothing (bench.bookings makes them when the data set has too few)."""
    await guest_tokens(db, count)
    rows = await db.fetch(
        """SELECT id FROM users u WHERE is_active AND NOT is_host AND NOT is_admin
           AND NOT EXISTS (SELECT 1 FROM listings l WHERE l.host_id = u.id) ORDER BY email LIMIT $1""",
        count,
    )
    return [r["id"] for r in rows]


async def page_listing(db: asyncpg.Connection, reviews: int, guests: list[uuid.UUID], run: str) -> str:
    """The slug of a listing with at least `reviews` published guest reviews (made when none has)."""
    found = await db.fetchval(
        """SELECT l.slug FROM review_stats s JOIN listings l ON l.id = s.subject_id
           WHERE s.subject_type = 'listing' AND s.count >= $1 AND l.status = 'published' LIMIT 1""",
        reviews,
    )
    if found:
        return str(found)
    listing = await db.fetchrow(
        f"SELECT {LISTING_COLUMNS}, slug FROM listings WHERE status = 'published' AND deleted_at IS NULL"
        " ORDER BY random() LIMIT 1"
    )
    assert listing is not None, "seed the database first (roost seed)"
    stays = await make_stays(db, [listing], reviews, guests, f"{run}-page")
    rng = random.Random(7)
    async with db.transaction():
        for booking_id, guest in (await stay_guests(db, stays)).items():
            review_id = uuid.uuid4()
            host_id = await db.fetchval("SELECT host_id FROM bookings WHERE id = $1", booking_id)
            await db.execute(
                """INSERT INTO reviews (id, booking_id, side, author_id, subject_id, listing_id, status,
                     overall, cleanliness, accuracy, check_in, communication, location, value, text,
                     private_note, flags, sentiment, created_at, updated_at)
                   VALUES ($1, $2, 'guest', $3, $4, $5, 'pending', $6, 5, 5, 5, 5, 5, 5, $7, '', '[]', 0.5,
                           now(), now())""",
                review_id, booking_id, guest, host_id, listing["id"], rng.randint(3, 5), rng.choice(TEXTS),
            )  # fmt: skip
            await db.execute(  # the blind ends as release() ends it: the trigger counts it
                "UPDATE reviews SET status = 'published', published_at = now() WHERE id = $1", review_id
            )
    return str(listing["slug"])


async def run_page(
    http: httpx.AsyncClient, db: asyncpg.Connection, args: argparse.Namespace, run: str
) -> None:
    from core.security import create_access_token

    guests = await guest_ids(db, args.guests)
    slug = await page_listing(db, args.page_reviews, guests, run)
    token = create_access_token(guests[0], uuid.uuid4())[0]
    headers = {"authorization": f"Bearer {token}"}
    check = await http.post(
        "/graphql", json={"query": PAGE, "variables": {"slug": slug, "first": 20}}, headers=headers
    )
    page = check.json()
    if (
        check.status_code != 200
        or page.get("errors")
        or len(page["data"]["listing"]["reviews"]["edges"]) < 20
    ):
        raise SystemExit(f"the page query fails: {check.status_code} {check.text[:300]}")
    for first in (5, 10, 20):
        name = f"listing + {first} reviews"
        await scenario(
            http, name, [(PAGE, {"slug": slug, "first": first})], args.duration, args.concurrency, headers
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8040")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page scenario")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--scenarios", default="write,page", help="comma-separated: write,page")
    parser.add_argument("--stays", type=int, default=2000, help="reviews to write (one stay each)")
    parser.add_argument("--guests", type=int, default=200)
    parser.add_argument("--page-reviews", type=int, default=25)
    parser.add_argument("--seed", type=int, default=time.time_ns() % 2**32)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("DATABASE_URL must name the server's database")
    run = f"bench-reviews-{datetime.now(UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    db = await asyncpg.connect(_dsn(os.environ["DATABASE_URL"]))
    try:
        async with httpx.AsyncClient(base_url=args.url, timeout=30) as http:
            print(f"{args.url}  concurrency {args.concurrency}  seed {args.seed}", flush=True)
            if "write" in args.scenarios:
                await run_write(http, db, args, run)
            if "page" in args.scenarios:
                await run_page(http, db, args, run)
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
