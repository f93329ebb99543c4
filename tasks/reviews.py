"""Review jobs: beat publishes what is left blind when windows close (every 10 minutes), and
nightly ranks hosts (the top host badge) and refreshes each listing's trending topics."""

from __future__ import annotations

from resolvers import review_insights
from resolvers.reviews import release_closed_windows
from tasks.app import LONG_JOB, celery_app, run_async

RELEASE_REVIEWS = "tasks.reviews.release_reviews"
RANK_HOSTS = "tasks.reviews.rank_hosts"
REFRESH_TOPICS = "tasks.reviews.refresh_topics"


@celery_app.task(name=RELEASE_REVIEWS, **LONG_JOB)
def release_reviews() -> int:
    """Idempotent: a review is released once, under its booking's row lock."""
    return run_async(release_closed_windows)


@celery_app.task(name=RANK_HOSTS, **LONG_JOB)
def rank_hosts() -> int:
    """Idempotent: every standing is recomputed from the last 365 days and replaced."""
    return run_async(review_insights.rank_hosts)


@celery_app.task(name=REFRESH_TOPICS, **LONG_JOB)
def refresh_topics() -> int:
    """Idempotent: each listing's topics are recomputed and replaced in one transaction."""
    return run_async(review_insights.refresh_topics)
