"""GraphQL types of ratings and standing: what published reviews add up to for a listing, a host
or a guest, and a host's nightly standing (the top host badge)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry

from core.settings import get_settings
from models import ratings
from models.reviews import ALL_CATEGORIES, PLATFORM_ID, ReviewStats, StatsSubject
from schema.context import Info


@strawberry.type(description="Ratings 1-5 by category; null for those the review's side does not rate.")
class CategoryRatings:
    cleanliness: float | None = None
    accuracy: float | None = None
    check_in: float | None = None
    communication: float | None = None
    location: float | None = None
    value: float | None = None
    house_rules: float | None = None


# ---- ratings -----------------------------------------------------------------------------------


@strawberry.type
class StarCount:
    stars: int
    count: int


@strawberry.type(description="A 95% confidence interval for the mean rating.")
class RatingInterval:
    low: float
    high: float


@strawberry.type(description="What the published reviews add up to.")
class Rating:
    count: int
    average: float | None = strawberry.field(description="Mean overall rating; null without reviews.")
    score: float = strawberry.field(
        description="The ranking score: the mean pulled toward the platform's mean as if "
        "RATING_PRIOR_REVIEWS reviews of it came first (so one 5 ranks below fifty 4.9s)."
    )
    interval: RatingInterval | None = strawberry.field(
        description="95% interval for the mean (Student's t); null under two reviews."
    )
    distribution: list[StarCount] = strawberry.field(description="Reviews of 5, 4, 3, 2 and 1 stars.")
    categories: CategoryRatings


def rating_of(stats: ReviewStats | None, platform: ReviewStats | None) -> Rating:
    count = stats.count if stats else 0
    total = stats.sum_overall if stats else 0
    prior = (
        ratings.average(platform.sum_overall, platform.count) if platform else None
    ) or ratings.EMPTY_PRIOR
    interval = ratings.mean_interval(count, total, stats.sum_overall_sq) if stats else None
    stars = (stats.n5, stats.n4, stats.n3, stats.n2, stats.n1) if stats else (0, 0, 0, 0, 0)
    categories: dict[str, float | None] = {}
    if stats and count:
        for name in ALL_CATEGORIES:
            value = getattr(stats, f"sum_{name}")
            categories[name] = value / count if value else None  # 0: a category of the other side
    return Rating(
        count=count,
        average=ratings.average(total, count),
        score=ratings.bayesian_score(total, count, prior, get_settings().rating_prior_reviews),
        interval=RatingInterval(low=interval[0], high=interval[1]) if interval else None,
        distribution=[StarCount(stars=5 - i, count=n) for i, n in enumerate(stars)],
        categories=CategoryRatings(**categories),
    )


async def rating_for(info: Info, subject: StatsSubject, subject_id: uuid.UUID) -> Rating:
    """The rating of a subject, with the platform's prior: one batched query for the whole page."""
    loader = info.context.loaders.stats_by_subject
    stats, platform = await loader.load_many([(subject, subject_id), (StatsSubject.PLATFORM, PLATFORM_ID)])
    return rating_of(stats, platform)


async def top_host(info: Info, host_id: uuid.UUID) -> bool:
    standing = await info.context.loaders.standing_by_host.load(host_id)
    return standing is not None and standing.top_host


@strawberry.type(
    name="HostStanding",
    description="A host's last 365 days, computed nightly; the cancellation figures are for the "
    "host themselves and admins only (null for others).",
)
class HostStandingType:
    rating: float | None = strawberry.field(description="Mean overall of the guest reviews published.")
    reviews: int
    completed_stays: int
    host_cancellations: int | None
    cancellation_rate: float | None = strawberry.field(
        description="Host cancellations / (completed stays + host cancellations)."
    )
    response_rate: float | None = strawberry.field(description="Null: messaging does not measure it yet.")
    top_host: bool
    computed_at: datetime


async def standing_of(info: Info, host: Any) -> HostStandingType | None:
    """The standing of `host` (a users row): one batched query for the whole page."""
    row = await info.context.loaders.standing_by_host.load(host.id)
    if row is None:
        return None
    private = info.context.sees_private(host)
    return HostStandingType(
        rating=row.rating,
        reviews=row.reviews,
        completed_stays=row.completed_stays,
        host_cancellations=row.host_cancellations if private else None,
        cancellation_rate=row.cancellation_rate if private else None,
        response_rate=row.response_rate,
        top_host=row.top_host,
        computed_at=row.computed_at,
    )
