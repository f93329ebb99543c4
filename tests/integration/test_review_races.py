"""Concurrent attacks on the review rules, on the real database.

Each coroutine below calls a resolver that runs its own transaction on its own pooled connection,
and asyncio.gather fires them together, so the races are real. Afterwards the rows are read
back: one review per side of a booking, both sides published together, one response, one report
per user, and every `review_stats` row equal to a recomputation from the review rows in SQL.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Iterable
from typing import Any

from tortoise import connections

from core.errors import DomainError, ErrorCode
from models.listings import Listing
from models.reviews import ModerationMove, ReportReason, Review, ReviewReport, ReviewStatus
from models.users import User
from resolvers.review_moderation import moderate_review
from resolvers.reviews import report_review, respond_to_review, write_review
from tests.booking_helpers import make_listing
from tests.conftest import create_user
from tests.review_helpers import GUEST_TEXT, HOST_TEXT, completed_stay

GUEST_RATINGS = {
    "cleanliness": 5,
    "accuracy": 4,
    "check_in": 5,
    "communication": 4,
    "location": 3,
    "value": 4,
}
HOST_RATINGS = {"house_rules": 5, "communication": 4, "cleanliness": 3}

STATS_COLUMNS = (
    "count", "sum_overall", "sum_overall_sq", "n1", "n2", "n3", "n4", "n5", "sum_cleanliness",
    "sum_accuracy", "sum_check_in", "sum_communication", "sum_location", "sum_value", "sum_house_rules",
)  # fmt: skip

# Every aggregate, from the published reviews alone: a guest's review counts for its listing, its
# host and the platform; a host's for its guest.
RECOMPUTED = """
SELECT k.subject_type, k.subject_id,
    count(*) AS count, sum(r.overall) AS sum_overall, sum(r.overall * r.overall) AS sum_overall_sq,
    count(*) FILTER (WHERE r.overall = 1) AS n1, count(*) FILTER (WHERE r.overall = 2) AS n2,
    count(*) FILTER (WHERE r.overall = 3) AS n3, count(*) FILTER (WHERE r.overall = 4) AS n4,
    count(*) FILTER (WHERE r.overall = 5) AS n5,
    coalesce(sum(r.cleanliness), 0) AS sum_cleanliness, coalesce(sum(r.accuracy), 0) AS sum_accuracy,
    coalesce(sum(r.check_in), 0) AS sum_check_in, coalesce(sum(r.communication), 0) AS sum_communication,
    coalesce(sum(r.location), 0) AS sum_location, coalesce(sum(r.value), 0) AS sum_value,
    coalesce(sum(r.house_rules), 0) AS sum_house_rules
FROM reviews r
CROSS JOIN LATERAL (
    SELECT 'listing' AS subject_type, r.listing_id AS subject_id WHERE r.side = 'guest'
    UNION ALL SELECT 'host', r.subject_id WHERE r.side = 'guest'
    UNION ALL SELECT 'platform', '00000000-0000-0000-0000-000000000000'::uuid WHERE r.side = 'guest'
    UNION ALL SELECT 'guest', r.subject_id WHERE r.side = 'host'
) AS k
WHERE r.status = 'published'
GROUP BY k.subject_type, k.subject_id
"""


async def assert_stats_match_the_rows() -> int:
    """Every review_stats row equals its recomputation from `reviews`, column by column; a subject
    whose reviews are all hidden keeps a row of zeros. Returns the subjects counted."""
    conn = connections.get("default")
    expected = {
        (row["subject_type"], str(row["subject_id"])): tuple(int(row[c]) for c in STATS_COLUMNS)
        for row in await conn.execute_query_dict(RECOMPUTED)
    }
    actual = {
        (row["subject_type"], str(row["subject_id"])): tuple(int(row[c]) for c in STATS_COLUMNS)
        for row in await conn.execute_query_dict("SELECT * FROM review_stats")
    }
    zeros = (0,) * len(STATS_COLUMNS)
    assert {k: v for k, v in actual.items() if v != zeros} == expected
    return len(expected)


def outcomes(results: Iterable[Any]) -> tuple[list[Any], list[ErrorCode]]:
    """The successes and the DomainError codes of gathered results; anything else fails the test."""
    done, refused = [], []
    for result in results:
        if isinstance(result, DomainError):
            refused.append(result.code)
        elif isinstance(result, BaseException):
            raise result
        else:
            done.append(result)
    return done, refused


async def gather(calls: Iterable[Awaitable[Any]]) -> tuple[list[Any], list[ErrorCode]]:
    return outcomes(await asyncio.gather(*calls, return_exceptions=True))


async def a_guest() -> User:
    user: User = await create_user(f"guest-{uuid.uuid4().hex[:8]}@example.com", first_name="Gwen")
    return user


async def host_of(listing: Listing) -> User:
    return await User.get(id=listing.host_id)  # type: ignore[attr-defined]


def as_guest(user: User, booking_id: uuid.UUID, overall: int = 5) -> Awaitable[Review]:
    ratings = {"overall": overall, **GUEST_RATINGS}
    return write_review(user=user, booking_id=booking_id, ratings=ratings, text=GUEST_TEXT)


def as_host(user: User, booking_id: uuid.UUID, overall: int = 4) -> Awaitable[Review]:
    ratings = {"overall": overall, **HOST_RATINGS}
    return write_review(user=user, booking_id=booking_id, ratings=ratings, text=HOST_TEXT)


async def test_twenty_concurrent_reviews_of_one_side_make_one():
    listing = await make_listing()
    guest = await a_guest()
    booking = await completed_stay(listing, guest)
    done, refused = await gather(as_guest(guest, booking, overall=1 + i % 5) for i in range(20))
    assert len(done) == 1 and refused == [ErrorCode.ALREADY_REVIEWED] * 19
    rows = await Review.filter(booking_id=booking)
    assert [r.id for r in rows] == [done[0].id] and rows[0].status is ReviewStatus.PENDING
    assert await assert_stats_match_the_rows() == 0  # nothing published, nothing counted


async def test_both_sides_at_the_same_instant_are_published_together():
    listing = await make_listing()
    host = await host_of(listing)
    guests = [await a_guest() for _ in range(10)]
    bookings = [await completed_stay(listing, g, start=-30 - 3 * i) for i, g in enumerate(guests)]
    calls = []
    for guest, booking in zip(guests, bookings, strict=True):
        calls += [as_guest(guest, booking), as_host(host, booking)]
    done, refused = await gather(calls)
    assert len(done) == 20 and refused == []
    for booking in bookings:
        pair = await Review.filter(booking_id=booking)
        assert sorted(r.side.value for r in pair) == ["guest", "host"]
        assert {r.status for r in pair} == {ReviewStatus.PUBLISHED}, booking
        assert pair[0].published_at is not None and pair[0].published_at == pair[1].published_at
    assert await assert_stats_match_the_rows() == 3 + 10  # listing, host, platform; each guest


async def test_concurrent_publications_and_moderation_keep_exact_aggregates():
    listing = await make_listing()
    host = await host_of(listing)
    other = await make_listing(host)  # the same host's other listing: its own figures, shared host's
    guests = [await a_guest() for _ in range(5)]
    bookings = []
    for i in range(20):
        booking = await completed_stay(listing, guests[i % 5], start=-30 - 3 * i)
        await as_guest(guests[i % 5], booking, overall=1 + (i * 7) % 5)  # pending, blind
        bookings.append(booking)
    extra = await completed_stay(other, guests[0], start=-30)
    await as_guest(guests[0], extra, overall=2)
    bookings.append(extra)

    # The host's twenty-one reviews, all at once: each releases both sides of its booking.
    done, refused = await gather(as_host(host, b, overall=1 + i % 5) for i, b in enumerate(bookings))
    assert len(done) == 21 and refused == []
    assert await Review.filter(status=ReviewStatus.PUBLISHED).count() == 42
    assert await assert_stats_match_the_rows() == 4 + 5  # two listings, the host, the platform; guests

    admin = await create_user("admin@example.com", is_admin=True)
    guest_side = await Review.filter(side="guest").order_by("id")
    host_side = await Review.filter(side="host").order_by("id")

    def move(review: Review, how: ModerationMove) -> Awaitable[Review]:
        return moderate_review(admin=admin, review_id=review.id, move=how, reason="Race test.")

    # Hides of both sides, each twice at once: one of each pair wins, the other finds it hidden.
    targets = guest_side[:6] + host_side[:4]
    done, refused = await gather(move(r, ModerationMove.HIDE) for r in targets + targets)
    assert len(done) == 10 and refused == [ErrorCode.INVALID_TRANSITION] * 10
    assert await assert_stats_match_the_rows() >= 4

    # Restores of half of them while others are hidden, all at once.
    calls = [move(r, ModerationMove.RESTORE) for r in targets[::2]]
    calls += [move(r, ModerationMove.HIDE) for r in guest_side[6:10] + host_side[4:6]]
    done, refused = await gather(calls)
    assert len(done) == 11 and refused == []
    hidden = await Review.filter(status=ReviewStatus.HIDDEN).count()
    assert hidden == 10 - 5 + 6
    assert await Review.filter(status=ReviewStatus.PUBLISHED).count() == 42 - hidden
    await assert_stats_match_the_rows()

    # Everything restored: the figures are exactly those of the first publication again.
    await gather(move(r, ModerationMove.RESTORE) for r in await Review.filter(status=ReviewStatus.HIDDEN))
    assert await Review.filter(status=ReviewStatus.PUBLISHED).count() == 42
    assert await assert_stats_match_the_rows() == 9


async def published_pair() -> tuple[User, User, Review]:
    listing = await make_listing()
    host, guest = await host_of(listing), await a_guest()
    booking = await completed_stay(listing, guest)
    review = await as_guest(guest, booking)
    await as_host(host, booking)
    return host, guest, await Review.get(id=review.id)


async def test_a_concurrent_double_response_makes_one():
    host, _, review = await published_pair()
    assert review.status is ReviewStatus.PUBLISHED
    texts = [f"Thank you! (answer {i})" for i in range(2)]
    done, refused = await gather(respond_to_review(user=host, review_id=review.id, text=t) for t in texts)
    assert len(done) == 1 and refused == [ErrorCode.ALREADY_RESPONDED]
    row = await Review.get(id=review.id)
    assert row.response == done[0].response and row.response in texts


async def test_a_concurrent_double_report_by_one_user_makes_one():
    _, _, review = await published_pair()
    reporter = await a_guest()
    reasons = (ReportReason.FAKE, ReportReason.SPAM)
    done, refused = await gather(report_review(user=reporter, review_id=review.id, reason=r) for r in reasons)
    assert len(done) == 1 and refused == [ErrorCode.ALREADY_REPORTED]
    assert await ReviewReport.filter(review_id=review.id).count() == 1
