"""Bookings: the stay, its event history, its change requests, series; and the lifecycle rules.

The lifecycle is one table of allowed transitions (TRANSITIONS), checked here in Python and again
by a trigger in PostgreSQL (migration 3), so no code path can move a booking where it may not go.
The payments step slots in as a guard on CONFIRM (confirm once payment is secured) and one more
cancellation reason; the table itself does not change.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.models import Model

from models.listings import CancellationPolicy

if TYPE_CHECKING:
    from models.listings import Listing
    from models.users import User


class BookingStatus(StrEnum):
    PENDING = "pending"  # a request waiting for the host (nights held)
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class BookingAction(StrEnum):
    CONFIRM = "confirm"  # host accepts, or instant book
    START = "start"  # check-in time passed
    COMPLETE = "complete"  # check-out time passed
    CANCEL = "cancel"


class CancelReason(StrEnum):
    GUEST_CANCELLED = "guest_cancelled"
    HOST_CANCELLED = "host_cancelled"
    DECLINED = "declined"
    EXPIRED = "expired"
    ADMIN = "admin"
    PAYMENT_FAILED = "payment_failed"


class ChangeStatus(StrEnum):
    PENDING = "pending"  # waiting for the host (request-to-book listings)
    APPLIED = "applied"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the booking ended before the host answered


TRANSITIONS: dict[tuple[BookingStatus, BookingAction], BookingStatus] = {
    (BookingStatus.PENDING, BookingAction.CONFIRM): BookingStatus.CONFIRMED,
    (BookingStatus.PENDING, BookingAction.CANCEL): BookingStatus.CANCELLED,
    (BookingStatus.CONFIRMED, BookingAction.START): BookingStatus.IN_PROGRESS,
    (BookingStatus.CONFIRMED, BookingAction.CANCEL): BookingStatus.CANCELLED,
    (BookingStatus.IN_PROGRESS, BookingAction.COMPLETE): BookingStatus.COMPLETED,
    (BookingStatus.IN_PROGRESS, BookingAction.CANCEL): BookingStatus.CANCELLED,
}
ACTIVE = frozenset({BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS})

# Which reasons fit which state: declining and expiry answer a request; the others end any active stay.
REASONS_FROM: dict[CancelReason, frozenset[BookingStatus]] = {
    CancelReason.DECLINED: frozenset({BookingStatus.PENDING}),
    CancelReason.EXPIRED: frozenset({BookingStatus.PENDING}),
    CancelReason.GUEST_CANCELLED: ACTIVE,
    CancelReason.HOST_CANCELLED: frozenset({BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS}),
    CancelReason.ADMIN: ACTIVE,
    # Never paid within the grace period, or a scheduled balance could not be charged.
    CancelReason.PAYMENT_FAILED: frozenset({BookingStatus.PENDING, BookingStatus.CONFIRMED}),
}


class InvalidTransition(Exception):
    def __init__(self, current: BookingStatus, action: BookingAction) -> None:
        super().__init__(f"A {current.value} booking cannot {action.value}.")
        self.current = current
        self.action = action


def next_status(
    current: BookingStatus, action: BookingAction, reason: CancelReason | None = None
) -> BookingStatus:
    """The state `action` leads to from `current`, or InvalidTransition. CANCEL needs a fitting reason."""
    target = TRANSITIONS.get((current, action))
    if target is None:
        raise InvalidTransition(current, action)
    if (action is BookingAction.CANCEL) != (reason is not None):
        raise ValueError("a cancellation, and only a cancellation, carries a reason")
    if reason is not None and current not in REASONS_FROM[reason]:
        raise InvalidTransition(current, action)
    return target


def local_moment(day: date, hhmm: str, time_zone: str) -> datetime:
    """`day` at wall-clock `hhmm` in `time_zone`, as an aware datetime."""
    hours, minutes = (int(p) for p in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), ZoneInfo(time_zone))


def request_deadline(now: datetime, starts_at: datetime, ttl: timedelta) -> datetime:
    """A request waits for the host at most `ttl`, and not past check-in time `starts_at` (but a
    same-day request made near or after check-in still gets an hour)."""
    return min(now + ttl, max(starts_at, now + timedelta(hours=1)))


def night_starts(check_in: date, check_out: date, check_in_from: str, time_zone: str) -> list[datetime]:
    return [
        local_moment(check_in + timedelta(days=i), check_in_from, time_zone)
        for i in range((check_out - check_in).days)
    ]


class Booking(Model):
    id = fields.UUIDField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="bookings", on_delete=fields.RESTRICT
    )
    guest: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="trips", on_delete=fields.RESTRICT
    )
    host: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(  # the listing's host when booked
        "models.User", related_name="reservations", on_delete=fields.RESTRICT
    )
    series: fields.ForeignKeyNullableRelation[BookingSeries] = fields.ForeignKeyField(
        "models.BookingSeries", related_name="bookings", on_delete=fields.RESTRICT, null=True
    )
    # Tortoise sets each foreign key's column attribute too; declared here for the type checker.
    listing_id: uuid.UUID
    guest_id: uuid.UUID
    host_id: uuid.UUID
    series_id: uuid.UUID | None
    check_in = fields.DateField()
    check_out = fields.DateField()
    guests = fields.SmallIntField()
    status = fields.CharEnumField(BookingStatus, max_length=12)
    instant = fields.BooleanField()  # booked on an instant-book listing
    message_to_host = fields.TextField(default="")
    special_requests = fields.TextField(default="")
    # The quote the booking was made with (models.quotes.Quote.to_json); later price changes never alter it.
    quote: dict[str, Any] = fields.JSONField()
    cancellation_policy = fields.CharEnumField(
        CancellationPolicy, max_length=20
    )  # the listing's, when booked
    currency = fields.CharField(max_length=3)
    total: int = fields.BigIntField()  # minor units, = quote.total
    time_zone = fields.CharField(max_length=64)  # the listing's, when booked (or last changed)
    # When the stay begins and ends (check-in / check-out time in that time zone), in UTC.
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)  # a pending request's deadline
    idempotency_key = fields.CharField(max_length=100, null=True)
    request_hash = fields.CharField(max_length=64, null=True)
    cancel_reason = fields.CharEnumField(CancelReason, max_length=20, null=True)
    cancel_note = fields.TextField(default="")  # in the canceller's words
    cancelled_by_id = fields.UUIDField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    refund_total: int | None = fields.BigIntField(null=True)  # what the guest gets back (cancellation policy)
    confirmed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "bookings"
        unique_together = (("guest", "idempotency_key"),)
        indexes = (
            ("guest_id", "status", "check_in"),
            ("host_id", "status", "check_in"),
            ("listing_id", "check_in"),
            ("status", "starts_at"),
            ("status", "ends_at"),
            ("status", "expires_at"),
        )


class BookingEvent(Model):
    """One transition of a booking: who, when, from, to, why. Append-only history."""

    id = fields.BigIntField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="events", on_delete=fields.CASCADE
    )
    booking_id: uuid.UUID
    actor_id = fields.UUIDField(null=True)  # null: the platform (beat jobs)
    from_status = fields.CharEnumField(BookingStatus, max_length=12, null=True)  # null: created
    to_status = fields.CharEnumField(BookingStatus, max_length=12)
    reason = fields.CharField(max_length=40, default="")
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "booking_events"
        indexes = (("booking_id", "at"),)


class BookingChange(Model):
    """A change of dates or guests: applied at once (instant book) or waiting for the host."""

    id = fields.UUIDField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="changes", on_delete=fields.CASCADE
    )
    booking_id: uuid.UUID
    requested_by_id = fields.UUIDField()
    status = fields.CharEnumField(ChangeStatus, max_length=12)
    old_check_in = fields.DateField()
    old_check_out = fields.DateField()
    old_guests = fields.SmallIntField()
    new_check_in = fields.DateField()
    new_check_out = fields.DateField()
    new_guests = fields.SmallIntField()
    old_total: int = fields.BigIntField()
    new_total: int = fields.BigIntField()
    new_quote: dict[str, Any] = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "booking_changes"
        indexes = (("booking_id", "created_at"),)

    @property
    def price_difference(self) -> int:
        return self.new_total - self.old_total


class BookingSeries(Model):
    """Several stays of one guest at one listing, booked together: all or none."""

    id = fields.UUIDField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="booking_series", on_delete=fields.RESTRICT
    )
    guest: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="booking_series", on_delete=fields.RESTRICT
    )
    listing_id: uuid.UUID
    guest_id: uuid.UUID
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "booking_series"
