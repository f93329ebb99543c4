"""Listing rules without a database: which pricing rule applies to a night."""

from __future__ import annotations


def test_pricing_rules_prefer_the_most_specific_range():
    from datetime import date

    from models.pricing import Rate, night_price, stay_subtotal

    day = date(2027, 3, 10)  # a Wednesday
    long = Rate(date(2027, 3, 1), date(2027, 4, 1), 100)
    short = Rate(date(2027, 3, 8), date(2027, 3, 12), 140, weekend_price=180)
    assert night_price(day, 90, [long, short]) == 140
    assert night_price(date(2027, 3, 20), 90, [long, short]) == 100
    assert night_price(date(2027, 5, 1), 90, [long, short]) == 90
    total, discount = stay_subtotal(date(2027, 3, 1), date(2027, 3, 8), 90, [long], weekly_discount_pct=10)
    assert (total, discount) == (700, 70)
    total, discount = stay_subtotal(date(2027, 3, 1), date(2027, 3, 29), 90, [long], 10, 20)
    assert discount == (2800 * 20 + 50) // 100  # monthly, not both
