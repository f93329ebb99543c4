"""Double-entry postings: pure functions from a money movement to balanced legs.

Accounts (debit +, credit -):
- gateway_clearing: money at the payment provider (cash in, minus refunds and payouts).
- fx: the platform's position when a guest pays, or a host is paid, in another currency.
- guest_funds[booking]: what guests paid for a stay that has not begun (a liability).
- host_payable[host]: what is owed to hosts for stays that began.
- platform_revenue: service fees and host commissions.
- taxes_payable: taxes collected, owed to authorities.
- refunds: goodwill refunds beyond the policy (an expense).

A capture moves cash into guest_funds (through fx when the guest pays in another currency). When
the stay begins (or a cancelled stay's kept money is settled), guest_funds is recognised: host payout
to host_payable, fees to platform_revenue, taxes to taxes_payable. Refunds come back out of
guest_funds before recognition, and reverse it after. A payout moves host_payable out to the gateway.
Every posting sums to zero in each currency: `balanced` checks it, and PostgreSQL again (migration 4).

The split rule (one place: `divide` and `kept_split`): a stay's money has three parts, what the host
charges (nights after discount, cleaning fee), the guest's service fee, and taxes. Each part keeps its
own kept share, whatever was refunded of the others: the host gets the kept host charges less the
commission on them (rounded half up, once), the platform the kept service fee plus that commission,
the tax authorities the kept taxes. A refund says which parts it gives back (the policy's breakdown,
or pro rata of what is left of each part: `allocate`); the guest_funds legs of a refund carry the part
as their line, so the ledger itself knows what each booking has refunded of each part.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from core.money import exponent
from models.quotes import Quote, percent_of


class Account(StrEnum):
    GATEWAY_CLEARING = "gateway_clearing"
    FX = "fx"
    GUEST_FUNDS = "guest_funds"
    HOST_PAYABLE = "host_payable"
    PLATFORM_REVENUE = "platform_revenue"
    TAXES_PAYABLE = "taxes_payable"
    REFUNDS = "refunds"


@dataclass(frozen=True)
class Leg:
    account: Account
    amount: int  # minor units, debit +, credit -
    currency: str
    owner_id: uuid.UUID | None = None
    line: str = ""  # what the amount is: service_fee, host_commission, taxes, host_payout, ...


def balanced(legs: Iterable[Leg]) -> bool:
    totals: dict[str, int] = defaultdict(int)
    for leg in legs:
        totals[leg.currency] += leg.amount
    return all(v == 0 for v in totals.values())


def convert(amount: int, source: str, target: str, rate: Decimal) -> int:
    """`amount` minor units of `source` in minor units of `target` at `rate` (major units of target
    per major unit of source), rounded half up once."""
    if source == target:
        return amount
    major = Decimal(amount).scaleb(-exponent(source)) * rate
    return int(major.scaleb(exponent(target)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _neg(legs: list[Leg]) -> list[Leg]:
    return [Leg(leg.account, -leg.amount, leg.currency, leg.owner_id, leg.line) for leg in legs]


def _cash_in(amount: int, currency: str, listing_amount: int, listing_currency: str) -> list[Leg]:
    """Cash at the gateway in the guest's currency, held in the listing's currency."""
    if currency == listing_currency:
        return [Leg(Account.GATEWAY_CLEARING, amount, currency)]
    return [
        Leg(Account.GATEWAY_CLEARING, amount, currency),
        Leg(Account.FX, -amount, currency),
        Leg(Account.FX, listing_amount, listing_currency),
    ]


def capture(
    booking_id: uuid.UUID, amount: int, currency: str, listing_amount: int, listing_currency: str
) -> list[Leg]:
    """A captured charge: cash in, owed to the guest's stay until it begins."""
    return [
        *_cash_in(amount, currency, listing_amount, listing_currency),
        Leg(Account.GUEST_FUNDS, -listing_amount, listing_currency, booking_id),
    ]


REPRICED = "repriced"  # a guest_funds refund that is no part of the quote (a price lowered by a change)


@dataclass(frozen=True)
class Parts:
    """A stay's money by what it pays for (listing currency, minor units): what the host charges
    (nights after discount and cleaning fee), the guest's service fee, and taxes."""

    host_charges: int = 0
    service_fee: int = 0
    taxes: int = 0

    @classmethod
    def of_quote(cls, quote: Quote) -> Parts:
        return cls(quote.host_charges, quote.service_fee, quote.taxes)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @property
    def total(self) -> int:
        return self.host_charges + self.service_fee + self.taxes

    def values(self) -> tuple[int, ...]:
        return (self.host_charges, self.service_fee, self.taxes)

    def __add__(self, other: Parts) -> Parts:
        return Parts(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def __sub__(self, other: Parts) -> Parts:
        return Parts(*(a - b for a, b in zip(self.values(), other.values(), strict=True)))

    def least(self, other: Parts) -> Parts:
        """Part by part, the smaller of the two."""
        return Parts(*(min(a, b) for a, b in zip(self.values(), other.values(), strict=True)))

    def at_least_zero(self) -> Parts:
        return Parts(*(max(0, a) for a in self.values()))

    def within(self, other: Parts) -> bool:
        """0 <= each part <= `other`'s."""
        return all(0 <= a <= b for a, b in zip(self.values(), other.values(), strict=True))


def allocate(amount: int, over: Parts) -> Parts:
    """`amount` (0 <= amount <= over.total) divided pro rata of `over`'s parts: each part its floor,
    then the units left one each to the largest remainders (ties: host charges, service fee, taxes).
    The parts sum to `amount` exactly and none exceeds its part of `over`."""
    if not 0 <= amount <= over.total or min(over.values()) < 0:
        raise ValueError(f"cannot allocate {amount} over {over}")
    if amount == over.total:
        return over
    values = over.values()
    floors = [amount * v // over.total for v in values]
    remainders = [amount * v % over.total for v in values]
    for i in sorted(range(len(values)), key=lambda i: -remainders[i])[: amount - sum(floors)]:
        floors[i] += 1
    return Parts(*floors)


@dataclass(frozen=True)
class Split:
    """How a stay's money divides (listing currency): host payout, platform fees, taxes."""

    host: int
    platform: int  # service fee and host commission
    taxes: int
    commission: int = 0  # the host commission's part of `platform`

    @property
    def total(self) -> int:
        return self.host + self.platform + self.taxes

    def __sub__(self, other: Split) -> Split:
        return Split(
            self.host - other.host,
            self.platform - other.platform,
            self.taxes - other.taxes,
            self.commission - other.commission,
        )

    def legs(self, currency: str, host_id: uuid.UUID, sign: int) -> list[Leg]:
        """The split as credits (sign -1) or debits (sign +1): each fee its own line."""
        return [
            Leg(Account.HOST_PAYABLE, sign * self.host, currency, host_id, "host_payout"),
            Leg(
                Account.PLATFORM_REVENUE,
                sign * (self.platform - self.commission),
                currency,
                None,
                "service_fee",
            ),
            Leg(Account.PLATFORM_REVENUE, sign * self.commission, currency, None, "host_commission"),
            Leg(Account.TAXES_PAYABLE, sign * self.taxes, currency, None, "taxes"),
        ]


def kept_split(kept: Parts, commission_pct: Decimal) -> Split:
    """THE split rule: kept money divides part by part. The host gets the kept host charges less
    the commission on them; the platform the kept service fee and that commission; taxes stay taxes."""
    commission = min(kept.host_charges, percent_of(kept.host_charges, commission_pct))
    return Split(
        host=kept.host_charges - commission,
        platform=kept.service_fee + commission,
        taxes=kept.taxes,
        commission=commission,
    )


@dataclass(frozen=True)
class Division:
    kept: Split
    refunded: Split


def divide(quote: Quote, refunded: Parts) -> Division:
    """A stay's money once `refunded` (each part at most the quote's) went back: the ledger lines of
    what is kept and of what was refunded. Part by part, kept + refunded is the quote's own line."""
    whole = Parts.of_quote(quote)
    if not refunded.within(whole):
        raise ValueError(f"refund {refunded} is not within the quote's parts {whole}")
    kept = kept_split(whole - refunded, quote.host_commission_pct)
    return Division(kept=kept, refunded=kept_split(whole, quote.host_commission_pct) - kept)


def refund_before_stay(
    booking_id: uuid.UUID,
    amount: int,
    currency: str,
    listing_amount: int,
    listing_currency: str,
    parts: Parts | None = None,
) -> list[Leg]:
    """Money back to the guest out of the stay's funds (nothing of it was recognised yet). Each of
    `parts` (what the refund gives back of the quote) is its own guest_funds line; the rest of
    `listing_amount` is `REPRICED` (no part of the quote)."""
    parts = parts or Parts()
    if not 0 <= parts.total <= listing_amount or min(parts.values()) < 0:
        raise ValueError(f"parts {parts} do not fit a refund of {listing_amount}")
    funds = [
        Leg(Account.GUEST_FUNDS, value, listing_currency, booking_id, name)
        for name, value in zip(Parts.names(), parts.values(), strict=True)
    ]
    funds.append(
        Leg(Account.GUEST_FUNDS, listing_amount - parts.total, listing_currency, booking_id, REPRICED)
    )
    return [*funds, *_neg(_cash_in(amount, currency, listing_amount, listing_currency))]


def recognise(booking_id: uuid.UUID, host_id: uuid.UUID, split: Split, currency: str) -> list[Leg]:
    """The stay began (or its kept money was settled): funds become the host's, the platform's and
    the tax authorities', as `split` (the difference of two `kept_split`s) says."""
    return [Leg(Account.GUEST_FUNDS, split.total, currency, booking_id), *split.legs(currency, host_id, -1)]


def refund_after_start(
    host_id: uuid.UUID, split: Split, amount: int, currency: str, listing_currency: str
) -> list[Leg]:
    """Money back after recognition: `split` (kept_split before less kept_split after) reversed."""
    return [
        *split.legs(listing_currency, host_id, +1),
        *_neg(_cash_in(amount, currency, split.total, listing_currency)),
    ]


def goodwill_refund(amount: int, currency: str, listing_amount: int, listing_currency: str) -> list[Leg]:
    """A refund beyond what the stay's funds owe the guest: the platform's expense."""
    return [
        Leg(Account.REFUNDS, listing_amount, listing_currency),
        *_neg(_cash_in(amount, currency, listing_amount, listing_currency)),
    ]


def payout(
    host_id: uuid.UUID, listing_amount: int, listing_currency: str, amount: int, currency: str
) -> list[Leg]:
    """Pay a host: what they are owed leaves through the gateway, in their payout currency."""
    return [
        Leg(Account.HOST_PAYABLE, listing_amount, listing_currency, host_id),
        *_neg(_cash_in(amount, currency, listing_amount, listing_currency)),
    ]


@dataclass(frozen=True)
class BookingBooks:
    """What the ledger says of one booking (listing currency, minor units)."""

    held: int = 0  # what guest_funds still holds for it
    refunded: Parts = Parts()  # given back of each part out of guest_funds (tagged lines)
    kept: Parts = Parts()  # recognised and not refunded since, by part
    host: int = 0  # owed (or paid) to the host for it
    recognised: bool = False

    @classmethod
    def from_sums(cls, sums: Mapping[tuple[str, str, str], int]) -> BookingBooks:
        """From the sums of the booking's entries by (transaction kind, account, line)."""

        def total(account: Account, line: str | None = None, kind: str | None = None) -> int:
            return sum(
                v
                for (k, a, ln), v in sums.items()
                if a == account.value and line in (None, ln) and kind in (None, k)
            )

        platform = Account.PLATFORM_REVENUE
        host = -total(Account.HOST_PAYABLE)
        return cls(
            held=-total(Account.GUEST_FUNDS),
            refunded=Parts(*(total(Account.GUEST_FUNDS, name, "refund") for name in Parts.names())),
            kept=Parts(
                host - total(platform, "host_commission"),
                -total(platform, "service_fee"),
                -total(Account.TAXES_PAYABLE),
            ),
            host=host,
            recognised=any(kind == "recognise" for kind, _, _ in sums),
        )


def host_share(quote: Quote, cancelled: bool, books: BookingBooks) -> int:
    """What the host is (or will be) paid for a booking: once its money was recognised, what the
    ledger owes them for it; before, the split of what the quote keeps after refunds so far."""
    if books.recognised:
        return books.host
    if cancelled:
        return 0  # nothing was paid, so nothing was kept
    whole = Parts.of_quote(quote)
    return kept_split(whole - books.refunded.least(whole), quote.host_commission_pct).host
