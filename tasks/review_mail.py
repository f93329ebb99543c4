"""Review emails: the request when a stay completes (queued by the booking lifecycle), and beat's
sweep every 15 minutes, which sends whatever is due (a request missed or failed, the reminders)."""

from __future__ import annotations

import uuid

from resolvers.review_reminders import remind_reviewers
from tasks.app import celery_app, run_async

REMIND_REVIEWERS = "tasks.review_mail.remind_reviewers"
REQUEST_REVIEWS = "tasks.review_mail.request_reviews"

__all__ = ["REMIND_REVIEWERS", "REQUEST_REVIEWS", "remind_reviewers", "request_reviews", "sweep_reviewers"]


@celery_app.task(name=REMIND_REVIEWERS)
def sweep_reviewers() -> dict[str, int]:
    """Idempotent: each email is claimed once per booking, side and kind (resolvers.review_reminders)."""
    return run_async(remind_reviewers)


@celery_app.task(name=REQUEST_REVIEWS)
def request_reviews(booking_id: str) -> dict[str, int]:
    """The requests of one booking, right after it completed. A send that fails is left to the sweep."""
    return run_async(remind_reviewers, None, uuid.UUID(booking_id))
