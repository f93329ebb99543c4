"""The nightly review jobs on real rows: rank_hosts grants the top host badge exactly at the documented
thresholds (README, Reviews) over the last 365 days, and refresh_topics replaces each listing's
trending topics with those of its recent published reviews."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from models.reviews import HostStanding, ListingTopic, ModerationMove, ReportReason, Review
from resolvers.review_insights import rank_hosts, refresh_topics
from resolvers.review_moderation import moderate_review
from resolvers.reviews import release, report_review, write_review
from tests.booking_helpers import booking_row, day, make_listing
from tests.conftest import create_user, table_digests
from tests.review_helpers import GUEST_TEXT, completed_stay

RATINGS = {"cleanliness": 5, "accuracy": 5, "check_in": 5, "communication": 5, "location": 5, "value": 5}


async def publish(review_ids: Sequence[uuid.UUID], when: datetime) -> None:
    """End the blind of these reviews at `when`, as the release job does when their window closes."""
    async with in_transaction():
        reviews = list(await Review.filter(id__in=list(review_ids)).select_for_update().order_by("id"))
        await release(reviews, when)


class Stays:
    """One listing's stays, each on its own nights, by one guest."""

    def __init__(self, listing: Any, guest: Any) -> None:
        self.listing, self.guest, self.next_start = listing, guest, -40

    @classmethod
    async def new(cls, listing: Any = None) -> Stays:
        listing = listing or await make_listing()
        guest = await create_user(f"guest-{uuid.uuid4().hex[:8]}@example.com", first_name="Gwen")
        return cls(listing, guest)

    @property
    def host_id(self) -> uuid.UUID:
        return self.listing.host_id  # type: ignore[no-any-return]

    async def stay(self, ended_days_ago: float = 1) -> uuid.UUID:
        self.next_start -= 3
        return await completed_stay(
            self.listing, self.guest, ended_days_ago=ended_days_ago, start=self.next_start
        )

    async def plain(self, count: int, ended_days_ago: float = 1) -> None:
        for _ in range(count):
            await self.stay(ended_days_ago)

    async def reviewed(
        self,
        overalls: Sequence[int],
        texts: Sequence[str] | None = None,
        published_at: datetime | None = None,
    ) -> list[uuid.UUID]:
        """A stay per rating, each with its guest's review, all published at `published_at`."""
        ids = []
        for i, overall in enumerate(overalls):
            booking_id = await self.stay()
            review = await write_review(
                user=self.guest,
                booking_id=booking_id,
                ratings={"overall": overall, **RATINGS},
                text=texts[i] if texts else GUEST_TEXT,
            )
            ids.append(review.id)
        await publish(ids, published_at or datetime.now(UTC) - timedelta(hours=1))
        assert await Review.filter(id__in=ids, status="published").count() == len(ids)  # none held
        return ids

    async def host_cancellation(self, cancelled_at: datetime) -> uuid.UUID:
        """A confirmed booking the host cancelled at `cancelled_at`, its nights freed."""
        self.next_start -= 3
        booking_id = await booking_row(self.listing.id, day(400 + self.next_start), guest_id=self.guest.id)
        async with in_transaction() as conn:
            await conn.execute_query(
                "UPDATE bookings SET status = 'cancelled', cancel_reason = 'host_cancelled',"
                " cancelled_at = $2, cancelled_by_id = $3 WHERE id = $1",
                [booking_id, cancelled_at, self.host_id],
            )
            await conn.execute_query("DELETE FROM nights WHERE booking_id = $1", [booking_id])
        return booking_id


async def standing(host_id: uuid.UUID) -> HostStanding:
    return await HostStanding.get(user_id=host_id)


async def test_the_badge_is_granted_exactly_at_the_thresholds():
    at_rating = await Stays.new()
    await at_rating.reviewed([5] * 8 + [4] * 2)  # 48 / 10 = 4.8 over 10 stays
    below_rating = await Stays.new()
    await below_rating.reviewed([5] * 15 + [4] * 4)  # 91 / 19 = 4.79 over 19 stays
    below_stays = await Stays.new()
    await below_stays.reviewed([5] * 9)  # 5.0 over 9 stays
    cancelling = await Stays.new()
    await cancelling.reviewed([5] * 10)
    await cancelling.plain(89)
    await cancelling.host_cancellation(datetime.now(UTC) - timedelta(days=30))  # 1 / (99 + 1) = 1%
    no_activity = await create_user("idle-host@example.com", is_host=True)

    now = datetime.now(UTC)
    assert await rank_hosts(now) == 4
    top = await standing(at_rating.host_id)
    assert (top.rating, top.reviews, top.completed_stays, top.host_cancellations) == (4.8, 10, 10, 0)
    assert top.top_host is True
    assert top.cancellation_rate == 0.0
    assert top.response_rate is None  # messaging does not measure it yet: absent, not faked
    assert top.computed_at == now

    low = await standing(below_rating.host_id)
    assert low.rating == pytest.approx(91 / 19)
    assert (low.reviews, low.completed_stays, low.top_host) == (19, 19, False)
    few = await standing(below_stays.host_id)
    assert (few.rating, few.completed_stays, few.top_host) == (5.0, 9, False)
    cancelled = await standing(cancelling.host_id)
    assert (cancelled.rating, cancelled.completed_stays, cancelled.host_cancellations) == (5.0, 99, 1)
    assert cancelled.cancellation_rate == pytest.approx(0.01)
    assert cancelled.top_host is False
    assert not await HostStanding.exists(user_id=no_activity.id)

    # Idempotent: the same run again writes the same rows.
    before = await table_digests(["host_standings"])
    assert await rank_hosts(now) == 4
    assert await table_digests(["host_standings"]) == before

    # One more completed stay takes the cancellation rate just under 1%.
    await cancelling.plain(1)
    await rank_hosts(now)
    cancelled = await standing(cancelling.host_id)
    assert cancelled.cancellation_rate == pytest.approx(1 / 101)
    assert cancelled.top_host is True


async def test_a_badge_is_revoked_when_the_host_no_longer_qualifies():
    stays = await Stays.new()
    await stays.reviewed([5] * 10)
    await rank_hosts()
    assert (await standing(stays.host_id)).top_host is True

    await stays.host_cancellation(datetime.now(UTC) - timedelta(minutes=5))
    await rank_hosts()
    revoked = await standing(stays.host_id)
    assert (revoked.top_host, revoked.host_cancellations) == (False, 1)
    assert revoked.cancellation_rate == pytest.approx(1 / 11)


async def test_activity_older_than_365_days_is_ignored():
    now = datetime.now(UTC)
    stays = await Stays.new()
    await stays.reviewed([5] * 10)  # stays ended a day ago, reviews published an hour ago
    await stays.plain(3, ended_days_ago=400)
    await stays.host_cancellation(now - timedelta(days=400))
    [old_review] = await stays.reviewed([1], published_at=now - timedelta(days=366))

    await rank_hosts(now)
    ranked = await standing(stays.host_id)
    # The old stays, the old cancellation and the old 1-star review are out of the period; the
    # stay of the old review ended a day ago, so it counts as a stay.
    assert (ranked.rating, ranked.reviews, ranked.completed_stays, ranked.host_cancellations) == (
        5.0,
        10,
        11,
        0,
    )
    assert ranked.top_host is True
    assert await Review.filter(id=old_review, status="published").exists()

    # A year on, nothing of it is left in the period: the host is no longer active, the badge goes.
    later = now + timedelta(days=366)
    await rank_hosts(later)
    gone = await standing(stays.host_id)
    assert (gone.rating, gone.reviews, gone.completed_stays, gone.host_cancellations) == (None, 0, 0, 0)
    assert (gone.top_host, gone.computed_at) == (False, later)


# ---- trending topics -------------------------------------------------------------------------

POSITIVE = [
    "Great location near the station, and the kitchen was spotless. Lovely stay.",
    "Lovely flat with a great location; the spotless kitchen made cooking a joy.",
    "The location is great and the host was very kind. Wonderful stay overall.",
]
NEGATIVE = [
    "Terrible street noise all night and the shower was broken. Disappointing.",
    "The shower was broken on arrival and the street noise was awful.",
]
EXPECTED = [
    ("positive", "great", 3),
    ("positive", "location", 3),
    ("positive", "great location", 2),
    ("positive", "lovely", 2),
    ("positive", "stay", 2),
    ("negative", "broken", 2),
    ("negative", "noise", 2),
    ("negative", "shower", 2),
    ("negative", "street", 2),
    ("negative", "street noise", 2),
]


async def topics(listing_id: uuid.UUID) -> list[tuple[str, str, int]]:
    rows = await ListingTopic.filter(listing_id=listing_id).order_by("-polarity", "-count", "phrase")
    return [(t.polarity, t.phrase, t.count) for t in rows]


async def test_refresh_topics_counts_phrases_by_polarity_and_replaces_old_rows():
    now = datetime.now(UTC)
    stays = await Stays.new()
    await stays.reviewed([5, 5, 5], POSITIVE)
    await stays.reviewed([2, 2], NEGATIVE)
    await stays.reviewed([5], [POSITIVE[1]], published_at=now - timedelta(days=200))  # too old to count
    listing = stays.listing
    await ListingTopic.create(
        listing_id=listing.id, phrase="old phrase", polarity="positive", count=9, computed_at=now
    )
    quiet = await make_listing(await create_user("quiet-host@example.com", is_host=True))
    await ListingTopic.create(
        listing_id=quiet.id, phrase="stale", polarity="negative", count=2, computed_at=now
    )

    assert await refresh_topics(now) == 1
    assert await topics(listing.id) == EXPECTED  # "old phrase" is gone
    assert {t.computed_at for t in await ListingTopic.filter(listing_id=listing.id)} == {now}
    assert await topics(quiet.id) == []  # no recent reviews: no topics

    assert await refresh_topics(now) == 1  # idempotent: the same rows again
    assert await topics(listing.id) == EXPECTED
    assert await ListingTopic.all().count() == len(EXPECTED)


async def test_hidden_reviews_leave_the_topics():
    stays = await Stays.new()
    await stays.reviewed([5, 5, 5], POSITIVE)
    negative = await stays.reviewed([2, 2], NEGATIVE)
    admin = await create_user("admin@example.com", is_admin=True)
    reader = await create_user("reader@example.com")

    async def hide(review_id: uuid.UUID) -> None:  # a moderator hides a published review once reported
        await report_review(user=reader, review_id=review_id, reason=ReportReason.NOT_ABOUT_THE_STAY)
        await moderate_review(admin=admin, review_id=review_id, move=ModerationMove.HIDE, reason="Not a stay")

    await refresh_topics()
    assert await topics(stays.listing.id) == EXPECTED

    for review_id in negative:
        await hide(review_id)
    await refresh_topics()
    assert await topics(stays.listing.id) == [t for t in EXPECTED if t[0] == "positive"]

    for review_id in await Review.filter(listing_id=stays.listing.id, status="published").values_list(
        "id", flat=True
    ):
        await hide(review_id)
    assert await refresh_topics() == 0
    assert await topics(stays.listing.id) == []
