"""The price of a stay (models.quotes, models.pricing): pure rules, no database.

Hand-computed examples pin the arithmetic; hypothesis properties pin the invariants (the total is the
sum of its lines, the host's payout and the commission split the host's charges, nothing is negative,
discounts never stack, percentages round once, half up, to a whole minor unit).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.pricing import Rate, night_price
from models.quotes import Fees, NightLine, PriceTerms, Quote, discount_for, percent_of, quote_stay, tax_pct

pure = settings(deadline=None, max_examples=200)

FEES = Fees(service_fee_pct=Decimal("14"), host_commission_pct=Decimal("3"), tax_pct=Decimal("12.5"))


def half_up(value: Fraction) -> int:
    """The test's own rounding oracle: half up, for non-negative values."""
    assert value >= 0
    return floor(value + Fraction(1, 2))


def pct_oracle(amount: int, pct: Decimal | int) -> int:
    return half_up(Fraction(amount) * Fraction(pct) / 100)


# ---- percent_of: rounded once, half up ------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "pct", "expected"),
    [
        (50, Decimal(1), 1),  # 0.5 rounds up
        (49, Decimal(1), 0),  # 0.49 rounds down
        (149, Decimal(1), 1),  # 1.49 rounds down
        (150, Decimal(1), 2),  # 1.5 rounds up
        (250, Decimal(1), 3),  # 2.5 rounds up (banker's rounding would give 2)
        (350, Decimal(1), 4),
        (4, Decimal("12.5"), 1),  # 0.5 rounds up
        (33000, Decimal("12.5"), 4125),
        (25, Decimal(14), 4),  # 3.5
        (1, Decimal("49.99"), 0),
        (1, Decimal(50), 1),
        (0, Decimal(14), 0),
        (12345, Decimal(0), 0),
        (10000, Decimal(100), 10000),
        (999_999_999, Decimal("0.01"), 100_000),  # 99999.9999... -> 100000
    ],
)
def test_percent_of_rounds_half_up_once(amount: int, pct: Decimal, expected: int) -> None:
    assert percent_of(amount, pct) == expected


@pure
@given(
    amount=st.integers(0, 10**12),
    pct=st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
)
def test_percent_of_matches_exact_half_up(amount: int, pct: Decimal) -> None:
    result = percent_of(amount, pct)
    assert isinstance(result, int)
    assert result == pct_oracle(amount, pct)


# ---- tax table ------------------------------------------------------------------------------------

TAX_TABLE = {"NL": Decimal("9"), "NL/amsterdam": Decimal("12.5"), "FR": Decimal("10")}


@pytest.mark.parametrize(
    ("country", "city_key", "expected"),
    [
        ("NL", "amsterdam", Decimal("12.5")),  # the city's rate wins over the country's
        ("NL", "utrecht", Decimal("9")),  # no city rate: the country's
        ("NL", "", Decimal("9")),
        ("FR", "paris", Decimal("10")),
        ("DE", "berlin", Decimal(0)),  # neither: no tax
        ("DE", "", Decimal(0)),
        ("BE", "amsterdam", Decimal(0)),  # a city key belongs to its country only
    ],
)
def test_tax_pct_by_city_then_country(country: str, city_key: str, expected: Decimal) -> None:
    assert tax_pct(TAX_TABLE, country, city_key) == expected


# ---- nightly prices -------------------------------------------------------------------------------


def test_night_price_from_rates_and_weekends() -> None:
    summer = Rate(date(2026, 6, 1), date(2026, 9, 1), nightly_price=12000, weekend_price=15000)
    week = Rate(date(2026, 7, 6), date(2026, 7, 13), nightly_price=20000)
    rates = [summer, week]
    assert night_price(date(2026, 5, 29), 10000, rates) == 10000  # a Friday, no rate: base price
    assert night_price(date(2026, 7, 1), 10000, rates) == 12000  # Wednesday in summer
    assert night_price(date(2026, 7, 3), 10000, rates) == 15000  # Friday in summer
    assert night_price(date(2026, 7, 4), 10000, rates) == 15000  # Saturday in summer
    assert night_price(date(2026, 7, 5), 10000, rates) == 12000  # Sunday night is not a weekend night
    assert night_price(date(2026, 7, 10), 10000, rates) == 20000  # the shorter rate wins; no weekend price
    assert night_price(date(2026, 7, 13), 10000, rates) == 12000  # end date is not covered
    assert night_price(date(2026, 9, 1), 10000, rates) == 10000


def test_night_price_equal_ranges_latest_order_wins() -> None:
    first = Rate(date(2026, 7, 1), date(2026, 7, 8), nightly_price=11000, order=0)
    second = Rate(date(2026, 7, 1), date(2026, 7, 8), nightly_price=13000, order=1)
    assert night_price(date(2026, 7, 2), 10000, [first, second]) == 13000
    assert night_price(date(2026, 7, 2), 10000, [second, first]) == 13000


# ---- hand-computed quotes -------------------------------------------------------------------------


def test_three_nights_eur_by_hand() -> None:
    terms = PriceTerms(currency="EUR", nightly_price=10000, cleaning_fee=3000)
    quote = quote_stay(terms, FEES, date(2026, 8, 10), date(2026, 8, 13))
    assert quote.currency == "EUR"
    assert quote.lines == (
        NightLine(date(2026, 8, 10), 10000),
        NightLine(date(2026, 8, 11), 10000),
        NightLine(date(2026, 8, 12), 10000),
    )
    assert quote.nights == 3
    assert quote.subtotal == 30000
    assert (quote.discount, quote.discount_kind, quote.discount_pct) == (0, None, 0)
    assert quote.cleaning_fee == 3000
    assert quote.host_charges == 33000
    assert quote.service_fee == 4620  # 14% of 330.00
    assert quote.taxes == 4125  # 12.5% of 330.00
    assert quote.total == 41745
    assert quote.host_commission == 990  # 3% of 330.00
    assert quote.host_payout == 32010


def test_seasonal_rate_weekend_price_and_weekly_discount_by_hand() -> None:
    # Nights Wed 1 July .. Tue 7 July 2026: 7 nights, so the weekly discount applies.
    summer = Rate(date(2026, 7, 2), date(2026, 9, 1), nightly_price=12000, weekend_price=15000)
    late = Rate(date(2026, 7, 6), date(2026, 7, 8), nightly_price=20000)  # shorter: wins where it covers
    terms = PriceTerms(
        currency="EUR",
        nightly_price=10000,
        rates=(summer, late),
        weekly_discount_pct=10,
        monthly_discount_pct=20,
        cleaning_fee=2500,
    )
    fees = Fees(service_fee_pct=Decimal(14), host_commission_pct=Decimal(3), tax_pct=Decimal(9))
    quote = quote_stay(terms, fees, date(2026, 7, 1), date(2026, 7, 8))
    assert [line.amount for line in quote.lines] == [10000, 12000, 15000, 15000, 12000, 20000, 20000]
    assert [line.night for line in quote.lines] == [date(2026, 7, d) for d in range(1, 8)]
    assert quote.subtotal == 104000
    assert (quote.discount_kind, quote.discount_pct, quote.discount) == ("weekly", 10, 10400)
    assert quote.accommodation == 93600
    assert quote.host_charges == 96100
    assert quote.service_fee == 13454
    assert quote.taxes == 8649
    assert quote.total == 118203
    assert quote.host_commission == 2883
    assert quote.host_payout == 93217


def test_zero_decimal_currency_jpy_by_hand() -> None:
    terms = PriceTerms(currency="JPY", nightly_price=12345, cleaning_fee=5000)
    fees = Fees(service_fee_pct=Decimal(14), host_commission_pct=Decimal(3), tax_pct=Decimal(10))
    quote = quote_stay(terms, fees, date(2026, 3, 2), date(2026, 3, 4))
    assert quote.currency == "JPY"
    assert quote.subtotal == 24690
    assert quote.host_charges == 29690
    assert quote.service_fee == 4157  # 4156.6 yen
    assert quote.taxes == 2969
    assert quote.total == 36816
    assert quote.host_commission == 891  # 890.7 yen
    assert quote.host_payout == 28799


def test_every_percentage_line_rounds_half_up() -> None:
    # 25 yen: service 14% = 3.5, tax 10% = 2.5, commission 2% = 0.5: all round up.
    terms = PriceTerms(currency="JPY", nightly_price=25)
    fees = Fees(service_fee_pct=Decimal(14), host_commission_pct=Decimal(2), tax_pct=Decimal(10))
    quote = quote_stay(terms, fees, date(2026, 3, 2), date(2026, 3, 3))
    assert (quote.service_fee, quote.taxes, quote.host_commission) == (4, 3, 1)
    assert quote.total == 32
    assert quote.host_payout == 24


def test_discount_rounds_half_up() -> None:
    # 7 nights at 0.05 EUR = 0.35 EUR; 10% of 35 cents is 3.5 cents -> 4.
    terms = PriceTerms(currency="EUR", nightly_price=5, weekly_discount_pct=10)
    quote = quote_stay(terms, FEES, date(2026, 3, 2), date(2026, 3, 9))
    assert quote.subtotal == 35
    assert quote.discount == 4


@pytest.mark.parametrize(
    ("nights", "weekly", "monthly", "kind", "discount"),
    [
        (6, 10, 25, None, 0),
        (7, 10, 25, "weekly", 7000),
        (27, 10, 25, "weekly", 27000),
        (28, 10, 25, "monthly", 70000),
        (40, 10, 25, "monthly", 100000),
        (28, 10, 0, "weekly", 28000),  # no monthly discount: the weekly one still applies
        (28, 0, 25, "monthly", 70000),
        (7, 0, 25, None, 0),  # a monthly discount alone does not reward a week
        (30, 0, 0, None, 0),
    ],
)
def test_discounts_never_stack(
    nights: int, weekly: int, monthly: int, kind: str | None, discount: int
) -> None:
    terms = PriceTerms(
        currency="EUR", nightly_price=10000, weekly_discount_pct=weekly, monthly_discount_pct=monthly
    )
    check_in = date(2026, 2, 2)
    quote = quote_stay(terms, FEES, check_in, check_in + timedelta(days=nights))
    assert quote.discount_kind == kind
    assert quote.discount == discount
    assert quote.subtotal == nights * 10000
    expected_pct = {"weekly": weekly, "monthly": monthly, None: 0}[kind]
    assert quote.discount_pct == expected_pct
    assert discount_for(nights, terms) == (kind, expected_pct)


def test_json_round_trip_by_hand() -> None:
    summer = Rate(date(2026, 7, 2), date(2026, 9, 1), nightly_price=12000, weekend_price=15000)
    terms = PriceTerms(currency="EUR", nightly_price=10000, rates=(summer,), weekly_discount_pct=10)
    quote = quote_stay(terms, FEES, date(2026, 7, 1), date(2026, 7, 9))
    data = json.loads(json.dumps(quote.to_json()))
    assert data["check_in"] == "2026-07-01"
    assert data["lines"][2] == ["2026-07-03", 15000]
    assert data["tax_pct"] == "12.5"
    assert Quote.from_json(data) == quote


# ---- properties -----------------------------------------------------------------------------------

pcts = st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def stays(draw: st.DrawFn) -> tuple[PriceTerms, Fees, date, date]:
    check_in = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
    count = draw(st.integers(1, 60))
    rates = []
    for order in range(draw(st.integers(0, 3))):
        start = check_in + timedelta(days=draw(st.integers(-10, count)))
        rates.append(
            Rate(
                start=start,
                end=start + timedelta(days=draw(st.integers(1, 40))),
                nightly_price=draw(st.integers(1, 10**8)),
                weekend_price=draw(st.none() | st.integers(1, 10**8)),
                order=order,
            )
        )
    terms = PriceTerms(
        currency=draw(st.sampled_from(["EUR", "USD", "JPY", "KWD"])),
        nightly_price=draw(st.integers(1, 10**8)),
        rates=tuple(rates),
        weekly_discount_pct=draw(st.integers(0, 99)),
        monthly_discount_pct=draw(st.integers(0, 99)),
        cleaning_fee=draw(st.integers(0, 10**8)),
    )
    fees = Fees(service_fee_pct=draw(pcts), host_commission_pct=draw(pcts), tax_pct=draw(pcts))
    return terms, fees, check_in, check_in + timedelta(days=count)


@pure
@given(stays())
def test_quote_properties(stay: tuple[PriceTerms, Fees, date, date]) -> None:
    terms, fees, check_in, check_out = stay
    quote = quote_stay(terms, fees, check_in, check_out)
    count = (check_out - check_in).days

    # One line per night, in order, each at a price the listing charges.
    assert len(quote.lines) == count == quote.nights
    assert [line.night for line in quote.lines] == [check_in + timedelta(days=i) for i in range(count)]
    offered = {terms.nightly_price} | {r.nightly_price for r in terms.rates}
    offered |= {r.weekend_price for r in terms.rates if r.weekend_price is not None}
    assert all(line.amount in offered for line in quote.lines)
    assert quote.subtotal == sum(line.amount for line in quote.lines)

    # The one discount, never both.
    if count >= 28 and terms.monthly_discount_pct > 0:
        kind, pct = "monthly", terms.monthly_discount_pct
    elif count >= 7 and terms.weekly_discount_pct > 0:
        kind, pct = "weekly", terms.weekly_discount_pct
    else:
        kind, pct = None, 0
    assert (quote.discount_kind, quote.discount_pct) == (kind, pct)
    assert quote.discount == pct_oracle(quote.subtotal, pct)

    # Each percentage line rounded once, half up, on the host's charges.
    host_charges = quote.subtotal - quote.discount + quote.cleaning_fee
    assert quote.cleaning_fee == terms.cleaning_fee
    assert quote.host_charges == host_charges
    assert quote.service_fee == pct_oracle(host_charges, fees.service_fee_pct)
    assert quote.taxes == pct_oracle(host_charges, fees.tax_pct)
    assert quote.host_commission == pct_oracle(host_charges, fees.host_commission_pct)

    # Sums are exact.
    assert (
        quote.total == quote.subtotal - quote.discount + quote.cleaning_fee + quote.service_fee + quote.taxes
    )
    assert quote.host_payout + quote.host_commission == host_charges

    # Nothing negative.
    amounts = [
        quote.subtotal,
        quote.discount,
        quote.cleaning_fee,
        quote.service_fee,
        quote.taxes,
        quote.total,
        quote.host_commission,
        quote.host_payout,
        quote.accommodation,
    ]
    assert all(isinstance(a, int) and a >= 0 for a in amounts)
    assert all(line.amount > 0 for line in quote.lines)
    assert (quote.currency, quote.check_in, quote.check_out) == (terms.currency, check_in, check_out)


@pure
@given(stays())
def test_quote_json_round_trip(stay: tuple[PriceTerms, Fees, date, date]) -> None:
    quote = quote_stay(*stay)
    data = json.loads(json.dumps(quote.to_json()))  # through real JSON, as the database stores it
    again = Quote.from_json(data)
    assert again == quote
    assert again.to_json() == data


@pure
@given(count=st.integers(0, 400), weekly=st.integers(0, 99), monthly=st.integers(0, 99))
def test_discount_for_picks_one(count: int, weekly: int, monthly: int) -> None:
    terms = PriceTerms(
        currency="EUR", nightly_price=1, weekly_discount_pct=weekly, monthly_discount_pct=monthly
    )
    kind, pct = discount_for(count, terms)
    if kind == "monthly":
        assert count >= 28 and pct == monthly > 0
    elif kind == "weekly":
        assert 7 <= count and pct == weekly > 0
        assert count < 28 or monthly == 0
    else:
        assert kind is None and pct == 0
        assert count < 7 or (weekly == 0 and (count < 28 or monthly == 0))


def test_search_prices_a_long_stay_like_the_quote_does():
    """A 28+ night stay at a listing with a weekly discount and no monthly one gets the weekly one,
    in search (stay_subtotal) exactly as in the booking's quote."""
    from models.pricing import stay_subtotal

    check_in, check_out = date(2026, 2, 2), date(2026, 3, 2)
    terms = PriceTerms(currency="EUR", nightly_price=10000, weekly_discount_pct=10, monthly_discount_pct=0)
    quote = quote_stay(terms, Fees(Decimal(14), Decimal(3)), check_in, check_out)
    assert (
        stay_subtotal(check_in, check_out, 10000, [], 10, 0)
        == (quote.subtotal, quote.discount)
        == (280000, 28000)
    )
