"""The pricing rules, each in one place (models.pricing): seasonal rates, the stay discount, stay totals."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.pricing import Rate, percent_of, rates_from_rows, stay_discount, stay_subtotal, stay_total
from models.quotes import Fees, PriceTerms, discount_for, quote_stay

T0 = datetime(2027, 1, 1, tzinfo=UTC)
FEES = Fees(service_fee_pct=Decimal("14.2"), host_commission_pct=Decimal(3), tax_pct=Decimal("7.5"))


def row(start: date, end: date, price: int, created_minutes: int, **extra: object) -> SimpleNamespace:
    values = {"weekend_price": None, "min_nights": None, **extra}
    return SimpleNamespace(
        start_date=start,
        end_date=end,
        nightly_price=price,
        created_at=T0 + timedelta(minutes=created_minutes),
        **values,
    )


# ---- rates_from_rows ------------------------------------------------------------------------------


def test_rows_become_rates_oldest_first_so_a_later_rule_wins_a_tie():
    newer = row(date(2027, 3, 1), date(2027, 3, 8), 150, 5, weekend_price=180, min_nights=2)
    older = row(date(2027, 3, 1), date(2027, 3, 8), 120, 1)
    assert rates_from_rows([newer, older]) == [
        Rate(date(2027, 3, 1), date(2027, 3, 8), 120, None, None, order=0),
        Rate(date(2027, 3, 1), date(2027, 3, 8), 150, 180, 2, order=1),
    ]


def test_no_rows_no_rates():
    assert rates_from_rows([]) == []


# ---- stay_discount: the one discount rule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "weekly", "monthly", "expected"),
    [
        (6, 10, 20, (None, 0)),
        (7, 10, 20, ("weekly", 10)),
        (27, 10, 20, ("weekly", 10)),
        (28, 10, 20, ("monthly", 20)),
        (28, 10, 0, ("weekly", 10)),  # no monthly discount: a long stay still earns the weekly one
        (28, 0, 0, (None, 0)),
        (7, 0, 20, (None, 0)),
        (1, 0, 0, (None, 0)),
    ],
)
def test_stay_discount(count: int, weekly: int, monthly: int, expected: tuple[str | None, int]):
    assert stay_discount(count, weekly, monthly) == expected


@given(
    count=st.integers(min_value=1, max_value=120),
    weekly=st.integers(min_value=0, max_value=100),
    monthly=st.integers(min_value=0, max_value=100),
)
def test_a_quote_and_the_rule_agree(count: int, weekly: int, monthly: int):
    terms = PriceTerms("EUR", 100, weekly_discount_pct=weekly, monthly_discount_pct=monthly)
    assert discount_for(count, terms) == stay_discount(count, weekly, monthly)


# ---- percent_of -----------------------------------------------------------------------------------


@given(amount=st.integers(min_value=0, max_value=10**9), pct=st.integers(min_value=0, max_value=100))
def test_a_whole_percent_rounds_half_up(amount: int, pct: int):
    assert percent_of(amount, Decimal(pct)) == (amount * pct + 50) // 100


# ---- stay_subtotal and stay_total: the same numbers as a booking's quote --------------------------

stays = st.tuples(
    st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=1, max_value=60),
)


@given(
    stay=stays,
    base=st.integers(min_value=1, max_value=100_000),
    weekly=st.integers(min_value=0, max_value=100),
    monthly=st.integers(min_value=0, max_value=100),
    cleaning=st.integers(min_value=0, max_value=50_000),
)
def test_search_totals_match_the_quote(
    stay: tuple[date, int], base: int, weekly: int, monthly: int, cleaning: int
):
    check_in, count = stay
    check_out = check_in + timedelta(days=count)
    rates = [Rate(date(2027, 6, 1), date(2027, 9, 1), base * 2, base * 3, order=0)]
    terms = PriceTerms("EUR", base, tuple(rates), weekly, monthly, cleaning)
    quote = quote_stay(terms, FEES, check_in, check_out)
    assert stay_subtotal(check_in, check_out, base, rates, weekly, monthly) == (
        quote.subtotal,
        quote.discount,
    )
    listing = SimpleNamespace(
        nightly_price=base, weekly_discount_pct=weekly, monthly_discount_pct=monthly, cleaning_fee=cleaning
    )
    assert stay_total(listing, rates, check_in, check_out) == quote.host_charges


def test_stay_total_with_a_seasonal_rate_and_the_weekly_discount():
    listing = SimpleNamespace(
        nightly_price=100, weekly_discount_pct=10, monthly_discount_pct=0, cleaning_fee=25
    )
    rates = rates_from_rows([row(date(2027, 3, 1), date(2027, 3, 3), 200, 0)])
    # 2 nights at 200 and 5 at 100: 900, less 10 % (90), plus cleaning 25.
    assert stay_total(listing, rates, date(2027, 3, 1), date(2027, 3, 8)) == 835
