"""Listings: create, edit, publish, delete, seasonal rates, the host's calendar."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.transactions import in_transaction

from core.cache import bump_availability, bump_listing
from core.errors import DomainError, ErrorCode
from models.listing_rules import clean_listing_fields, money
from models.listings import (
    Listing,
    ListingPhoto,
    ListingStatus,
    Night,
    NightKind,
    PhotoStatus,
    SeasonalRate,
    missing_for_publication,
    unique_slug,
)
from models.pricing import covering_rate, night_price, rates_from_rows
from models.users import User, require_verified_email

MAX_DAYS_AHEAD = 730  # calendars, blocks and rates reach two years ahead
MAX_CALENDAR_SPAN = 366


async def owned_listing(user: User, listing_id: uuid.UUID | None, *, lock: bool = False) -> Listing:
    """The listing, if `user` hosts it (or is an admin). `lock` takes a row lock (in a transaction)."""
    query = Listing.filter(id=listing_id, deleted_at=None) if listing_id else None
    listing = None
    if query is not None:
        listing = await (query.select_for_update() if lock else query).first()
    if listing is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such listing.", "listing_id")
    if listing.host_id != user.id and not user.is_admin:
        raise DomainError(ErrorCode.NOT_OWNER, "Only the listing's host may change it.", "listing_id")
    return listing


async def listing_changed(listing_id: uuid.UUID) -> None:
    """Call after any committed change to a listing, its calendar, prices or photos."""
    await bump_listing(listing_id)


async def calendar_changed(listing_id: uuid.UUID) -> None:
    """Call after a committed change of a listing's nights only (bookings, blocks): searches for
    a stay go stale; the listing itself and date-less searches stay cached."""
    await bump_availability()


def listing_today(listing: Listing) -> date:
    return datetime.now(ZoneInfo(listing.time_zone)).date()


def check_range(listing: Listing, start: date, end: date, *, field: str = "from") -> None:
    """[start, end) of nights: not empty, not in the past (listing's time zone), within 2 years."""
    today = listing_today(listing)
    if end <= start:
        raise DomainError(ErrorCode.INVALID_DATES, "The end must be after the start.", field)
    if start < today:
        raise DomainError(ErrorCode.INVALID_DATES, "Dates cannot be in the past.", field)
    if end > today + timedelta(days=MAX_DAYS_AHEAD + 1):
        raise DomainError(ErrorCode.INVALID_DATES, "Dates can be at most two years ahead.", field)


# ---- listing lifecycle -------------------------------------------------------------------------


async def create_listing(*, user: User, fields: dict[str, Any]) -> Listing:
    if not (user.is_host or user.is_admin):
        raise DomainError(ErrorCode.NOT_OWNER, "Become a host first (becomeHost).")
    values = clean_listing_fields(fields, fields.get("currency", "USD"))
    listing = await Listing.create(
        host_id=user.id, slug=unique_slug(values["title"], values.get("city", "")), **values
    )
    await listing_changed(listing.id)
    return listing


async def update_listing(*, user: User, listing_id: uuid.UUID | None, fields: dict[str, Any]) -> Listing:
    async with in_transaction():
        listing = await owned_listing(user, listing_id, lock=True)
        currency = fields.get("currency", listing.currency)
        if "currency" in fields and fields["currency"] != listing.currency:
            # Stored prices are minor units of the old currency: a new currency needs new prices,
            # never a silent reinterpretation of the old numbers.
            if "nightly_price" not in fields:
                raise DomainError(
                    ErrorCode.INVALID_PRICE, "Give nightlyPrice with a new currency.", "nightly_price"
                )
            if listing.cleaning_fee and "cleaning_fee" not in fields:
                raise DomainError(
                    ErrorCode.INVALID_PRICE, "Give cleaningFee with a new currency.", "cleaning_fee"
                )
            if await SeasonalRate.exists(listing_id=listing.id):
                raise DomainError(
                    ErrorCode.INVALID_PRICE,
                    "Seasonal rates are in the old currency: clear them (setSeasonalRates) first.",
                    "currency",
                )
        values = clean_listing_fields(fields, currency)
        if values.get("min_nights", listing.min_nights) > values.get("max_nights", listing.max_nights):
            raise DomainError(ErrorCode.INVALID_INPUT, "minNights cannot exceed maxNights.", "min_nights")
        for name, value in values.items():
            setattr(listing, name, value)
        if values:
            await listing.save(update_fields=[*values, "updated_at"])
    await listing_changed(listing.id)
    return listing


async def publish_listing(*, user: User, listing_id: uuid.UUID | None) -> Listing:
    async with in_transaction():
        listing = await owned_listing(user, listing_id, lock=True)
        require_verified_email(user, "publishing a listing")
        if listing.status == ListingStatus.SUSPENDED and not user.is_admin:
            raise DomainError(
                ErrorCode.NOT_OWNER, "This listing is suspended; contact support.", "listing_id"
            )
        photos = await ListingPhoto.filter(listing_id=listing.id, status=PhotoStatus.READY).count()
        missing = missing_for_publication(listing, photos)
        if missing:
            raise DomainError(
                ErrorCode.LISTING_INCOMPLETE, f"Missing before publishing: {', '.join(missing)}.", missing[0]
            )
        listing.status = ListingStatus.PUBLISHED
        listing.published_at = listing.published_at or datetime.now(UTC)
        await listing.save(update_fields=["status", "published_at", "updated_at"])
    await listing_changed(listing.id)
    return listing


async def unpublish_listing(*, user: User, listing_id: uuid.UUID | None, keep_link: bool) -> Listing:
    async with in_transaction():
        listing = await owned_listing(user, listing_id, lock=True)
        if listing.status == ListingStatus.SUSPENDED and not user.is_admin:
            raise DomainError(
                ErrorCode.NOT_OWNER, "This listing is suspended; contact support.", "listing_id"
            )
        if keep_link and listing.status == ListingStatus.DRAFT:
            # UNLISTED is public by link: the same bar as publishing.
            require_verified_email(user, "sharing a listing")
            photos = await ListingPhoto.filter(listing_id=listing.id, status=PhotoStatus.READY).count()
            missing = missing_for_publication(listing, photos)
            if missing:
                raise DomainError(
                    ErrorCode.LISTING_INCOMPLETE, f"Missing before sharing: {', '.join(missing)}.", missing[0]
                )
        listing.status = ListingStatus.UNLISTED if keep_link else ListingStatus.DRAFT
        await listing.save(update_fields=["status", "updated_at"])
    await listing_changed(listing.id)
    return listing


async def delete_listing(*, user: User, listing_id: uuid.UUID | None) -> None:
    async with in_transaction():
        listing = await owned_listing(user, listing_id, lock=True)
        future = await Night.filter(
            listing_id=listing.id, kind=NightKind.BOOKED, night__gte=listing_today(listing)
        ).exists()
        if future:
            raise DomainError(
                ErrorCode.HAS_FUTURE_BOOKINGS, "Cancel its future bookings first.", "listing_id"
            )
        listing.deleted_at = datetime.now(UTC)  # soft: past bookings keep their listing
        await listing.save(update_fields=["deleted_at", "updated_at"])
    await listing_changed(listing.id)


# ---- prices and calendar -------------------------------------------------------------------------


@dataclass(frozen=True)
class RateInput:
    start_date: date
    end_date: date
    nightly_price: Decimal
    weekend_price: Decimal | None = None
    min_nights: int | None = None


async def set_seasonal_rates(*, user: User, listing_id: uuid.UUID | None, rates: list[RateInput]) -> Listing:
    """Replace all seasonal rates at once (overlaps allowed: the most specific range wins)."""
    async with in_transaction():
        listing = await owned_listing(user, listing_id, lock=True)
        rows = []
        for i, rate in enumerate(rates):
            field = f"rates.{i}"
            if rate.end_date <= rate.start_date:
                raise DomainError(
                    ErrorCode.INVALID_DATES, "endDate must be after startDate.", f"{field}.end_date"
                )
            if rate.end_date > listing_today(listing) + timedelta(days=MAX_DAYS_AHEAD + 1):
                raise DomainError(
                    ErrorCode.INVALID_DATES, "Rates reach at most two years ahead.", f"{field}.end_date"
                )
            if rate.min_nights is not None and not 1 <= rate.min_nights <= 365:
                raise DomainError(ErrorCode.INVALID_INPUT, "Between 1 and 365.", f"{field}.min_nights")
            weekend = rate.weekend_price
            rows.append(
                SeasonalRate(
                    listing_id=listing.id,
                    start_date=rate.start_date,
                    end_date=rate.end_date,
                    nightly_price=money(rate.nightly_price, listing.currency, f"{field}.nightly_price"),
                    weekend_price=None
                    if weekend is None
                    else money(weekend, listing.currency, f"{field}.weekend_price"),
                    min_nights=rate.min_nights,
                )
            )
        await SeasonalRate.filter(listing_id=listing.id).delete()
        await SeasonalRate.bulk_create(rows)
    await listing_changed(listing.id)
    return listing


async def block_dates(
    *, user: User, listing_id: uuid.UUID | None, start: date, end: date
) -> tuple[Listing, int]:
    """Block the free nights of [start, end); booked or imported nights stay as they are.
    Returns the listing and how many nights this call blocked. A concurrent booking of the same night loses or
    wins at the UNIQUE (listing, night) constraint: never both."""
    listing = await owned_listing(user, listing_id)
    check_range(listing, start, end)
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    rows = await connections.get("default").execute_query_dict(
        """INSERT INTO nights (listing_id, night, kind, created_at)
           SELECT $1, d, 'blocked', now() FROM unnest($2::date[]) AS d
           ON CONFLICT (listing_id, night) DO NOTHING RETURNING id""",
        [listing.id, days],
    )
    await calendar_changed(listing.id)
    return listing, len(rows)


async def unblock_dates(
    *, user: User, listing_id: uuid.UUID | None, start: date, end: date
) -> tuple[Listing, int]:
    listing = await owned_listing(user, listing_id)
    if end <= start:
        raise DomainError(ErrorCode.INVALID_DATES, "The end must be after the start.", "to")
    freed = await Night.filter(
        listing_id=listing.id, kind=NightKind.BLOCKED, night__gte=start, night__lt=end
    ).delete()
    await calendar_changed(listing.id)
    return listing, freed


@dataclass(frozen=True)
class CalendarDay:
    day: date
    available: bool
    kind: NightKind | None  # why it is unavailable (shown to the host only)
    price: int
    min_nights: int


async def calendar(listing: Listing, start: date, end: date) -> list[CalendarDay]:
    if end <= start or (end - start).days > MAX_CALENDAR_SPAN:
        raise DomainError(ErrorCode.INVALID_DATES, f"Ask for 1 to {MAX_CALENDAR_SPAN} days.", "to")
    taken = {
        n.night: n.kind
        for n in await Night.filter(listing_id=listing.id, night__gte=start, night__lt=end).only(
            "night", "kind"
        )
    }
    rates = rates_from_rows(await SeasonalRate.filter(listing_id=listing.id).order_by("created_at"))
    today = listing_today(listing)
    days = []
    for offset in range((end - start).days):
        day = start + timedelta(days=offset)
        rate = covering_rate(day, rates)
        days.append(
            CalendarDay(
                day=day,
                available=day >= today and day not in taken,
                kind=taken.get(day),
                price=night_price(day, listing.nightly_price, rates),
                min_nights=(rate.min_nights if rate and rate.min_nights else listing.min_nights),
            )
        )
    return days
