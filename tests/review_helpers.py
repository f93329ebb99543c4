"""Shared helpers for review tests: completed stays, and the GraphQL of reviews."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from tests.booking_helpers import booking_row, day, make_listing
from tests.conftest import create_user

GUEST_RATINGS = {"cleanliness": 5, "accuracy": 4, "checkIn": 5, "communication": 5, "location": 4, "value": 4}
HOST_RATINGS = {"houseRules": 5, "communication": 4, "cleanliness": 5}
GUEST_TEXT = "Lovely bright flat, spotless kitchen and a very kind host."
HOST_TEXT = "Tidy, quiet and friendly guests; they left the place spotless."

REVIEW_FIELDS = """id side status overall text publishedAt privateNote sentiment
  categories { cleanliness accuracy checkIn communication location value houseRules }
  response { text at } author { id firstName displayName lastName } subject { id }"""
WRITE = (
    "mutation($input: WriteReviewInput!) { writeReview(input: $input) { review {"
    + REVIEW_FIELDS
    + "} errors { code field message } } }"
)
UPDATE = (
    "mutation($input: UpdateReviewInput!) { updateReview(input: $input) { review {"
    + REVIEW_FIELDS
    + "} errors { code field message } } }"
)
RESPOND = """mutation($input: RespondToReviewInput!) { respondToReview(input: $input) {
  review { id response { text at } } errors { code field message } } }"""
REPORT = """mutation($input: ReportReviewInput!) { reportReview(input: $input) {
  review { id } errors { code field message } } }"""
HIDE = """mutation($input: ModerateReviewInput!) { hideReview(input: $input) {
  review { id status } errors { code field message } } }"""
RESTORE = """mutation($input: ModerateReviewInput!) { restoreReview(input: $input) {
  review { id status } errors { code field message } } }"""
RATING_FIELDS = """count average score interval { low high } distribution { stars count }
  categories { cleanliness accuracy checkIn communication location value houseRules }"""


async def completed_stay(
    listing: Any = None, guest: Any = None, *, ended_days_ago: float = 1, nights: int = 2, start: int = -30
) -> uuid.UUID:
    """A booking of `listing` by `guest` (new ones when not given) that checked out
    `ended_days_ago` days ago and is COMPLETED, moved there as the lifecycle job moves it. Its
    nights start `start` days from today (distinct `start`s for stays of one listing)."""
    if listing is None:
        listing = await make_listing()
    if guest is None:
        guest = await create_user(
            f"guest-{uuid.uuid4().hex[:8]}@example.com", first_name="Gwen", last_name="Smith"
        )
    booking_id = await booking_row(listing.id, *[day(start + i) for i in range(nights)], guest_id=guest.id)
    ended = datetime.now(UTC) - timedelta(days=ended_days_ago)
    async with in_transaction() as conn:
        await conn.execute_query(
            "UPDATE bookings SET status = 'in_progress', starts_at = $2, ends_at = $3 WHERE id = $1",
            [booking_id, ended - timedelta(days=nights), ended],
        )
        await conn.execute_query("UPDATE bookings SET status = 'completed' WHERE id = $1", [booking_id])
    return booking_id


def guest_review(booking_gid: str, **overrides: Any) -> dict[str, Any]:
    return {"bookingId": booking_gid, "overall": 5, "text": GUEST_TEXT, **GUEST_RATINGS, **overrides}


def host_review(booking_gid: str, **overrides: Any) -> dict[str, Any]:
    return {"bookingId": booking_gid, "overall": 4, "text": HOST_TEXT, **HOST_RATINGS, **overrides}
