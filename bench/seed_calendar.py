"""A seeded listing's calendar: host blocks and confirmed bookings in the next 90 days.

The calendar is drawn by the rules the app itself follows, so that the data passes the commit-time
check of migration 5 and bench/consistency.py: a booking takes all the nights of its stay or none
(createBooking refuses a stay with a taken night, DATES_UNAVAILABLE), never shorter than the
listing's minimum stay; a host block takes only the free nights of its range (blockDates); a booking
owns exactly the nights check_in .. check_out - 1, and is priced as quote_stay prices it.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from core.settings import get_settings
from models.bookings import local_moment
from models.pricing import Rate
from models.quotes import Fees, PriceTerms, quote_stay, tax_pct

HORIZON_DAYS = 90
NIGHT_COLUMNS = ["listing_id", "night", "kind", "booking_id", "created_at"]
BOOKING_COLUMNS = [
    "id",
    "listing_id",
    "guest_id",
    "host_id",
    "check_in",
    "check_out",
    "guests",
    "status",
    "instant",
    "message_to_host",
    "special_requests",
    "quote",
    "cancellation_policy",
    "currency",
    "total",
    "time_zone",
    "starts_at",
    "ends_at",
    "cancel_note",
    "confirmed_at",
    "created_at",
    "updated_at",
]


def calendar_nights(
    rng: random.Random, listing_id: uuid.UUID, min_nights: int, today: date, now: datetime
) -> list[tuple[Any, ...]]:
    """Night rows of a few stays and host blocks (~60% of listings have some): NIGHT_COLUMNS."""
    if rng.random() >= 0.6:
        return []
    taken: set[int] = set()
    rows = []
    for _ in range(rng.randint(1, 5)):
        start, length = rng.randint(0, 85), rng.randint(1, 7)
        booked = rng.random() < 0.7
        booking = uuid.UUID(int=rng.getrandbits(128), version=4) if booked else None
        if booked:
            length = max(length, min_nights)
        offsets = range(start, min(start + length, HORIZON_DAYS))
        if booked and (taken.intersection(offsets) or len(offsets) < min_nights):
            continue  # refused, as createBooking refuses it: the guest books elsewhere
        for offset in offsets:
            if offset in taken:
                continue  # a block leaves booked and blocked nights as they are
            taken.add(offset)
            night = today + timedelta(days=offset)
            rows.append((listing_id, night, "booked" if booked else "blocked", booking, now))
    return rows


def _terms_and_fees(listing: dict[str, Any], rates: list[tuple[Any, ...]]) -> tuple[PriceTerms, Fees]:
    terms = PriceTerms(
        currency=listing["currency"],
        nightly_price=listing["nightly_price"],
        rates=tuple(Rate(r[2], r[3], r[4], r[5], r[6], order=i) for i, r in enumerate(rates)),
        weekly_discount_pct=listing["weekly_discount_pct"],
        monthly_discount_pct=listing["monthly_discount_pct"],
        cleaning_fee=listing["cleaning_fee"],
    )
    settings = get_settings()
    fees = Fees(
        service_fee_pct=settings.service_fee_pct,
        host_commission_pct=settings.host_commission_pct,
        tax_pct=tax_pct(settings.tax_rates, listing["country"], listing["city_key"]),
    )
    return terms, fees


def stays(nights: list[tuple[Any, ...]]) -> dict[uuid.UUID, tuple[date, date]]:
    """(check_in, check_out) of each booking of these night rows; its nights are one unbroken run."""
    days: dict[uuid.UUID, list[date]] = {}
    for _, night, _, booking_id, _ in nights:
        if booking_id is not None:
            days.setdefault(booking_id, []).append(night)
    out = {}
    for booking_id, held in days.items():
        check_in, check_out = min(held), max(held) + timedelta(days=1)
        assert len(set(held)) == (check_out - check_in).days, "a seeded stay owns every night of it"
        out[booking_id] = (check_in, check_out)
    return out


def calendar_bookings(
    rng: random.Random,
    listing: dict[str, Any],
    nights: list[tuple[Any, ...]],
    rates: list[tuple[Any, ...]],
    guest_pool: list[uuid.UUID],
    now: datetime,
) -> list[tuple[Any, ...]]:
    """A confirmed booking (BOOKING_COLUMNS) for each booking id of the listing's booked nights."""
    booked = stays(nights)
    if not booked:
        return []
    terms, fees = _terms_and_fees(listing, rates)
    rows = []
    for booking_id, (check_in, check_out) in booked.items():
        quote = quote_stay(terms, fees, check_in, check_out)
        created = now - timedelta(minutes=rng.randint(60, 60 * 24 * 60))
        guest = rng.choice(guest_pool)
        rows.append(
            (
                booking_id,
                listing["id"],
                guest if guest != listing["host_id"] else guest_pool[0],
                listing["host_id"],
                check_in,
                check_out,
                rng.randint(1, listing["max_guests"]),
                "confirmed",
                listing["instant_book"],
                "",
                "",
                json.dumps(quote.to_json()),
                listing["cancellation_policy"],
                listing["currency"],
                quote.total,
                listing["time_zone"],
                local_moment(check_in, listing["check_in_from"], listing["time_zone"]),
                local_moment(check_out, listing["check_out_time"], listing["time_zone"]),
                "",
                created,
                created,
                created,
            )
        )
    return rows
