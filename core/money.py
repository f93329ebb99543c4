"""Money: integer minor units plus an ISO 4217 currency. Never floats."""

from __future__ import annotations

from decimal import Decimal

# ISO 4217 minor-unit exponents that are not 2.
_EXPONENTS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip
CURRENCIES = {
    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK",
    "HUF", "MXN", "BRL", "ARS", "CLP", "COP", "PEN", "ZAR", "MAD", "EGP", "KES", "TRY", "AED",
    "SAR", "KWD", "BHD", "OMR", "JOD", "INR", "THB", "IDR", "MYR", "SGD", "PHP", "VND", "KRW",
    "CNY", "HKD", "TWD", "ISK",
}  # fmt: skip


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


def to_decimal(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(currency))


def to_minor(amount: Decimal, currency: str) -> int:
    """Exact conversion; raises ValueError if `amount` has more decimals than the currency."""
    scaled = amount.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{currency} has {exponent(currency)} decimals")
    return int(scaled)
