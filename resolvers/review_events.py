"""Review events for live clients: the other side wrote theirs (nothing of it shown while the blind
lasts), and a review went public. Published after commit, each to whom it concerns."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.relay import to_base64

from core import pubsub
from core.cache import bump_search_generation
from models.reviews import Review, ReviewStatus


async def announce_received(review: Review) -> None:
    """To the one reviewed: their review of the stay is now awaited (the content stays blind)."""
    event = pubsub.Event(
        type="review_received",
        data={"bookingId": to_base64("Booking", str(review.booking_id)), "side": review.side.value},
    )
    await pubsub.publish(pubsub.user_channel(review.subject_id), event)


async def ratings_changed() -> None:
    """After a commit that published, hid or restored reviews: cached listing pages and searches
    (core.cache) show ratings, so the next read must not be served from before it."""
    await bump_search_generation()


async def announce_published(reviews: Iterable[Review]) -> None:
    """To the author and the one reviewed, for each review that went public (a held one only to
    its author, who sees it is under review); and the cached ratings are out of date."""
    await ratings_changed()
    for review in reviews:
        data = {
            "reviewId": to_base64("Review", str(review.id)),
            "bookingId": to_base64("Booking", str(review.booking_id)),
            "side": review.side.value,
            "status": review.status.value,
            "overall": review.overall,
        }
        if review.status is ReviewStatus.PUBLISHED:
            event = pubsub.Event(type="review_published", data=data)
            for user_id in (review.author_id, review.subject_id):
                await pubsub.publish(pubsub.user_channel(user_id), event)
        else:
            await pubsub.publish(pubsub.user_channel(review.author_id), pubsub.Event("review_held", data))
