"""Concurrent attacks on the booking invariants, through GraphQL.

"Under any concurrency, PostgreSQL itself refuses a second claim on a night." Each request below
runs its own transaction on its own pooled connection, so the races are real: many signed-in
clients (one user and one client IP each) fire their mutations together with asyncio.gather, and
the database is then checked directly: no night held twice, every active booking holding exactly
its own nights, one history row per move, and the losers changing nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from strawberry.relay import from_base64
from tortoise import connections

from tests.booking_helpers import (
    ACCEPT,
    CANCEL,
    CREATE_BOOKING,
    DECLINE,
    booking_input,
    day,
    make_listing,
)
from tests.conftest import GraphQLClient, create_user, sign_in
from tests.listing_helpers import gid

CHANGE = """mutation($input: ChangeBookingInput!) { changeBooking(input: $input) {
  booking { id checkIn checkOut } change { status } errors { code } } }"""
SERIES = """mutation($input: CreateBookingSeriesInput!) { createBookingSeries(input: $input) {
  seriesId bookings { id status checkIn checkOut } errors { code field } } }"""
BLOCK = """mutation($id: ID!, $from: Date!, $to: Date!) {
  blockDates(input: {listingId: $id, from: $from, to: $to}) { nights errors { code } } }"""
ACTIVE_SQL = "('pending', 'confirmed', 'in_progress')"

Client = tuple[GraphQLClient, Any]  # a signed-in GraphQL client and its user


# ---- harness: many signed-in clients, raw responses, SQL checks --------------------------------------


_ips = itertools.count(1)


@pytest.fixture
async def clients(asgi_app: Any) -> AsyncIterator[Callable[..., Awaitable[list[Client]]]]:
    """`await clients(n)`: n new users, each signed in on their own client with their own IP
    (sign-in is rate limited per IP)."""
    async with contextlib.AsyncExitStack() as stack:

        async def make(n: int, role: str = "guest", **fields: Any) -> list[Client]:
            tag = uuid.uuid4().hex[:6]
            fields.setdefault("email_verified_at", datetime.now(UTC))  # booking needs it
            users = await asyncio.gather(
                *(create_user(f"{role}-{tag}-{i}@example.com", **fields) for i in range(n))
            )
            out = []
            for user in users:
                k = next(_ips)
                transport = httpx.ASGITransport(
                    app=asgi_app, client=(f"10.{k // 62500 % 250}.{k // 250 % 250}.{k % 250 + 1}", 40000)
                )
                http = await stack.enter_async_context(
                    httpx.AsyncClient(transport=transport, base_url="http://testserver")
                )
                out.append((GraphQLClient(http), user))
            await asyncio.gather(*(sign_in(c, u.email) for c, u in out))
            return out

        yield make


async def fire(calls: Sequence[Awaitable[httpx.Response]]) -> list[dict[str, Any]]:
    """Send the requests together; each must be an HTTP 200 with no GraphQL error (no 500, no
    INTERNAL_SERVER_ERROR): a lost race is an expected failure, reported in the payload."""
    responses = await asyncio.gather(*calls)
    payloads = []
    for response in responses:
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        (payload,) = body["data"].values()
        payloads.append(payload)
    return payloads


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def uid(global_id: str) -> uuid.UUID:
    return uuid.UUID(from_base64(global_id)[1])


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return await connections.get("default").execute_query_dict(query, list(args))


def stay_nights(check_in: Any, check_out: Any) -> list[Any]:
    return [check_in + timedelta(days=i) for i in range((check_out - check_in).days)]


async def assert_calendar_sound(listing_id: uuid.UUID) -> None:
    """The invariants of one listing's calendar, read straight from the tables."""
    overlapping = await sql(
        f"""SELECT a.id, b.id FROM bookings a JOIN bookings b
              ON a.listing_id = b.listing_id AND a.id < b.id
             AND a.check_in < b.check_out AND b.check_in < a.check_out
           WHERE a.listing_id = $1 AND a.status IN {ACTIVE_SQL} AND b.status IN {ACTIVE_SQL}""",
        listing_id,
    )
    assert overlapping == [], "two active bookings share a night"
    double = await sql(
        f"""SELECT n.night FROM nights n JOIN bookings b ON b.id = n.booking_id
           WHERE n.listing_id = $1 AND b.status IN {ACTIVE_SQL}
           GROUP BY n.night HAVING count(DISTINCT n.booking_id) > 1""",
        listing_id,
    )
    assert double == [], "a night is held by two active bookings"
    nights = await sql(
        "SELECT night, kind, booking_id FROM nights WHERE listing_id = $1 ORDER BY night", listing_id
    )
    assert len({n["night"] for n in nights}) == len(nights)
    held: dict[uuid.UUID, list[Any]] = {}
    for n in nights:
        assert (n["kind"] == "booked") == (n["booking_id"] is not None), n
        if n["booking_id"] is not None:
            held.setdefault(n["booking_id"], []).append(n["night"])
    bookings = await sql(
        "SELECT id, status, check_in, check_out FROM bookings WHERE listing_id = $1", listing_id
    )
    by_id = {b["id"]: b for b in bookings}
    for booking_id in held:
        assert by_id[booking_id]["status"] != "cancelled", "a cancelled booking still holds nights"
    for b in bookings:
        expected = stay_nights(b["check_in"], b["check_out"]) if b["status"] != "cancelled" else []
        assert held.get(b["id"], []) == expected, f"booking {b['id']} ({b['status']}) holds the wrong nights"


async def events_of(booking_id: uuid.UUID) -> list[tuple[str | None, str]]:
    rows = await sql(
        "SELECT from_status, to_status FROM booking_events WHERE booking_id = $1 ORDER BY id", booking_id
    )
    return [(r["from_status"], r["to_status"]) for r in rows]


async def count(table: str, where: str = "TRUE", *args: Any) -> int:
    rows = await sql(f"SELECT count(*) AS n FROM {table} WHERE {where}", *args)
    return rows[0]["n"]


async def book(client: GraphQLClient, listing: Any, check_in: int, check_out: int, **extra: Any) -> str:
    data = await client.ok(CREATE_BOOKING, {"input": booking_input(listing, check_in, check_out, **extra)})
    return data["createBooking"]["booking"]["id"]


# ---- 1, 2: many guests, one night ------------------------------------------------------------------------


@pytest.mark.parametrize("instant_book", [True, False], ids=["instant", "request"])
async def test_fifty_guests_racing_for_one_night_leave_exactly_one_booking(clients, instant_book):
    listing = await make_listing(instant_book=instant_book)
    guests = await clients(50)
    # Every stay contains the night of day 24, so any two overlap.
    stays = [(20 + i % 5, 25 + (i // 5) % 5) for i in range(50)]

    payloads = await fire(
        [
            c.post(CREATE_BOOKING, {"input": booking_input(listing, a, b)})
            for (c, _), (a, b) in zip(guests, stays, strict=True)
        ]
    )

    won = [p for p in payloads if p["booking"] is not None]
    assert len(won) == 1, [codes(p) for p in payloads]
    assert won[0]["errors"] == []
    winner = won[0]["booking"]
    assert winner["status"] == ("CONFIRMED" if instant_book else "PENDING")
    lost = [p for p in payloads if p["booking"] is None]
    assert all(codes(p) == ["DATES_UNAVAILABLE"] for p in lost), [codes(p) for p in lost]

    winner_id = uid(winner["id"])
    rows = await sql("SELECT id, status, check_in, check_out FROM bookings WHERE listing_id = $1", listing.id)
    assert [r["id"] for r in rows] == [winner_id]  # the losers rolled back whole
    nights = await sql(
        "SELECT night, kind, booking_id FROM nights WHERE listing_id = $1 ORDER BY night", listing.id
    )
    assert [n["night"] for n in nights] == stay_nights(rows[0]["check_in"], rows[0]["check_out"])
    assert {(n["kind"], n["booking_id"]) for n in nights} == {("booked", winner_id)}
    assert str(rows[0]["check_in"]) == winner["checkIn"] and str(rows[0]["check_out"]) == winner["checkOut"]
    expected = [(None, "pending")] + ([("pending", "confirmed")] if instant_book else [])
    assert await events_of(winner_id) == expected
    assert await count("booking_events") == len(expected)
    await assert_calendar_sound(listing.id)


# ---- 3: idempotency ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("instant_book", [True, False], ids=["instant", "request"])
async def test_one_idempotency_key_sent_ten_times_at_once_books_once(clients, instant_book):
    listing = await make_listing(instant_book=instant_book)
    [(guest, user)] = await clients(1)
    request = booking_input(listing, 10, 13, guests=2, idempotencyKey="checkout-42")

    payloads = await fire([guest.post(CREATE_BOOKING, {"input": request}) for _ in range(10)])

    assert all(p["errors"] == [] for p in payloads), [codes(p) for p in payloads]
    ids = {p["booking"]["id"] for p in payloads}
    assert len(ids) == 1
    booking_id = uid(ids.pop())
    rows = await sql("SELECT id, idempotency_key FROM bookings WHERE guest_id = $1", user.id)
    assert rows == [{"id": booking_id, "idempotency_key": "checkout-42"}]
    assert await count("nights", "booking_id = $1", booking_id) == 3
    before = (await count("bookings"), await count("nights"), await count("booking_events"))

    # The same key for another booking: refused, whatever is changed, and nothing moves.
    other_dates = {**request, "checkIn": str(day(30)), "checkOut": str(day(32))}
    other_guests = {**request, "guests": 3}
    refused = await fire([guest.post(CREATE_BOOKING, {"input": r}) for r in (other_dates, other_guests)])
    for payload in refused:
        assert payload["booking"] is None
        assert codes(payload) == ["IDEMPOTENCY_KEY_REUSED"]
    assert (await count("bookings"), await count("nights"), await count("booking_events")) == before
    await assert_calendar_sound(listing.id)


async def test_one_idempotency_key_with_two_different_inputs_at_once(clients):
    """The same key racing with two different bodies: one booking; the other body is refused."""
    listing = await make_listing()
    [(guest, user)] = await clients(1)
    first = booking_input(listing, 10, 13, idempotencyKey="k-1")
    second = booking_input(listing, 40, 42, idempotencyKey="k-1")

    payloads = await fire([guest.post(CREATE_BOOKING, {"input": r}) for r in [first, second] * 5])

    rows = await sql("SELECT id, check_in FROM bookings WHERE guest_id = $1", user.id)
    assert len(rows) == 1
    won = first if str(rows[0]["check_in"]) == first["checkIn"] else second
    for request, payload in zip([first, second] * 5, payloads, strict=True):
        if request is won:
            assert payload["errors"] == [] and uid(payload["booking"]["id"]) == rows[0]["id"]
        else:
            assert codes(payload) == ["IDEMPOTENCY_KEY_REUSED"] and payload["booking"] is None
    await assert_calendar_sound(listing.id)


async def test_one_idempotency_key_sent_at_once_by_a_guest_near_the_pending_limit(clients):
    """A guest with 2 open requests (the limit is 3) retries one request 10 times at once: that is
    one request, so one booking, and every retry answers with it (not TOO_MANY_PENDING_REQUESTS)."""
    listing = await make_listing(instant_book=False)
    [(guest, user)] = await clients(1)
    await book(guest, listing, 40, 42)
    await book(guest, listing, 50, 52)
    request = booking_input(listing, 10, 13, idempotencyKey="retry-me")

    payloads = await fire([guest.post(CREATE_BOOKING, {"input": request}) for _ in range(10)])

    assert await count("bookings", "guest_id = $1 AND idempotency_key = 'retry-me'", user.id) == 1
    assert [codes(p) for p in payloads] == [[]] * 10
    assert len({p["booking"]["id"] for p in payloads}) == 1
    await assert_calendar_sound(listing.id)


# ---- 4: the host answers while the guest cancels -----------------------------------------------------------


async def test_accepts_racing_a_decline_and_a_cancel(clients):
    [(host, host_user)] = await clients(1, "host", is_host=True)
    listing = await make_listing(host_user, instant_book=False)
    guests = await clients(5)
    ids = await asyncio.gather(*(book(c, listing, 10 + 3 * i, 12 + 3 * i) for i, (c, _) in enumerate(guests)))

    calls = [host.post(ACCEPT, {"id": i}) for i in ids]
    calls.insert(1, host.post(DECLINE, {"id": ids[0]}))
    calls.insert(3, guests[1][0].post(CANCEL, {"id": ids[1], "reason": "plans changed"}))
    payloads = await fire(calls)
    declined, cancelled = payloads.pop(1), payloads.pop(2)
    accepted = payloads

    # Booking 0: the host accepted and declined at once: exactly one of the two happened.
    assert sorted([codes(accepted[0]), codes(declined)]) == [[], ["INVALID_TRANSITION"]]
    # Booking 1: the guest's cancel always stands (a confirmed stay can be cancelled too); the accept
    # only counts if it came first.
    assert cancelled["errors"] == []
    assert codes(accepted[1]) in ([], ["INVALID_TRANSITION"])
    for payload in accepted[2:]:
        assert payload["errors"] == [] and payload["booking"]["status"] == "CONFIRMED"

    status = {
        r["id"]: (r["status"], r["cancel_reason"])
        for r in await sql("SELECT id, status, cancel_reason FROM bookings WHERE listing_id = $1", listing.id)
    }
    b0, b1 = uid(ids[0]), uid(ids[1])
    if accepted[0]["errors"] == []:
        assert status[b0] == ("confirmed", None)
        assert await events_of(b0) == [(None, "pending"), ("pending", "confirmed")]
    else:
        assert status[b0] == ("cancelled", "declined")
        assert await events_of(b0) == [(None, "pending"), ("pending", "cancelled")]
    assert status[b1] == ("cancelled", "guest_cancelled")
    if accepted[1]["errors"] == []:
        assert await events_of(b1) == [
            (None, "pending"),
            ("pending", "confirmed"),
            ("confirmed", "cancelled"),
        ]
    else:
        assert await events_of(b1) == [(None, "pending"), ("pending", "cancelled")]
    for i in ids[2:]:
        assert status[uid(i)] == ("confirmed", None)
        assert await events_of(uid(i)) == [(None, "pending"), ("pending", "confirmed")]
    successful_moves = sum(p["errors"] == [] for p in [*accepted, declined, cancelled])
    assert await count("booking_events") == len(ids) + successful_moves  # one row per creation and per move
    await assert_calendar_sound(listing.id)


async def test_two_answers_to_one_request_never_both_apply(clients):
    """Accept racing decline, accept racing accept (a double click), accept racing the guest's cancel."""
    [(host, host_user)] = await clients(1, "host", is_host=True)
    listing = await make_listing(host_user, instant_book=False)
    guests = await clients(3)
    rounds = 3
    ids = [
        await book(c, listing, 10 + 10 * r + 3 * g, 12 + 10 * r + 3 * g)
        for r in range(rounds)
        for g, (c, _) in enumerate(guests)
    ]
    calls = []
    for r in range(rounds):
        acc_dec, acc_acc, acc_can = ids[3 * r : 3 * r + 3]
        # Alternate who is sent first, so both orders get their chance.
        pairs = [
            (host.post(ACCEPT, {"id": acc_dec}), host.post(DECLINE, {"id": acc_dec})),
            (host.post(ACCEPT, {"id": acc_acc}), host.post(ACCEPT, {"id": acc_acc})),
            (host.post(ACCEPT, {"id": acc_can}), guests[2][0].post(CANCEL, {"id": acc_can})),
        ]
        for a, b in pairs:
            calls += [a, b] if r % 2 == 0 else [b, a]
    payloads = await fire(calls)

    for r in range(rounds):
        chunk = payloads[6 * r : 6 * r + 6]
        if r % 2:
            chunk = [chunk[1], chunk[0], chunk[3], chunk[2], chunk[5], chunk[4]]
        acc_dec, acc_acc, acc_can = (uid(i) for i in ids[3 * r : 3 * r + 3])

        # Accept vs decline: exactly one wins.
        assert sorted([codes(chunk[0]), codes(chunk[1])]) == [[], ["INVALID_TRANSITION"]]
        accept_won = chunk[0]["errors"] == []
        assert await events_of(acc_dec) == [
            (None, "pending"),
            ("pending", "confirmed" if accept_won else "cancelled"),
        ]

        # Accept twice: one confirm, one refusal, one history row.
        assert sorted([codes(chunk[2]), codes(chunk[3])]) == [[], ["INVALID_TRANSITION"]]
        assert await events_of(acc_acc) == [(None, "pending"), ("pending", "confirmed")]

        # Accept vs the guest's cancel: the cancel always stands; the accept only if it came first.
        accept, cancel = chunk[4], chunk[5]
        assert cancel["errors"] == []
        if accept["errors"] == []:
            assert await events_of(acc_can) == [
                (None, "pending"),
                ("pending", "confirmed"),
                ("confirmed", "cancelled"),
            ]
        else:
            assert codes(accept) == ["INVALID_TRANSITION"]
            assert await events_of(acc_can) == [(None, "pending"), ("pending", "cancelled")]
        confirms = await count("booking_events", "booking_id = $1 AND to_status = 'confirmed'", acc_can)
        assert confirms <= 1
    await assert_calendar_sound(listing.id)


async def test_answering_two_stays_of_one_series_at_once(clients):
    """Accepting (or declining) any stay of a series answers the whole series. A host who answers
    two stays of it at once (two tabs, a double click on the list) gets one answer applied and one
    INVALID_TRANSITION, never a 500."""
    [(host, host_user)] = await clients(1, "host", is_host=True)
    listing = await make_listing(host_user, instant_book=False)
    guests = await clients(3)
    series = []
    for r in range(6):
        guest = guests[r % 3][0]
        base = 10 + 20 * r
        stays = [
            {"checkIn": str(day(base + 5 * s)), "checkOut": str(day(base + 5 * s + 2))} for s in range(3)
        ]
        data = await guest.ok(SERIES, {"input": {"listingId": gid("Listing", listing.id), "stays": stays}})
        series.append([b["id"] for b in data["createBookingSeries"]["bookings"]])

    answers = [(ACCEPT, ACCEPT), (ACCEPT, DECLINE), (DECLINE, ACCEPT)]
    for r, stays in enumerate(series):
        first, second = answers[r % 3]
        pair = await fire([host.post(first, {"id": stays[0]}), host.post(second, {"id": stays[2]})])

        assert sorted(codes(p) for p in pair) == [[], ["INVALID_TRANSITION"]], pair
        ids = [uid(i) for i in stays]
        statuses = {
            row["status"] for row in await sql("SELECT status FROM bookings WHERE id = ANY($1::uuid[])", ids)
        }
        assert len(statuses) == 1 and statuses <= {"confirmed", "cancelled"}, statuses
        for booking_id in ids:
            assert len(await events_of(booking_id)) == 2  # created, then exactly one answer
    await assert_calendar_sound(listing.id)


# ---- 5: changes of dates racing bookings and other changes -------------------------------------------------


async def test_a_change_racing_a_new_booking_for_the_same_nights(clients):
    (a, _), (c, _) = await clients(2)
    for _ in range(3):
        listing = await make_listing()
        a_id = await book(a, listing, 10, 13)
        # A moves to [12, 16): needs 13, 14, 15; C wants [14, 17).
        change, booking = await fire(
            [
                a.post(
                    CHANGE, {"input": {"bookingId": a_id, "checkIn": str(day(12)), "checkOut": str(day(16))}}
                ),
                c.post(CREATE_BOOKING, {"input": booking_input(listing, 14, 17)}),
            ]
        )
        assert sorted([codes(change), codes(booking)]) == [[], ["DATES_UNAVAILABLE"]]
        row = (await sql("SELECT check_in, check_out FROM bookings WHERE id = $1", uid(a_id)))[0]
        if change["errors"] == []:
            assert change["change"]["status"] == "APPLIED"
            assert (row["check_in"], row["check_out"]) == (day(12), day(16))
            assert await count("bookings", "listing_id = $1", listing.id) == 1
        else:
            assert change["booking"] is None and change["change"] is None
            assert (row["check_in"], row["check_out"]) == (day(10), day(13))  # unchanged
            assert await count("booking_changes", "booking_id = $1", uid(a_id)) == 0
            assert await events_of(uid(a_id)) == [(None, "pending"), ("pending", "confirmed")]
        await assert_calendar_sound(listing.id)  # and so A still holds exactly its (old or new) nights


async def test_two_changes_into_the_same_free_nights(clients):
    (a, _), (b, _) = await clients(2)
    for _ in range(3):
        listing = await make_listing()
        a_id, b_id = await book(a, listing, 10, 13), await book(b, listing, 20, 23)
        target = {"checkIn": str(day(15)), "checkOut": str(day(18))}
        first, second = await fire(
            [
                a.post(CHANGE, {"input": {"bookingId": a_id, **target}}),
                b.post(CHANGE, {"input": {"bookingId": b_id, **target}}),
            ]
        )
        assert sorted([codes(first), codes(second)]) == [[], ["DATES_UNAVAILABLE"]]
        winner, loser = (a_id, b_id) if first["errors"] == [] else (b_id, a_id)
        old = {a_id: (day(10), day(13)), b_id: (day(20), day(23))}
        rows = {
            r["id"]: r
            for r in await sql(
                "SELECT id, check_in, check_out FROM bookings WHERE listing_id = $1", listing.id
            )
        }
        assert (rows[uid(winner)]["check_in"], rows[uid(winner)]["check_out"]) == (day(15), day(18))
        assert (rows[uid(loser)]["check_in"], rows[uid(loser)]["check_out"]) == old[loser]
        assert await count("booking_changes", "booking_id = $1", uid(loser)) == 0
        await assert_calendar_sound(listing.id)


async def test_answers_to_a_pending_change_racing_each_other_and_a_cancel(clients):
    """On a request-to-book listing a change waits for the host, holding its extra nights. The host
    accepting it races the host declining it, and (on another booking) the guest cancelling."""
    answer = """mutation($id: ID!) { %s(input: {changeId: $id}) {
      booking { id checkIn checkOut } change { status } errors { code } } }"""
    change_with_id = CHANGE.replace("change { status }", "change { id status }")
    [(host, host_user)] = await clients(1, "host", is_host=True)
    listing = await make_listing(host_user, instant_book=False)
    (a, _), (b, _) = await clients(2)
    a_id, b_id = await book(a, listing, 10, 13), await book(b, listing, 20, 23)
    await host.ok(ACCEPT, {"id": a_id})
    await host.ok(ACCEPT, {"id": b_id})
    changes = []
    for guest, booking_id, (i, o) in ((a, a_id, (11, 15)), (b, b_id, (21, 25))):
        data = await guest.ok(
            change_with_id,
            {"input": {"bookingId": booking_id, "checkIn": str(day(i)), "checkOut": str(day(o))}},
        )
        assert data["changeBooking"]["change"]["status"] == "PENDING"
        changes.append(data["changeBooking"]["change"]["id"])

    acc_a, dec_a, acc_b, cancel_b = await fire(
        [
            host.post(answer % "acceptBookingChange", {"id": changes[0]}),
            host.post(answer % "declineBookingChange", {"id": changes[0]}),
            host.post(answer % "acceptBookingChange", {"id": changes[1]}),
            b.post(CANCEL, {"id": b_id}),
        ]
    )

    # Booking A: exactly one answer applies.
    assert sorted([codes(acc_a), codes(dec_a)]) == [[], ["INVALID_TRANSITION"]]
    [row] = await sql("SELECT check_in, check_out FROM bookings WHERE id = $1", uid(a_id))
    [change] = await sql("SELECT status FROM booking_changes WHERE booking_id = $1", uid(a_id))
    if acc_a["errors"] == []:
        assert (row["check_in"], row["check_out"], change["status"]) == (day(11), day(15), "applied")
    else:
        assert (row["check_in"], row["check_out"], change["status"]) == (day(10), day(13), "declined")
    # Booking B: the cancel always stands; the change applied only if the host came first.
    assert cancel_b["errors"] == []
    [change] = await sql("SELECT status FROM booking_changes WHERE booking_id = $1", uid(b_id))
    if acc_b["errors"] == []:
        assert change["status"] == "applied"
    else:
        assert codes(acc_b) == ["INVALID_TRANSITION"] and change["status"] == "withdrawn"
    await assert_calendar_sound(listing.id)  # also: no night still held for a change that is over


# ---- 6: series -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("instant_book", [True, False], ids=["instant", "request"])
async def test_two_series_with_one_shared_night_all_or_nothing(clients, instant_book):
    (g1, u1), (g2, u2) = await clients(2)
    for _ in range(3):
        listing = await make_listing(instant_book=instant_book)
        stays1 = [(10, 12), (20, 23), (30, 32)]
        stays2 = [(15, 17), (22, 24), (40, 42)]  # night 22 is in both
        inputs = [
            {
                "listingId": gid("Listing", listing.id),
                "stays": [{"checkIn": str(day(i)), "checkOut": str(day(o))} for i, o in stays],
                "guests": 1,
            }
            for stays in (stays1, stays2)
        ]
        p1, p2 = await fire([g1.post(SERIES, {"input": inputs[0]}), g2.post(SERIES, {"input": inputs[1]})])

        assert sorted([codes(p1), codes(p2)]) == [[], ["DATES_UNAVAILABLE"]]
        (won, stays, winner), (lost, _, loser) = sorted(
            [(p1, stays1, u1), (p2, stays2, u2)], key=lambda t: t[0]["errors"] != []
        )
        assert won["seriesId"] is not None and len(won["bookings"]) == 3
        assert lost["seriesId"] is None and lost["bookings"] == []
        rows = await sql(
            "SELECT id, series_id, check_in, check_out FROM bookings WHERE listing_id = $1 ORDER BY check_in",
            listing.id,
        )
        assert [(r["check_in"], r["check_out"]) for r in rows] == [(day(i), day(o)) for i, o in stays]
        assert {str(r["series_id"]) for r in rows} == {won["seriesId"]}
        nights = await sql("SELECT night FROM nights WHERE listing_id = $1 ORDER BY night", listing.id)
        assert [n["night"] for n in nights] == [n for i, o in stays for n in stay_nights(day(i), day(o))]
        assert await count("booking_series", "listing_id = $1 AND guest_id = $2", listing.id, loser.id) == 0
        assert await count("booking_series", "listing_id = $1", listing.id) == 1
        assert await count("bookings", "guest_id = $1 AND listing_id = $2", winner.id, listing.id) == 3
        assert await count("bookings", "guest_id = $1 AND listing_id = $2", loser.id, listing.id) == 0
        await assert_calendar_sound(listing.id)


# ---- 7: host blocks racing bookings ---------------------------------------------------------------------------


async def test_host_blocking_nights_while_twenty_guests_book_them(clients):
    [(host, host_user)] = await clients(1, "host", is_host=True)
    guests = await clients(20)
    for _ in range(2):
        listing = await make_listing(host_user)
        stays = [(6 + i, 9 + i) for i in range(20)]  # 3 nights each, from [6, 9) to [25, 28)
        calls = [
            c.post(CREATE_BOOKING, {"input": booking_input(listing, a, b)})
            for (c, _), (a, b) in zip(guests, stays, strict=True)
        ]
        block = {"id": gid("Listing", listing.id), "from": str(day(10)), "to": str(day(20))}
        calls.insert(5, host.post(BLOCK, block))
        payloads = await fire(calls)
        blocked = payloads.pop(5)

        assert blocked["errors"] == []
        nights = {
            n["night"]: n
            for n in await sql("SELECT night, kind, booking_id FROM nights WHERE listing_id = $1", listing.id)
        }
        # Every night the host asked for is held by exactly one row: theirs or a booking's.
        assert all(day(d) in nights for d in range(10, 20))
        assert blocked["nights"] == sum(n["kind"] == "blocked" for n in nights.values())
        assert {n["night"] for n in nights.values() if n["kind"] == "blocked"} <= {
            day(d) for d in range(10, 20)
        }
        for (a, b), payload in zip(stays, payloads, strict=True):
            if payload["errors"]:
                assert codes(payload) == ["DATES_UNAVAILABLE"] and payload["booking"] is None
                continue
            booking_id = uid(payload["booking"]["id"])
            for d in range(a, b):  # all of its nights, booked under its id
                assert (nights[day(d)]["kind"], nights[day(d)]["booking_id"]) == ("booked", booking_id)
        assert await count("bookings", "listing_id = $1", listing.id) == sum(
            p["errors"] == [] for p in payloads
        )
        await assert_calendar_sound(listing.id)


async def test_host_deleting_a_listing_while_guests_book_it(clients):
    """A listing with future bookings cannot be deleted (HAS_FUTURE_BOOKINGS); a deleted listing takes
    no bookings (LISTING_DELETED). Racing, exactly one of the two sides may win: never a booking on a
    listing that is gone."""
    [(host, host_user)] = await clients(1, "host", is_host=True)
    guests = await clients(10)
    delete = "mutation($id: ID!) { deleteListing(input: {listingId: $id}) { ok errors { code } } }"
    for _ in range(3):
        listing = await make_listing(host_user)
        calls = [
            c.post(CREATE_BOOKING, {"input": booking_input(listing, 10 + 3 * i, 12 + 3 * i)})
            for i, (c, _) in enumerate(guests)
        ]
        calls.insert(3, host.post(delete, {"id": gid("Listing", listing.id)}))
        payloads = await fire(calls)
        deleted = payloads.pop(3)

        booked = [p for p in payloads if p["errors"] == []]
        refused = [codes(p) for p in payloads if p["errors"]]
        assert all(c == ["LISTING_DELETED"] for c in refused), refused
        [row] = await sql("SELECT deleted_at FROM listings WHERE id = $1", listing.id)
        if deleted["errors"] == []:
            assert row["deleted_at"] is not None
            assert booked == [], "bookings were made on a listing that was deleted"
            assert await count("bookings", f"listing_id = $1 AND status IN {ACTIVE_SQL}", listing.id) == 0
        else:
            assert codes(deleted) == ["HAS_FUTURE_BOOKINGS"] and row["deleted_at"] is None
            assert booked != []
        await assert_calendar_sound(listing.id)


# ---- 8: the pending-request limit ------------------------------------------------------------------------------


async def test_six_requests_at_once_stop_at_the_pending_limit(clients):
    [(guest, user)] = await clients(1)
    listings = [await make_listing(instant_book=False) for _ in range(2)]
    payloads = await fire(
        [
            guest.post(CREATE_BOOKING, {"input": booking_input(listing, 10 + 4 * i, 12 + 4 * i)})
            for listing in listings
            for i in range(3)
        ]
    )
    ok = [p for p in payloads if p["errors"] == []]
    refused = [p for p in payloads if p["errors"]]
    assert len(ok) == 3, [codes(p) for p in payloads]
    assert all(codes(p) == ["TOO_MANY_PENDING_REQUESTS"] and p["booking"] is None for p in refused)
    assert await count("bookings", "guest_id = $1 AND status = 'pending'", user.id) == 3
    assert await count("bookings", "guest_id = $1", user.id) == 3
    for listing in listings:
        await assert_calendar_sound(listing.id)


# ---- the lifecycle jobs racing the host and each other ----------------------------------------------------------


async def test_expiry_job_racing_the_hosts_accepts(clients):
    from resolvers.booking_lifecycle import run_lifecycle

    [(host, host_user)] = await clients(1, "host", is_host=True)
    listing = await make_listing(host_user, instant_book=False)
    guests = await clients(6)
    ids = await asyncio.gather(*(book(c, listing, 10 + 3 * i, 12 + 3 * i) for i, (c, _) in enumerate(guests)))
    later = datetime.now(UTC) + timedelta(days=2)  # past every request's deadline

    results = await asyncio.gather(
        fire([host.post(ACCEPT, {"id": i}) for i in ids]), run_lifecycle(later), run_lifecycle(later)
    )
    accepted, first, second = results
    expired = first["expire"] + second["expire"]
    assert sum(p["errors"] == [] for p in accepted) + expired == len(ids)
    for booking_id, payload in zip(ids, accepted, strict=True):
        history = await events_of(uid(booking_id))
        if payload["errors"] == []:
            assert history == [(None, "pending"), ("pending", "confirmed")]
        else:
            assert codes(payload) == ["INVALID_TRANSITION"]
            assert history == [(None, "pending"), ("pending", "cancelled")]
    await assert_calendar_sound(listing.id)


async def test_two_lifecycle_workers_move_each_booking_once(clients):
    from resolvers.booking_lifecycle import run_lifecycle

    listing = await make_listing()
    guests = await clients(8)
    ids = await asyncio.gather(*(book(c, listing, 5 + 3 * i, 7 + 3 * i) for i, (c, _) in enumerate(guests)))
    later = datetime.now(UTC) + timedelta(days=60)  # every stay began and ended

    runs = await asyncio.gather(*(run_lifecycle(later) for _ in range(3)))

    assert sum(r["start"] for r in runs) == len(ids)
    assert sum(r["complete"] for r in runs) == len(ids)
    for booking_id in ids:
        assert await events_of(uid(booking_id)) == [
            (None, "pending"),
            ("pending", "confirmed"),
            ("confirmed", "in_progress"),
            ("in_progress", "completed"),
        ]
    await assert_calendar_sound(listing.id)
