"""Nightly prices: pure functions over a listing's base price and its seasonal rates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WEEKEND = {4, 5}  # Friday and Saturday nights


@dataclass(frozen=True)
class Rate:
    start: date  # first night covered
    end: date  # first night not covered
    nightly_price: int
    weekend_price: int | None = None
    min_nights: int | None = None
    order: int = 0  # later rules win ties


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


def stay_subtotal(
    check_in: date,
    check_out: date,
    base_price: int,
    rates: Sequence[Rate],
    weekly_discount_pct: int = 0,
    monthly_discount_pct: int = 0,
) -> tuple[int, int]:
    """(nights' prices summed, discount) for [check_in, check_out); discounts never stack:
    28+ nights take the monthly one (if any), 7+ the weekly one. Rounded once, half up, in minor units."""
    total = sum(night_price(d, base_price, rates) for d in nights(check_in, check_out))
    count = (check_out - check_in).days
    # The same rule as a booking's quote (models.quotes.discount_for): a 28+ night stay falls back
    # to the weekly discount when the listing has no monthly one.
    if count >= 28 and monthly_discount_pct:
        pct = monthly_discount_pct
    else:
        pct = weekly_discount_pct if count >= 7 else 0
    discount = (total * pct + 50) // 100
    return total, discount
