"""GraphQL of payments: methods, payments, refunds, payouts, earnings, exchange rates."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from core.errors import DomainError, ErrorCode
from core.money import to_minor
from loaders import now_or_later
from models.payments import ExchangeRate as RateModel
from models.payments import Payment as PaymentModel
from models.payments import PaymentKind as DomainPaymentKind
from models.payments import PaymentMethod as MethodModel
from models.payments import PaymentPlan as DomainPaymentPlan
from models.payments import PaymentRefund as RefundModel
from models.payments import PaymentStatus as DomainPaymentStatus
from models.payments import Payout as PayoutModel
from models.payments import PayoutStatus as DomainPayoutStatus
from resolvers import payments
from schema.base import Connection, Money, Payload, newest_first, node_uuid, parse_uuid, user_errors
from schema.context import Info
from schema.permissions import IsAdmin, IsAuthenticated, IsHost


@strawberry.enum(name="PaymentStatus", description="A charge's state; a captured one shows its refunds.")
class PaymentStatus(Enum):
    PENDING = "pending"
    REQUIRES_ACTION = "requires_action"
    AUTHORIZED = "authorized"
    CAPTURED = "captured"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    VOIDED = "voided"
    FAILED = "failed"
    SCHEDULED = "scheduled"


def shown_status(payment: PaymentModel) -> PaymentStatus:
    """The stored state, or for captured money what its refunds made of it."""
    if payment.status is DomainPaymentStatus.CAPTURED and payment.refunded_amount > 0:
        if payment.refunded_amount >= payment.captured_amount:
            return PaymentStatus.REFUNDED
        return PaymentStatus.PARTIALLY_REFUNDED
    return PaymentStatus(payment.status.value)


PaymentKind = strawberry.enum(DomainPaymentKind, name="PaymentKind")
PaymentPlan = strawberry.enum(DomainPaymentPlan, name="PaymentPlan")
PayoutStatus = strawberry.enum(DomainPayoutStatus, name="PayoutStatus")


async def _owned(info: Info, model: Any, owner: str, node_ids: Iterable[str], **filters: Any) -> list[Any]:
    """Rows by id, each only for its owner (`owner` names the user column) or an admin."""
    viewer = info.context.user
    ids = [parse_uuid(i) for i in node_ids]
    found = {r.id: r for r in await model.filter(id__in=[i for i in ids if i], **filters)}
    rows = [found.get(i) if i else None for i in ids]
    return [r if r and viewer and (getattr(r, owner) == viewer.id or viewer.is_admin) else None for r in rows]


@strawberry.type(name="PaymentMethod", description="A saved card: the gateway's token stays on the server.")
class PaymentMethod(relay.Node):
    id: relay.NodeID[uuid.UUID]
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    is_default: bool
    created_at: datetime

    @classmethod
    def resolve_id(cls, root: MethodModel, *, info: Info) -> str:
        return str(root.id)

    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, MethodModel | PaymentMethod)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[MethodModel | None]:
        return await _owned(info, MethodModel, "user_id", node_ids, removed_at=None)


@strawberry.type(name="Payment", description="One charge of a booking: in full, a deposit or the balance.")
class Payment(relay.Node):
    id: relay.NodeID[uuid.UUID]
    kind: PaymentKind
    decline_code: str
    due_at: datetime | None = strawberry.field(description="When a scheduled balance will be charged.")
    flagged: bool = strawberry.field(description="Far above the payer's history: for admin review.")
    fx_rate: Decimal = strawberry.field(description="Listing currency to paid currency, as used.")
    created_at: datetime

    @classmethod
    def resolve_id(cls, root: PaymentModel, *, info: Info) -> str:
        return str(root.id)

    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, PaymentModel | Payment)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PaymentModel | None]:
        return await _owned(info, PaymentModel, "user_id", node_ids)

    @strawberry.field(
        description="REFUNDED or PARTIALLY_REFUNDED once captured money went back (`refunded`)."
    )
    def status(self, root: strawberry.Parent[PaymentModel]) -> PaymentStatus:
        return shown_status(root)

    @strawberry.field(description="What is charged, in the currency the guest chose.")
    def amount(self, root: strawberry.Parent[PaymentModel]) -> Money:
        return Money.of(root.amount, root.currency)

    @strawberry.field(description="The same in the listing's currency.")
    def listing_amount(self, root: strawberry.Parent[PaymentModel]) -> Money:
        return Money.of(root.listing_amount, root.listing_currency)

    @strawberry.field
    def captured(self, root: strawberry.Parent[PaymentModel]) -> Money:
        return Money.of(root.captured_amount, root.currency)

    @strawberry.field
    def refunded(self, root: strawberry.Parent[PaymentModel]) -> Money:
        return Money.of(root.refunded_amount, root.currency)

    @strawberry.field
    def booking_id(self, root: strawberry.Parent[PaymentModel]) -> relay.GlobalID:
        return relay.GlobalID("Booking", str(root.booking_id))  # type: ignore[attr-defined]

    @strawberry.field
    def refunds(self, root: strawberry.Parent[PaymentModel], info: Info) -> list[RefundView]:
        loaded = now_or_later(info.context.loaders.refunds_by_payment, root.id)

        def views(rows: list[RefundModel]) -> list[RefundView]:
            return [
                RefundView(amount=Money.of(r.amount, root.currency), reason=r.reason, created_at=r.created_at)
                for r in rows
            ]

        if isinstance(loaded, list):
            return views(loaded)

        async def later() -> list[RefundView]:
            return views(await loaded)

        return later()  # type: ignore[return-value]


@strawberry.type(name="PaymentRefund")
class RefundView:
    amount: Money
    reason: str
    created_at: datetime


@strawberry.type(name="Payout")
class Payout(relay.Node):
    id: relay.NodeID[uuid.UUID]
    status: PayoutStatus
    created_at: datetime

    @classmethod
    def resolve_id(cls, root: PayoutModel, *, info: Info) -> str:
        return str(root.id)

    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, PayoutModel | Payout)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PayoutModel | None]:
        return await _owned(info, PayoutModel, "host_id", node_ids)

    @strawberry.field(description="In the host's payout currency.")
    def amount(self, root: strawberry.Parent[PayoutModel]) -> Money:
        return Money.of(root.amount, root.currency)

    @strawberry.field(description="The same in the listings' currency.")
    def listing_amount(self, root: strawberry.Parent[PayoutModel]) -> Money:
        return Money.of(root.listing_amount, root.listing_currency)


@strawberry.type
class ExchangeRate:
    base: str
    quote: str
    rate: Decimal
    source: str
    updated_at: datetime


# ---- inputs and payloads ------------------------------------------------------------------------


@strawberry.input
class AddPaymentMethodInput:
    token: str = strawberry.field(
        description="The gateway's card token (e.g. tok_visa): never a card number."
    )
    make_default: bool = False


@strawberry.input
class PaymentMethodIdInput:
    payment_method_id: relay.GlobalID


@strawberry.input
class PayForBookingInput:
    booking_id: relay.GlobalID
    payment_method_id: relay.GlobalID
    plan: PaymentPlan = PaymentPlan.FULL  # type: ignore[assignment]
    currency: str | None = strawberry.field(
        default=None, description="Pay in this currency (default: the listing's)."
    )
    idempotency_key: str | None = None


@strawberry.input
class PaymentIdInput:
    payment_id: relay.GlobalID


@strawberry.input
class RefundPaymentInput:
    payment_id: relay.GlobalID
    amount: Decimal | None = strawberry.field(
        default=None, description="In the payment's currency; default: all that is left."
    )
    reason: str = ""
    idempotency_key: str | None = strawberry.field(
        default=None, description="Resending the same key returns the first refund, never a second one."
    )


@strawberry.input
class SetExchangeRateInput:
    base: str
    quote: str
    rate: Decimal


@strawberry.input
class SetPayoutCurrencyInput:
    currency: str | None


@strawberry.type
class PaymentMethodPayload(Payload):
    payment_method: PaymentMethod | None = None


@strawberry.type
class PaymentPayload(Payload):
    payment: Payment | None = None


@strawberry.type
class RefundPayload(Payload):
    refund: RefundView | None = None
    payment: Payment | None = None


@strawberry.type
class ExchangeRatePayload(Payload):
    exchange_rate: ExchangeRate | None = None


@strawberry.type
class DonePayload(Payload):
    ok: bool = False


@strawberry.enum
class EarningsPeriod(Enum):
    MONTH = "month"
    YEAR = "year"
    ALL = "all"


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Your saved cards, default first.")
    async def payment_methods(self, info: Info) -> list[PaymentMethod]:
        rows = await MethodModel.filter(user_id=info.context.require_user().id, removed_at=None).order_by(
            "-is_default", "-created_at"
        )
        return rows  # type: ignore[return-value]

    @strawberry.field(permission_classes=[IsAuthenticated], description="Your payments, newest first.")
    async def payment_history(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Payment]:
        query = PaymentModel.filter(user_id=info.context.require_user().id)
        return await newest_first(query, first=first, after=after)

    @strawberry.field(permission_classes=[IsHost], description="Your payouts, newest first.")
    async def payouts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Payout]:
        return await newest_first(
            PayoutModel.filter(host_id=info.context.require_user().id), first=first, after=after
        )

    @strawberry.field(
        permission_classes=[IsHost],
        description="What you earned per currency: your share of bookings whose check-in (for a cancelled "
        "stay, its original check-in) fell in the period, up to now: stays that began, and what cancelled "
        "stays kept for you; less refunds. Each is paid out on the usual delay after that check-in.",
    )
    async def earnings(self, info: Info, period: EarningsPeriod = EarningsPeriod.MONTH) -> list[Money]:
        now = datetime.now(UTC)
        today = now.date()
        start = {
            EarningsPeriod.MONTH: today.replace(day=1),
            EarningsPeriod.YEAR: today.replace(month=1, day=1),
            EarningsPeriod.ALL: date(2000, 1, 1),
        }[period]
        begin = datetime.combine(start, time(), tzinfo=UTC)
        rows = await payments.earnings(host=info.context.require_user(), start=begin, end=now)
        return [Money.of(amount, currency) for amount, currency in rows]

    @strawberry.field
    async def exchange_rates(self) -> list[ExchangeRate]:
        return await RateModel.all().order_by("base", "quote")  # type: ignore[return-value]

    @strawberry.field(permission_classes=[IsAdmin], description="Payments far above their payer's history.")
    async def flagged_payments(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[Payment]:
        return await newest_first(PaymentModel.filter(flagged=True), first=first, after=after)


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def add_payment_method(self, info: Info, input: AddPaymentMethodInput) -> PaymentMethodPayload:
        method = await payments.add_payment_method(
            user=info.context.require_user(), token=input.token, make_default=input.make_default
        )
        return PaymentMethodPayload(payment_method=method)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def remove_payment_method(self, info: Info, input: PaymentMethodIdInput) -> DonePayload:
        await payments.remove_payment_method(
            user=info.context.require_user(), method_id=node_uuid(input.payment_method_id, "PaymentMethod")
        )
        return DonePayload(ok=True)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def set_default_payment_method(
        self, info: Info, input: PaymentMethodIdInput
    ) -> PaymentMethodPayload:
        method = await payments.set_default_payment_method(
            user=info.context.require_user(), method_id=node_uuid(input.payment_method_id, "PaymentMethod")
        )
        return PaymentMethodPayload(payment_method=method)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Pay for your booking: instant bookings are confirmed once captured; requests are "
        "authorized now and captured when the host accepts.",
    )
    @user_errors
    async def pay_for_booking(self, info: Info, input: PayForBookingInput) -> PaymentPayload:
        payment = await payments.pay_for_booking(
            user=info.context.require_user(),
            booking_id=node_uuid(input.booking_id, "Booking"),
            method_id=node_uuid(input.payment_method_id, "PaymentMethod"),
            plan=DomainPaymentPlan(input.plan.value),
            currency=input.currency,
            idempotency_key=input.idempotency_key,
        )
        return PaymentPayload(payment=payment)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="After the card's extra step (3-D Secure)."
    )
    @user_errors
    async def confirm_payment(self, info: Info, input: PaymentIdInput) -> PaymentPayload:
        payment = await payments.confirm_payment(
            user=info.context.require_user(), payment_id=node_uuid(input.payment_id, "Payment")
        )
        return PaymentPayload(payment=payment)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAdmin], description="Refund part or all of a captured payment."
    )
    @user_errors
    async def refund_payment(self, info: Info, input: RefundPaymentInput) -> RefundPayload:
        payment_id = node_uuid(input.payment_id, "Payment")
        payment = await PaymentModel.get_or_none(id=payment_id) if payment_id else None
        amount = None
        if input.amount is not None and payment is not None:
            try:
                amount = to_minor(input.amount, payment.currency)
            except (ValueError, InvalidOperation) as exc:
                raise DomainError(
                    ErrorCode.INVALID_INPUT, "Not an amount of this currency.", "amount"
                ) from exc
        refund = await payments.admin_refund(
            user=info.context.require_user(),
            payment_id=payment_id,
            amount=amount,
            reason=input.reason,
            idempotency_key=input.idempotency_key,
        )
        assert payment is not None
        await payment.refresh_from_db()
        view = RefundView(
            amount=Money.of(refund.amount, payment.currency),
            reason=refund.reason,
            created_at=refund.created_at,
        )
        return RefundPayload(refund=view, payment=payment)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAdmin])
    @user_errors
    async def set_exchange_rate(self, info: Info, input: SetExchangeRateInput) -> ExchangeRatePayload:
        row = await payments.set_exchange_rate(base=input.base, quote=input.quote, value=input.rate)
        return ExchangeRatePayload(exchange_rate=row)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsHost], description="Be paid in this currency (null: each listing's)."
    )
    @user_errors
    async def set_payout_currency(self, info: Info, input: SetPayoutCurrencyInput) -> DonePayload:
        await payments.set_payout_currency(user=info.context.require_user(), currency=input.currency)
        return DonePayload(ok=True)
