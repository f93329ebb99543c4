"""Nightly prices: pure functions over a listing's base price and its seasonal rates.

Rounding rule (documented in the README): every amount is integer minor units of the listing's
currency; a percentage of an amount is rounded once, half up, to a whole minor unit (`percent_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

WEEKEND = {4, 5}  # Friday and Saturday nights
WEEKLY_NIGHTS = 7
MONTHLY_NIGHTS = 28


@dataclass(frozen=True)
class Rate:
    start: date  # first night covered
    end: date  # first night not covered
    nightly_price: int
    weekend_price: int | None = None
    min_nights: int | None = None
    order: int = 0  # later rules win ties


class SeasonalRateRow(Protocol):
    """A stored seasonal rate (models.listings.SeasonalRate), as far as pricing reads it."""

    @property
    def start_date(self) -> date: ...
    @property
    def end_date(self) -> date: ...
    @property
    def nightly_price(self) -> int: ...
    @property
    def weekend_price(self) -> int | None: ...
    @property
    def min_nights(self) -> int | None: ...
    @property
    def created_at(self) -> datetime: ...


class PricedListing(Protocol):
    """What a listing charges for a stay, as far as `stay_total` reads it."""

    @property
    def nightly_price(self) -> int: ...
    @property
    def weekly_discount_pct(self) -> int: ...
    @property
    def monthly_discount_pct(self) -> int: ...
    @property
    def cleaning_fee(self) -> int: ...


def rates_from_rows(rows: Iterable[SeasonalRateRow]) -> list[Rate]:
    """A listing's stored seasonal rates as pricing rules, oldest first: a later rule wins a tie."""
    by_age = sorted(rows, key=lambda r: r.created_at)
    return [
        Rate(r.start_date, r.end_date, r.nightly_price, r.weekend_price, r.min_nights, order=i)
        for i, r in enumerate(by_age)
    ]


def percent_of(amount: int, pct: Decimal) -> int:
    """`pct` percent of `amount` minor units, rounded half up to a whole minor unit."""
    return int((Decimal(amount) * pct / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def covering_rate(day: date, rates: Iterable[Rate]) -> Rate | None:
    """The most specific rule covering the night: the shortest range; the latest on ties."""
    covering = [r for r in rates if r.start <= day < r.end]
    if not covering:
        return None
    return min(covering, key=lambda r: ((r.end - r.start).days, -r.order))


def night_price(day: date, base_price: int, rates: Sequence[Rate]) -> int:
    rate = covering_rate(day, rates)
    if rate is None:
        return base_price
    if day.weekday() in WEEKEND and rate.weekend_price is not None:
        return rate.weekend_price
    return rate.nightly_price


def nights(check_in: date, check_out: date) -> list[date]:
    return [check_in + timedelta(days=i) for i in range((check_out - check_in).days)]


def stay_discount(count: int, weekly_discount_pct: int, monthly_discount_pct: int) -> tuple[str | None, int]:
    """THE discount rule: the one discount a stay of `count` nights earns, as (kind, percent).
    Discounts never stack: monthly from 28 nights; else (or when the listing has no monthly one)
    weekly from 7 nights."""
    if count >= MONTHLY_NIGHTS and monthly_discount_pct:
        return "monthly", monthly_discount_pct
    if count >= WEEKLY_NIGHTS and weekly_discount_pct:
        return "weekly", weekly_discount_pct
    return None, 0


def stay_subtotal(
    check_in: date,
    check_out: date,
    base_price: int,
    rates: Sequence[Rate],
    weekly_discount_pct: int = 0,
    monthly_discount_pct: int = 0,
) -> tuple[int, int]:
    """(nights' prices summed, discount) for [check_in, check_out), the discount as `stay_discount`
    picks it and `percent_of` rounds it."""
    total = sum(night_price(d, base_price, rates) for d in nights(check_in, check_out))
    _, pct = stay_discount((check_out - check_in).days, weekly_discount_pct, monthly_discount_pct)
    return total, percent_of(total, Decimal(pct))


def stay_total(listing: PricedListing, rates: Sequence[Rate], check_in: date, check_out: date) -> int:
    """What the host charges for a stay: nights (seasonal rates applied) minus the weekly/monthly
    discount, plus the cleaning fee (a quote's `host_charges`, before the platform's fees and taxes)."""
    subtotal, discount = stay_subtotal(
        check_in,
        check_out,
        listing.nightly_price,
        rates,
        listing.weekly_discount_pct,
        listing.monthly_discount_pct,
    )
    return subtotal - discount + listing.cleaning_fee
