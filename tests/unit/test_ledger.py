"""The double-entry ledger, the pure part: postings (models.ledger) under hypothesis, and currency
conversion.

Issue: "for any sequence of pay, capture, refund, cancel and payout, every transaction sums to zero
and no booking is refunded more than it paid"."""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from core.money import exponent
from models import ledger
from models.ledger import Account, Leg, Parts, allocate, kept_split
from models.quotes import Fees, PriceTerms, Quote, quote_stay

pure = settings(deadline=None, max_examples=300)

LISTING = "EUR"
# The guest pays in the listing's currency, in one with the same minor unit, or in one without any.
GUEST_CURRENCIES = ("EUR", "USD", "JPY")
RATES = {  # listing -> guest, major units; drawn around these
    "EUR": (Decimal(1), Decimal(1)),
    "USD": (Decimal("0.5"), Decimal("2")),
    "JPY": (Decimal("80"), Decimal("250")),
}


# ---- a small in-memory world driven by the pure postings ---------------------------------------------


@dataclass
class Charge:
    """One payment of a stay, as resolvers.payments keeps it (amounts minor units)."""

    amount: int  # guest currency
    currency: str
    listing_amount: int
    listing_currency: str
    fx: Decimal
    captured: int = 0  # guest currency
    refunded: int = 0

    def to_listing(self, amount: int) -> int:
        """As resolvers.payments.intents.to_listing: the payment's own rate, half up."""
        if self.currency == self.listing_currency:
            return amount
        return (2 * amount * self.listing_amount + self.amount) // (2 * self.amount)


@dataclass
class Stay:
    id: uuid.UUID
    host: uuid.UUID
    quote: Quote
    currency: str  # the guest's
    fx: Decimal
    charges: list[Charge] = field(default_factory=list)
    started: bool = False
    cancelled: bool = False
    kept: Parts = field(default_factory=Parts)  # recognised and not refunded since, by part
    cash_in: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # per currency
    cash_out: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class Books:
    """Every posting, with running balances per (account, owner, currency)."""

    def __init__(self) -> None:
        self.postings: list[tuple[str, list[Leg]]] = []
        self.balances: dict[tuple[Account, uuid.UUID | None, str], int] = defaultdict(int)

    def post(self, kind: str, legs: list[Leg]) -> None:
        assert ledger.balanced(legs), (kind, legs)
        for currency in {leg.currency for leg in legs}:  # balanced means: per currency
            assert sum(leg.amount for leg in legs if leg.currency == currency) == 0, (kind, legs)
        self.postings.append((kind, legs))
        for leg in legs:
            self.balances[(leg.account, leg.owner_id, leg.currency)] += leg.amount

    def balance(self, account: Account, owner: uuid.UUID | None, currency: str) -> int:
        return self.balances[(account, owner, currency)]

    def totals_per_currency(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for (_, _, currency), amount in self.balances.items():
            totals[currency] += amount
        return dict(totals)


def _cash(legs: list[Leg], currency: str) -> int:
    return sum(
        leg.amount for leg in legs if leg.account is Account.GATEWAY_CLEARING and leg.currency == currency
    )


class World:
    def __init__(self, stays: list[Stay], payout_currency: dict[uuid.UUID, tuple[str, Decimal]]) -> None:
        self.stays = stays
        self.payout_currency = payout_currency
        self.books = Books()

    # pay: the charges a stay will have (nothing moves yet)
    def pay(self, stay: Stay, deposit_pct: int) -> None:
        if stay.charges or stay.cancelled or stay.started:
            return
        total = stay.quote.total
        first = total if deposit_pct == 100 else max(1, total * deposit_pct // 100)
        for listing_amount in (first, total - first):
            if listing_amount > 0:
                amount = ledger.convert(listing_amount, LISTING, stay.currency, stay.fx)
                if amount > 0:  # the CHECK amount > 0 (a tiny JPY share might convert to nothing)
                    stay.charges.append(Charge(amount, stay.currency, listing_amount, LISTING, stay.fx))

    # capture: what the gateway reports captured; applied as apply_intent does (the difference only)
    def capture(self, stay: Stay, which: int, reported_twice: bool) -> None:
        if stay.cancelled or stay.started:  # (money that arrives later is settle's: see the webhook tests)
            return
        self.pay(stay, 100)
        charge = stay.charges[which % len(stay.charges)]
        for _ in range(2 if reported_twice else 1):
            delta = charge.amount - charge.captured
            if delta <= 0:
                continue
            delta_l = charge.listing_amount if delta == charge.amount else charge.to_listing(delta)
            charge.captured = charge.amount
            legs = ledger.capture(stay.id, delta, charge.currency, delta_l, charge.listing_currency)
            stay.cash_in[charge.currency] += _cash(legs, charge.currency)
            self.books.post("capture", legs)

    # refund: `listing_amount` of a charge, as refund_payment_now computes the guest's amount
    def refund(self, stay: Stay, which: int, share: Fraction) -> bool:
        live = [c for c in stay.charges if c.captured > c.refunded]
        if not live:
            return False
        charge = live[which % len(live)]
        left = charge.captured - charge.refunded
        refundable = charge.to_listing(left)
        listing_amount = max(1, math.ceil(share * refundable))
        amount = (
            left
            if listing_amount >= refundable
            else ledger.convert(listing_amount, charge.listing_currency, charge.currency, charge.fx)
        )
        if amount <= 0 or charge.refunded + amount > charge.captured:
            return False  # refund_payment_now refuses it (REFUND_EXCEEDS_CAPTURED)
        charge.refunded += amount
        if stay.started or stay.cancelled:  # its funds were recognised: reverse that, part by part
            legs = self.reverse(stay, charge, amount, listing_amount)
        else:
            legs = ledger.refund_before_stay(stay.id, amount, charge.currency, listing_amount, LISTING)
        stay.cash_out[charge.currency] -= _cash(legs, charge.currency)
        self.books.post("refund", legs)
        return True

    def reverse(self, stay: Stay, charge: Charge, amount: int, listing_amount: int) -> list[Leg]:
        """As resolvers.payments.refunds._refund_legs: what was recognised goes back part by part (pro rata
        of what each part keeps); a unit beyond it (fx rounding) is the platform's expense."""
        parts = allocate(min(listing_amount, stay.kept.total), stay.kept)
        pct = stay.quote.host_commission_pct
        split = kept_split(stay.kept, pct) - kept_split(stay.kept - parts, pct)
        assert split.total == parts.total and min(split.host, split.taxes, split.commission) >= 0
        stay.kept -= parts
        if parts.total == listing_amount:
            return ledger.refund_after_start(stay.host, split, amount, charge.currency, LISTING)
        reversed_ = min(amount, ledger.convert(parts.total, LISTING, charge.currency, charge.fx))
        rest = ledger.goodwill_refund(
            amount - reversed_, charge.currency, listing_amount - parts.total, LISTING
        )
        if not parts.total:
            return rest
        return [*ledger.refund_after_start(stay.host, split, reversed_, charge.currency, LISTING), *rest]

    def recognise(self, stay: Stay) -> None:
        held = -self.books.balance(Account.GUEST_FUNDS, stay.id, LISTING)
        if held > 0:
            target = (Parts.of_quote(stay.quote) - stay.kept).at_least_zero()
            adding = target if held >= target.total else allocate(held, target)
            pct = stay.quote.host_commission_pct
            split = kept_split(stay.kept + adding, pct) - kept_split(stay.kept, pct)
            assert split.total == adding.total == held
            stay.kept += adding
            self.books.post("recognise", ledger.recognise(stay.id, stay.host, split, LISTING))

    # cancel before the stay: refund all but what the policy retains, then recognise the rest (settle)
    def cancel(self, stay: Stay, retained_pct: int) -> None:
        if stay.cancelled or stay.started:
            return
        stay.cancelled = True
        retained = stay.quote.total * retained_pct // 100
        paid = sum(c.to_listing(c.captured - c.refunded) for c in stay.charges)
        to_refund = max(0, paid - retained)
        for charge in stay.charges:
            refundable = charge.to_listing(charge.captured - charge.refunded)
            part = min(to_refund, refundable)
            if part > 0:
                left = charge.captured - charge.refunded
                amount = (
                    left if part >= refundable else ledger.convert(part, LISTING, charge.currency, charge.fx)
                )
                if amount <= 0 or charge.refunded + amount > charge.captured:
                    continue
                charge.refunded += amount
                legs = ledger.refund_before_stay(stay.id, amount, charge.currency, part, LISTING)
                stay.cash_out[charge.currency] -= _cash(legs, charge.currency)
                self.books.post("refund", legs)
                to_refund -= part
        self.recognise(stay)

    def start(self, stay: Stay) -> None:
        if stay.cancelled or stay.started:
            return
        stay.started = True
        self.recognise(stay)

    # payout: whatever each host is owed leaves through the gateway, in their payout currency
    def payout(self) -> None:
        for host, (currency, fx) in self.payout_currency.items():
            due = -self.books.balance(Account.HOST_PAYABLE, host, LISTING)
            if due <= 0:
                continue
            amount = ledger.convert(due, LISTING, currency, fx)
            self.books.post("payout", ledger.payout(host, due, LISTING, amount, currency))


quotes = st.builds(
    lambda nightly, nights, cleaning, service, commission, tax: quote_stay(
        PriceTerms(currency=LISTING, nightly_price=nightly, cleaning_fee=cleaning),
        Fees(service_fee_pct=Decimal(service), host_commission_pct=Decimal(commission), tax_pct=Decimal(tax)),
        date(2026, 9, 1),
        date(2026, 9, 1) + timedelta(days=nights),
    ),
    nightly=st.integers(1, 500_000),
    nights=st.integers(1, 30),
    cleaning=st.integers(0, 20_000),
    service=st.integers(0, 20),
    commission=st.integers(0, 15),
    tax=st.integers(0, 25),
)


def rates(currency: str) -> st.SearchStrategy[Decimal]:
    low, high = RATES[currency]
    if low == high:
        return st.just(low)
    return st.decimals(min_value=low, max_value=high, places=4)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    hosts = [uuid.uuid4() for _ in range(draw(st.integers(1, 2)))]
    stays = []
    for _ in range(draw(st.integers(1, 3))):
        currency = draw(st.sampled_from(GUEST_CURRENCIES))
        stays.append(
            Stay(
                id=uuid.uuid4(),
                host=draw(st.sampled_from(hosts)),
                quote=draw(quotes),
                currency=currency,
                fx=draw(rates(currency)),
            )
        )
    payout = {}
    for host in hosts:
        currency = draw(st.sampled_from(GUEST_CURRENCIES))
        payout[host] = (currency, draw(rates(currency)))
    return World(stays, payout)


operations = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.integers(0, 2), st.sampled_from([100, 30, 50])),
        st.tuples(st.just("capture"), st.integers(0, 2), st.integers(0, 1), st.booleans()),
        st.tuples(st.just("refund"), st.integers(0, 2), st.integers(0, 1), st.fractions(0, 1)),
        st.tuples(st.just("cancel"), st.integers(0, 2), st.sampled_from([0, 50, 100])),
        st.tuples(st.just("start"), st.integers(0, 2)),
        st.just(("payout",)),
    ),
    min_size=1,
    max_size=40,
)


def check_invariants(world: World) -> None:
    books = world.books
    # Every posting balances per currency (Books.post checks each), so every currency sums to zero.
    assert all(total == 0 for total in books.totals_per_currency().values()), books.totals_per_currency()
    for stay in world.stays:
        for charge in stay.charges:
            assert 0 <= charge.refunded <= charge.captured <= charge.amount
        for currency, cash in stay.cash_out.items():
            # The cash that went back to the guest never exceeds what came in for the stay.
            assert 0 <= cash <= stay.cash_in[currency], (
                stay.currency,
                dict(stay.cash_in),
                dict(stay.cash_out),
            )
        if stay.currency == LISTING:
            # The stay's funds never go below nothing; once it began (or ended) they were recognised
            # in full. (Checked for stays paid in the listing's currency; a refund in another currency
            # is checked on the real ledger in tests/integration/test_ledger.py.)
            held = -books.balance(Account.GUEST_FUNDS, stay.id, LISTING)
            assert held >= 0
            assert held == 0 or not (stay.started or stay.cancelled)


@pure
@given(world=worlds(), ops=operations)
def test_any_sequence_of_money_movements_keeps_the_books_balanced(world: World, ops: list[tuple]) -> None:
    for op, *args in ops:
        if op == "payout":
            world.payout()
            check_invariants(world)
            continue
        stay = world.stays[args[0] % len(world.stays)]
        if op == "pay":
            world.pay(stay, args[1])
        elif op == "capture":
            world.capture(stay, args[1], args[2])
        elif op == "refund":
            world.refund(stay, args[1], args[2])
        elif op == "cancel":
            world.cancel(stay, args[1])
        elif op == "start":
            world.start(stay)
        check_invariants(world)
    # In the end, stays begin and hosts are paid: nobody is owed anything the books do not show.
    for stay in world.stays:
        world.start(stay)
    world.payout()
    check_invariants(world)
    for host in world.payout_currency:
        assert world.books.balance(Account.HOST_PAYABLE, host, LISTING) >= 0


@pure
@given(world=worlds(), shares=st.lists(st.fractions(0, 1), min_size=1, max_size=12))
def test_refunds_never_exceed_captures_however_they_are_split(world: World, shares: list[Fraction]) -> None:
    stay = world.stays[0]
    world.pay(stay, 100)
    world.capture(stay, 0, reported_twice=True)
    for share in shares:
        world.refund(stay, 0, share)
    # Whatever is left can still be refunded, exactly to the captured amount.
    while world.refund(stay, 0, Fraction(1)):
        pass
    [charge] = stay.charges
    assert charge.refunded == charge.captured == charge.amount
    assert stay.cash_out[charge.currency] == stay.cash_in[charge.currency] == charge.amount
    check_invariants(world)


def test_every_posting_balances_by_hand() -> None:
    booking, host = uuid.uuid4(), uuid.uuid4()
    quote = quote_stay(
        PriceTerms(currency="EUR", nightly_price=10000, cleaning_fee=3000),
        Fees(service_fee_pct=Decimal(14), host_commission_pct=Decimal(3), tax_pct=Decimal(10)),
        date(2026, 8, 10),
        date(2026, 8, 14),
    )
    split = ledger.divide(quote, Parts()).kept
    assert (split.host, split.taxes, split.total) == (quote.host_payout, quote.taxes, quote.total)
    assert split.commission == quote.host_commission
    postings = [
        ledger.capture(booking, 57867, "USD", 53320, "EUR"),
        ledger.refund_before_stay(booking, 1085, "USD", 1000, "EUR"),
        ledger.recognise(booking, host, split, "EUR"),
        ledger.refund_after_start(
            host, ledger.divide(quote, Parts(4000, 560, 400)).refunded, 5427, "USD", "EUR"
        ),
        ledger.refund_before_stay(booking, 1085, "USD", 1000, "EUR", Parts(800, 100, 50)),
        ledger.goodwill_refund(1000, "EUR", 1000, "EUR"),
        ledger.payout(host, 10000, "EUR", 1_600_000, "JPY"),
        ledger.capture(booking, 100, "EUR", 100, "EUR"),
    ]
    for legs in postings:
        assert ledger.balanced(legs), legs
    assert not ledger.balanced([Leg(Account.GATEWAY_CLEARING, 100, "EUR"), Leg(Account.FX, -100, "USD")])
    assert ledger.balanced([])


# ---- convert: half up, once; round trips ---------------------------------------------------------------

CONVERTIBLE = ("EUR", "USD", "GBP", "JPY", "KWD", "ISK")


@pure
@given(
    amount=st.integers(0, 10**9),
    source=st.sampled_from(CONVERTIBLE),
    target=st.sampled_from(CONVERTIBLE),
    rate=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=6),
)
def test_convert_rounds_half_up_once(amount: int, source: str, target: str, rate: Decimal) -> None:
    converted = ledger.convert(amount, source, target, rate)
    if source == target:
        assert converted == amount
        return
    exact = Fraction(amount) * Fraction(rate) * Fraction(10) ** (exponent(target) - exponent(source))
    assert converted == math.floor(exact + Fraction(1, 2))  # half up, from the exact product
    assert ledger.convert(-amount, source, target, rate) == -converted  # (half away from zero)


@pure
@given(
    amount=st.integers(1, 10**9),
    source=st.sampled_from(CONVERTIBLE),
    target=st.sampled_from(CONVERTIBLE),
    rate=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=6),
)
def test_convert_round_trips_within_a_minor_unit(
    amount: int, source: str, target: str, rate: Decimal
) -> None:
    inverse = (Decimal(1) / rate).quantize(Decimal("1e-12"))  # as resolvers.payments.rate inverts
    back = ledger.convert(ledger.convert(amount, source, target, rate), target, source, inverse)
    per_unit = Fraction(rate) * Fraction(10) ** (exponent(target) - exponent(source))  # target units / unit
    if source == target:
        assert back == amount
    elif per_unit >= 1:
        # The target is at least as fine: back within one minor unit.
        assert abs(back - amount) <= 1
    else:
        # The target is coarser: back within one of its minor units (and one rounding of ours).
        assert abs(back - amount) <= Fraction(1, 2) / per_unit + 1


def test_convert_examples() -> None:
    assert ledger.convert(1, "EUR", "USD", Decimal("1.5")) == 2  # 1.5 cents: half up
    assert ledger.convert(1, "EUR", "USD", Decimal("2.5")) == 3  # not to even
    assert ledger.convert(3, "EUR", "USD", Decimal("0.5")) == 2
    assert ledger.convert(50, "EUR", "JPY", Decimal(1)) == 1  # 0.5 yen
    assert ledger.convert(49, "EUR", "JPY", Decimal(1)) == 0
    assert ledger.convert(1, "JPY", "EUR", Decimal("0.005")) == 1  # 0.5 cent
    assert ledger.convert(1, "JPY", "KWD", Decimal("0.0025")) == 3  # 2.5 fils
    assert ledger.convert(41745, "EUR", "EUR", Decimal("7")) == 41745  # the same currency: no rate
