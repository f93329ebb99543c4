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
the stay begins, guest_funds is recognised: host payout to host_payable, fees to platform_revenue,
taxes to taxes_payable. Refunds come back out of guest_funds before the stay, and reverse the
recognition (in the policy's proportions) after it. A payout moves host_payable out to the gateway.
Every posting sums to zero in each currency: `balanced` checks it, and PostgreSQL again (migration 4).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from core.money import exponent


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


def refund_before_stay(
    booking_id: uuid.UUID, amount: int, currency: str, listing_amount: int, listing_currency: str
) -> list[Leg]:
    """Money back to the guest out of the stay's funds (the stay has not begun)."""
    return _neg(capture(booking_id, amount, currency, listing_amount, listing_currency))


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


def recognise(booking_id: uuid.UUID, host_id: uuid.UUID, split: Split, currency: str) -> list[Leg]:
    """The stay began: its funds become the host's, the platform's and the tax authorities'."""
    return [Leg(Account.GUEST_FUNDS, split.total, currency, booking_id), *split.legs(currency, host_id, -1)]


def refund_after_start(
    host_id: uuid.UUID, split: Split, amount: int, currency: str, listing_currency: str
) -> list[Leg]:
    """Money back after the stay began: the recognition reversed in `split`'s proportions."""
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
