"""The lifecycle on its own: beat's job starts, completes and expires bookings, idempotently; the
database refuses transitions outside the table; every move is history and a live event."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError, OperationalError

from core import pubsub
from models.bookings import Booking, BookingEvent, BookingStatus, CancelReason
from models.listings import Night, SearchLog
from resolvers.booking_lifecycle import run_lifecycle
from tasks.app import enqueue
from tasks.bookings import RUN_LIFECYCLE
from tasks.search import RECORD_SEARCH
from tests.booking_helpers import CREATE_BOOKING, booking_input, make_listing, signed_in
from tests.listing_helpers import listing_id_uuid
from tests.waiting import eventually


async def book(gql: Any, listing: Any, **fields: Any) -> Booking:
    data = await gql.ok(CREATE_BOOKING, {"input": booking_input(listing, **fields)})
    return await Booking.get(id=listing_id_uuid(data["createBooking"]["booking"]["id"]))


async def history(booking: Booking) -> list[tuple[str | None, str, str]]:
    events = await BookingEvent.filter(booking_id=booking.id).order_by("id")
    return [(e.from_status and e.from_status.value, e.to_status.value, e.reason) for e in events]


async def test_stays_start_and_complete_on_time_and_a_second_run_changes_nothing(gql):
    listing = await make_listing(check_in_from="15:00", check_out_time="11:00")
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=3, check_out=5)

    assert await run_lifecycle(booking.starts_at - timedelta(minutes=1)) == {
        "expire": 0,
        "lapse": 0,
        "start": 0,
        "complete": 0,
    }
    assert await run_lifecycle(booking.starts_at) == {"expire": 0, "lapse": 0, "start": 1, "complete": 0}
    assert await run_lifecycle(booking.starts_at) == {"expire": 0, "lapse": 0, "start": 0, "complete": 0}
    await booking.refresh_from_db()
    assert booking.status is BookingStatus.IN_PROGRESS
    assert await run_lifecycle(booking.ends_at) == {"expire": 0, "lapse": 0, "start": 0, "complete": 1}
    assert await run_lifecycle(booking.ends_at + timedelta(days=3)) == {
        "expire": 0,
        "lapse": 0,
        "start": 0,
        "complete": 0,
    }
    await booking.refresh_from_db()
    assert booking.status is BookingStatus.COMPLETED
    assert await history(booking) == [
        (None, "pending", "requested"),
        ("pending", "confirmed", "instant_book"),
        ("confirmed", "in_progress", "checked_in"),
        ("in_progress", "completed", "checked_out"),
    ]


async def test_check_in_time_is_the_listings_local_time(gql):
    listing = await make_listing(time_zone="Asia/Tokyo", check_in_from="16:00", check_out_time="10:00")
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=30, check_out=32)
    assert booking.starts_at.astimezone(UTC).hour == 7  # 16:00 in Tokyo (UTC+9)
    assert booking.ends_at.astimezone(UTC).hour == 1


async def test_a_late_job_catches_up_in_one_run(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=3, check_out=5)
    assert await run_lifecycle(booking.ends_at + timedelta(hours=5)) == {
        "expire": 0,
        "lapse": 0,
        "start": 1,
        "complete": 1,
    }
    await booking.refresh_from_db()
    assert booking.status is BookingStatus.COMPLETED


async def test_a_stale_request_expires_and_frees_its_nights(gql):
    listing = await make_listing(instant_book=False)
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    assert await Night.filter(listing_id=listing.id).count() == 3
    assert (await run_lifecycle(datetime.now(UTC) + timedelta(hours=23)))["expire"] == 0
    assert (await run_lifecycle(datetime.now(UTC) + timedelta(hours=24, minutes=1)))["expire"] == 1
    await booking.refresh_from_db()
    assert booking.status is BookingStatus.CANCELLED and booking.cancel_reason is CancelReason.EXPIRED
    assert booking.refund_total == booking.total
    assert not await Night.filter(listing_id=listing.id).exists()
    assert (await history(booking))[-1] == ("pending", "cancelled", "expired")


async def test_beat_job_runs_on_a_real_celery_worker(gql, celery_worker):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing, check_in=3, check_out=5)
    await Booking.filter(id=booking.id).update(starts_at=datetime.now(UTC) - timedelta(minutes=5))
    await enqueue(RUN_LIFECYCLE)
    await enqueue(RUN_LIFECYCLE)  # twice: still one move
    # The test worker runs one job at a time in the order sent (solo pool, one queue, prefetch 1),
    # so once a job sent after both has run, the second lifecycle job has finished too.
    marker = f"after-both-{uuid.uuid4().hex[:8]}"
    await enqueue(RECORD_SEARCH, None, {"text": marker}, "NEWEST", 0)
    await eventually(lambda: recorded(marker), within=60)
    await booking.refresh_from_db()
    assert booking.status is BookingStatus.IN_PROGRESS
    assert [h[1] for h in await history(booking)].count("in_progress") == 1


async def recorded(marker: str) -> bool:
    return any(log.filters.get("text") == marker for log in await SearchLog.filter(sort="NEWEST"))


async def test_every_move_is_published_to_guest_and_host(gql):
    listing = await make_listing(instant_book=False)
    guest = await signed_in(gql, "guest@example.com")
    # Entering `listen` returns once Redis has confirmed the subscription.
    async with (
        pubsub.listen(pubsub.user_channel(guest.id)) as to_guest,
        pubsub.listen(pubsub.user_channel(listing.host_id)) as to_host,
    ):
        await book(gql, listing)
        received = [await asyncio.wait_for(anext(events), 5) for events in (to_guest, to_host)]
    assert [e.type for e in received] == ["booking_requested", "booking_requested"]
    assert received[0].data["status"] == "pending"


async def test_the_database_refuses_transitions_outside_the_table(gql):
    listing = await make_listing()
    await signed_in(gql, "guest@example.com")
    booking = await book(gql, listing)
    conn = connections.get("default")
    with pytest.raises(IntegrityError, match="cannot go from confirmed to pending"):
        await conn.execute_query("UPDATE bookings SET status = 'pending' WHERE id = $1", [booking.id])
    with pytest.raises(IntegrityError, match="cannot go from confirmed to completed"):
        await conn.execute_query("UPDATE bookings SET status = 'completed' WHERE id = $1", [booking.id])
    with pytest.raises(IntegrityError):  # a cancelled booking carries a reason
        await conn.execute_query("UPDATE bookings SET status = 'cancelled' WHERE id = $1", [booking.id])
    with pytest.raises(OperationalError, match="append-only"):
        await conn.execute_query("DELETE FROM booking_events WHERE booking_id = $1", [booking.id])
    await booking.refresh_from_db()
    assert booking.status is BookingStatus.CONFIRMED
