"""GraphQL of paying hosts: their payouts, what they earned, and the currency they are paid in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from models.payments import Payout as PayoutModel
from models.payments import PayoutStatus as DomainPayoutStatus
from resolvers.payments import payouts
from schema.base import Connection, Money, newest_first, user_errors
from schema.context import Context, Info
from schema.nodes import ModelNode, owned
from schema.payments import DonePayload
from schema.permissions import IsHost

# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(DomainPayoutStatus, name="PayoutStatus")
PayoutStatus = DomainPayoutStatus


@strawberry.type(name="Payout")
class Payout(ModelNode):
    id: relay.NodeID[uuid.UUID]
    status: PayoutStatus
    created_at: datetime

    model = PayoutModel
    loader = "payout_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[Any]) -> list[bool]:
        return owned(context, rows, "host_id")

    @strawberry.field(description="In the host's payout currency.")
    def amount(self, root: strawberry.Parent[PayoutModel]) -> Money:
        return Money.of(root.amount, root.currency)

    @strawberry.field(description="The same in the listings' currency.")
    def listing_amount(self, root: strawberry.Parent[PayoutModel]) -> Money:
        return Money.of(root.listing_amount, root.listing_currency)


@strawberry.input
class SetPayoutCurrencyInput:
    currency: str | None


@strawberry.enum
class EarningsPeriod(Enum):
    MONTH = "month"
    YEAR = "year"
    ALL = "all"


def _period_start(period: EarningsPeriod, now: datetime) -> datetime:
    today = now.date()
    start = {
        EarningsPeriod.MONTH: today.replace(day=1),
        EarningsPeriod.YEAR: today.replace(month=1, day=1),
        EarningsPeriod.ALL: date(2000, 1, 1),
    }[period]
    return datetime.combine(start, time(), tzinfo=UTC)


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[IsHost], description="Your payouts, newest first.")
    async def payouts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Payout]:
        return await newest_first(payouts.payouts_of(info.context.require_user()), first=first, after=after)

    @strawberry.field(
        permission_classes=[IsHost],
        description="What you earned per currency: your share of bookings whose check-in (for a cancelled "
        "stay, its original check-in) fell in the period, up to now: stays that began, and what cancelled "
        "stays kept for you; less refunds. Each is paid out on the usual delay after that check-in.",
    )
    async def earnings(self, info: Info, period: EarningsPeriod = EarningsPeriod.MONTH) -> list[Money]:
        now = datetime.now(UTC)
        begin = _period_start(period, now)
        rows = await payouts.earnings(host=info.context.require_user(), start=begin, end=now)
        return [Money.of(amount, currency) for amount, currency in rows]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        permission_classes=[IsHost], description="Be paid in this currency (null: each listing's)."
    )
    @user_errors
    async def set_payout_currency(self, info: Info, input: SetPayoutCurrencyInput) -> DonePayload:
        await payouts.set_payout_currency(user=info.context.require_user(), currency=input.currency)
        return DonePayload(ok=True)
