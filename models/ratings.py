"""Rating figures from running sums: averages, the distribution, a Bayesian ranking score and a
95% interval for the mean. Pure: models.reviews.ReviewStats holds the sums."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

# Two-sided 95% quantiles of Student's t by degrees of freedom (1-30); beyond, the normal's 1.96
# is within 2% (t(30) = 2.042). Published constants, not a model.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


# The prior mean when the platform has no published review at all: the middle of the scale.
EMPTY_PRIOR = 3.0


def t95(degrees: int) -> float:
    return _T95[degrees - 1] if degrees <= len(_T95) else 1.96


@dataclass(frozen=True)
class Sums:
    """The running sums of one subject's published reviews (a ReviewStats row, or none)."""

    count: int = 0
    total: int = 0  # sum of overall ratings
    total_sq: int = 0  # sum of their squares
    distribution: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # reviews of 1..5 stars
    categories: tuple[tuple[str, int], ...] = ()  # (category, sum over `count` reviews)


def average(total: int, count: int) -> float | None:
    return total / count if count else None


def bayesian_score(total: int, count: int, prior_mean: float, prior_weight: float) -> float:
    """The mean pulled toward `prior_mean` as if `prior_weight` reviews of it came first: a listing
    with one 5 ranks below one with fifty 4.9s. No reviews: the prior mean itself."""
    if count + prior_weight <= 0:
        return prior_mean
    return (total + prior_mean * prior_weight) / (count + prior_weight)


def mean_interval(count: int, total: int, total_sq: int) -> tuple[float, float] | None:
    """A 95% confidence interval for the mean rating (Student's t with the sample variance),
    clipped to 1..5. None under two reviews: one rating says nothing of the spread."""
    if count < 2:
        return None
    mean = total / count
    variance = max(total_sq - count * mean * mean, 0.0) / (count - 1)
    half = t95(count - 1) * math.sqrt(variance / count)
    return max(1.0, mean - half), min(5.0, mean + half)


@dataclass(frozen=True)
class HostRecord:
    """A host's last 365 days, as the nightly ranking reads them."""

    rating: float | None
    reviews: int
    completed_stays: int
    host_cancellations: int
    response_rate: float | None  # None until messaging measures it


@dataclass(frozen=True)
class TopHostRule:
    """The documented thresholds of the "top host" badge (README, Reviews)."""

    min_rating: float = 4.8
    min_stays: int = 10
    max_cancellation_rate: float = 0.01
    min_response_rate: float = 0.9  # applies once messaging measures it


def cancellation_rate(record: HostRecord) -> float:
    """Host cancellations among the stays that ended or were cancelled by the host."""
    ended = record.completed_stays + record.host_cancellations
    return record.host_cancellations / ended if ended else 0.0


def is_top_host(record: HostRecord, rule: TopHostRule) -> bool:
    return (
        record.rating is not None
        and record.rating >= rule.min_rating
        and record.completed_stays >= rule.min_stays
        and cancellation_rate(record) < rule.max_cancellation_rate
        and (record.response_rate is None or record.response_rate >= rule.min_response_rate)
    )


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"
