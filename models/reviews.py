"""Reviews: each side of a completed stay reviews the other, blind until both are in or the window
closes; a screening holds flagged text for a moderator; users report, admins hide and restore.

PostgreSQL keeps the rules that matter whoever writes (migration 10): one review per side of a
booking (UNIQUE), only the guest or host of a completed booking reviews it, ratings 1-5, a review
that was published never changes again (nor does its response), the allowed status moves, and the
aggregates (`review_stats`), which a trigger updates in the same transaction as every publication,
hiding or restoring. The pure rules live here as plain functions.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from tortoise import fields
from tortoise.models import Model

from core.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from models.bookings import Booking
    from models.listings import Listing
    from models.users import User


class ReviewSide(StrEnum):
    GUEST = "guest"  # written by the guest, about the stay: the listing and its host
    HOST = "host"  # written by the host, about the guest


class ReviewStatus(StrEnum):
    PENDING = "pending"  # in, blind: waiting for the other side or for the window to close
    PUBLISHED = "published"
    HELD = "held"  # flagged by the screening: waits for a moderator, seen by its author only
    HIDDEN = "hidden"  # taken down by a moderator


class ReportReason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    CONTACT_DETAILS = "contact_details"
    NOT_ABOUT_THE_STAY = "not_about_the_stay"
    FAKE = "fake"
    OTHER = "other"


class ModerationMove(StrEnum):
    HIDE = "hide"
    RESTORE = "restore"  # the review stands: published again, or its open reports dismissed


# The categories each side rates (besides overall), as columns of `reviews`.
CATEGORIES: dict[ReviewSide, tuple[str, ...]] = {
    ReviewSide.GUEST: ("cleanliness", "accuracy", "check_in", "communication", "location", "value"),
    ReviewSide.HOST: ("house_rules", "communication", "cleanliness"),
}
ALL_CATEGORIES = ("cleanliness", "accuracy", "check_in", "communication", "location", "value", "house_rules")
MIN_TEXT = 20
MAX_TEXT = 2000
MAX_NOTE = 1000  # the private note, a response's own limit is MAX_TEXT

# Status moves, checked here and again by a trigger: (from, to). A moderator's moves are those
# with a ModerationMove in MODERATION.
MOVES = frozenset(
    {
        (ReviewStatus.PENDING, ReviewStatus.PUBLISHED),
        (ReviewStatus.PENDING, ReviewStatus.HELD),
        (ReviewStatus.HELD, ReviewStatus.PUBLISHED),  # edited clean by its author, or restored
        (ReviewStatus.HELD, ReviewStatus.HIDDEN),
        (ReviewStatus.PUBLISHED, ReviewStatus.HIDDEN),
        (ReviewStatus.HIDDEN, ReviewStatus.PUBLISHED),
    }
)
MODERATION: dict[tuple[ModerationMove, ReviewStatus], ReviewStatus] = {
    (ModerationMove.HIDE, ReviewStatus.PUBLISHED): ReviewStatus.HIDDEN,
    (ModerationMove.HIDE, ReviewStatus.HELD): ReviewStatus.HIDDEN,
    (ModerationMove.RESTORE, ReviewStatus.HIDDEN): ReviewStatus.PUBLISHED,
    (ModerationMove.RESTORE, ReviewStatus.HELD): ReviewStatus.PUBLISHED,
    # A published review with open reports stands: the reports are dismissed, nothing moves.
    (ModerationMove.RESTORE, ReviewStatus.PUBLISHED): ReviewStatus.PUBLISHED,
}
EDITABLE = frozenset({ReviewStatus.PENDING, ReviewStatus.HELD})  # never once published


class Review(Model):
    id = fields.UUIDField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="reviews", on_delete=fields.RESTRICT
    )
    side = fields.CharEnumField(ReviewSide, max_length=8)
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reviews_written", on_delete=fields.RESTRICT
    )
    # Whom the review is about: the host (guest side) or the guest (host side).
    subject: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reviews_received", on_delete=fields.RESTRICT
    )
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="reviews", on_delete=fields.RESTRICT
    )
    booking_id: uuid.UUID
    author_id: uuid.UUID
    subject_id: uuid.UUID
    listing_id: uuid.UUID
    status = fields.CharEnumField(ReviewStatus, max_length=12, default=ReviewStatus.PENDING)
    overall = fields.SmallIntField()
    cleanliness = fields.SmallIntField(null=True)
    accuracy = fields.SmallIntField(null=True)
    check_in = fields.SmallIntField(null=True)
    communication = fields.SmallIntField(null=True)
    location = fields.SmallIntField(null=True)
    value = fields.SmallIntField(null=True)
    house_rules = fields.SmallIntField(null=True)
    text = fields.TextField()
    private_note = fields.TextField(default="")  # guest side: for the host's eyes only
    flags: list[str] = fields.JSONField(default=list)  # models.review_text.Flag values; [] = clean
    sentiment = fields.FloatField()  # VADER compound, -1 .. 1
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    published_at = fields.DatetimeField(null=True)  # set once, when it first became public
    response = fields.TextField(null=True)  # the subject's one public answer
    responded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "reviews"
        unique_together = (("booking", "side"),)
        indexes = (
            ("listing_id", "side", "status", "published_at"),
            ("subject_id", "side", "status", "published_at"),
            ("status", "created_at"),
        )

    def ratings(self) -> dict[str, int]:
        """Its category ratings (those of its side), by category."""
        return {c: getattr(self, c) for c in CATEGORIES[self.side]}


class ReviewReport(Model):
    """A user's report of a published review: at most one per user and review (UNIQUE)."""

    id = fields.UUIDField(primary_key=True)
    review: fields.ForeignKeyRelation[Review] = fields.ForeignKeyField(
        "models.Review", related_name="reports", on_delete=fields.CASCADE
    )
    reporter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="review_reports", on_delete=fields.CASCADE
    )
    review_id: uuid.UUID
    reporter_id: uuid.UUID
    reason = fields.CharEnumField(ReportReason, max_length=24)
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    resolved_at = fields.DatetimeField(null=True)  # a moderator hid or restored the review since

    class Meta:
        table = "review_reports"
        unique_together = (("review", "reporter"),)
        indexes = (("resolved_at", "review_id"),)


class ModerationAction(Model):
    """The audit trail of moderation: append-only (a trigger refuses updates and deletes)."""

    id = fields.BigIntField(primary_key=True)
    review: fields.ForeignKeyRelation[Review] = fields.ForeignKeyField(
        "models.Review", related_name="moderation", on_delete=fields.RESTRICT
    )
    review_id: uuid.UUID
    admin_id = fields.UUIDField()
    move = fields.CharEnumField(ModerationMove, max_length=8)
    from_status = fields.CharEnumField(ReviewStatus, max_length=12)
    to_status = fields.CharEnumField(ReviewStatus, max_length=12)
    reason = fields.TextField()
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "review_moderation"
        indexes = (("review_id", "at"),)


class StatsSubject(StrEnum):
    LISTING = "listing"  # guest-side reviews of a listing
    HOST = "host"  # guest-side reviews of a host's stays
    GUEST = "guest"  # host-side reviews of a guest
    PLATFORM = "platform"  # every guest-side review: the prior mean of the ranking score


PLATFORM_ID = uuid.UUID(int=0)


class ReviewStats(Model):
    """Running sums of the published reviews of one subject, kept by a trigger (migration 10).

    Sums, not averages: each publication adds and each hiding subtracts exactly, in any order,
    so the figures never drift. Category sums are over `count` reviews (each side rates all of
    its categories)."""

    id = fields.BigIntField(primary_key=True)
    subject_type = fields.CharEnumField(StatsSubject, max_length=8)
    subject_id = fields.UUIDField()
    count = fields.IntField(default=0)
    sum_overall = fields.IntField(default=0)
    sum_overall_sq = fields.IntField(default=0)
    n1 = fields.IntField(default=0)
    n2 = fields.IntField(default=0)
    n3 = fields.IntField(default=0)
    n4 = fields.IntField(default=0)
    n5 = fields.IntField(default=0)
    sum_cleanliness = fields.IntField(default=0)
    sum_accuracy = fields.IntField(default=0)
    sum_check_in = fields.IntField(default=0)
    sum_communication = fields.IntField(default=0)
    sum_location = fields.IntField(default=0)
    sum_value = fields.IntField(default=0)
    sum_house_rules = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "review_stats"
        unique_together = (("subject_type", "subject_id"),)


class HostStanding(Model):
    """A host's standing, computed nightly (tasks.reviews.rank_hosts) from the last 365 days."""

    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="standing", on_delete=fields.CASCADE, primary_key=True
    )
    user_id: uuid.UUID
    rating = fields.FloatField(null=True)  # average overall of the guest reviews published in the period
    reviews = fields.IntField()
    completed_stays = fields.IntField()
    host_cancellations = fields.IntField()
    cancellation_rate = fields.FloatField()  # host cancellations / (completed stays + host cancellations)
    response_rate = fields.FloatField(null=True)  # null until messaging exists: absent, not faked
    top_host = fields.BooleanField(default=False)
    computed_at = fields.DatetimeField()

    class Meta:
        table = "host_standings"
        indexes = (("top_host",),)


class ListingTopic(Model):
    """A phrase trending in a listing's recent reviews, computed nightly."""

    id = fields.BigIntField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="topics", on_delete=fields.CASCADE
    )
    listing_id: uuid.UUID
    phrase = fields.CharField(max_length=100)
    polarity = fields.CharField(max_length=8)  # positive | negative
    count = fields.IntField()
    computed_at = fields.DatetimeField()

    class Meta:
        table = "listing_topics"
        unique_together = (("listing", "polarity", "phrase"),)


class ReviewReminder(Model):
    """An email asking one side of a booking for its review: each sent once (UNIQUE)."""

    id = fields.BigIntField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="review_reminders", on_delete=fields.CASCADE
    )
    booking_id: uuid.UUID
    side = fields.CharEnumField(ReviewSide, max_length=8)
    kind = fields.CharField(max_length=10)  # request | reminder
    sent_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "review_reminders"
        unique_together = (("booking", "side", "kind"),)


# ---- pure rules ------------------------------------------------------------------------------------


def window_closes_at(stay_ends_at: datetime, window_days: int) -> datetime:
    """Reviews of a stay are written from its check-out for `window_days` days."""
    return stay_ends_at + timedelta(days=window_days)


def check_ratings(
    side: ReviewSide, ratings: Mapping[str, int | None], *, partial: bool = False
) -> dict[str, int]:
    """The side's ratings (overall and its categories), each an integer 1-5; another side's
    category is refused. `partial` (an edit) lets any of them be left out. Returns those given."""
    allowed = ("overall", *CATEGORIES[side])
    given: dict[str, int] = {}
    for name, value in ratings.items():
        if value is None:
            continue
        if name not in allowed:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                f"A {side.value}'s review does not rate {name.replace('_', ' ')}.",
                name,
            )
        if not 1 <= value <= 5:
            raise DomainError(ErrorCode.INVALID_INPUT, "A rating is a whole number from 1 to 5.", name)
        given[name] = value
    if not partial:
        for name in allowed:
            if name not in given:
                raise DomainError(
                    ErrorCode.INVALID_INPUT, f"Rate {name.replace('_', ' ')} from 1 to 5.", name
                )
    return given


def check_text(text: str, field: str = "text") -> str:
    """A review's public text: trimmed, MIN_TEXT to MAX_TEXT characters, no control characters."""
    text = _plain(text, field).strip()
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        raise DomainError(
            ErrorCode.INVALID_INPUT, f"A review is {MIN_TEXT} to {MAX_TEXT} characters long.", field
        )
    return text


def check_note(text: str, field: str, *, limit: int, required: bool = False) -> str:
    """A private note or a response: trimmed, at most `limit` characters, no control characters."""
    text = _plain(text, field).strip()
    if len(text) > limit or (required and not text):
        words = f"1 to {limit} characters." if required else f"At most {limit} characters."
        raise DomainError(ErrorCode.INVALID_INPUT, words, field)
    return text


def _plain(text: str, field: str) -> str:
    if any((ord(c) < 32 and c not in "\n\t") or ord(c) == 127 for c in text):
        raise DomainError(ErrorCode.INVALID_INPUT, "Text cannot contain control characters.", field)
    return text


ReminderKind = Literal["request", "reminder"]


def mail_due(
    now: datetime, closes_at: datetime, reminder_days: int, request_sent_at: datetime | None
) -> ReminderKind | None:
    """What a side that has not reviewed is owed now. The request first, whenever it is; the
    reminder in the last `reminder_days` of the window, but only after a request sent before
    them: a request that itself went out in those days already says the deadline."""
    if now >= closes_at:
        return None
    if request_sent_at is None:
        return "request"
    reminding_from = closes_at - timedelta(days=reminder_days)
    if now >= reminding_from and request_sent_at < reminding_from:
        return "reminder"
    return None


def released_status(flags: list[str]) -> ReviewStatus:
    """What a review becomes when the blind ends: published, or held when screening flagged it."""
    return ReviewStatus.HELD if flags else ReviewStatus.PUBLISHED


def moderate(move: ModerationMove, current: ReviewStatus, open_reports: int) -> ReviewStatus:
    """The status a moderator's `move` leads to, or INVALID_TRANSITION."""
    target = MODERATION.get((move, current))
    # Only restoring a published review needs open reports (to dismiss); hiding one needs none.
    if target is None or (target is current and open_reports == 0):
        verb = "hidden" if move is ModerationMove.HIDE else "restored"
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"A {current.value} review cannot be {verb}.", "review_id"
        )
    return target
