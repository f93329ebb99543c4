"""Reads of reviews: a listing's and a user's published reviews, and the stays awaiting the
viewer's review."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tortoise.expressions import Q

from core.settings import get_settings
from models.bookings import Booking, BookingStatus
from models.reviews import Review, ReviewSide, ReviewStatus, window_closes_at
from models.users import User
from resolvers.paging import Page, keyset_page


class ReviewSort(StrEnum):
    NEWEST = "newest"
    HIGHEST = "highest"
    LOWEST = "lowest"


ORDERS: dict[ReviewSort, tuple[str, ...]] = {
    ReviewSort.NEWEST: ("-published_at", "-id"),
    ReviewSort.HIGHEST: ("-overall", "-published_at", "-id"),
    ReviewSort.LOWEST: ("overall", "-published_at", "-id"),
}


async def published_reviews(
    *,
    side: ReviewSide,
    sort: ReviewSort,
    first: int | None,
    after: str | None,
    total: int,
    listing_id: uuid.UUID | None = None,
    subject_id: uuid.UUID | None = None,
) -> Page[Review]:
    """A page of the published reviews of one side about a listing or a user. `total` comes from
    the aggregates (the published count), so a page is one query."""
    # The authors come with the page (one query, not a second batch of users after it).
    query = Review.filter(side=side, status=ReviewStatus.PUBLISHED).select_related("author")
    if listing_id is not None:
        query = query.filter(listing_id=listing_id)
    if subject_id is not None:
        query = query.filter(subject_id=subject_id)
    return await keyset_page(query, order=ORDERS[sort], first=first, after=after, total=total)


@dataclass(frozen=True)
class ReviewToWrite:
    booking: Booking
    side: ReviewSide
    deadline: datetime


async def reviews_to_write(user: User, now: datetime | None = None) -> list[ReviewToWrite]:
    """The viewer's completed stays (as guest or host) whose window is open and that lack their
    review, the closest deadline first."""
    now = now or datetime.now(UTC)
    days = get_settings().review_window_days
    bookings = await Booking.filter(
        Q(guest_id=user.id) | Q(host_id=user.id),
        status=BookingStatus.COMPLETED,
        ends_at__gt=now - timedelta(days=days),
    ).order_by("ends_at", "id")
    written = set(
        await Review.filter(booking_id__in=[b.id for b in bookings], author_id=user.id).values_list(
            "booking_id", flat=True
        )
    )
    due = []
    for booking in bookings:
        if booking.id not in written:
            side = ReviewSide.GUEST if booking.guest_id == user.id else ReviewSide.HOST
            due.append(ReviewToWrite(booking, side, window_closes_at(booking.ends_at, days)))
    return due
