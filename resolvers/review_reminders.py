"""The review emails: a request to each side of a stay when it completes, and a reminder to a side
that has not reviewed when its window closes within review_reminder_days.

Each email goes out once per (booking, side, kind). The ReviewReminder row is the claim: it is
inserted (ON CONFLICT DO NOTHING) and the email sent in one transaction, so a send that fails rolls
the claim back for a later run, and a concurrent run's INSERT waits on the uncommitted row and
then finds it taken. The one gap left is a commit lost after the SMTP server accepted the email:
that email may go out again, which beats never sending it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.transactions import in_transaction

from core import mail
from core.settings import get_settings
from models.reviews import ReminderKind, ReviewSide, mail_due, window_closes_at
from resolvers.booking_events import booking_global_id

log = logging.getLogger(__name__)

BATCH = 500

# Each side of each completed booking whose window is still open, with whom it concerns, when
# nothing can be owed to it left out: its review is written, its user is inactive, its reminder
# is sent, or its request is and the last days have not begun. `mail_due` makes the exact call.
_CANDIDATES = """
SELECT b.id AS booking_id, s.side, b.check_in, b.check_out, b.ends_at, b.time_zone,
       l.title, u.email, u.first_name, g.first_name AS guest_first_name,
       (SELECT r.sent_at FROM review_reminders r
         WHERE r.booking_id = b.id AND r.side = s.side AND r.kind = 'request') AS request_sent_at
  FROM bookings b
  JOIN listings l ON l.id = b.listing_id
  JOIN users g ON g.id = b.guest_id
  CROSS JOIN (VALUES ('guest'), ('host')) AS s(side)
  JOIN users u ON u.id = CASE s.side WHEN 'guest' THEN b.guest_id ELSE b.host_id END
 WHERE b.status = 'completed'
   AND b.ends_at > $1::timestamptz - make_interval(days => $2)
   AND ($3::uuid IS NULL OR b.id = $3::uuid)
   AND u.is_active
   AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.booking_id = b.id AND v.side = s.side)
   AND NOT EXISTS (SELECT 1 FROM review_reminders r
                    WHERE r.booking_id = b.id AND r.side = s.side AND r.kind = 'reminder')
   AND (NOT EXISTS (SELECT 1 FROM review_reminders r
                     WHERE r.booking_id = b.id AND r.side = s.side AND r.kind = 'request')
        OR b.ends_at + make_interval(days => $2 - $7) <= $1::timestamptz)  -- the last days
   AND (b.id, s.side) > ($4::uuid, $5::text)
 ORDER BY b.id, s.side
 LIMIT $6
"""

# The claim, refused (no row back) when taken or when the side's review came in meanwhile.
_CLAIM = """
INSERT INTO review_reminders (booking_id, side, kind, sent_at)
SELECT $1::uuid, $2::varchar, $3::varchar, $4::timestamptz
 WHERE NOT EXISTS (SELECT 1 FROM reviews v WHERE v.booking_id = $1::uuid AND v.side = $2::varchar)
ON CONFLICT (booking_id, side, kind) DO NOTHING
RETURNING id
"""


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _deadline(closes_at: datetime, time_zone: str) -> str:
    local = closes_at.astimezone(ZoneInfo(time_zone))
    return f"{_day(local.date())}, {local:%H:%M} ({time_zone} time)"


def review_link(booking_id: uuid.UUID) -> str:
    """Where the email sends its reader: the booking's review page (global id, URL-quoted: it is
    base64 and may hold a '/')."""
    return f"{get_settings().links_url}/bookings/{quote(booking_global_id(booking_id), safe='')}/review"


@dataclass(frozen=True)
class _Due:
    booking_id: uuid.UUID
    side: ReviewSide
    kind: ReminderKind
    to: str
    context: dict[str, str]


def _due(row: dict[str, Any], now: datetime, window_days: int, reminder_days: int) -> _Due | None:
    closes_at = window_closes_at(row["ends_at"], window_days)
    kind = mail_due(now, closes_at, reminder_days, row["request_sent_at"])
    if kind is None:
        return None
    side = ReviewSide(row["side"])
    if side is ReviewSide.GUEST:
        question = f"How was your stay at {row['title']}?"
        ask = f"Tell future guests what staying at {row['title']} was like, and rate your stay."
    else:
        question = f"How was {row['guest_first_name']}?"
        ask = f"Tell other hosts what hosting {row['guest_first_name']} at {row['title']} was like."
    context = {
        "name": row["first_name"],
        "question": question,
        "ask": ask,
        "title": row["title"],
        "check_in": _day(row["check_in"]),
        "check_out": _day(row["check_out"]),
        "deadline": _deadline(closes_at, row["time_zone"]),
        "link": review_link(row["booking_id"]),
    }
    return _Due(row["booking_id"], side, kind, row["email"], context)


class _SendFailed(Exception):
    """Raised inside the claim's transaction so that it rolls back."""


async def _claim_and_send(due: _Due, now: datetime) -> bool:
    """Whether this run sent it: False when another run holds or made the claim."""
    async with in_transaction() as conn:
        claimed = await conn.execute_query_dict(_CLAIM, [due.booking_id, due.side.value, due.kind, now])
        if not claimed:
            return False
        message = mail.render(f"review_{due.kind}", due.to, **due.context)
        try:
            # smtplib blocks: in a thread, so other work on this loop (a concurrent run) goes on.
            await asyncio.to_thread(mail.send, message)
        except OSError as exc:  # smtplib.SMTPException is an OSError too
            raise _SendFailed(str(exc)) from exc
    return True


async def remind_reviewers(
    now: datetime | None = None, booking_id: uuid.UUID | None = None
) -> dict[str, int]:
    """Send the review requests and reminders due at `now` (of `booking_id` alone when given).
    Returns how many of each went out, and how many failed (their claims rolled back: the next
    run tries them again). Idempotent: running it twice, or two at once, sends nothing twice."""
    now = now or datetime.now(UTC)
    settings = get_settings()
    window_days, reminder_days = settings.review_window_days, settings.review_reminder_days
    counts = {"request": 0, "reminder": 0, "failed": 0}
    after: tuple[uuid.UUID, str] = (uuid.UUID(int=0), "")
    conn = connections.get("default")
    while True:
        rows = await conn.execute_query_dict(
            _CANDIDATES, [now, window_days, booking_id, after[0], after[1], BATCH, reminder_days]
        )
        for row in rows:
            due = _due(row, now, window_days, reminder_days)
            if due is None:
                continue
            try:
                if await _claim_and_send(due, now):
                    counts[due.kind] += 1
            except _SendFailed as exc:
                counts["failed"] += 1
                log.warning(
                    "review %s for booking %s (%s) not sent, retried next run: %s",
                    due.kind,
                    due.booking_id,
                    due.side.value,
                    exc,
                )
        if len(rows) < BATCH:
            return counts
        after = (rows[-1]["booking_id"], rows[-1]["side"])
