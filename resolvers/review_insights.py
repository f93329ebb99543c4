"""The nightly review jobs and what they feed: each host's standing (the top host badge) and each
listing's trending topics, and a host's insights into the reviews of their listing.

Both jobs are idempotent: they recompute from the reviews and bookings and replace what they
wrote last time, so a second run (or two at once) leaves the same rows.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.settings import get_settings
from models import review_text
from models.listings import Listing
from models.ratings import HostRecord, TopHostRule, cancellation_rate, is_top_host, month_of
from models.reviews import ListingTopic
from models.users import User
from resolvers.review_events import ratings_changed

STANDING_DAYS = 365  # the period a host's standing is read over (README, Reviews)
INSIGHT_MONTHS = 12

# One row per host with any activity in [$1, $2): guest reviews of them published, stays of theirs
# completed (by check-out), or bookings they cancelled. Two aggregates joined, not a query per host.
_HOST_RECORDS = """
WITH reviewed AS (
    SELECT subject_id AS host_id, avg(overall)::float8 AS rating, count(*)::int AS reviews
    FROM reviews
    WHERE side = 'guest' AND status = 'published' AND published_at >= $1 AND published_at < $2
    GROUP BY subject_id
), stayed AS (
    SELECT host_id,
           count(*) FILTER (WHERE status = 'completed' AND ends_at >= $1 AND ends_at < $2)::int
               AS completed_stays,
           count(*) FILTER (WHERE cancel_reason = 'host_cancelled'
                            AND cancelled_at >= $1 AND cancelled_at < $2)::int AS host_cancellations
    FROM bookings
    WHERE (status = 'completed' AND ends_at >= $1 AND ends_at < $2)
       OR (cancel_reason = 'host_cancelled' AND cancelled_at >= $1 AND cancelled_at < $2)
    GROUP BY host_id
)
SELECT coalesce(s.host_id, r.host_id) AS host_id, r.rating, coalesce(r.reviews, 0) AS reviews,
       coalesce(s.completed_stays, 0) AS completed_stays,
       coalesce(s.host_cancellations, 0) AS host_cancellations
FROM stayed s FULL JOIN reviewed r ON r.host_id = s.host_id
"""

_UPSERT_STANDINGS = """
INSERT INTO host_standings (user_id, rating, reviews, completed_stays, host_cancellations,
                            cancellation_rate, response_rate, top_host, computed_at)
SELECT u, ra, rv, cs, hc, cr, rr, th, $9
FROM unnest($1::uuid[], $2::float8[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::float8[],
            $8::bool[]) AS t(u, ra, rv, cs, hc, cr, rr, th)
ON CONFLICT (user_id) DO UPDATE SET
    rating = EXCLUDED.rating, reviews = EXCLUDED.reviews, completed_stays = EXCLUDED.completed_stays,
    host_cancellations = EXCLUDED.host_cancellations, cancellation_rate = EXCLUDED.cancellation_rate,
    response_rate = EXCLUDED.response_rate, top_host = EXCLUDED.top_host, computed_at = EXCLUDED.computed_at
"""

# A host with no activity left in the period has the standing of an empty record: no rating, no
# stays, and so no badge. Their row stays (a standing computed, not one never computed).
_RESET_INACTIVE = """
UPDATE host_standings
SET rating = NULL, reviews = 0, completed_stays = 0, host_cancellations = 0, cancellation_rate = 0,
    response_rate = NULL, top_host = false, computed_at = $2
WHERE NOT (user_id = ANY($1::uuid[]))
  AND (top_host OR reviews <> 0 OR completed_stays <> 0 OR host_cancellations <> 0 OR rating IS NOT NULL)
"""


def top_host_rule() -> TopHostRule:
    s = get_settings()
    return TopHostRule(
        min_rating=s.top_host_min_rating,
        min_stays=s.top_host_min_stays,
        max_cancellation_rate=s.top_host_max_cancellation_rate,
        min_response_rate=s.top_host_min_response_rate,
    )


async def rank_hosts(now: datetime | None = None) -> int:
    """Recompute the standing of every host active in the last STANDING_DAYS days and grant or
    revoke the top host badge. Three statements in one transaction, whatever the number of hosts.
    Returns how many hosts were active."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=STANDING_DAYS)
    rule = top_host_rule()
    async with in_transaction() as conn:
        rows = await conn.execute_query_dict(_HOST_RECORDS, [since, now])
        ids, records = [], []
        for row in rows:
            ids.append(row["host_id"])
            # Messaging does not exist yet: the response rate is absent, and the rule skips it.
            records.append(
                HostRecord(
                    rating=row["rating"],
                    reviews=row["reviews"],
                    completed_stays=row["completed_stays"],
                    host_cancellations=row["host_cancellations"],
                    response_rate=None,
                )
            )
        await conn.execute_query(
            _UPSERT_STANDINGS,
            [
                ids,
                [r.rating for r in records],
                [r.reviews for r in records],
                [r.completed_stays for r in records],
                [r.host_cancellations for r in records],
                [cancellation_rate(r) for r in records],
                [r.response_rate for r in records],
                [is_top_host(r, rule) for r in records],
                now,
            ],
        )
        await conn.execute_query(_RESET_INACTIVE, [ids, now])
    await ratings_changed()  # cached listing pages and searches show the badge
    return len(ids)


# ---- trending topics -------------------------------------------------------------------------

_RECENT = """
SELECT listing_id, text, sentiment FROM reviews
WHERE side = 'guest' AND status = 'published' AND published_at >= $1 AND published_at < $2
  AND listing_id = ANY($3::uuid[])
ORDER BY listing_id, published_at, id
"""
TOPIC_BATCH = 200  # listings whose recent reviews are read at once


async def refresh_topics(now: datetime | None = None, days: int = 180) -> int:
    """Replace each listing's trending topics with those of its guest reviews published in the last
    `days` days; a listing left without such reviews (they aged out or were hidden) loses its
    topics. Returns how many listings had reviews."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    conn = connections.get("default")
    active: list[uuid.UUID] = [
        row["listing_id"]
        for row in await conn.execute_query_dict(
            """SELECT DISTINCT listing_id FROM reviews
               WHERE side = 'guest' AND status = 'published' AND published_at >= $1 AND published_at < $2
               ORDER BY listing_id""",
            [since, now],
        )
    ]
    for start in range(0, len(active), TOPIC_BATCH):
        batch = active[start : start + TOPIC_BATCH]
        corpus: dict[uuid.UUID, list[tuple[str, float]]] = {listing_id: [] for listing_id in batch}
        for row in await conn.execute_query_dict(_RECENT, [since, now, batch]):
            corpus[row["listing_id"]].append((row["text"], row["sentiment"]))
        for listing_id, reviews in corpus.items():
            topics = await asyncio.to_thread(review_text.trending_topics, reviews)  # CPU: yake
            await _replace_topics(listing_id, topics, now)
    await conn.execute_query("DELETE FROM listing_topics WHERE NOT (listing_id = ANY($1::uuid[]))", [active])
    return len(active)


async def _replace_topics(listing_id: uuid.UUID, topics: list[review_text.Topic], now: datetime) -> None:
    async with in_transaction() as conn:
        # Two runs at once queue here rather than collide on the UNIQUE (listing, polarity, phrase).
        await conn.execute_query(
            "SELECT pg_advisory_xact_lock(hashtext($1))", [f"listing_topics:{listing_id}"]
        )
        await conn.execute_query("DELETE FROM listing_topics WHERE listing_id = $1", [listing_id])
        if topics:
            await conn.execute_query(
                """INSERT INTO listing_topics (listing_id, phrase, polarity, count, computed_at)
                   SELECT $1, p, o, c, $5 FROM unnest($2::text[], $3::text[], $4::int[]) AS t(p, o, c)""",
                [
                    listing_id,
                    [t.phrase[:100] for t in topics],
                    [t.polarity for t in topics],
                    [t.count for t in topics],
                    now,
                ],
            )


# ---- insights --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthSentiment:
    month: str  # YYYY-MM (UTC)
    reviews: int
    sentiment: float | None  # average VADER compound; None in a month without reviews
    overall: float | None  # average overall rating


@dataclass(frozen=True)
class TopicCount:
    phrase: str
    count: int  # in how many recent reviews it occurs


@dataclass(frozen=True)
class Insights:
    listing_id: uuid.UUID
    months: list[MonthSentiment]  # the last INSIGHT_MONTHS calendar months, oldest first
    positive: list[TopicCount]
    negative: list[TopicCount]
    topics_computed_at: datetime | None  # when refresh_topics last found topics for the listing


def _months_back(now: datetime, count: int) -> list[datetime]:
    """The first instants of the `count` calendar months up to `now`'s, oldest first (UTC)."""
    year, month = now.year, now.month
    starts = []
    for _ in range(count):
        starts.append(datetime(year, month, 1, tzinfo=UTC))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


async def review_insights(
    *, user: User, listing_id: uuid.UUID | None, now: datetime | None = None
) -> Insights:
    """Sentiment over time and trending topics of a listing's guest reviews: for its host and
    admins. Anyone else is told there is no such listing, so ids cannot be probed."""
    listing = await Listing.get_or_none(id=listing_id) if listing_id else None
    if listing is None or not (listing.host_id == user.id or user.is_admin):
        raise DomainError(ErrorCode.NOT_FOUND, "No such listing of yours.", "listing_id")
    now = (now or datetime.now(UTC)).astimezone(UTC)
    starts = _months_back(now, INSIGHT_MONTHS)
    rows = await connections.get("default").execute_query_dict(
        """SELECT date_trunc('month', published_at AT TIME ZONE 'UTC') AS month, count(*)::int AS n,
                  avg(sentiment)::float8 AS sentiment, avg(overall)::float8 AS overall
           FROM reviews
           WHERE listing_id = $1 AND side = 'guest' AND status = 'published' AND published_at >= $2
           GROUP BY 1""",
        [listing.id, starts[0]],
    )
    by_month = {month_of(row["month"]): row for row in rows}
    months = []
    for start in starts:
        row = by_month.get(month_of(start))
        months.append(
            MonthSentiment(
                month=month_of(start),
                reviews=row["n"] if row else 0,
                sentiment=row["sentiment"] if row else None,
                overall=row["overall"] if row else None,
            )
        )
    topics = await ListingTopic.filter(listing_id=listing.id).order_by("-count", "phrase")
    return Insights(
        listing_id=listing.id,
        months=months,
        positive=[TopicCount(t.phrase, t.count) for t in topics if t.polarity == "positive"],
        negative=[TopicCount(t.phrase, t.count) for t in topics if t.polarity == "negative"],
        topics_computed_at=max((t.computed_at for t in topics), default=None),
    )
