"""Cancellation policies: a pure function from (policy, booking, time, who cancels) to the refund.

- flexible: full refund until 24 h before check-in; after that, the nights not yet started minus one.
- moderate: full refund until 5 days before check-in; after that, 50% of the nights not yet started.
- strict: full refund within 48 h of booking if check-in is at least 14 days away; 50% of the nights
  until 7 days before check-in; nothing after.
- The cleaning fee is refunded while the stay has not started; the service fee only with a full refund.
- Taxes follow what they were charged on: the refunded share of (nights + cleaning) refunds the same
  share of the taxes.
- A host (or admin, or the system: declined, expired) cancellation refunds the guest in full.

A night "starts" at the listing's check-in time on its date. Amounts round half up, once per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from math import floor

from models.ledger import Parts
from models.listings import CancellationPolicy
from models.quotes import Quote


class Canceller(StrEnum):
    GUEST = "guest"
    HOST = "host"
    ADMIN = "admin"
    SYSTEM = "system"  # declined, expired


@dataclass(frozen=True)
class Refund:
    accommodation: int
    cleaning_fee: int
    service_fee: int
    taxes: int
    full: bool
    nights_refunded: int

    @property
    def total(self) -> int:
        return self.accommodation + self.cleaning_fee + self.service_fee + self.taxes

    @property
    def parts(self) -> Parts:
        """What it gives back of each part of the quote (models.ledger splits what is kept)."""
        return Parts(self.accommodation + self.cleaning_fee, self.service_fee, self.taxes)


def _half_up(value: Fraction) -> int:
    return floor(value + Fraction(1, 2))


def full_refund(quote: Quote) -> Refund:
    return Refund(
        accommodation=quote.accommodation,
        cleaning_fee=quote.cleaning_fee,
        service_fee=quote.service_fee,
        taxes=quote.taxes,
        full=True,
        nights_refunded=quote.nights,
    )


def refund_for(
    policy: CancellationPolicy,
    quote: Quote,
    *,
    booked_at: datetime,
    night_starts: Sequence[datetime],
    at: datetime,
    by: Canceller,
) -> Refund:
    """What the guest gets back when the booking is cancelled at `at`.

    `night_starts[i]` is when night i begins (check-in time on its date, as an aware datetime)."""
    if by is not Canceller.GUEST:
        return full_refund(quote)
    check_in_at = night_starts[0]
    ahead = check_in_at - at
    not_started = [i for i, start in enumerate(night_starts) if start > at]
    share = Fraction(1)
    if policy is CancellationPolicy.FLEXIBLE:
        if ahead >= timedelta(hours=24):
            return full_refund(quote)
        refundable = not_started[1:]
    elif policy is CancellationPolicy.MODERATE:
        if ahead >= timedelta(days=5):
            return full_refund(quote)
        refundable, share = not_started, Fraction(1, 2)
    else:
        if at - booked_at <= timedelta(hours=48) and ahead >= timedelta(days=14):
            return full_refund(quote)
        refundable, share = (not_started, Fraction(1, 2)) if ahead >= timedelta(days=7) else ([], Fraction(0))

    refundable_price = sum(quote.lines[i].amount for i in refundable)
    # Nights were paid after the stay's discount: refund their discounted share.
    accommodation = (
        _half_up(share * quote.accommodation * refundable_price / quote.subtotal) if quote.subtotal else 0
    )
    cleaning = quote.cleaning_fee if at < check_in_at else 0
    base = quote.host_charges
    taxes = _half_up(Fraction(quote.taxes * (accommodation + cleaning), base)) if base else 0
    return Refund(
        accommodation=accommodation,
        cleaning_fee=cleaning,
        service_fee=0,
        taxes=taxes,
        full=False,
        nights_refunded=len(refundable) if share else 0,
    )
