"""Whether a guest may book a stay: pure rules over a listing, dates, guests and today's date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from core.errors import DomainError, ErrorCode
from models.listings import Listing, ListingStatus
from models.pricing import Rate, covering_rate

MAX_DAYS_AHEAD = 730  # bookings reach two years ahead, as calendars do


# Why a listing takes no bookings, one code each so a client can say it in its own words.
NOT_BOOKABLE = {
    ListingStatus.DRAFT: (
        ErrorCode.LISTING_NOT_PUBLISHED,
        "This listing is not published yet, so it takes no bookings.",
    ),
    ListingStatus.SUSPENDED: (
        ErrorCode.LISTING_SUSPENDED,
        "This listing is suspended by Roost and takes no bookings for now.",
    ),
}


def bookable(listing: Listing | None, guest_id: object) -> Listing:
    """The listing, if a guest may book it: published (or unlisted, by its link) and not their own.
    Otherwise a DomainError that says why: unknown, deleted, not published yet, or suspended."""
    if listing is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such listing.", "listing_id")
    if listing.deleted_at is not None:
        raise DomainError(
            ErrorCode.LISTING_DELETED, "This listing was deleted and takes no bookings.", "listing_id"
        )
    if listing.status not in (ListingStatus.PUBLISHED, ListingStatus.UNLISTED):
        code, message = NOT_BOOKABLE.get(listing.status, NOT_BOOKABLE[ListingStatus.DRAFT])
        raise DomainError(code, message, "listing_id")
    if listing.host_id == guest_id:
        raise DomainError(ErrorCode.OWN_LISTING, "You cannot book your own listing.", "listing_id")
    return listing


def min_nights_for(listing: Listing, check_in: date, rates: Sequence[Rate]) -> int:
    """A seasonal rate's minimum stay applies to stays that begin in its range."""
    rate = covering_rate(check_in, rates)
    return rate.min_nights if rate and rate.min_nights else listing.min_nights


def check_dates(check_in: date, check_out: date, *, today: date, field: str = "") -> None:
    """The dates alone: an order, not in the past (the listing's today), at most two years ahead."""
    prefix = f"{field}." if field else ""
    if check_out <= check_in:
        raise DomainError(ErrorCode.INVALID_DATES, "Check-out must be after check-in.", f"{prefix}check_out")
    if check_in < today:
        raise DomainError(ErrorCode.INVALID_DATES, "Check-in cannot be in the past.", f"{prefix}check_in")
    if check_out > today + timedelta(days=MAX_DAYS_AHEAD + 1):
        raise DomainError(
            ErrorCode.INVALID_DATES, "Stays can be booked two years ahead.", f"{prefix}check_out"
        )


def check_stay(
    listing: Listing,
    check_in: date,
    check_out: date,
    guests: int,
    *,
    today: date,
    rates: Sequence[Rate] = (),
    field: str = "",
) -> None:
    """Raise the DomainError of the first rule [check_in, check_out) with `guests` breaks."""
    check_dates(check_in, check_out, today=today, field=field)
    prefix = f"{field}." if field else ""
    count = (check_out - check_in).days
    minimum = min_nights_for(listing, check_in, rates)
    if count < minimum:
        raise DomainError(ErrorCode.STAY_TOO_SHORT, f"Stay at least {minimum} nights.", f"{prefix}check_out")
    if count > listing.max_nights:
        raise DomainError(
            ErrorCode.STAY_TOO_LONG, f"Stay at most {listing.max_nights} nights.", f"{prefix}check_out"
        )
    if guests < 1:
        raise DomainError(ErrorCode.INVALID_INPUT, "At least one guest.", "guests")
    if guests > listing.max_guests:
        raise DomainError(ErrorCode.TOO_MANY_GUESTS, f"At most {listing.max_guests} guests.", "guests")
