"""Paying hosts: what each is owed once their stays' check-ins are long enough ago, what they
earned, and the currency they are paid in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import DomainError, ErrorCode
from core.gateways import get_gateway
from core.money import CURRENCIES
from core.settings import get_settings
from models import ledger
from models.payments import Payout, PayoutStatus
from models.users import User
from resolvers.ledger_posting import post
from resolvers.payments.exchange_rates import rate


async def run_payouts(now: datetime | None = None) -> int:
    """Pay each host what they are owed for bookings whose check-in (for a cancelled stay: its original
    check-in, so what it kept waits as the stay would have) is long enough ago: one payout per host and
    currency per run (the run key makes a second run of the same hour pay nothing more)."""
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(hours=get_settings().payout_delay_hours)
    run = now.strftime("%Y%m%d%H")
    paid = 0
    for row in await _owed(cutoff):
        due = int(row["due"] or 0)
        if due > 0 and await _pay_host(row["host_id"], due, row["currency"], run):
            paid += 1
    return paid


async def _owed(cutoff: datetime) -> list[dict[str, Any]]:
    """Per host and listing currency: what they are owed of stays checked in by `cutoff`, less what
    was paid out (payouts carry no booking)."""
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(
        """SELECT e.owner_id AS host_id, e.currency,
                  -sum(e.amount) FILTER (WHERE b.starts_at <= $1)
                  - coalesce(sum(e.amount) FILTER (WHERE e.booking_id IS NULL), 0) AS due
           FROM ledger_entries e LEFT JOIN bookings b ON b.id = e.booking_id
           WHERE e.account = 'host_payable'
           GROUP BY e.owner_id, e.currency""",
        [cutoff],
    )
    return rows


async def _pay_host(host_id: uuid.UUID, due: int, currency: str, run: str) -> bool:
    """One payout of `due` (listing currency) to the host, in their payout currency when we have its
    rate. False if this run already paid this host in this currency."""
    host = await User.get(id=host_id)
    target = host.payout_currency or currency
    try:
        fx = await rate(currency, target)
    except DomainError:
        target, fx = currency, Decimal(1)
    amount = ledger.convert(due, currency, target, fx)
    try:
        async with in_transaction():
            payout = await Payout.create(
                host_id=host.id,
                amount=amount,
                currency=target,
                listing_amount=due,
                listing_currency=currency,
                status=PayoutStatus.PENDING,
                run_key=f"{host.id}:{currency}:{run}",
            )
            await post(
                "payout",
                ledger.payout(host.id, due, currency, amount, target),
                payout_id=payout.id,
                memo=f"payout {run}",
            )
    except IntegrityError:
        return False  # the run key: this run already paid this host in this currency
    result = await get_gateway().payout(
        destination=f"host:{host.id}", amount=amount, currency=target, idempotency_key=f"payout:{payout.id}"
    )
    payout.status, payout.gateway_payout_id = PayoutStatus.PAID, result.payout_id
    await payout.save(update_fields=["status", "gateway_payout_id"])
    return True


async def earnings(*, host: User, start: datetime, end: datetime) -> list[tuple[int, str]]:
    """What the host earned, per currency of the listings: their share of stays that began and of
    what cancelled stays kept, less refunds, counted at the stay's check-in (for a cancelled stay: its
    original check-in, once passed) when that falls in [start, end). The same rule as `run_payouts`,
    which pays each of them `PAYOUT_DELAY_HOURS` after that check-in."""
    rows = await connections.get("default").execute_query_dict(
        """SELECT e.currency, -sum(e.amount)::bigint AS earned
           FROM ledger_entries e JOIN bookings b ON b.id = e.booking_id
           WHERE e.account = 'host_payable' AND e.owner_id = $1
             AND b.starts_at >= $2 AND (b.starts_at < $3 OR b.status <> 'cancelled')
           GROUP BY e.currency ORDER BY e.currency""",
        [host.id, start, end],
    )
    return [(int(r["earned"]), r["currency"]) for r in rows]


async def set_payout_currency(*, user: User, currency: str | None) -> User:
    if currency is not None:
        currency = currency.upper()
        if currency not in CURRENCIES:
            raise DomainError(ErrorCode.UNKNOWN_CURRENCY, f"Unknown currency {currency}.", "currency")
    user.payout_currency = currency
    await user.save(update_fields=["payout_currency", "updated_at"])
    return user


def payouts_of(host: User) -> QuerySet[Payout]:
    """The host's payouts, for the schema to page."""
    return Payout.filter(host_id=host.id)
