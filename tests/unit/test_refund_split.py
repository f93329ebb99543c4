"""Issue 9, items 1-3, the pure part: what a partial refund keeps is split part by part
(models.ledger.divide), exactly, never beyond a part."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import ledger
from models.cancellation import Canceller, refund_for
from models.ledger import Account, BookingBooks, Parts, allocate, divide, kept_split
from models.listings import CancellationPolicy
from models.quotes import Fees, PriceTerms, Quote, quote_stay

pure = settings(deadline=None, max_examples=400)
FEES = Fees(service_fee_pct=Decimal(14), host_commission_pct=Decimal(3), tax_pct=Decimal(9))


def example_quote() -> Quote:
    """The issue's quote: nights 450.00, cleaning 35.00, service fee 67.90, taxes 43.65."""
    terms = PriceTerms(currency="EUR", nightly_price=15000, cleaning_fee=3500)
    return quote_stay(terms, FEES, date(2026, 9, 1), date(2026, 9, 4))


def lines_of(split: ledger.Split) -> tuple[int, int, int, int]:
    return (split.host, split.platform - split.commission, split.commission, split.taxes)


# ---- the rule, pure ------------------------------------------------------------------------------------


def test_the_issues_example_keeps_each_part_its_own_share():
    quote = example_quote()
    assert (quote.accommodation, quote.cleaning_fee, quote.service_fee, quote.taxes) == (
        45000,
        3500,
        6790,
        4365,
    )
    assert (quote.total, quote.host_payout, quote.host_commission) == (59655, 47045, 1455)
    refunded = Parts(host_charges=22500 + 3500, service_fee=0, taxes=2340)  # 225 + 35 + 0 + 23.40
    division = divide(quote, refunded)
    # host 225.00 - 6.75; service fee 67.90 (and the 6.75 commission); taxes 20.25 (not 246.96 etc.)
    assert lines_of(division.kept) == (21825, 6790, 675, 2025)
    assert division.kept.total == 59655 - 28340 == 31315
    assert lines_of(division.refunded) == (47045 - 21825, 0, 1455 - 675, 4365 - 2025)


quotes = st.builds(
    lambda nightly, nights, cleaning, weekly, service, commission, tax: quote_stay(
        PriceTerms(currency="EUR", nightly_price=nightly, cleaning_fee=cleaning, weekly_discount_pct=weekly),
        Fees(service_fee_pct=Decimal(service), host_commission_pct=Decimal(commission), tax_pct=Decimal(tax)),
        date(2026, 9, 1),
        date(2026, 9, 1) + timedelta(days=nights),
    ),
    nightly=st.integers(1, 500_000),
    nights=st.integers(1, 30),
    cleaning=st.integers(0, 20_000),
    weekly=st.integers(0, 30),
    service=st.decimals(0, 20, places=1),
    commission=st.decimals(0, 15, places=1),
    tax=st.decimals(0, 25, places=2),
)


def _policy_refund(quote: Quote, policy: CancellationPolicy, hours_ahead: int, by: Canceller) -> Parts:
    from datetime import UTC, datetime, time

    starts = [datetime.combine(line.night, time(15), tzinfo=UTC) for line in quote.lines]
    at = starts[0] - timedelta(hours=hours_ahead)
    refund = refund_for(policy, quote, booked_at=at - timedelta(days=30), night_starts=starts, at=at, by=by)
    return refund.parts


def _sums(*postings: list[ledger.Leg], kinds: tuple[str, ...]) -> dict[tuple[str, str, str], int]:
    sums: dict[tuple[str, str, str], int] = {}
    for kind, legs in zip(kinds, postings, strict=True):
        for leg in legs:
            if leg.account in (Account.GATEWAY_CLEARING, Account.FX, Account.REFUNDS):
                continue
            key = (kind, leg.account.value, leg.line)
            sums[key] = sums.get(key, 0) + leg.amount
    return sums


@pure
@given(
    quote=quotes,
    policy=st.sampled_from(list(CancellationPolicy)),
    hours_ahead=st.integers(-24 * 40, 24 * 40),
    by=st.sampled_from(list(Canceller)),
    admin=st.fractions(0, 1),
)
def test_for_any_quote_and_policy_each_part_of_kept_plus_refunded_is_the_quotes(
    quote, policy, hours_ahead, by, admin
):
    booking, host = uuid.uuid4(), uuid.uuid4()
    refunded = _policy_refund(quote, policy, hours_ahead, by)
    assert refunded.within(Parts.of_quote(quote))
    division = divide(quote, refunded)
    whole = divide(quote, Parts()).kept
    # Every line of the quote is exactly kept + refunded, and none is negative.
    assert lines_of(whole) == (quote.host_payout, quote.service_fee, quote.host_commission, quote.taxes)
    for kept, back, line in zip(
        lines_of(division.kept), lines_of(division.refunded), lines_of(whole), strict=True
    ):
        assert kept >= 0 and back >= 0 and kept + back == line
    assert division.kept.total + refunded.total == quote.total

    # The ledger: pay, refund the policy's parts, recognise what is kept; then an admin refunds a share
    # of what is kept, pro rata of its parts (after recognition). Each balances; the books agree.
    capture = ledger.capture(booking, quote.total, "EUR", quote.total, "EUR")
    back = ledger.refund_before_stay(booking, refunded.total, "EUR", refunded.total, "EUR", refunded)
    kept_parts = Parts.of_quote(quote) - refunded
    recognise = ledger.recognise(booking, host, kept_split(kept_parts, quote.host_commission_pct), "EUR")
    share = allocate(int(admin * kept_parts.total), kept_parts)
    assert share.within(kept_parts) and share.total == int(admin * kept_parts.total)
    pct = quote.host_commission_pct
    reversal = kept_split(kept_parts, pct) - kept_split(kept_parts - share, pct)
    assert min(reversal.host, reversal.platform, reversal.taxes, reversal.commission) >= 0
    after = ledger.refund_after_start(host, reversal, share.total, "EUR", "EUR")
    postings = (capture, back, recognise, after)
    for legs in postings:
        assert ledger.balanced(legs)
    books = BookingBooks.from_sums(_sums(*postings, kinds=("capture", "refund", "recognise", "refund")))
    assert books.held == 0 and books.refunded == refunded
    assert books.kept == kept_parts - share
    assert books.host == kept_split(kept_parts - share, pct).host


@pure
@given(amount=st.integers(0, 10**7), over=st.tuples(*[st.integers(0, 10**7)] * 3))
def test_allocate_is_exact_and_never_exceeds_a_part(amount, over):
    parts = Parts(*over)
    if amount > parts.total:
        with pytest.raises(ValueError):
            allocate(amount, parts)
        return
    share = allocate(amount, parts)
    assert share.total == amount and share.within(parts)


def test_a_refund_beyond_a_part_is_refused():
    quote = example_quote()
    with pytest.raises(ValueError):
        divide(quote, Parts(0, quote.service_fee + 1, 0))
    with pytest.raises(ValueError):
        ledger.refund_before_stay(uuid.uuid4(), 100, "EUR", 100, "EUR", Parts(101, 0, 0))
