"""Cancellation policies (models.cancellation): pure rules, no database.

A table of hand-computed refunds pins each policy's windows and arithmetic; hypothesis properties pin
the invariants (never more than was paid, never negative, full exactly when the rule says so, never
growing as the cancellation comes later, a host/admin/system cancellation always in full).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.bookings import night_starts
from models.cancellation import Canceller, Refund, full_refund, refund_for
from models.listings import CancellationPolicy
from models.pricing import Rate
from models.quotes import Fees, PriceTerms, Quote, quote_stay

pure = settings(deadline=None, max_examples=200)

FLEX, MOD, STRICT = CancellationPolicy.FLEXIBLE, CancellationPolicy.MODERATE, CancellationPolicy.STRICT
GUEST, HOST, ADMIN, SYSTEM = Canceller.GUEST, Canceller.HOST, Canceller.ADMIN, Canceller.SYSTEM

CHECK_IN, CHECK_OUT = date(2026, 8, 10), date(2026, 8, 14)
FEES = Fees(service_fee_pct=Decimal(14), host_commission_pct=Decimal(3), tax_pct=Decimal(10))
# 4 nights at 100.00, cleaning 30.00: host charges 430.00, service fee 60.20, taxes 43.00, total 533.20.
QUOTE = quote_stay(
    PriceTerms(currency="EUR", nightly_price=10000, cleaning_fee=3000), FEES, CHECK_IN, CHECK_OUT
)
STARTS = night_starts(CHECK_IN, CHECK_OUT, "15:00", "UTC")


def refund_at(
    policy: CancellationPolicy,
    hours_before: float,
    hours_since_booking: float,
    by: Canceller = GUEST,
    quote: Quote = QUOTE,
    starts: list[datetime] = STARTS,
) -> Refund:
    at = starts[0] - timedelta(hours=hours_before)
    return refund_for(
        policy, quote, booked_at=at - timedelta(hours=hours_since_booking), night_starts=starts, at=at, by=by
    )


def test_fixture_quote_and_night_starts() -> None:
    assert (QUOTE.subtotal, QUOTE.cleaning_fee, QUOTE.service_fee, QUOTE.taxes) == (40000, 3000, 6020, 4300)
    assert QUOTE.total == 53320
    assert STARTS == [datetime(2026, 8, d, 15, tzinfo=UTC) for d in range(10, 14)]


FULL = (40000, 3000, 6020, 4300, True, 4)
NOTHING = (0, 0, 0, 0, False, 0)

# policy, hours before check-in (negative: after it), hours since booking, who ->
# accommodation, cleaning fee, service fee, taxes, full, nights refunded
TABLE = [
    # flexible: full until 24 h before; then the nights not yet started minus one
    (FLEX, 24 * 30, 1, GUEST, FULL),
    (FLEX, 72, 1, GUEST, FULL),
    (FLEX, 24, 1, GUEST, FULL),  # exactly 24 h before: still full
    (FLEX, 23, 500, GUEST, (30000, 3000, 0, 3300, False, 3)),
    (FLEX, 1, 1, GUEST, (30000, 3000, 0, 3300, False, 3)),
    (FLEX, 0, 1, GUEST, (20000, 0, 0, 2000, False, 2)),  # the first night has started: no cleaning
    (FLEX, -1, 1, GUEST, (20000, 0, 0, 2000, False, 2)),
    (FLEX, -25, 1, GUEST, (10000, 0, 0, 1000, False, 1)),
    (FLEX, -49, 1, GUEST, NOTHING),  # one night left, minus one
    (FLEX, -100, 1, GUEST, NOTHING),
    # moderate: full until 5 days before; then 50% of the nights not yet started
    (MOD, 24 * 30, 1, GUEST, FULL),
    (MOD, 120, 1000, GUEST, FULL),  # exactly 5 days before: still full
    (MOD, 119, 1, GUEST, (20000, 3000, 0, 2300, False, 4)),
    (MOD, 1, 1, GUEST, (20000, 3000, 0, 2300, False, 4)),
    (MOD, -1, 1, GUEST, (15000, 0, 0, 1500, False, 3)),
    (MOD, -49, 1, GUEST, (5000, 0, 0, 500, False, 1)),
    (MOD, -73, 1, GUEST, NOTHING),
    # strict: full within 48 h of booking if check-in is 14+ days away; 50% until 7 days before; then nothing
    (STRICT, 24 * 60, 2, GUEST, FULL),
    (STRICT, 24 * 14, 48, GUEST, FULL),  # both limits exactly
    (STRICT, 24 * 14, 49, GUEST, (20000, 3000, 0, 2300, False, 4)),  # booked too long ago
    (STRICT, 24 * 60, 49, GUEST, (20000, 3000, 0, 2300, False, 4)),
    (STRICT, 24 * 14 - 1, 1, GUEST, (20000, 3000, 0, 2300, False, 4)),  # check-in too close
    (STRICT, 24 * 7, 1000, GUEST, (20000, 3000, 0, 2300, False, 4)),  # exactly 7 days before: 50%
    (STRICT, 24 * 7 - 1, 1, GUEST, (0, 3000, 0, 300, False, 0)),  # nights nothing; cleaning still back
    (STRICT, 1, 1, GUEST, (0, 3000, 0, 300, False, 0)),
    (STRICT, -1, 1, GUEST, NOTHING),
    # anyone but the guest: always in full
    (STRICT, -1, 1000, HOST, FULL),
    (STRICT, -100, 1000, HOST, FULL),
    (FLEX, -49, 1, ADMIN, FULL),
    (MOD, 1, 1, SYSTEM, FULL),
    (STRICT, 24 * 7 - 1, 1, ADMIN, FULL),
]


@pytest.mark.parametrize(("policy", "hours_before", "hours_since", "by", "expected"), TABLE)
def test_refund_table(
    policy: CancellationPolicy,
    hours_before: float,
    hours_since: float,
    by: Canceller,
    expected: tuple[int, int, int, int, bool, int],
) -> None:
    refund = refund_at(policy, hours_before, hours_since, by)
    got = (
        refund.accommodation,
        refund.cleaning_fee,
        refund.service_fee,
        refund.taxes,
        refund.full,
        refund.nights_refunded,
    )
    assert got == expected
    assert refund.total == sum(expected[:4])
    assert (refund.total == QUOTE.total) is refund.full


# 7 nights at 100.00 with a 10% weekly discount: nights 630.00 after discount, cleaning 30.00,
# host charges 660.00, service fee 92.40, taxes 66.00. Refunded nights are refunded at their
# discounted price; taxes follow the refunded share of (nights + cleaning).
WEEK_IN, WEEK_OUT = date(2026, 8, 10), date(2026, 8, 17)
WEEK = quote_stay(
    PriceTerms(currency="EUR", nightly_price=10000, weekly_discount_pct=10, cleaning_fee=3000),
    FEES,
    WEEK_IN,
    WEEK_OUT,
)
WEEK_STARTS = night_starts(WEEK_IN, WEEK_OUT, "15:00", "UTC")


@pytest.mark.parametrize(
    ("policy", "hours_before", "expected"),
    [
        (FLEX, 48, (63000, 3000, 9240, 6600, True)),
        (FLEX, 23, (54000, 3000, 0, 5700, False)),  # 6 of 7 nights of 630.00
        (MOD, 119, (31500, 3000, 0, 3450, False)),
        (MOD, -1, (27000, 0, 0, 2700, False)),  # half of 6 of 7 nights
        (STRICT, 100, (0, 3000, 0, 300, False)),
    ],
)
def test_refund_of_discounted_stay(
    policy: CancellationPolicy, hours_before: float, expected: tuple[int, int, int, int, bool]
) -> None:
    assert (WEEK.accommodation, WEEK.service_fee, WEEK.taxes, WEEK.total) == (63000, 9240, 6600, 81840)
    refund = refund_at(policy, hours_before, 100, quote=WEEK, starts=WEEK_STARTS)
    assert (
        refund.accommodation,
        refund.cleaning_fee,
        refund.service_fee,
        refund.taxes,
        refund.full,
    ) == expected


def test_refund_lines_round_half_up() -> None:
    # 3 nights at 3.33: subtotal 9.99, taxes 10% = 0.999 -> 1.00. Half of 9.99 = 4.995 -> 5.00;
    # its taxes: 1.00 * 500 / 999 = 0.5005 -> 0.50.
    check_in, check_out = date(2026, 8, 10), date(2026, 8, 13)
    quote = quote_stay(PriceTerms(currency="EUR", nightly_price=333), FEES, check_in, check_out)
    assert (quote.subtotal, quote.taxes) == (999, 100)
    refund = refund_at(MOD, 119, 1, quote=quote, starts=night_starts(check_in, check_out, "15:00", "UTC"))
    assert (refund.accommodation, refund.cleaning_fee, refund.service_fee, refund.taxes) == (500, 0, 0, 50)


def test_full_refund_is_what_was_paid() -> None:
    refund = full_refund(QUOTE)
    assert refund == Refund(
        accommodation=40000, cleaning_fee=3000, service_fee=6020, taxes=4300, full=True, nights_refunded=4
    )
    assert refund.total == QUOTE.total == 53320


def test_night_starts_follow_the_listing_time_zone() -> None:
    starts = night_starts(CHECK_IN, CHECK_OUT, "16:30", "Europe/Amsterdam")  # summer time: UTC+2
    assert starts[0].astimezone(UTC) == datetime(2026, 8, 10, 14, 30, tzinfo=UTC)
    flex = refund_for(
        FLEX,
        QUOTE,
        booked_at=datetime(2026, 7, 1, tzinfo=UTC),
        night_starts=starts,
        at=datetime(2026, 8, 9, 14, 30, tzinfo=UTC),  # exactly 24 h before 16:30 in Amsterdam
        by=GUEST,
    )
    assert flex.full
    late = refund_for(
        FLEX,
        QUOTE,
        booked_at=datetime(2026, 7, 1, tzinfo=UTC),
        night_starts=starts,
        at=datetime(2026, 8, 9, 14, 31, tzinfo=UTC),
        by=GUEST,
    )
    assert not late.full


# ---- properties -----------------------------------------------------------------------------------

pcts = st.decimals(min_value=0, max_value=30, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def bookings(draw: st.DrawFn) -> tuple[Quote, list[datetime]]:
    check_in = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
    count = draw(st.integers(1, 35))
    check_out = check_in + timedelta(days=count)
    rates = []
    for order in range(draw(st.integers(0, 2))):
        start = check_in + timedelta(days=draw(st.integers(-5, count)))
        rates.append(
            Rate(
                start,
                start + timedelta(days=draw(st.integers(1, 20))),
                nightly_price=draw(st.integers(1, 10**7)),
                weekend_price=draw(st.none() | st.integers(1, 10**7)),
                order=order,
            )
        )
    terms = PriceTerms(
        currency="EUR",
        nightly_price=draw(st.integers(1, 10**7)),
        rates=tuple(rates),
        weekly_discount_pct=draw(st.integers(0, 99)),
        monthly_discount_pct=draw(st.integers(0, 99)),
        cleaning_fee=draw(st.integers(0, 10**6)),
    )
    fees = Fees(service_fee_pct=draw(pcts), host_commission_pct=draw(pcts), tax_pct=draw(pcts))
    check_in_time = draw(st.sampled_from(["00:00", "11:30", "15:00", "23:59"]))
    return quote_stay(terms, fees, check_in, check_out), night_starts(
        check_in, check_out, check_in_time, "UTC"
    )


MINUTES = 60 * 24


@st.composite
def cancellations(draw: st.DrawFn) -> tuple[Quote, list[datetime], datetime, datetime]:
    """A booking, when it was booked, and a cancellation time at or after booking."""
    quote, starts = draw(bookings())
    booked_at = starts[0] - timedelta(minutes=draw(st.integers(0, 60 * MINUTES)))
    horizon = int((starts[-1] - booked_at).total_seconds() // 60) + 2 * MINUTES
    at = booked_at + timedelta(minutes=draw(st.integers(0, horizon)))
    return quote, starts, booked_at, at


def rule_grants_full(policy: CancellationPolicy, ahead: timedelta, since_booking: timedelta) -> bool:
    if policy is FLEX:
        return ahead >= timedelta(hours=24)
    if policy is MOD:
        return ahead >= timedelta(days=5)
    return since_booking <= timedelta(hours=48) and ahead >= timedelta(days=14)


def parts(refund: Refund) -> tuple[int, int, int, int]:
    return refund.accommodation, refund.cleaning_fee, refund.service_fee, refund.taxes


@pure
@given(case=cancellations(), policy=st.sampled_from(list(CancellationPolicy)))
def test_guest_refund_properties(
    case: tuple[Quote, list[datetime], datetime, datetime], policy: CancellationPolicy
) -> None:
    quote, starts, booked_at, at = case
    refund = refund_for(policy, quote, booked_at=booked_at, night_starts=starts, at=at, by=GUEST)
    paid = (quote.accommodation, quote.cleaning_fee, quote.service_fee, quote.taxes)

    # Never negative, never more than was paid for each part, nor in all.
    assert all(isinstance(p, int) and p >= 0 for p in parts(refund))
    assert all(got <= was for got, was in zip(parts(refund), paid, strict=True))
    assert 0 <= refund.total <= quote.total
    assert 0 <= refund.nights_refunded <= quote.nights

    # Full exactly when the rule grants it; a full refund is everything that was paid.
    full = rule_grants_full(policy, starts[0] - at, at - booked_at)
    assert refund.full is full
    if full:
        assert parts(refund) == paid
        assert refund.total == quote.total
    else:
        assert refund.service_fee == 0  # the service fee only comes back with a full refund
        if quote.service_fee:
            assert refund.total < quote.total
        # the cleaning fee comes back while the stay has not started
        assert refund.cleaning_fee == (quote.cleaning_fee if at < starts[0] else 0)
        if policy is STRICT and starts[0] - at < timedelta(days=7):
            assert refund.accommodation == 0


@pure
@given(
    case=cancellations(),
    later_minutes=st.integers(0, 40 * MINUTES),
    policy=st.sampled_from(list(CancellationPolicy)),
)
def test_refund_never_grows_later(
    case: tuple[Quote, list[datetime], datetime, datetime], later_minutes: int, policy: CancellationPolicy
) -> None:
    quote, starts, booked_at, at = case
    later = at + timedelta(minutes=later_minutes)
    early = refund_for(policy, quote, booked_at=booked_at, night_starts=starts, at=at, by=GUEST)
    late = refund_for(policy, quote, booked_at=booked_at, night_starts=starts, at=later, by=GUEST)
    assert late.total <= early.total
    assert all(b <= a for a, b in zip(parts(early), parts(late), strict=True))
    assert late.nights_refunded <= early.nights_refunded
    assert early.full or not late.full


@pure
@given(
    case=cancellations(),
    policy=st.sampled_from(list(CancellationPolicy)),
    by=st.sampled_from([HOST, ADMIN, SYSTEM]),
)
def test_anyone_but_the_guest_refunds_in_full(
    case: tuple[Quote, list[datetime], datetime, datetime], policy: CancellationPolicy, by: Canceller
) -> None:
    quote, starts, booked_at, at = case
    refund = refund_for(policy, quote, booked_at=booked_at, night_starts=starts, at=at, by=by)
    assert refund.full
    assert refund.total == quote.total
    assert parts(refund) == (quote.accommodation, quote.cleaning_fee, quote.service_fee, quote.taxes)
    assert refund.nights_refunded == quote.nights
