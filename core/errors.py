"""Typed domain errors. Resolvers raise them; the schema turns them into `UserError`s."""

from __future__ import annotations

from enum import Enum


class ErrorCode(Enum):
    INVALID_INPUT = "invalid_input"
    INVALID_EMAIL = "invalid_email"
    EMAIL_TAKEN = "email_taken"
    WEAK_PASSWORD = "weak_password"
    INVALID_CREDENTIALS = "invalid_credentials"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_DISABLED = "account_disabled"
    RATE_LIMITED = "rate_limited"
    INVALID_TOKEN = "invalid_token"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    INVALID_TWO_FACTOR_CODE = "invalid_two_factor_code"
    TWO_FACTOR_ALREADY_ENABLED = "two_factor_already_enabled"
    TWO_FACTOR_NOT_ENABLED = "two_factor_not_enabled"
    ALREADY_VERIFIED = "already_verified"
    NOT_FOUND = "not_found"
    NOT_OWNER = "not_owner"
    LISTING_INCOMPLETE = "listing_incomplete"
    HAS_FUTURE_BOOKINGS = "has_future_bookings"
    UNKNOWN_AMENITY = "unknown_amenity"
    INVALID_PRICE = "invalid_price"
    INVALID_LOCATION = "invalid_location"
    INVALID_DATES = "invalid_dates"
    DATES_UNAVAILABLE = "dates_unavailable"
    INVALID_IMAGE = "invalid_image"
    IMAGE_TOO_LARGE = "image_too_large"  # too many pixels (FILE_TOO_LARGE: too many bytes)
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_PHOTOS = "too_many_photos"
    INVALID_FEED = "invalid_feed"
    # Why a listing takes no bookings: not published yet (a draft), suspended, or deleted.
    LISTING_NOT_PUBLISHED = "listing_not_published"
    LISTING_SUSPENDED = "listing_suspended"
    LISTING_DELETED = "listing_deleted"
    EMAIL_NOT_VERIFIED = "email_not_verified"  # booking and publishing need a verified email
    OWN_LISTING = "own_listing"
    TOO_MANY_GUESTS = "too_many_guests"
    STAY_TOO_SHORT = "stay_too_short"
    STAY_TOO_LONG = "stay_too_long"
    TOO_MANY_PENDING_REQUESTS = "too_many_pending_requests"
    INVALID_TRANSITION = "invalid_transition"
    REQUEST_EXPIRED = "request_expired"
    CHANGE_PENDING = "change_pending"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INVALID_PAYMENT_METHOD = "invalid_payment_method"
    PAYMENT_REQUIRED = "payment_required"
    ALREADY_PAID = "already_paid"
    PAYMENT_DECLINED = "payment_declined"
    PAYMENTS_BLOCKED = "payments_blocked"
    UNKNOWN_CURRENCY = "unknown_currency"
    REFUND_EXCEEDS_CAPTURED = "refund_exceeds_captured"
    GATEWAY_UNAVAILABLE = "gateway_unavailable"
    BOOKING_NOT_COMPLETED = "booking_not_completed"  # reviews follow a completed stay
    REVIEW_WINDOW_CLOSED = "review_window_closed"
    ALREADY_REVIEWED = "already_reviewed"
    REVIEW_LOCKED = "review_locked"  # published or hidden: never edited again
    ALREADY_RESPONDED = "already_responded"
    RESPONSE_WINDOW_CLOSED = "response_window_closed"
    ALREADY_REPORTED = "already_reported"
    OWN_REVIEW = "own_review"
    # A service the operation needs (Redis) is down; nothing changed: retry (core/redis_guard.py).
    SERVICE_UNAVAILABLE = "service_unavailable"


class DomainError(Exception):
    """An expected failure: bad input, a conflict, a policy. Nothing was changed.

    `field` is the path of the input at fault in Python names and indexes (`stays.2.check_in`); the
    schema turns it into its own spelling (`stays.2.checkIn`, schema/error_paths.py) for clients."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class AccessDenied(Exception):
    """Unauthenticated or forbidden; surfaces as a GraphQL error with extensions.code."""

    def __init__(self, code: str = "FORBIDDEN", message: str = "You may not do this.") -> None:
        super().__init__(message)
        self.code = code
