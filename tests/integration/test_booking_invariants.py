"""A booking owns exactly its nights, whoever writes: migration 5's commit-time check, met with raw SQL.

Each refusal is proven the way a careless script would meet it: every statement is accepted, and the
COMMIT fails with a message naming the booking and what is wrong; afterwards nothing has changed and
bench/consistency.py finds nothing. The same check passes on what the app and the seeder write.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import asyncpg
import pytest

from bench.consistency import booking_inconsistencies, summary
from bench.seed import _dsn
from tests.booking_helpers import (
    CANCEL,
    CREATE_BOOKING,
    booking_input,
    booking_row,
    day,
    make_listing,
    signed_in,
)

BOOKING = """INSERT INTO bookings (id, listing_id, guest_id, host_id, check_in, check_out, guests, status,
    instant, message_to_host, special_requests, quote, cancellation_policy, currency, total, time_zone,
    starts_at, ends_at, expires_at, cancel_note, created_at, updated_at)
    SELECT $1, l.id, $2, l.host_id, $3, $4, 1, $5, true, '', '', '{}', 'moderate', 'EUR', 0, 'UTC',
        now(), now(), now() + interval '1 day', '', now(), now()
    FROM listings l WHERE l.id = $6"""
NIGHTS = """INSERT INTO nights (listing_id, night, kind, booking_id, created_at)
    SELECT $1, d, 'booked', $3, now() FROM unnest($2::date[]) AS d"""
CHANGE = """INSERT INTO booking_changes (id, booking_id, requested_by_id, status, old_check_in, old_check_out,
    old_guests, new_check_in, new_check_out, new_guests, old_total, new_total, new_quote, created_at)
    SELECT $1, b.id, b.guest_id, 'pending', b.check_in, b.check_out, 1, $2, $3, 1, 0, 0, '{}', now()
    FROM bookings b WHERE b.id = $4"""
CANCELLED = (
    "UPDATE bookings SET status = 'cancelled', cancel_reason = 'admin', cancelled_at = now() WHERE id = $1"
)


@pytest.fixture
async def raw() -> AsyncIterator[asyncpg.Connection]:
    """A plain asyncpg connection to the test database: no ORM, no resolver, only the database's rules."""
    conn = await asyncpg.connect(_dsn(os.environ["DATABASE_URL"]))
    yield conn
    await conn.close()


async def refused_at_commit(conn: asyncpg.Connection, *statements: tuple[Any, ...]) -> str:
    """Run the statements in one transaction: each is accepted, the COMMIT is refused. Its message."""
    tx = conn.transaction()
    await tx.start()
    for sql, *args in statements:
        await conn.execute(sql, *args)
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await tx.commit()
    assert caught.value.hint and "owns exactly the nights" in caught.value.hint
    return caught.value.message


async def consistent(conn: asyncpg.Connection) -> None:
    problems = await booking_inconsistencies(conn)
    assert problems == [], summary(problems)


def nights(start: int, end: int) -> list[date]:
    return [day(i) for i in range(start, end)]


async def test_an_overlapping_booking_is_refused_at_commit(raw):
    listing = await make_listing()
    first = await booking_row(listing.id, *nights(10, 13))
    guest = await raw.fetchval("SELECT guest_id FROM bookings WHERE id = $1", first)
    second = uuid.uuid4()
    insert = (BOOKING, second, guest, day(11), day(14), "confirmed", listing.id)

    message = await refused_at_commit(raw, insert)  # its nights are taken, so it holds none of them
    assert message == (
        f"booking nights: confirmed booking {second} ({day(11)} to {day(14)}) owns 0 of its 3 night(s) "
        "and 0 other(s)"
    )
    tx = raw.transaction()  # nor can it hold them: UNIQUE (listing, night) refuses that at once
    await tx.start()
    await raw.execute(*insert)
    with pytest.raises(asyncpg.UniqueViolationError):
        await raw.execute(NIGHTS, listing.id, nights(11, 14), second)
    await tx.rollback()
    assert await raw.fetchval("SELECT count(*) FROM bookings") == 1
    await consistent(raw)


async def test_a_booking_missing_a_night_or_holding_another_is_refused(raw):
    listing = await make_listing()
    guest = (await a_guest()).id
    for status in ("confirmed", "pending"):
        booking = uuid.uuid4()
        insert = (BOOKING, booking, guest, day(10), day(13), status, listing.id)
        missing = await refused_at_commit(raw, insert, (NIGHTS, listing.id, nights(10, 12), booking))
        assert f"{status} booking {booking} ({day(10)} to {day(13)}) owns 2 of its 3 night(s)" in missing
        extra = await refused_at_commit(raw, insert, (NIGHTS, listing.id, nights(10, 14), booking))
        assert "owns 3 of its 3 night(s) and 1 other(s)" in extra
    other = await make_listing()  # the right dates at the wrong listing
    booking = uuid.uuid4()
    wrong = await refused_at_commit(
        raw,
        (BOOKING, booking, guest, day(10), day(12), "confirmed", listing.id),
        (NIGHTS, other.id, nights(10, 12), booking),
    )
    assert "owns 0 of its 2 night(s) and 2 other(s)" in wrong
    assert await raw.fetchval("SELECT count(*) FROM bookings") == 0
    assert await raw.fetchval("SELECT count(*) FROM nights") == 0


async def test_a_night_for_a_cancelled_booking_is_refused(gql, raw):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = (await gql.ok(CREATE_BOOKING, {"input": booking_input(listing)}))["createBooking"]["booking"]
    cancelled = (await gql.ok(CANCEL, {"id": booking["id"]}))["cancelBooking"]["booking"]
    assert cancelled["status"] == "CANCELLED"
    booking_id = await raw.fetchval("SELECT id FROM bookings")

    message = await refused_at_commit(raw, (NIGHTS, listing.id, [day(10)], booking_id))
    assert message == f"booking nights: cancelled booking {booking_id} still owns 1 night(s)"
    await consistent(raw)


async def test_cancelling_or_moving_a_booking_without_its_nights_is_refused(gql, raw):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, check_in=10, check_out=13)})
    booking_id = await raw.fetchval("SELECT id FROM bookings")

    message = await refused_at_commit(raw, (CANCELLED, booking_id))
    assert message == f"booking nights: cancelled booking {booking_id} still owns 3 night(s)"
    moved = await refused_at_commit(
        raw, ("UPDATE bookings SET check_out = check_out + 1 WHERE id = $1", booking_id)
    )
    assert f"({day(10)} to {day(14)}) owns 3 of its 4 night(s) and 0 other(s)" in moved
    freed = await refused_at_commit(raw, ("DELETE FROM nights WHERE night = $1", day(11)))
    assert "owns 2 of its 3 night(s)" in freed
    assert await raw.fetchval("SELECT status FROM bookings") == "confirmed"
    assert await raw.fetchval("SELECT count(*) FROM nights") == 3

    async with raw.transaction():  # the same cancellation, freeing its nights, in any order
        await raw.execute("DELETE FROM nights WHERE booking_id = $1", booking_id)
        await raw.execute(CANCELLED, booking_id)
    assert await raw.fetchval("SELECT count(*) FROM nights") == 0
    await consistent(raw)


async def test_a_change_waiting_for_the_host_holds_its_new_nights_until_it_ends(raw):
    listing = await make_listing()
    booking = await booking_row(listing.id, *nights(10, 13))
    change = uuid.uuid4()
    ask = (CHANGE, change, day(11), day(15), booking)

    message = await refused_at_commit(raw, ask)  # it must hold nights 13 and 14 as well
    assert f"({day(10)} to {day(13)}, change to {day(11)} to {day(15)} waiting) owns 3 of its 5" in message
    async with raw.transaction():
        await raw.execute(*ask)
        await raw.execute(NIGHTS, listing.id, nights(13, 15), booking)
    await consistent(raw)

    withdraw = ("UPDATE booking_changes SET status = 'withdrawn' WHERE id = $1", change)
    assert "owns 3 of its 3 night(s) and 2 other(s)" in await refused_at_commit(raw, withdraw)
    async with raw.transaction():
        await raw.execute(*withdraw)
        await raw.execute("DELETE FROM nights WHERE booking_id = $1 AND night >= $2", booking, day(13))
    await consistent(raw)


async def test_a_concurrent_cancellation_and_change_cannot_both_commit(raw):
    """The check locks the booking it reads: a change committing beside an uncommitted cancellation
    waits for it, then sees the booking cancelled and is refused. Without the lock both commit."""
    listing = await make_listing()
    booking = await booking_row(listing.id, *nights(1, 3))
    other = await asyncpg.connect(_dsn(os.environ["DATABASE_URL"]))
    try:
        cancel = raw.transaction()
        await cancel.start()
        await raw.execute(CANCELLED, booking)
        await raw.execute("DELETE FROM nights WHERE booking_id = $1", booking)
        change = other.transaction()
        await change.start()
        await other.execute(CHANGE, uuid.uuid4(), day(1), day(4), booking)
        await other.execute(NIGHTS, listing.id, [day(3)], booking)
        committing = asyncio.create_task(change.commit())
        await waits_for_a_lock(raw, other.get_server_pid(), committing)
        await cancel.commit()
        with pytest.raises(asyncpg.CheckViolationError, match=r"cancelled booking .* still owns 1 night"):
            await committing
    finally:
        await other.close()
    assert await raw.fetchval("SELECT count(*) FROM nights") == 0
    await consistent(raw)


async def waits_for_a_lock(conn: asyncpg.Connection, pid: int, task: asyncio.Task[Any]) -> None:
    for _ in range(500):
        assert not task.done(), "the commit went through without waiting for the cancellation"
        waiting = await conn.fetchval(
            "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid
        )
        if waiting:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the commit never waited for the booking's lock")


async def test_the_app_paths_leave_the_data_consistent(gql, raw):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    kept = await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, check_in=10, check_out=13)})
    gone = await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, check_in=20, check_out=22)})
    await gql.ok(CANCEL, {"id": gone["createBooking"]["booking"]["id"]})
    change = """mutation($input: ChangeBookingInput!) { changeBooking(input: $input) { errors { code } } }"""
    result = await gql.ok(
        change, {"input": {"bookingId": kept["createBooking"]["booking"]["id"], "checkOut": str(day(15))}}
    )
    assert result["changeBooking"]["errors"] == []
    assert await raw.fetchval("SELECT count(*) FROM nights") == 5
    await consistent(raw)


async def test_the_check_finds_what_the_triggers_refuse(raw):
    """With the triggers switched off (as the seeder's COPY once bypassed every rule), the check
    reports each kind of fault: it does not depend on the triggers it watches."""
    listing = await make_listing()
    guest = (await a_guest()).id
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with raw.transaction():
        await raw.execute("SET LOCAL session_replication_role = replica")
        await raw.execute(BOOKING, a, guest, day(10), day(13), "confirmed", listing.id)
        await raw.execute(NIGHTS, listing.id, nights(10, 13), a)
        await raw.execute(BOOKING, b, guest, day(12), day(15), "confirmed", listing.id)  # overlaps a
        await raw.execute(NIGHTS, listing.id, nights(13, 15), b)  # and misses night 12
        await raw.execute(BOOKING, c, guest, day(20), day(21), "confirmed", listing.id)
        await raw.execute(NIGHTS, listing.id, [day(20)], c)
        await raw.execute(CANCELLED, c)  # cancelled, its night left behind
    problems = await booking_inconsistencies(raw)
    assert {(p["problem"], p["booking_id"]) for p in problems} == {
        ("overlap", min(a, b)),
        ("nights_differ", b),
        ("inactive_owns_nights", c),
    }
    assert next(p["detail"] for p in problems if p["problem"] == "nights_differ") == "1 missing, 0 extra"


async def test_seeded_data_passes_the_check(raw):
    from bench.seed import seed

    counts = await seed(os.environ["DATABASE_URL"], 50, batch_size=25, seed_value=7)
    assert counts["listings"] == 50 and counts["bookings"] > 0 and counts["inconsistencies"] == 0
    await consistent(raw)
    booked = await raw.fetchval("SELECT count(*) FROM nights WHERE booking_id IS NOT NULL")
    stays = await raw.fetchval("SELECT sum(check_out - check_in) FROM bookings")
    assert booked == stays > 0


async def a_guest() -> Any:
    from tests.conftest import create_user

    return await create_user(f"guest-{uuid.uuid4().hex[:8]}@example.com")
