"""GraphQL of payments: saved cards, payments, refunds, exchange rates (payouts: schema.payouts)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from loaders import now_or_later
from models.payments import Payment as PaymentModel
from models.payments import PaymentKind as DomainPaymentKind
from models.payments import PaymentMethod as MethodModel
from models.payments import PaymentPlan as DomainPaymentPlan
from models.payments import PaymentRefund as RefundModel
from models.payments import PaymentStatus as DomainPaymentStatus
from resolvers.payments import cards, paying, refunds
from resolvers.payments.exchange_rates import exchange_rates as current_rates
from resolvers.payments.exchange_rates import set_exchange_rate
from schema.base import Connection, Money, Payload, newest_first, node_uuid, user_errors
from schema.context import Context, Info
from schema.nodes import ModelNode, owned
from schema.permissions import IsAdmin, IsAuthenticated


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


# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(DomainPaymentKind, name="PaymentKind")
strawberry.enum(DomainPaymentPlan, name="PaymentPlan")
PaymentKind = DomainPaymentKind
PaymentPlan = DomainPaymentPlan


@strawberry.type(name="PaymentMethod", description="A saved card: the gateway's token stays on the server.")
class PaymentMethod(ModelNode):
    id: relay.NodeID[uuid.UUID]
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    is_default: bool
    created_at: datetime

    model = MethodModel
    loader = "method_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[Any]) -> list[bool]:
        return owned(context, rows, "user_id")


@strawberry.type(name="Payment", description="One charge of a booking: in full, a deposit or the balance.")
class Payment(ModelNode):
    id: relay.NodeID[uuid.UUID]
    kind: PaymentKind
    decline_code: str
    due_at: datetime | None = strawberry.field(description="When a scheduled balance will be charged.")
    flagged: bool = strawberry.field(description="Far above the payer's history: for admin review.")
    fx_rate: Decimal = strawberry.field(description="Listing currency to paid currency, as used.")
    created_at: datetime

    model = PaymentModel
    loader = "payment_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[Any]) -> list[bool]:
        return owned(context, rows, "user_id")

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
        return relay.GlobalID("Booking", str(root.booking_id))

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
    plan: PaymentPlan = PaymentPlan.FULL
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


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Your saved cards, default first.")
    async def payment_methods(self, info: Info) -> list[PaymentMethod]:
        return await cards.saved_methods(info.context.require_user())  # type: ignore[return-value]

    @strawberry.field(permission_classes=[IsAuthenticated], description="Your payments, newest first.")
    async def payment_history(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Payment]:
        query = paying.payments_of(info.context.require_user())
        return await newest_first(query, first=first, after=after)

    @strawberry.field
    async def exchange_rates(self) -> list[ExchangeRate]:
        return await current_rates()  # type: ignore[return-value]

    @strawberry.field(permission_classes=[IsAdmin], description="Payments far above their payer's history.")
    async def flagged_payments(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[Payment]:
        return await newest_first(paying.flagged_payments(), first=first, after=after)


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def add_payment_method(self, info: Info, input: AddPaymentMethodInput) -> PaymentMethodPayload:
        method = await cards.add_payment_method(
            user=info.context.require_user(), token=input.token, make_default=input.make_default
        )
        return PaymentMethodPayload(payment_method=method)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def remove_payment_method(self, info: Info, input: PaymentMethodIdInput) -> DonePayload:
        await cards.remove_payment_method(
            user=info.context.require_user(), method_id=node_uuid(input.payment_method_id, "PaymentMethod")
        )
        return DonePayload(ok=True)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def set_default_payment_method(
        self, info: Info, input: PaymentMethodIdInput
    ) -> PaymentMethodPayload:
        method = await cards.set_default_payment_method(
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
        payment = await paying.pay_for_booking(
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
        payment = await paying.confirm_payment(
            user=info.context.require_user(), payment_id=node_uuid(input.payment_id, "Payment")
        )
        return PaymentPayload(payment=payment)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAdmin], description="Refund part or all of a captured payment."
    )
    @user_errors
    async def refund_payment(self, info: Info, input: RefundPaymentInput) -> RefundPayload:
        refund, payment = await refunds.admin_refund(
            user=info.context.require_user(),
            payment_id=node_uuid(input.payment_id, "Payment"),
            amount=input.amount,
            reason=input.reason,
            idempotency_key=input.idempotency_key,
        )
        view = RefundView(
            amount=Money.of(refund.amount, payment.currency),
            reason=refund.reason,
            created_at=refund.created_at,
        )
        return RefundPayload(refund=view, payment=payment)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAdmin])
    @user_errors
    async def set_exchange_rate(self, info: Info, input: SetExchangeRateInput) -> ExchangeRatePayload:
        row = await set_exchange_rate(base=input.base, quote=input.quote, value=input.rate)
        return ExchangeRatePayload(exchange_rate=row)  # type: ignore[arg-type]
