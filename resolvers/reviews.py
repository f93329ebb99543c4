"""Writing reviews: write, edit before publication, the blind release, responses and reports.

Every write locks the booking row first, then its reviews: two sides submitting at the same
instant queue on that lock, so the second sees the first and releases both, once. The screening
(models.review_text) runs before the transaction, in a thread: it is CPU work.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.settings import get_settings
from models import review_text
from models.bookings import Booking, BookingStatus
from models.reviews import (
    EDITABLE,
    MAX_NOTE,
    MAX_TEXT,
    ReportReason,
    Review,
    ReviewReport,
    ReviewSide,
    ReviewStatus,
    check_note,
    check_ratings,
    check_text,
    released_status,
    window_closes_at,
)
from models.users import User
from resolvers.booking_lifecycle import booking_for
from resolvers.review_events import announce_published, announce_received

Ratings = Mapping[str, int | None]


async def analyse(text: str) -> tuple[list[str], float]:
    """The screening flags and the sentiment of a review's text."""
    flags = await asyncio.to_thread(review_text.screen, text)
    return [f.value for f in flags], review_text.sentiment(text)


def side_of(user: User, booking: Booking) -> ReviewSide:
    if user.id == booking.guest_id:
        return ReviewSide.GUEST
    if user.id == booking.host_id:
        return ReviewSide.HOST
    raise DomainError(ErrorCode.NOT_OWNER, "Only the guest and the host review a stay.", "booking_id")


def check_window(booking: Booking, now: datetime) -> None:
    if booking.status is not BookingStatus.COMPLETED:
        raise DomainError(
            ErrorCode.BOOKING_NOT_COMPLETED,
            f"Only a completed stay is reviewed; this booking is {booking.status.value}.",
            "booking_id",
        )
    if now >= window_closes_at(booking.ends_at, get_settings().review_window_days):
        raise DomainError(
            ErrorCode.REVIEW_WINDOW_CLOSED, "The time to review this stay is over.", "booking_id"
        )


async def write_review(
    *, user: User, booking_id: uuid.UUID | None, ratings: Ratings, text: str, private_note: str = ""
) -> Review:
    text = check_text(text)
    private_note = check_note(private_note, "private_note", limit=MAX_NOTE)
    flags, sentiment = await analyse(text)
    now = datetime.now(UTC)
    try:
        async with in_transaction():
            booking = await booking_for(user, booking_id, lock=True)
            side = side_of(user, booking)
            values = check_ratings(side, ratings)
            if private_note and side is ReviewSide.HOST:
                raise DomainError(
                    ErrorCode.INVALID_INPUT, "Only a guest leaves a private note.", "private_note"
                )
            check_window(booking, now)
            if await Review.exists(booking_id=booking.id, side=side):
                raise _already_reviewed()
            review = Review(
                booking_id=booking.id,
                side=side,
                author_id=user.id,
                subject_id=booking.host_id if side is ReviewSide.GUEST else booking.guest_id,
                listing_id=booking.listing_id,
                text=text,
                private_note=private_note,
                flags=flags,
                sentiment=sentiment,
            )
            for name, value in values.items():
                setattr(review, name, value)
            await review.save()
            released = await _release_when_both_in(booking.id, now)
    except IntegrityError as exc:  # the UNIQUE (booking, side): the lock makes this a last resort
        raise _already_reviewed() from exc
    if released:
        await announce_published(released)
    else:
        await announce_received(review)
    return next((r for r in released if r.id == review.id), review)


def _already_reviewed() -> DomainError:
    return DomainError(ErrorCode.ALREADY_REVIEWED, "This stay already has your review.", "booking_id")


async def _release_when_both_in(booking_id: uuid.UUID, now: datetime) -> list[Review]:
    """Both sides in (the booking locked by the caller): end the blind for both, together."""
    reviews = list(await Review.filter(booking_id=booking_id).select_for_update())
    if len(reviews) < 2:
        return []
    return await release(reviews, now)


async def release(reviews: list[Review], now: datetime) -> list[Review]:
    """End the blind of the pending ones among `reviews` (locked by the caller): published, or
    held when the screening flagged them. The guest's first: triggers then lock the aggregates in
    one order everywhere. Returns the reviews that changed."""
    changed = []
    for review in sorted(reviews, key=lambda r: r.side is not ReviewSide.GUEST):
        if review.status is not ReviewStatus.PENDING:
            continue
        review.status = released_status(review.flags)
        if review.status is ReviewStatus.PUBLISHED:
            review.published_at = now
        await review.save(update_fields=["status", "published_at", "updated_at"])
        changed.append(review)
    return changed


async def release_closed_windows(now: datetime | None = None, batch: int = 500) -> int:
    """The beat job's part: publish (or hold) what is still blind when its window has closed.
    One booking per transaction; a booking another worker holds is left to it."""
    now = now or datetime.now(UTC)
    closed_before = now - timedelta(days=get_settings().review_window_days)
    booking_ids = (
        await Review.filter(status=ReviewStatus.PENDING, booking__ends_at__lte=closed_before)
        .order_by("booking_id")
        .limit(batch)
        .distinct()
        .values_list("booking_id", flat=True)
    )
    released: list[Review] = []
    for booking_id in booking_ids:
        async with in_transaction():
            locked = await Booking.filter(id=booking_id).select_for_update(skip_locked=True).first()
            if locked is None:
                continue
            reviews = list(await Review.filter(booking_id=booking_id).select_for_update())
            released += await release(reviews, now)
    if released:
        await announce_published(released)
    return len(released)


async def _own_review(user: User, review_id: uuid.UUID | None) -> tuple[Booking, Review]:
    """The review `user` wrote and its booking, both locked (booking first, as writes do)."""
    review = await Review.get_or_none(id=review_id) if review_id else None
    if review is None or review.author_id != user.id:
        raise DomainError(ErrorCode.NOT_FOUND, "No such review of yours.", "review_id")
    booking = await Booking.filter(id=review.booking_id).select_for_update().get()
    review = await Review.filter(id=review.id).select_for_update().get()
    return booking, review


async def update_review(
    *,
    user: User,
    review_id: uuid.UUID | None,
    ratings: Ratings,
    text: str | None = None,
    private_note: str | None = None,
) -> Review:
    """Edit a review still blind (or held by the screening). A held one edited clean is published
    at once: its blind had already ended."""
    if text is not None:
        text = check_text(text)
        flags, sentiment = await analyse(text)
    if private_note is not None:
        private_note = check_note(private_note, "private_note", limit=MAX_NOTE)
    now = datetime.now(UTC)
    async with in_transaction():
        booking, review = await _own_review(user, review_id)
        if review.status not in EDITABLE:
            raise DomainError(
                ErrorCode.REVIEW_LOCKED, f"A {review.status.value} review cannot be changed.", "review_id"
            )
        check_window(booking, now)
        for name, value in check_ratings(review.side, ratings, partial=True).items():
            setattr(review, name, value)
        if text is not None:
            review.text, review.flags, review.sentiment = text, flags, sentiment
        if private_note is not None:
            if private_note and review.side is ReviewSide.HOST:
                raise DomainError(
                    ErrorCode.INVALID_INPUT, "Only a guest leaves a private note.", "private_note"
                )
            review.private_note = private_note
        published = review.status is ReviewStatus.HELD and not review.flags
        if published:
            review.status, review.published_at = ReviewStatus.PUBLISHED, now
        await review.save()
    if published:
        await announce_published([review])
    return review


async def respond_to_review(
    *, user: User, review_id: uuid.UUID | None, text: str, now: datetime | None = None
) -> Review:
    """The one the review is about answers it once, publicly, within the response window.
    `now`: the moment of the answer (tests move it past the window)."""
    text = check_note(text, "text", limit=MAX_TEXT, required=True)
    flags, _ = await analyse(text)
    if flags:  # a response is published at once: what would hold a review refuses it
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            "A response cannot hold contact details or offensive language (" + ", ".join(flags) + ").",
            "text",
        )
    now = now or datetime.now(UTC)
    async with in_transaction():
        review = await Review.filter(id=review_id).select_for_update().first() if review_id else None
        if review is None or (review.status is not ReviewStatus.PUBLISHED and review.author_id != user.id):
            raise DomainError(ErrorCode.NOT_FOUND, "No such review.", "review_id")
        if review.subject_id != user.id:
            raise DomainError(ErrorCode.NOT_OWNER, "Only the one reviewed may respond.", "review_id")
        # Past the two checks above it is published: one's own review is never about oneself.
        assert review.status is ReviewStatus.PUBLISHED and review.published_at is not None
        if review.response is not None:
            raise DomainError(ErrorCode.ALREADY_RESPONDED, "You have already responded.", "review_id")
        if now >= review.published_at + timedelta(days=get_settings().review_response_days):
            raise DomainError(ErrorCode.RESPONSE_WINDOW_CLOSED, "The time to respond is over.", "review_id")
        review.response, review.responded_at = text, now
        await review.save(update_fields=["response", "responded_at", "updated_at"])
    return review


async def report_review(
    *, user: User, review_id: uuid.UUID | None, reason: ReportReason, note: str = ""
) -> ReviewReport:
    """A published review reported for a moderator: once per user."""
    note = check_note(note, "note", limit=MAX_NOTE)
    review = await Review.get_or_none(id=review_id, status=ReviewStatus.PUBLISHED) if review_id else None
    if review is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such review.", "review_id")
    if review.author_id == user.id:
        raise DomainError(ErrorCode.OWN_REVIEW, "You cannot report your own review.", "review_id")
    try:
        return await ReviewReport.create(review_id=review.id, reporter_id=user.id, reason=reason, note=note)
    except IntegrityError as exc:
        raise DomainError(ErrorCode.ALREADY_REPORTED, "You have already reported it.", "review_id") from exc
