"""Moderation: admins hide or restore a review with a reason (kept in an append-only trail), and
work through a queue of held and reported reviews."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from models.reviews import (
    MAX_NOTE,
    ModerationAction,
    ModerationMove,
    Review,
    ReviewReport,
    ReviewStatus,
    check_note,
    moderate,
)
from models.users import User
from resolvers.paging import Page, keyset_page
from resolvers.review_events import announce_published, ratings_changed


async def moderate_review(
    *, admin: User, review_id: uuid.UUID | None, move: ModerationMove, reason: str
) -> Review:
    """Hide (it leaves every aggregate) or restore (it counts again, exactly as before) a review;
    either way its open reports are resolved. The aggregates follow in this same transaction
    (the `reviews_count` trigger)."""
    reason = check_note(reason, "reason", limit=MAX_NOTE, required=True)
    now = datetime.now(UTC)
    async with in_transaction():
        review = await Review.filter(id=review_id).select_for_update().first() if review_id else None
        if review is None or review.status is ReviewStatus.PENDING:  # blind: not a moderator's yet
            raise DomainError(ErrorCode.NOT_FOUND, "No such review.", "review_id")
        open_reports = ReviewReport.filter(review_id=review.id, resolved_at=None)
        before = review.status
        after = moderate(move, before, await open_reports.count())
        if after is not before:
            review.status = after
            if after is ReviewStatus.PUBLISHED and review.published_at is None:
                review.published_at = now  # a held review, released by a moderator
            await review.save(update_fields=["status", "published_at", "updated_at"])
        await ModerationAction.create(
            review_id=review.id,
            admin_id=admin.id,
            move=move,
            from_status=before,
            to_status=after,
            reason=reason,
        )
        await open_reports.update(resolved_at=now)
    if after is ReviewStatus.PUBLISHED and before is not ReviewStatus.PUBLISHED:
        await announce_published([review])
    elif after is not before:
        await ratings_changed()
    return review


async def moderation_queue(*, first: int | None, after: str | None) -> Page[Review]:
    """Held reviews and reviews with open reports, oldest first."""
    reported = ReviewReport.filter(resolved_at=None).values("review_id")
    query = Review.filter(Q(status=ReviewStatus.HELD) | Q(id__in=Subquery(reported)))
    return await keyset_page(query, order=("created_at", "id"), first=first, after=after)
