"""Mixed load against a running Roost server (seeded with `roost seed`): reads, quotes and bookings at once.

    python -m bench.mixed --url http://127.0.0.1:8050 --concurrency 16 --duration 20 \
        --database-url postgres://...        # the server's database; run with the server's SECRET_KEY

The mix, by request count: 30% `searchListings` (anonymous, varied city, dates, prices and
amenities: mostly cache misses), 35% `listing(slug)` (anonymous, random published listings), 25%
`quote` (anonymous, random listings, dates and stay lengths), 10% `createBooking` (signed in, each
connection as a guest of its own): half of them spread over distinct instant-book listings and free
nights (all must be confirmed), half on 20 busy instant-book listings, where they come in groups of
4 identical stays sent back to back, so 4 connections race for the same nights (one wins, the others
get DATES_UNAVAILABLE) and stays of 2 to 4 nights on 3-night slots also overlap the next group's.
Run the server with PAYMENTS_REQUIRED=false (an instant booking is then confirmed at once).

Prints requests/s, p50/p95/p99, SQL per request and peak RSS overall (bench.auth.scenario, from
/metrics: run the server with one worker), then per kind: requests, p50/p95/p99, what the responses
were. Errors are HTTP statuses other than 200, GraphQL errors, lost connections and payload errors;
DATES_UNAVAILABLE on a busy listing is a refusal, not an error. Every response counts, warm-up
included; latencies are those of the timed part. Then the booking consistency check
(bench.consistency) on the whole database, and whether the database holds exactly the bookings the
responses confirmed. Exit status 1 if there was any error or inconsistency. (CPU per request is not
measured: bench/ has no helper for it.)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from unittest import mock

import asyncpg
import httpx

from bench import auth
from bench.auth import Request, scenario
from bench.bookings import (
    CREATE_BOOKING,
    PLACEHOLDER,
    ReadingConnection,
    booked,
    booking_input,
    check_token,
    free_stays,
    guest_tokens,
    listing_gid,
    outcome,
    quote_requests,
    today,
)
from bench.consistency import booking_inconsistencies, summary
from bench.search import LISTING_QUERY, varied_requests
from bench.seed import _dsn

BUSY_LISTINGS = 20
RACE_GROUP = 4  # identical busy stays sent back to back
BOOK_BUSY = CREATE_BOOKING.replace("mutation Book(", "mutation BookBusy(", 1)
# The operation name of each document tells the kinds apart in the bytes sent.
KINDS = {"Search": "search", "Listing": "listing", "Quote": "quote", "Book": "book", "BookBusy": "book busy"}
_OPERATION = re.compile(rb'\{"query": "(?:query|mutation) (\w+)')
_AUTH = f"\r\nauthorization: Bearer {PLACEHOLDER}\r\n\r\n".encode()
CONFIRMED = {"CONFIRMED"}  # what a booking must be with PAYMENTS_REQUIRED=false (all are instant-book)


def kind_of(request: bytes) -> str:
    match = _OPERATION.search(request)
    return KINDS[match.group(1).decode()] if match else "other"


def verdict(kind: str, what: str) -> str:
    """ok, refused (DATES_UNAVAILABLE on a busy listing: the race was lost, as expected) or error."""
    if what == "ok" or (kind.startswith("book") and what in CONFIRMED):
        return "ok"
    if kind == "book busy" and what == "DATES_UNAVAILABLE":
        return "refused"
    return "error"


class MixedConnection(ReadingConnection):
    """A keep-alive connection that signs bookings in as its guest (reads stay anonymous) and
    records each response's kind, latency and outcome. A lost connection is counted and reopened."""

    def __init__(self, host: str, port: int, token: str) -> None:
        super().__init__(host, port, token)
        self.records: list[tuple[str, float, str]] = []

    async def post(self, request: bytes) -> None:
        kind = kind_of(request)
        if kind.startswith("book"):
            request = request.replace(b"\r\n\r\n", _AUTH, 1)
        started = time.perf_counter()
        try:
            status, body = await self.exchange(request)
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.records.append((kind, time.perf_counter() - started, f"connection lost: {exc!r}"[:100]))
            self.close()
            await self.open()
            return
        what = outcome(status, body)
        if status != 200:
            what += ": " + body[:80].decode(errors="replace")
        self.records.append((kind, time.perf_counter() - started, what))


async def run_mix(
    http: httpx.AsyncClient, requests: list[Request], tokens: list[str], args: argparse.Namespace
) -> tuple[list[tuple[str, float, str]], list[tuple[str, float, str]]]:
    """bench.auth.scenario (1 s warm-up, then --duration s; it prints the overall figures) through
    MixedConnections; returns the records of the warm-up and of the timed part."""
    opened: list[MixedConnection] = []

    def connection(host: str, port: int) -> MixedConnection:
        opened.append(MixedConnection(host, port, tokens[len(opened) % len(tokens)]))
        return opened[-1]

    with mock.patch.object(auth, "Connection", connection):  # scenario() opens its connections
        await scenario(http, "mixed", requests, args.duration, args.concurrency)
    warm, timed = opened[: args.concurrency], opened[args.concurrency :]
    return [r for c in warm for r in c.records], [r for c in timed for r in c.records]


# ---- the requests ------------------------------------------------------------------------------


async def busy_groups(db: asyncpg.Connection, groups: int, run: str) -> list[list[Request]]:
    """`groups` groups of RACE_GROUP identical createBooking requests (distinct idempotency keys)
    on BUSY_LISTINGS instant-book listings, walking each one's calendar in 3-night slots from 30
    days ahead with stays of 2 to 4 nights, so a 4-night stay also overlaps the next slot."""
    rows = await db.fetch(
        """SELECT id FROM listings WHERE status = 'published' AND deleted_at IS NULL AND instant_book
             AND min_nights <= 2 AND max_nights >= 4 ORDER BY random() LIMIT $1""",
        BUSY_LISTINGS,
    )
    if len(rows) < BUSY_LISTINGS:
        raise SystemExit(f"only {len(rows)} instant-book listings for the busy set (wanted {BUSY_LISTINGS})")
    rng = random.Random(run)
    out: list[list[Request]] = []
    for g in range(groups):
        check_in = today() + timedelta(days=30 + 3 * (g // BUSY_LISTINGS))
        stay = {
            "id": rows[g % BUSY_LISTINGS]["id"],
            "check_in": check_in,
            "check_out": check_in + timedelta(days=rng.randint(2, 4)),
            "guests": 1,
        }
        out.append([(BOOK_BUSY, booking_input(stay, f"{run}-busy-{g}-{i}")) for i in range(RACE_GROUP)])
    return out


async def listing_requests(db: asyncpg.Connection, count: int) -> list[Request]:
    rows = await db.fetch(
        """SELECT slug FROM listings WHERE status = 'published' AND deleted_at IS NULL
           ORDER BY random() LIMIT $1""",
        count,
    )
    return [(LISTING_QUERY, {"slug": r["slug"]}) for r in rows]


def cycled(requests: list[Request], count: int) -> list[Request]:
    return list(itertools.islice(itertools.cycle(requests), count))


async def mix(db: asyncpg.Connection, total: int, run: str, seed: int) -> list[Request]:
    """`total` requests in the mix's proportions, shuffled; each busy group stays together."""
    rng = random.Random(seed)
    bookings = total // 10
    busy = await busy_groups(db, bookings // 2 // RACE_GROUP, run)
    busy_ids = {group[0][1]["input"]["listingId"] for group in busy}  # type: ignore[index]
    spread_count = bookings - len(busy) * RACE_GROUP
    stays = await free_stays(db, spread_count + BUSY_LISTINGS, rng)
    spread = [
        (CREATE_BOOKING, booking_input(s, f"{run}-book-{i}"))
        for i, s in enumerate(stays)
        if listing_gid(s["id"]) not in busy_ids
    ][:spread_count]
    searches = varied_requests(total * 30 // 100)
    listings = cycled(await listing_requests(db, total * 35 // 100), total * 35 // 100)
    quotes = cycled(await quote_requests(db, total * 25 // 100, rng), total * 25 // 100)
    items: list[list[Request]] = [[r] for r in searches + listings + quotes + spread] + busy
    rng.shuffle(items)
    return [r for item in items for r in item]


# ---- the report --------------------------------------------------------------------------------


def percentiles(latencies: list[float]) -> str:
    if len(latencies) < 2:
        return "too few"
    cuts = statistics.quantiles(latencies, n=100)
    return f"p50 {cuts[49] * 1000:7.1f} ms   p95 {cuts[94] * 1000:7.1f} ms   p99 {cuts[98] * 1000:7.1f} ms"


def report(warm: list[tuple[str, float, str]], timed: list[tuple[str, float, str]]) -> Counter[str]:
    """Per kind: the timed latencies and every response's outcome; returns the errors by kind."""
    latencies: dict[str, list[float]] = defaultdict(list)
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    errors: Counter[str] = Counter()
    for kind, latency, _ in timed:
        latencies[kind].append(latency)
    for kind, _, what in warm + timed:
        outcomes[kind][what] += 1
        if verdict(kind, what) == "error":
            errors[kind] += 1
    for kind in [*KINDS.values(), "other"]:
        if kind in outcomes:
            lat = latencies[kind]
            responses = ", ".join(f"{k} {v}" for k, v in outcomes[kind].most_common())
            print(f"  {kind:<10} {len(lat):6} timed   {percentiles(lat)}   responses: {responses}")
    refused = sum(1 for kind, _, what in warm + timed if verdict(kind, what) == "refused")
    total = len(warm) + len(timed)
    found = ", ".join(f"{k} {v}" for k, v in errors.most_common()) or "none"
    print(
        f"  {total} responses (warm-up included): errors {sum(errors.values())} ({found}), refusals {refused}"
    )
    return errors


async def check_database(db: asyncpg.Connection, run: str, confirmed: int) -> bool:
    """The consistency check on the whole database, and this run's bookings against the responses."""
    problems = await booking_inconsistencies(db)
    bookings_total = await db.fetchval("SELECT count(*) FROM bookings")
    found = ", ".join(f"{k} {v}" for k, v in summary(problems).items())
    print(f"consistency check: {bookings_total} bookings: {found or 'consistent'}")
    for p in problems[:20]:
        print(f"  {p['problem']}: listing {p['listing_id']} booking {p['booking_id']} ({p['detail']})")
    bookings, nights = await booked(db, run)
    matches = bookings == confirmed
    print(
        f"this run: {confirmed} bookings confirmed by responses, {bookings} in the database holding "
        f"{nights} nights{'' if matches else ' (MISMATCH)'}"
    )
    return not problems and matches


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--requests", type=int, default=20000, help="distinct requests in the mix")
    parser.add_argument("--seed", type=int, default=time.time_ns() % 2**32, help="random seed")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("--database-url (or DATABASE_URL) must name the server's database")
    run = f"mixed-{datetime.now(UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"  # idempotency key prefix
    db = await asyncpg.connect(_dsn(args.database_url))
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    try:
        async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as http:
            requests = await mix(db, args.requests, run, args.seed)
            tokens = await guest_tokens(db, 2 * args.concurrency)  # warm-up and timed connections
            await check_token(http, tokens[0])
            print(
                f"{args.url}  concurrency {args.concurrency}  {args.duration:.0f} s  seed {args.seed}  "
                f"keys {run}-*  {len(requests)} distinct requests",
                flush=True,
            )
            warm, timed = await run_mix(http, requests, tokens, args)
        if len(warm) + len(timed) > len(requests):
            print(f"  warning: the mix ran out and started over: raise --requests above {len(requests)}")
        errors = report(warm, timed)
        confirmed = sum(1 for kind, _, what in warm + timed if kind.startswith("book") and what in CONFIRMED)
        consistent = await check_database(db, run, confirmed)
    finally:
        await db.close()
    return 1 if errors or not consistent else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
