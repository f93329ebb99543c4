"""The price of a stay: a pure function from a listing's price terms and the platform's fees.

Rounding rule (documented in the README): every amount is integer minor units of the listing's
currency; each line that is a percentage of another (discount, service fee, taxes, host commission)
is rounded once, half up, to a whole minor unit. Sums are never rounded again, so a total is always
exactly the sum of its lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from models.pricing import Rate, night_price, nights, percent_of, stay_discount

# percent_of (the rounding rule, in models.pricing) is re-exported: the money code imports it from here.
__all__ = ["Fees", "NightLine", "PriceTerms", "Quote", "discount_for", "percent_of", "quote_stay", "tax_pct"]


def tax_pct(table: Mapping[str, Decimal], country: str, city_key: str) -> Decimal:
    """The rate for "CC/city" (city accent-folded, lower-case) if the table has one, else "CC", else 0."""
    return table.get(f"{country}/{city_key}", table.get(country, Decimal(0)))


@dataclass(frozen=True)
class PriceTerms:
    """What a listing charges, as of the moment of quoting."""

    currency: str
    nightly_price: int
    rates: Sequence[Rate] = ()
    weekly_discount_pct: int = 0
    monthly_discount_pct: int = 0
    cleaning_fee: int = 0


@dataclass(frozen=True)
class Fees:
    """What the platform adds and keeps, in percent."""

    service_fee_pct: Decimal
    host_commission_pct: Decimal
    tax_pct: Decimal = Decimal(0)


@dataclass(frozen=True)
class NightLine:
    night: date
    amount: int


@dataclass(frozen=True)
class Quote:
    currency: str
    check_in: date
    check_out: date
    lines: tuple[NightLine, ...]
    subtotal: int  # the nights' prices summed
    discount: int  # weekly or monthly, never both
    discount_kind: str | None  # "weekly" | "monthly" | None
    discount_pct: int
    cleaning_fee: int
    service_fee: int
    taxes: int
    total: int  # what the guest pays
    host_commission: int
    host_payout: int  # what the host receives
    service_fee_pct: Decimal
    tax_pct: Decimal
    host_commission_pct: Decimal

    @property
    def nights(self) -> int:
        return len(self.lines)

    @property
    def accommodation(self) -> int:
        """The nights after the discount."""
        return self.subtotal - self.discount

    @property
    def host_charges(self) -> int:
        """What the host charges (nights after discount, cleaning): the base of fees and taxes."""
        return self.accommodation + self.cleaning_fee

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = [[line.night.isoformat(), line.amount] for line in self.lines]
        for name in ("check_in", "check_out"):
            data[name] = data[name].isoformat()
        for name in ("service_fee_pct", "tax_pct", "host_commission_pct"):
            data[name] = str(data[name])
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Quote:
        values = dict(data)
        values["lines"] = tuple(NightLine(date.fromisoformat(d), a) for d, a in data["lines"])
        for name in ("check_in", "check_out"):
            values[name] = date.fromisoformat(data[name])
        for name in ("service_fee_pct", "tax_pct", "host_commission_pct"):
            values[name] = Decimal(data[name])
        return cls(**values)


def discount_for(count: int, terms: PriceTerms) -> tuple[str | None, int]:
    """The one discount a stay of `count` nights earns under these terms (models.pricing.stay_discount)."""
    return stay_discount(count, terms.weekly_discount_pct, terms.monthly_discount_pct)


def quote_stay(terms: PriceTerms, fees: Fees, check_in: date, check_out: date) -> Quote:
    lines = tuple(
        NightLine(d, night_price(d, terms.nightly_price, terms.rates)) for d in nights(check_in, check_out)
    )
    subtotal = sum(line.amount for line in lines)
    kind, pct = discount_for(len(lines), terms)
    discount = percent_of(subtotal, Decimal(pct))
    host_charges = subtotal - discount + terms.cleaning_fee
    service_fee = percent_of(host_charges, fees.service_fee_pct)
    taxes = percent_of(host_charges, fees.tax_pct)
    commission = percent_of(host_charges, fees.host_commission_pct)
    return Quote(
        currency=terms.currency,
        check_in=check_in,
        check_out=check_out,
        lines=lines,
        subtotal=subtotal,
        discount=discount,
        discount_kind=kind,
        discount_pct=pct,
        cleaning_fee=terms.cleaning_fee,
        service_fee=service_fee,
        taxes=taxes,
        total=host_charges + service_fee + taxes,
        host_commission=commission,
        host_payout=host_charges - commission,
        service_fee_pct=fees.service_fee_pct,
        tax_pct=fees.tax_pct,
        host_commission_pct=fees.host_commission_pct,
    )
