"""Review requests and reminders, through a real SMTP conversation (the session's aiosmtpd server:
EMAIL_BACKEND=smtp for every test run with services), on the real database."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from core.settings import get_settings
from models.bookings import Booking, BookingStatus
from models.reviews import ReviewReminder, window_closes_at
from models.users import User
from resolvers.booking_events import booking_global_id
from resolvers.booking_lifecycle import run_lifecycle
from resolvers.review_reminders import remind_reviewers
from resolvers.reviews import write_review
from tests.booking_helpers import booking_row, day, make_listing
from tests.conftest import create_user, free_port
from tests.review_helpers import GUEST_TEXT, HOST_TEXT, completed_stay
from tests.waiting import eventually

GUEST_RATINGS = {"overall": 5, "cleanliness": 5, "accuracy": 4, "check_in": 5, "communication": 5}
GUEST_RATINGS |= {"location": 4, "value": 4}
HOST_RATINGS = {"overall": 4, "house_rules": 5, "communication": 4, "cleanliness": 5}


def parts(message: Message) -> tuple[str, str]:
    """The text and HTML parts, decoded."""
    found = {
        p.get_content_type(): p.get_payload(decode=True).decode(p.get_content_charset() or "utf-8")
        for p in message.walk()
        if not p.is_multipart()
    }
    return found["text/plain"], found["text/html"]


def review_mails(mailbox: Any, address: str) -> list[Message]:
    """What went to `address` about reviews (a worker may have sent it a verification email too)."""
    return [m for m in mailbox.to(address) if "/review" in parts(m)[0]]


def link_of(booking_id: uuid.UUID) -> str:
    gid = quote(booking_global_id(booking_id), safe="")
    return f"{get_settings().links_url}/bookings/{gid}/review"


async def stay(**kwargs: Any) -> tuple[Booking, User, User]:
    booking = await Booking.get(id=await completed_stay(**kwargs))
    return booking, await User.get(id=booking.guest_id), await User.get(id=booking.host_id)


async def claims(booking_id: uuid.UUID) -> set[tuple[str, str]]:
    rows = await ReviewReminder.filter(booking_id=booking_id)
    return {(r.side.value, r.kind) for r in rows}


async def test_a_completed_stay_asks_both_sides_once_with_a_link_to_the_booking(mailbox):
    booking, guest, host = await stay()

    assert await remind_reviewers() == {"request": 2, "reminder": 0, "failed": 0}
    assert await remind_reviewers() == {"request": 0, "reminder": 0, "failed": 0}

    [to_guest] = review_mails(mailbox, guest.email)
    [to_host] = review_mails(mailbox, host.email)
    assert to_guest["Subject"] == "How was your stay at Bright loft by the canal?"
    assert to_host["Subject"] == "How was Gwen?"
    for message, name in ((to_guest, guest.first_name), (to_host, host.first_name)):
        text, html = parts(message)
        assert f"Hi {name}," in text and f"<p>Hi {name},</p>" in html
        assert link_of(booking.id) in text
        assert f'href="{link_of(booking.id)}"' in html
        check_in = f"{booking.check_in.day} {booking.check_in:%B %Y}"
        assert check_in in text and check_in in html
    assert await claims(booking.id) == {("guest", "request"), ("host", "request")}


async def test_two_runs_at_once_send_each_request_once(mailbox):
    bookings = [await stay(start=-60 + 5 * i) for i in range(3)]

    first, second = await asyncio.gather(remind_reviewers(), remind_reviewers())

    assert first["request"] + second["request"] == 6
    for booking, guest, host in bookings:
        assert len(review_mails(mailbox, guest.email)) == 1
        assert len(review_mails(mailbox, host.email)) == 1
        assert await claims(booking.id) == {("guest", "request"), ("host", "request")}


async def test_completing_a_stay_queues_its_requests_and_the_worker_sends_them(mailbox, celery_worker):
    listing = await make_listing()
    guest = await create_user(f"g-{uuid.uuid4().hex[:8]}@example.com", first_name="Gwen")
    booking_id = await booking_row(listing.id, day(-3), day(-2), guest_id=guest.id)
    ended = datetime.now(UTC) - timedelta(hours=1)
    async with in_transaction() as conn:
        await conn.execute_query(
            "UPDATE bookings SET status = 'in_progress', starts_at = $2, ends_at = $3 WHERE id = $1",
            [booking_id, ended - timedelta(days=2), ended],
        )

    assert (await run_lifecycle())["complete"] == 1

    async def sent() -> bool:
        return len(review_mails(mailbox, guest.email)) + len(review_mails(mailbox, host.email)) == 2

    host = await User.get(id=listing.host_id)
    await eventually(sent)
    [to_guest] = review_mails(mailbox, guest.email)
    assert to_guest["Subject"] == "How was your stay at Bright loft by the canal?"
    assert link_of(booking_id) in parts(to_guest)[0]
    [to_host] = review_mails(mailbox, host.email)
    assert to_host["Subject"] == "How was Gwen?"
    assert (await Booking.get(id=booking_id)).status is BookingStatus.COMPLETED


async def test_the_reminder_goes_once_to_the_side_yet_to_review_in_the_last_days(mailbox):
    booking, guest, host = await stay()
    await remind_reviewers()  # the requests
    await write_review(user=guest, booking_id=booking.id, ratings=GUEST_RATINGS, text=GUEST_TEXT)
    settings = get_settings()
    closes = window_closes_at(booking.ends_at, settings.review_window_days)
    reminding_from = closes - timedelta(days=settings.review_reminder_days)

    assert await remind_reviewers(reminding_from - timedelta(minutes=1)) == {
        "request": 0,
        "reminder": 0,
        "failed": 0,
    }
    assert await remind_reviewers(reminding_from + timedelta(minutes=1)) == {
        "request": 0,
        "reminder": 1,
        "failed": 0,
    }
    assert await remind_reviewers(closes - timedelta(minutes=1)) == {"request": 0, "reminder": 0, "failed": 0}

    assert len(review_mails(mailbox, guest.email)) == 1  # the request only: the guest reviewed
    _request, reminder = review_mails(mailbox, host.email)
    assert reminder["Subject"] == "A few days left: How was Gwen?"
    text, html = parts(reminder)
    local = closes.astimezone(ZoneInfo(booking.time_zone))
    deadline = f"{local.day} {local:%B %Y}, {local:%H:%M}"
    assert deadline in text and deadline in html
    assert link_of(booking.id) in text
    assert await claims(booking.id) == {("guest", "request"), ("host", "request"), ("host", "reminder")}


async def test_a_side_that_reviewed_is_not_asked(mailbox):
    booking, guest, host = await stay()
    await write_review(user=host, booking_id=booking.id, ratings=HOST_RATINGS, text=HOST_TEXT)

    assert await remind_reviewers() == {"request": 1, "reminder": 0, "failed": 0}

    assert len(review_mails(mailbox, guest.email)) == 1
    assert review_mails(mailbox, host.email) == []


async def test_a_request_sent_in_the_last_days_is_not_followed_by_a_reminder(mailbox):
    booking, guest, _ = await stay(ended_days_ago=12)  # inside the last 3 of 14 days

    assert await remind_reviewers() == {"request": 2, "reminder": 0, "failed": 0}
    closes = window_closes_at(booking.ends_at, get_settings().review_window_days)
    assert await remind_reviewers(closes - timedelta(hours=1)) == {"request": 0, "reminder": 0, "failed": 0}

    [request] = review_mails(mailbox, guest.email)
    assert "You can write yours until" in parts(request)[0]  # the request says the deadline itself


async def test_nothing_is_sent_once_the_window_closed(mailbox):
    booking, guest, host = await stay(ended_days_ago=get_settings().review_window_days + 0.01)

    assert await remind_reviewers() == {"request": 0, "reminder": 0, "failed": 0}

    assert review_mails(mailbox, guest.email) == review_mails(mailbox, host.email) == []
    assert await claims(booking.id) == set()


async def test_a_failed_send_leaves_no_claim_and_the_next_run_sends(mailbox, monkeypatch):
    booking, guest, host = await stay()
    monkeypatch.setattr(get_settings(), "smtp_port", free_port())  # nothing listens there

    assert await remind_reviewers() == {"request": 0, "reminder": 0, "failed": 2}
    assert await claims(booking.id) == set()
    assert review_mails(mailbox, guest.email) == []

    monkeypatch.undo()
    assert await remind_reviewers() == {"request": 2, "reminder": 0, "failed": 0}
    assert len(review_mails(mailbox, guest.email)) == len(review_mails(mailbox, host.email)) == 1


async def test_an_inactive_user_gets_nothing(mailbox):
    booking, guest, host = await stay()
    guest.is_active = False
    await guest.save()

    assert await remind_reviewers() == {"request": 1, "reminder": 0, "failed": 0}

    assert review_mails(mailbox, guest.email) == []
    assert len(review_mails(mailbox, host.email)) == 1
    assert await claims(booking.id) == {("host", "request")}


async def test_one_booking_alone_when_named(mailbox):
    named, guest, _ = await stay(start=-60)
    other, other_guest, _ = await stay(start=-50)

    assert await remind_reviewers(booking_id=named.id) == {"request": 2, "reminder": 0, "failed": 0}

    assert len(review_mails(mailbox, guest.email)) == 1
    assert review_mails(mailbox, other_guest.email) == []
    assert await claims(other.id) == set()


async def test_the_html_part_escapes_what_users_wrote(mailbox):
    listing = await make_listing(title='Loft <b>"bold"</b> & co')
    _, guest, _ = await stay(listing=listing)

    await remind_reviewers()

    [message] = review_mails(mailbox, guest.email)
    text, html = parts(message)
    assert message["Subject"] == 'How was your stay at Loft <b>"bold"</b> & co?'
    assert 'Loft <b>"bold"</b> & co' in text
    assert "Loft &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co" in html
    assert "<b>" not in html
