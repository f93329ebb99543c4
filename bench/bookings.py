"""Throughput and latency of quotes and bookings against a running Roost server (seeded with `roost seed`).

    DATABASE_URL=... python -m bench.bookings --url http://127.0.0.1:8765 --duration 10 --concurrency 16

Run the server with PAYMENTS_REQUIRED=false: this measures bookings alone (with payments on, an
instant booking waits for payForBooking, which bench.payments measures).

Scenarios (--scenarios, default all three):
- quote: anonymous `quote` over random published listings, random dates 2 to 300 days ahead,
  2 to 7 nights (at least the listing's minimum stay) and 1 to max guests: every request differs.
- book: `createBooking` on distinct instant-book listings, each request a listing and nights no
  other request (and no existing booking or block) takes, so all should be CONFIRMED; each
  connection is signed in as a guest of its own.
- race: --race-clients guests (distinct, one connection each) send `createBooking` for the same
  nights of one instant-book listing at the same instant, --bursts times on different listings:
  exactly one must be CONFIRMED and every other one DATES_UNAVAILABLE.

Prints requests (bookings)/s, p50/p95/p99 latency, SQL per request and peak RSS (through
bench.auth.scenario, so run the server with one worker), then what the responses were: the
outcome of every response is counted, warm-up included. Listing and guest ids come from
DATABASE_URL directly; guests are seeded accounts (created if there are too few) signed in with
access tokens minted here with the settings of the environment (SECRET_KEY must be the
server's): signing 100 guests in through `login` would hit its per-IP rate limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest import mock

import asyncpg
import httpx
from strawberry.relay import to_base64

from bench import auth
from bench.auth import Request, _headers, build_request, metrics, scenario
from bench.seed import _dsn

QUOTE_QUERY = """query Quote($listingId: ID!, $checkIn: Date!, $checkOut: Date!, $guests: Int!) {
  quote(listingId: $listingId, checkIn: $checkIn, checkOut: $checkOut, guests: $guests) {
    currency nights subtotal { amountMinor } discount { amountMinor } cleaningFee { amountMinor }
    serviceFee { amountMinor } taxes { amountMinor } total { amount amountMinor currency }
  }
}"""
CREATE_BOOKING = """mutation Book($input: CreateBookingInput!) {
  createBooking(input: $input) { booking { id status total { amountMinor } } errors { code field } }
}"""
PLACEHOLDER = "guest-token"  # replaced by each connection's own guest token


def listing_gid(id_: uuid.UUID) -> str:
    return to_base64("Listing", str(id_))


def outcome(status: int, body: bytes) -> str:
    """What a response says, in a word: a booking's status, a user error's code, or the failure."""
    if status != 200:
        return f"HTTP {status}"
    try:
        reply = json.loads(body)
    except ValueError:
        return "unreadable"
    if reply.get("errors"):
        return "GraphQL error: " + re.sub(r"\d+", "N", reply["errors"][0].get("message", ""))[:80]
    data = reply.get("data") or {}
    if "createBooking" in data:
        payload = data["createBooking"]
        if payload["errors"]:
            code: str = payload["errors"][0]["code"]
            return code
        return payload["booking"]["status"] if payload["booking"] else "no booking"
    return "ok"


class ReadingConnection(auth.Connection):
    """bench.auth's keep-alive connection, but it reads each response and counts its outcome
    instead of only checking the status; with `token`, it sends requests as that guest."""

    def __init__(self, host: str, port: int, token: str | None = None) -> None:
        super().__init__(host, port)
        self.token = token.encode() if token else None
        self.outcomes: Counter[str] = Counter()

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        if self.token is not None:
            request = request.replace(PLACEHOLDER.encode(), self.token, 1)
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(next(v for k, v in _headers(head) if k == b"content-length"))
        return status, await self.reader.readexactly(length)

    async def post(self, request: bytes) -> None:
        self.outcomes[outcome(*await self.exchange(request))] += 1


async def counted_scenario(
    http: httpx.AsyncClient,
    name: str,
    queries: Sequence[Request],
    duration: float,
    concurrency: int,
    tokens: list[str] | None = None,
) -> Counter[str]:
    """bench.auth.scenario (warm-up, then `duration` seconds; it prints the figures) through
    ReadingConnections, the n-th of them signed in as tokens[n]; returns the outcomes."""
    opened: list[ReadingConnection] = []

    def connection(host: str, port: int) -> ReadingConnection:
        token = tokens[len(opened) % len(tokens)] if tokens else None
        opened.append(ReadingConnection(host, port, token))
        return opened[-1]

    headers = {"authorization": f"Bearer {PLACEHOLDER}"} if tokens else None
    with mock.patch.object(auth, "Connection", connection):  # scenario() opens its connections
        await scenario(http, name, queries, duration, concurrency, headers)
    return sum((c.outcomes for c in opened), Counter())


def describe(outcomes: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in outcomes.most_common())


# ---- data: listings, free nights, guests -------------------------------------------------------


def today() -> date:
    return datetime.now(UTC).date()


async def quote_requests(db: asyncpg.Connection, count: int, rng: random.Random) -> list[Request]:
    rows = await db.fetch(
        """SELECT id, min_nights, max_nights, max_guests FROM listings
           WHERE status = 'published' AND deleted_at IS NULL AND min_nights <= 7
           ORDER BY random() LIMIT $1""",
        count,
    )
    requests: list[Request] = []
    for row in rows:
        nights = rng.randint(max(2, row["min_nights"]), min(7, row["max_nights"]))
        check_in = today() + timedelta(days=rng.randint(2, 300))
        variables = {
            "listingId": listing_gid(row["id"]),
            "checkIn": str(check_in),
            "checkOut": str(check_in + timedelta(days=nights)),
            "guests": rng.randint(1, row["max_guests"]),
        }
        requests.append((QUOTE_QUERY, variables))
    return requests


async def free_stays(db: asyncpg.Connection, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """`count` published instant-book listings, each with a stay (2 or 3 nights, 120 to 700
    days ahead) none of whose nights is taken: a booking of it can only fail by racing."""
    rows = await db.fetch(
        """SELECT id, min_nights, max_guests FROM listings
            WHERE status = 'published' AND deleted_at IS NULL AND instant_book
              AND min_nights <= 3 AND max_nights >= 3
            ORDER BY random() LIMIT $1""",
        count * 2,
    )
    stays = []
    for row in rows:
        check_in = today() + timedelta(days=rng.randint(120, 700))
        nights = rng.randint(max(2, row["min_nights"]), 3)
        stays.append(
            {
                "id": row["id"],
                "check_in": check_in,
                "check_out": check_in + timedelta(days=nights),
                "guests": rng.randint(1, row["max_guests"]),
            }
        )
    free = await db.fetch(
        """SELECT s.i FROM unnest($1::uuid[], $2::date[], $3::date[]) WITH ORDINALITY AS s(id, d1, d2, i)
           WHERE NOT EXISTS (SELECT 1 FROM nights n WHERE n.listing_id = s.id AND n.night >= s.d1
                             AND n.night < s.d2)""",
        [s["id"] for s in stays],
        [s["check_in"] for s in stays],
        [s["check_out"] for s in stays],
    )
    chosen = [stays[r["i"] - 1] for r in free][:count]
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} instant-book listings with free nights (wanted {count})")
    return chosen


def booking_input(stay: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        "input": {
            "listingId": listing_gid(stay["id"]),
            "checkIn": str(stay["check_in"]),
            "checkOut": str(stay["check_out"]),
            "guests": stay["guests"],
            "idempotencyKey": key,
        }
    }


async def guest_tokens(db: asyncpg.Connection, count: int) -> list[str]:
    """Access tokens of `count` distinct guests (seeded accounts that host nothing; created when
    the data set has too few), each in a session of its own."""
    from core.security import create_access_token

    query = """SELECT id FROM users u WHERE is_active AND NOT is_host AND NOT is_admin
               AND NOT EXISTS (SELECT 1 FROM listings l WHERE l.host_id = u.id) ORDER BY email LIMIT $1"""
    ids = [r["id"] for r in await db.fetch(query, count)]
    if len(ids) < count:
        model = await db.fetchrow("SELECT password_hash FROM users ORDER BY email LIMIT 1")
        assert model is not None, "seed the database first (roost seed)"
        now = datetime.now(UTC)
        rows = [
            (uuid.uuid4(), f"bench-guest-{uuid.uuid4().hex[:12]}@seed.roost.example", model["password_hash"])
            for _ in range(count - len(ids))
        ]
        await db.executemany(
            """INSERT INTO users (id, email, password_hash, first_name, last_name, bio, languages,
                                  is_host, is_admin, is_active, created_at, updated_at)
               VALUES ($1, $2, $3, 'Bench', 'Guest', '', '{en}', false, false, true, $4, $4)""",
            [(*row, now) for row in rows],
        )
        ids += [row[0] for row in rows]
    return [create_access_token(user_id, uuid.uuid4())[0] for user_id in ids]


async def check_token(http: httpx.AsyncClient, token: str) -> None:
    body = (
        await http.post(
            "/graphql", json={"query": "{ me { id } }"}, headers={"authorization": f"Bearer {token}"}
        )
    ).json()
    if not (body.get("data") or {}).get("me"):
        raise SystemExit(f"the server refused a minted token ({body}): run with the server's SECRET_KEY")


async def booked(db: asyncpg.Connection, run: str) -> tuple[int, int]:
    """Bookings this run created and the nights they hold."""
    row = await db.fetchrow(
        """SELECT count(DISTINCT b.id) AS bookings, count(n.night) AS nights FROM bookings b
           LEFT JOIN nights n ON n.booking_id = b.id WHERE b.idempotency_key LIKE $1""",
        f"{run}-%",
    )
    assert row is not None  # an aggregate always returns its row
    return row["bookings"], row["nights"]


# ---- scenarios ---------------------------------------------------------------------------------


async def run_quote(http: httpx.AsyncClient, db: asyncpg.Connection, args: argparse.Namespace) -> None:
    requests = await quote_requests(db, args.quotes, random.Random(args.seed))
    outcomes = await counted_scenario(http, "quote (anonymous)", requests, args.duration, args.concurrency)
    print(f"  {len(requests)} distinct quotes; responses: {describe(outcomes)}", flush=True)


async def run_book(
    http: httpx.AsyncClient, db: asyncpg.Connection, args: argparse.Namespace, run: str
) -> None:
    stays = await free_stays(db, args.book_listings, random.Random(args.seed + 1))
    tokens = await guest_tokens(db, 2 * args.concurrency)  # warm-up and timed connections
    await check_token(http, tokens[0])
    requests = [(CREATE_BOOKING, booking_input(s, f"{run}-book-{i}")) for i, s in enumerate(stays)]
    outcomes = await counted_scenario(
        http, "createBooking (instant)", requests, args.duration, args.concurrency, tokens
    )
    sent = sum(outcomes.values())
    bookings, nights = await booked(db, f"{run}-book")
    expected = sum((s["check_out"] - s["check_in"]).days for s in stays[:sent])
    print(
        f"  {sent} requests (warm-up included) by {len(tokens)} guests: {describe(outcomes)}; "
        f"in the database: {bookings} bookings holding {nights} nights (expected {expected})",
        flush=True,
    )
    if sent > len(stays):
        print(f"  warning: only {len(stays)} distinct stays; raise --book-listings", flush=True)


async def burst(http: httpx.AsyncClient, requests: list[bytes], tokens: list[str]) -> list[tuple[float, str]]:
    """Send every request at once, each on its own (already warm) connection; the latency of a
    request runs from the common start to its response."""
    url = http.base_url
    connections = [ReadingConnection(url.host, url.port or 80, t) for t in tokens]
    await asyncio.gather(*(c.open() for c in connections))
    try:
        hello = build_request(f"{url.host}:{url.port}", "{ __typename }", {})
        await asyncio.gather(*(c.exchange(hello) for c in connections))
        started = time.perf_counter()

        async def one(connection: ReadingConnection, request: bytes) -> tuple[float, str]:
            status, body = await connection.exchange(request)
            return time.perf_counter() - started, outcome(status, body)

        return await asyncio.gather(*(one(c, r) for c, r in zip(connections, requests, strict=True)))
    finally:
        for c in connections:
            c.close()


async def run_race(
    http: httpx.AsyncClient, db: asyncpg.Connection, args: argparse.Namespace, run: str
) -> None:
    clients = args.race_clients
    stays = await free_stays(db, args.bursts + 1, random.Random(args.seed + 2))
    tokens = await guest_tokens(db, clients)
    await check_token(http, tokens[0])
    host = f"{http.base_url.host}:{http.base_url.port}"
    auth_header = {"authorization": f"Bearer {PLACEHOLDER}"}
    print(f"race: {clients} guests book the same nights of one listing at once", flush=True)
    for n, stay in enumerate(stays):
        requests = [
            build_request(host, CREATE_BOOKING, auth_header, booking_input(stay, f"{run}-race-{n}-{i}"))
            for i in range(clients)
        ]
        before = await metrics(http)
        results = await burst(http, requests, tokens)
        after = await metrics(http)
        latencies = sorted(r[0] for r in results)
        outcomes = Counter(r[1] for r in results)
        cuts = statistics.quantiles(latencies, n=100)
        row = await db.fetchrow(
            """SELECT count(*) AS nights, count(DISTINCT booking_id) AS bookings FROM nights
               WHERE listing_id = $1 AND night >= $2 AND night < $3""",
            stay["id"],
            stay["check_in"],
            stay["check_out"],
        )
        assert row is not None  # an aggregate always returns its row
        winner = next((f"{lat * 1000:.0f} ms" for lat, o in results if o == "CONFIRMED"), "none")
        won = outcomes["CONFIRMED"] == 1 and outcomes["DATES_UNAVAILABLE"] == clients - 1
        held = row["bookings"] == 1 and row["nights"] == (stay["check_out"] - stay["check_in"]).days
        label = "warm-up" if n == 0 else f"burst {n}"
        sql = (after["roost_sql_queries_total"] - before["roost_sql_queries_total"]) / clients
        print(
            f"  {label:<8} {stay['check_in']} +{(stay['check_out'] - stay['check_in']).days} nights  "
            f"p50 {cuts[49] * 1000:6.1f} ms   p99 {cuts[98] * 1000:6.1f} ms   "
            f"max {latencies[-1] * 1000:6.1f} ms   winner {winner}   {sql:.2f} SQL/req   "
            f"{describe(outcomes)}   "
            f"{'one winner' if won else 'NOT ONE WINNER'}, "
            f"nights held by {row['bookings']} booking{'s' if row['bookings'] != 1 else ''}"
            f"{'' if held else ' (WRONG)'}",
            flush=True,
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--scenarios", default="quote,book,race", help="comma-separated: quote,book,race")
    parser.add_argument("--quotes", type=int, default=20000, help="distinct quote requests")
    parser.add_argument("--book-listings", type=int, default=8000, help="distinct stays to book")
    parser.add_argument("--race-clients", type=int, default=100)
    parser.add_argument("--bursts", type=int, default=5)
    parser.add_argument("--seed", type=int, default=time.time_ns() % 2**32, help="random seed")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("DATABASE_URL must name the server's database (listing and guest ids come from it)")
    scenarios = args.scenarios.split(",")
    run = f"bench-{datetime.now(UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"  # idempotency key prefix
    db = await asyncpg.connect(_dsn(os.environ["DATABASE_URL"]))
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    try:
        async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as http:
            print(
                f"{args.url}  concurrency {args.concurrency}  {args.duration:.0f} s per scenario  "
                f"seed {args.seed}  keys {run}-*",
                flush=True,
            )
            if "quote" in scenarios:
                await run_quote(http, db, args)
            if "book" in scenarios:
                await run_book(http, db, args, run)
            if "race" in scenarios:
                await run_race(http, db, args, run)
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
