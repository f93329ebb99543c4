"""Bookings: quotes, createBooking (instant or request), series, and the claim on nights.

Nights are claimed by inserting `nights` rows under UNIQUE (listing_id, night), in ascending
date order (so two claims never wait on each other in a cycle), inside the transaction that
creates the booking: if any night is taken, the whole booking rolls back as DATES_UNAVAILABLE.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.settings import get_settings
from models.bookings import (
    Booking,
    BookingEvent,
    BookingSeries,
    BookingStatus,
    local_moment,
    request_deadline,
)
from models.free_text import clean_text
from models.listings import Listing, Night, SeasonalRate
from models.pricing import Rate, nights, rates_from_rows
from models.quotes import Fees, PriceTerms, Quote, quote_stay, tax_pct
from models.stay_rules import bookable, check_dates, check_stay
from models.users import User, require_verified_email
from resolvers.booking_events import announce, created_kind
from resolvers.listings import calendar_changed, listing_today

IDEMPOTENCY_CONSTRAINT = "uid_bookings_guest_i_df38e6"
MAX_SERIES_STAYS = 20
UNAVAILABLE = "Some of these nights are not available."


async def listing_rates(listing_id: uuid.UUID) -> list[Rate]:
    return rates_from_rows(await SeasonalRate.filter(listing_id=listing_id).order_by("created_at"))


def platform_fees(listing: Listing) -> Fees:
    settings = get_settings()
    return Fees(
        service_fee_pct=settings.service_fee_pct,
        host_commission_pct=settings.host_commission_pct,
        tax_pct=tax_pct(settings.tax_rates, listing.country, listing.city_key),
    )


def price_terms(listing: Listing, rates: Sequence[Rate]) -> PriceTerms:
    return PriceTerms(
        currency=listing.currency,
        nightly_price=listing.nightly_price,
        rates=tuple(rates),
        weekly_discount_pct=listing.weekly_discount_pct,
        monthly_discount_pct=listing.monthly_discount_pct,
        cleaning_fee=listing.cleaning_fee,
    )


async def with_deleted(listing: Listing | None, listing_id: uuid.UUID | None) -> Listing | None:
    """`listing` as the request's loader found it; the loader hides deleted listings, so look once
    more for one, so that a refusal can say the listing was deleted rather than never existed."""
    if listing is None and listing_id is not None:
        return await Listing.filter(id=listing_id).exclude(deleted_at=None).first()
    return listing


async def quote(
    *,
    user: User | None,
    listing: Listing | None,
    check_in: date,
    check_out: date,
    guests: int,
    listing_id: uuid.UUID | None = None,
) -> Quote:
    """The exact price of a stay, as createBooking would charge it now."""
    listing = bookable(await with_deleted(listing, listing_id), user.id if user else None)
    rates = await listing_rates(listing.id)
    check_stay(listing, check_in, check_out, guests, today=listing_today(listing), rates=rates)
    return quote_stay(price_terms(listing, rates), platform_fees(listing), check_in, check_out)


async def claim_nights(
    conn: BaseDBAsyncClient, listing_id: uuid.UUID, booking_id: uuid.UUID, days: Sequence[date], field: str
) -> None:
    """Hold `days` for the booking, or raise DATES_UNAVAILABLE (the caller's transaction rolls back)."""
    if not days:
        return
    rows = await conn.execute_query_dict(
        """INSERT INTO nights (listing_id, night, kind, booking_id, created_at)
           SELECT $1, d, 'booked', $3, now() FROM unnest($2::date[]) AS d ORDER BY d
           ON CONFLICT (listing_id, night) DO NOTHING RETURNING night""",
        [listing_id, sorted(days), booking_id],
    )
    if len(rows) != len(days):
        raise DomainError(ErrorCode.DATES_UNAVAILABLE, UNAVAILABLE, field)


def stay_window(listing: Listing, check_in: date, check_out: date) -> dict[str, datetime]:
    return {
        "starts_at": local_moment(check_in, listing.check_in_from, listing.time_zone),
        "ends_at": local_moment(check_out, listing.check_out_time, listing.time_zone),
    }


def request_hash(**values: object) -> str:
    """What an idempotency key remembers of its request, to refuse the same key with other input."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def _replay(existing: Booking, digest: str) -> Booking:
    if existing.request_hash != digest:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was used for a different booking.",
            "idempotency_key",
        )
    return existing


async def _lock_guest(conn: BaseDBAsyncClient, guest: User) -> None:
    """Concurrent requests of one guest take turns on the guest's row: the pending count below
    cannot be raced past. NO KEY UPDATE, not UPDATE: bookings of the guest's own listings take
    KEY SHARE on this row (bookings.host_id), and must neither wait for it nor deadlock with it."""
    await conn.execute_query("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE", [guest.id])


async def _check_pending_limit(conn: BaseDBAsyncClient, guest: User) -> None:
    """At most N open requests per guest (a series counts once); call under _lock_guest."""
    rows = await conn.execute_query_dict(
        """SELECT count(DISTINCT coalesce(series_id, id)) AS n FROM bookings
           WHERE guest_id = $1 AND status = 'pending' AND NOT instant AND expires_at > now()""",
        [guest.id],
    )
    limit = get_settings().max_pending_requests
    if rows[0]["n"] >= limit:
        raise DomainError(
            ErrorCode.TOO_MANY_PENDING_REQUESTS,
            f"You have {limit} requests waiting for hosts; wait for an answer or withdraw one.",
        )


async def lock_bookable(conn: BaseDBAsyncClient, listing_id: uuid.UUID, guest: User) -> None:
    """Share-lock the listing for the booking's transaction and check it is still bookable: a
    concurrent delete or unpublish (which row-locks it) then either waits for this booking and sees
    its nights, or goes first and this booking is refused. Bookings do not block each other."""
    rows = await conn.execute_query_dict(
        "SELECT id, status, deleted_at, host_id FROM listings WHERE id = $1 FOR SHARE", [listing_id]
    )
    current = Listing(id=listing_id, status=rows[0]["status"], deleted_at=rows[0]["deleted_at"])
    current.host_id = rows[0]["host_id"]
    bookable(current, guest.id)


@dataclass(frozen=True)
class Stay:
    check_in: date
    check_out: date


def _new_booking(
    listing: Listing, guest: User, stay: Stay, guests: int, stay_quote: Quote, now: datetime, **extra: object
) -> Booking:
    instant = listing.instant_book
    window = stay_window(listing, stay.check_in, stay.check_out)
    # With payments on, an instant booking is confirmed once paid (within the grace period).
    confirm_now = instant and not get_settings().payments_required
    grace = timedelta(minutes=get_settings().payment_grace_minutes)
    request_ttl = timedelta(hours=get_settings().booking_request_ttl_hours)
    return Booking(
        id=uuid.uuid4(),
        listing_id=listing.id,
        guest_id=guest.id,
        host_id=listing.host_id,
        check_in=stay.check_in,
        check_out=stay.check_out,
        guests=guests,
        status=BookingStatus.CONFIRMED if confirm_now else BookingStatus.PENDING,
        instant=instant,
        quote=stay_quote.to_json(),
        cancellation_policy=listing.cancellation_policy,
        currency=stay_quote.currency,
        total=stay_quote.total,
        expires_at=None
        if confirm_now
        else now + grace
        if instant
        else request_deadline(now, window["starts_at"], request_ttl),
        confirmed_at=now if confirm_now else None,
        time_zone=listing.time_zone,
        **window,
        **extra,
    )


def _created_events(booking: Booking, actor: User) -> list[BookingEvent]:
    """Every booking is born pending; an instant one is confirmed in the same breath."""
    events = [
        BookingEvent(
            booking_id=booking.id, actor_id=actor.id, to_status=BookingStatus.PENDING, reason="requested"
        )
    ]
    if booking.status is BookingStatus.CONFIRMED:
        events.append(
            BookingEvent(
                booking_id=booking.id,
                actor_id=None,
                from_status=BookingStatus.PENDING,
                to_status=BookingStatus.CONFIRMED,
                reason="instant_book",
            )
        )
    return events


def _check_idempotency_key(idempotency_key: str | None) -> None:
    if idempotency_key is not None and (not 1 <= len(idempotency_key) <= 100 or "\x00" in idempotency_key):
        raise DomainError(ErrorCode.INVALID_INPUT, "1 to 100 characters.", "idempotency_key")


async def _earlier_copy(user: User, idempotency_key: str | None, digest: str) -> Booking | None:
    """The booking an earlier copy of this request made, if any (a key used for other input is refused)."""
    if not idempotency_key:
        return None
    earlier = await Booking.get_or_none(guest_id=user.id, idempotency_key=idempotency_key)
    return None if earlier is None else _replay(earlier, digest)


async def _refuse_taken_nights(
    listing: Listing, user: User, stay: Stay, idempotency_key: str | None, digest: str
) -> Booking | None:
    """A fast refusal without a transaction (most losers of a race end here); the claim in
    _save_booking stays the guarantee. The nights may be taken by a copy of this very request,
    though: then that copy's booking is the answer."""
    taken = Night.filter(listing_id=listing.id, night__gte=stay.check_in, night__lt=stay.check_out)
    if not await taken.exists():
        return None
    earlier = await _earlier_copy(user, idempotency_key, digest)
    if earlier is None:
        raise DomainError(ErrorCode.DATES_UNAVAILABLE, UNAVAILABLE, "check_in")
    return earlier


async def _save_booking(
    booking: Booking, listing: Listing, user: User, idempotency_key: str | None, digest: str
) -> Booking:
    """Write the booking, its nights and its events in one transaction. Returns the booking that
    stands: `booking`, or the one a copy of this request (same idempotency key) made first."""
    try:
        async with in_transaction() as conn:
            await lock_bookable(conn, listing.id, user)
            if not listing.instant_book:
                await _lock_guest(conn, user)
                # A copy of this request may have committed while we waited for the guest's lock:
                # it is the same request, not one more towards the limit.
                earlier = await _earlier_copy(user, idempotency_key, digest)
                if earlier is not None:
                    return earlier
                await _check_pending_limit(conn, user)
            await booking.save(using_db=conn, force_create=True)
            await claim_nights(
                conn, listing.id, booking.id, nights(booking.check_in, booking.check_out), "check_in"
            )
            await BookingEvent.bulk_create(_created_events(booking, user), using_db=conn)
    except IntegrityError as exc:
        if idempotency_key and getattr(exc.args[0], "constraint_name", None) == IDEMPOTENCY_CONSTRAINT:
            # The same key, sent concurrently: the other request made the booking.
            existing = await Booking.get(guest_id=user.id, idempotency_key=idempotency_key)
            return _replay(existing, digest)
        raise
    return booking


async def create_booking(
    *,
    user: User,
    listing: Listing | None,
    check_in: date,
    check_out: date,
    guests: int,
    message_to_host: str = "",
    special_requests: str = "",
    idempotency_key: str | None = None,
    listing_id: uuid.UUID | None = None,
) -> Booking:
    """`listing` as the request read it (through its cache); its status is checked again under a
    share lock inside the transaction. `listing_id` names it when the cache found none."""
    require_verified_email(user, "booking")
    message = clean_text(message_to_host, "message_to_host")
    requests = clean_text(special_requests, "special_requests")
    _check_idempotency_key(idempotency_key)
    digest = request_hash(
        listing=listing.id if listing else None,
        check_in=check_in,
        check_out=check_out,
        guests=guests,
        message=message,
        requests=requests,
    )
    if (earlier := await _earlier_copy(user, idempotency_key, digest)) is not None:
        return earlier

    listing = bookable(await with_deleted(listing, listing_id), user.id)
    today = listing_today(listing)
    check_dates(check_in, check_out, today=today)
    stay = Stay(check_in, check_out)
    if (earlier := await _refuse_taken_nights(listing, user, stay, idempotency_key, digest)) is not None:
        return earlier
    rates = await listing_rates(listing.id)
    check_stay(listing, check_in, check_out, guests, today=today, rates=rates)
    stay_quote = quote_stay(price_terms(listing, rates), platform_fees(listing), check_in, check_out)
    booking = _new_booking(
        listing,
        user,
        stay,
        guests,
        stay_quote,
        datetime.now(UTC),
        message_to_host=message,
        special_requests=requests,
        idempotency_key=idempotency_key,
        request_hash=digest,
    )
    if (stored := await _save_booking(booking, listing, user, idempotency_key, digest)) is not booking:
        return stored
    await calendar_changed(listing.id)
    await announce(booking, created_kind(booking), listing=listing, guest=user)
    return booking


async def create_booking_series(
    *, user: User, listing_id: uuid.UUID | None, stays: Sequence[Stay], guests: int, message_to_host: str = ""
) -> tuple[BookingSeries, list[Booking]]:
    """Several stays at one listing: all are booked in one transaction, or none is."""
    require_verified_email(user, "booking")
    message = clean_text(message_to_host, "message_to_host")
    if not 1 <= len(stays) <= MAX_SERIES_STAYS:
        raise DomainError(ErrorCode.INVALID_INPUT, f"1 to {MAX_SERIES_STAYS} stays.", "stays")
    listing = bookable(await Listing.get_or_none(id=listing_id) if listing_id else None, user.id)
    rates = await listing_rates(listing.id)
    today = listing_today(listing)
    order = sorted(range(len(stays)), key=lambda i: stays[i].check_in)
    for i in order:
        check_stay(
            listing,
            stays[i].check_in,
            stays[i].check_out,
            guests,
            today=today,
            rates=rates,
            field=f"stays.{i}",
        )
    for before, after in itertools.pairwise(order):
        if stays[after].check_in < stays[before].check_out:
            raise DomainError(
                ErrorCode.INVALID_DATES, "Stays of a series cannot overlap.", f"stays.{after}.check_in"
            )
    terms, fees, now = price_terms(listing, rates), platform_fees(listing), datetime.now(UTC)
    series = BookingSeries(id=uuid.uuid4(), listing_id=listing.id, guest_id=user.id)
    bookings = [
        _new_booking(
            listing,
            user,
            stays[i],
            guests,
            quote_stay(terms, fees, stays[i].check_in, stays[i].check_out),
            now,
            series_id=series.id,
            message_to_host=message,
        )
        for i in order
    ]
    async with in_transaction() as conn:
        await lock_bookable(conn, listing.id, user)
        if not listing.instant_book:
            await _lock_guest(conn, user)
            await _check_pending_limit(conn, user)
        await series.save(using_db=conn, force_create=True)
        await Booking.bulk_create(bookings, using_db=conn)
        for i, booking in zip(order, bookings, strict=True):
            await claim_nights(
                conn, listing.id, booking.id, nights(booking.check_in, booking.check_out), f"stays.{i}"
            )
        await BookingEvent.bulk_create([e for b in bookings for e in _created_events(b, user)], using_db=conn)
    await calendar_changed(listing.id)
    for booking in bookings:
        await announce(booking, created_kind(booking), listing=listing, guest=user)
    return series, bookings
