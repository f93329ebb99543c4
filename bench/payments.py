"""Throughput and latency of payments and payment webhooks against a running Roost server.

    DATABASE_URL=... python -m bench.payments --url http://127.0.0.1:8770 --scenarios pay,webhooks

Scenarios (--scenarios, default both):
- pay: `payForBooking` (plan FULL, the simulated gateway's tok_visa) of --payments distinct
  bookings from --concurrency keep-alive connections. Beforehand, untimed: --guests guests each
  add a card through `addPaymentMethod`, and `createBooking` books one distinct free instant-book
  listing per payment (run the server with PAYMENTS_REQUIRED=true: the bookings stay PENDING until
  paid). The first --warmup payments are sent untimed; every outcome should be CAPTURED, and the
  script checks afterwards in the database that each booking has one captured payment and is
  CONFIRMED.
- webhooks: --events distinct signed simulated events (about unknown intents), each sent --copies
  times, shuffled, POSTed to /webhooks/simulated from --webhook-concurrency connections; the first
  should be stored (`duplicate: false`) and the copies acknowledged as duplicates. Afterwards the
  script checks in the database that each distinct event id is stored exactly once.

Prints requests/s, p50/p95/p99 latency, SQL per request and the server's peak RSS (from /metrics,
so run the server with one worker), then the outcomes. Guests are seeded accounts signed in with
access tokens minted here (bench.bookings.guest_tokens), and the webhooks are signed with
SIMULATED_WEBHOOK_SECRET: run the script with the server's SECRET_KEY and webhook secret.
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
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx

from bench.auth import metrics
from bench.bookings import (
    CREATE_BOOKING,
    ReadingConnection,
    booking_input,
    check_token,
    describe,
    free_stays,
    guest_tokens,
)
from bench.seed import _dsn

ADD_METHOD = """mutation AddCard($input: AddPaymentMethodInput!) {
  addPaymentMethod(input: $input) { paymentMethod { id } errors { code } }
}"""
PAY = """mutation Pay($input: PayForBookingInput!) {
  payForBooking(input: $input) { payment { id status } errors { code } }
}"""


def http_request(host: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def graphql_request(host: str, query: str, variables: dict[str, Any], token: str) -> bytes:
    """A GraphQL POST that carries its own guest's token: any connection can send it."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    return http_request(host, "/graphql", body, {"authorization": f"Bearer {token}"})


def reply(status: int, body: bytes) -> tuple[str, dict[str, Any]]:
    """A response's JSON and, if it failed as a whole, why (else "")."""
    if status != 200:
        return f"HTTP {status}", {}
    try:
        data = json.loads(body)
    except ValueError:
        return "unreadable", {}
    if data.get("errors"):
        return "GraphQL error: " + re.sub(r"\d+", "N", data["errors"][0].get("message", ""))[:80], {}
    return "", data


def payload_outcome(status: int, body: bytes, field: str, node: str) -> tuple[str, dict[str, Any] | None]:
    """The outcome of a mutation (its node's status, or its first user error's code) and the node."""
    failure, data = reply(status, body)
    if failure:
        return failure, None
    payload = data["data"][field]
    if payload["errors"]:
        return payload["errors"][0]["code"], None
    if not payload[node]:
        return f"no {node}", None
    return payload[node].get("status", "ok"), payload[node]


async def send_all(
    http: httpx.AsyncClient, requests: Sequence[bytes], concurrency: int
) -> tuple[list[float], list[tuple[int, bytes]], float]:
    """Send each request once from `concurrency` keep-alive connections (opened before the clock
    starts), each taking the next unsent request as soon as it has its previous answer. Returns
    every request's latency and response, in the order of `requests`, and the elapsed time."""
    url = http.base_url
    connections = [
        ReadingConnection(url.host, url.port or 80) for _ in range(min(concurrency, len(requests)))
    ]
    await asyncio.gather(*(c.open() for c in connections))
    latencies = [0.0] * len(requests)
    responses: list[tuple[int, bytes]] = [(0, b"")] * len(requests)
    pending = iter(enumerate(requests))  # shared: next() never awaits, so no two take the same one

    async def worker(connection: ReadingConnection) -> None:
        for i, request in pending:
            started = time.perf_counter()
            responses[i] = await connection.exchange(request)
            latencies[i] = time.perf_counter() - started

    began = time.perf_counter()
    try:
        await asyncio.gather(*(worker(c) for c in connections))
    finally:
        elapsed = time.perf_counter() - began
        for c in connections:
            c.close()
    return latencies, responses, elapsed


async def timed(
    http: httpx.AsyncClient, name: str, unit: str, requests: Sequence[bytes], concurrency: int
) -> list[tuple[int, bytes]]:
    """send_all between two reads of /metrics; prints the figures and returns the responses."""
    before = await metrics(http)
    latencies, responses, elapsed = await send_all(http, requests, concurrency)
    after = await metrics(http)
    count = len(requests)
    cuts = statistics.quantiles(latencies, n=100)
    queries_per = (after["roost_sql_queries_total"] - before["roost_sql_queries_total"]) / count
    print(
        f"{name:<26} {count / elapsed:7.0f} {unit}/s   p50 {cuts[49] * 1000:6.2f} ms   "
        f"p95 {cuts[94] * 1000:6.2f} ms   p99 {cuts[98] * 1000:6.2f} ms   "
        f"max {max(latencies) * 1000:6.1f} ms   "
        f"{queries_per:.2f} SQL/req   peak RSS {after['roost_peak_rss_bytes'] / 2**20:.0f} MiB   "
        f"({count} in {elapsed:.1f} s, concurrency {concurrency})",
        flush=True,
    )
    return responses


# ---- pay ----------------------------------------------------------------------------------------


async def add_cards(http: httpx.AsyncClient, tokens: list[str]) -> list[str]:
    """One tok_visa card per guest: the payment method ids, in the order of `tokens`."""
    ids = []
    for token in tokens:
        response = await http.post(
            "/graphql",
            json={"query": ADD_METHOD, "variables": {"input": {"token": "tok_visa"}}},
            headers={"authorization": f"Bearer {token}"},
        )
        outcome, method = payload_outcome(
            response.status_code, response.content, "addPaymentMethod", "paymentMethod"
        )
        if method is None:
            raise SystemExit(f"addPaymentMethod failed: {outcome}")
        ids.append(method["id"])
    return ids


async def paid_bookings(db: asyncpg.Connection, prefix: str) -> Counter[str]:
    """Per booking of this run: its status and the statuses of its payments."""
    rows = await db.fetch(
        """SELECT b.status, coalesce(string_agg(p.status, '+' ORDER BY p.status), 'no payment') AS paid
           FROM bookings b LEFT JOIN payments p ON p.booking_id = b.id
           WHERE b.idempotency_key LIKE $1 GROUP BY b.id""",
        f"{prefix}%",
    )
    return Counter(f"booking {r['status']}, payment {r['paid']}" for r in rows)


async def run_pay(
    http: httpx.AsyncClient, db: asyncpg.Connection, args: argparse.Namespace, run: str
) -> None:
    host = f"{http.base_url.host}:{http.base_url.port}"
    tokens = await guest_tokens(db, args.guests)
    await check_token(http, tokens[0])
    started = time.perf_counter()
    cards = await add_cards(http, tokens)
    total = args.warmup + args.payments
    stays = await free_stays(db, total, random.Random(args.seed))
    owners = [i % len(tokens) for i in range(total)]  # booking i belongs to guest owners[i]
    creates = [
        graphql_request(host, CREATE_BOOKING, booking_input(s, f"{run}-paybook-{i}"), tokens[owners[i]])
        for i, s in enumerate(stays)
    ]
    _, responses, _ = await send_all(http, creates, args.concurrency)
    created = [payload_outcome(*r, "createBooking", "booking") for r in responses]
    made = Counter(outcome for outcome, _ in created)
    ledger = await db.fetchval("SELECT count(*) FROM ledger_entries")  # the balance check reads it
    print(
        f"setup (untimed, {time.perf_counter() - started:.1f} s): {len(tokens)} guests with a tok_visa card, "
        f"{total} createBooking: {describe(made)}; {ledger} ledger entries before",
        flush=True,
    )
    if made["PENDING"] != total:
        raise SystemExit(
            "every booking must be PENDING (CONFIRMED ones: is the server's PAYMENTS_REQUIRED false?)"
        )
    pays = [
        graphql_request(
            host,
            PAY,
            {
                "input": {
                    "bookingId": booking["id"],
                    "paymentMethodId": cards[owners[i]],
                    "plan": "FULL",
                    "idempotencyKey": f"{run}-pay-{i}",
                }
            },
            tokens[owners[i]],
        )
        for i, (_, booking) in enumerate(created)
        if booking is not None
    ]
    _, warm, _ = await send_all(http, pays[: args.warmup], args.concurrency)
    responses = await timed(http, "payForBooking (FULL)", "req", pays[args.warmup :], args.concurrency)
    warm_outcomes = Counter(payload_outcome(*r, "payForBooking", "payment")[0] for r in warm)
    outcomes = Counter(payload_outcome(*r, "payForBooking", "payment")[0] for r in responses)
    stored = await paid_bookings(db, f"{run}-paybook-")
    print(
        f"  timed {len(responses)} distinct bookings ({len(tokens)} guests): {describe(outcomes)}; "
        f"warm-up {len(warm)}: {describe(warm_outcomes)}",
        flush=True,
    )
    print(f"  in the database: {describe(stored)}", flush=True)
    if outcomes["CAPTURED"] != len(responses) or stored["booking confirmed, payment captured"] != total:
        print("  NOT ALL CAPTURED AND CONFIRMED", flush=True)


# ---- webhooks -----------------------------------------------------------------------------------


def webhook_requests(host: str, prefix: str, distinct: int, copies: int, rng: random.Random) -> list[bytes]:
    """`copies` signed POSTs of each of `distinct` simulated events (intent.captured of intents
    nobody created), shuffled. Signed now: the server accepts them for 5 minutes."""
    from core.gateways.simulated import SIGNATURE_HEADER, sign
    from core.settings import get_settings

    secret = get_settings().simulated_webhook_secret
    requests = []
    for i in range(distinct):
        amount = rng.randint(5_000, 500_000)
        event = {
            "id": f"{prefix}{i}",
            "type": "intent.captured",
            "created": int(time.time()),
            "data": {
                "intent_id": f"pi_sim_bench_{uuid.uuid4().hex[:16]}",
                "status": "captured",
                "amount": amount,
                "captured": amount,
                "refunded": 0,
                "currency": "EUR",
                "decline_code": None,
            },
        }
        body = json.dumps(event).encode()
        # Each copy signed apart (as a provider's retry is), all within the second anyway.
        requests += [
            http_request(host, "/webhooks/simulated", body, {SIGNATURE_HEADER: sign(body, secret)})
            for _ in range(copies)
        ]
    rng.shuffle(requests)
    return requests


def webhook_outcome(status: int, body: bytes) -> str:
    if status != 200:
        return f"HTTP {status}: {body[:60].decode(errors='replace')}"
    try:
        return "duplicate" if json.loads(body)["duplicate"] else "stored"
    except (ValueError, KeyError, TypeError):
        return "unreadable"


async def stored_events(db: asyncpg.Connection, prefix: str) -> tuple[int, int, int]:
    """Rows of this batch's events, distinct ids among them, and the most rows of one id."""
    row = await db.fetchrow(
        """SELECT count(*) AS rows, count(DISTINCT event_id) AS ids,
                  coalesce(max(n), 0) AS most
           FROM (SELECT event_id, count(*) OVER (PARTITION BY event_id) AS n FROM webhook_events
                 WHERE provider = 'simulated' AND event_id LIKE $1) e""",
        f"{prefix}%",
    )
    assert row is not None  # an aggregate always returns its row
    return row["rows"], row["ids"], row["most"]


async def celery_queue_length() -> int | None:
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    import redis.asyncio as redis

    client = redis.Redis.from_url(url)
    try:
        return int(await client.llen("celery"))
    finally:
        await client.aclose()


async def run_webhooks(
    http: httpx.AsyncClient, db: asyncpg.Connection, args: argparse.Namespace, run: str
) -> None:
    host = f"{http.base_url.host}:{http.base_url.port}"
    rng = random.Random(args.seed + 1)
    concurrency = args.webhook_concurrency
    warm_prefix, prefix = f"evt_{run}-warm-", f"evt_{run}-main-"
    warm = webhook_requests(host, warm_prefix, args.warmup, args.copies, rng)
    _, responses, _ = await send_all(http, warm, concurrency)
    warm_outcomes = Counter(webhook_outcome(*r) for r in responses)
    if warm_outcomes["stored"] != args.warmup:
        raise SystemExit(
            f"warm-up webhooks: {describe(warm_outcomes)} (is SIMULATED_WEBHOOK_SECRET the server's?)"
        )
    requests = webhook_requests(host, prefix, args.events, args.copies, rng)
    queued_before = await celery_queue_length()
    responses = await timed(http, f"webhooks ({args.copies} copies)", "event", requests, concurrency)
    queued_after = await celery_queue_length()
    outcomes = Counter(webhook_outcome(*r) for r in responses)
    rows, ids, most = await stored_events(db, prefix)
    warm_rows, warm_ids, warm_most = await stored_events(db, warm_prefix)
    once = (
        rows == ids == args.events and most == 1 and warm_rows == warm_ids == args.warmup and warm_most == 1
    )
    queued = (
        ""
        if queued_before is None or queued_after is None
        else f"; celery queue +{queued_after - queued_before} (no worker)"
    )
    print(
        f"  {args.events} distinct events x {args.copies}: {describe(outcomes)}; warm-up: "
        f"{describe(warm_outcomes)}{queued}",
        flush=True,
    )
    print(
        f"  in the database: {rows} rows for {ids} distinct ids, at most {most} per id "
        f"(warm-up {warm_rows} rows, {warm_ids} ids): "
        f"{'each event stored exactly once' if once else 'NOT EACH EVENT STORED EXACTLY ONCE'}",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8770")
    parser.add_argument("--scenarios", default="pay,webhooks", help="comma-separated: pay,webhooks")
    parser.add_argument("--concurrency", type=int, default=16, help="connections for pay")
    parser.add_argument("--payments", type=int, default=2000, help="timed payments (distinct bookings)")
    parser.add_argument("--guests", type=int, default=32, help="guests owning the bookings")
    parser.add_argument("--warmup", type=int, default=200, help="untimed payments / distinct events first")
    parser.add_argument("--events", type=int, default=4000, help="timed distinct webhook events")
    parser.add_argument("--copies", type=int, default=3, help="times each event is sent")
    parser.add_argument("--webhook-concurrency", type=int, default=64)
    parser.add_argument("--seed", type=int, default=time.time_ns() % 2**32, help="random seed")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("DATABASE_URL must name the server's database (listings, guests and checks)")
    scenarios = args.scenarios.split(",")
    run = f"bench-{datetime.now(UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"  # keys and event ids
    db = await asyncpg.connect(_dsn(os.environ["DATABASE_URL"]))
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    try:
        async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as http:
            print(f"{args.url}  seed {args.seed}  keys {run}-*", flush=True)
            if "pay" in scenarios:
                await run_pay(http, db, args, run)
            if "webhooks" in scenarios:
                await run_webhooks(http, db, args, run)
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
