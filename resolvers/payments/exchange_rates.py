"""Exchange rates between the currencies we take: set by an admin or a feed, read both ways."""

from __future__ import annotations

from decimal import Decimal

from core.errors import DomainError, ErrorCode
from core.money import CURRENCIES
from models.payments import ExchangeRate


async def rate(source: str, target: str) -> Decimal:
    """Major units of `target` per unit of `source`, from the table (directly or inverted)."""
    if source == target:
        return Decimal(1)
    row = await ExchangeRate.get_or_none(base=source, quote=target)
    if row is not None:
        return Decimal(row.rate)
    inverse = await ExchangeRate.get_or_none(base=target, quote=source)
    if inverse is not None:
        return (Decimal(1) / Decimal(inverse.rate)).quantize(Decimal("1e-12"))
    raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"No exchange rate from {source} to {target}.", "currency")


async def set_exchange_rate(*, base: str, quote: str, value: Decimal, source: str = "admin") -> ExchangeRate:
    base, quote = base.upper(), quote.upper()
    for field, code in (("base", base), ("quote", quote)):
        if code not in CURRENCIES:
            raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"Unknown currency {code}.", field)
    if not value.is_finite() or value <= 0:
        raise DomainError(ErrorCode.INVALID_INPUT, "A rate is a positive number.", "rate")
    row, _ = await ExchangeRate.update_or_create(
        defaults={"rate": value, "source": source}, base=base, quote=quote
    )
    return row


async def exchange_rates() -> list[ExchangeRate]:
    """Every rate we hold, by base then quote currency."""
    return await ExchangeRate.all().order_by("base", "quote")
