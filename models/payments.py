"""Payments: methods, payments (charges), refunds, payouts, webhook events, idempotency records,
exchange rates, and the double-entry ledger.

PostgreSQL holds the money invariants (migration 4): ledger entries are append-only and every
ledger transaction sums to zero per currency (a deferred constraint trigger); a payment never
captures more than it authorized nor refunds more than it captured; a provider's event is stored
once; an idempotency key is used once per user and operation.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.bookings import Booking
    from models.users import User


class PaymentPlan(StrEnum):
    FULL = "full"
    DEPOSIT = "deposit"  # a share now, the rest automatically before check-in


class PaymentKind(StrEnum):
    FULL = "full"
    DEPOSIT = "deposit"
    BALANCE = "balance"


class PaymentStatus(StrEnum):
    PENDING = "pending"  # created, not yet sent (or the gateway did not answer)
    REQUIRES_ACTION = "requires_action"  # 3-D Secure: the guest must confirm
    AUTHORIZED = "authorized"  # held on the card, not captured
    CAPTURED = "captured"
    VOIDED = "voided"  # an authorization released
    FAILED = "failed"
    SCHEDULED = "scheduled"  # a balance to charge later


class PayoutStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"


class PaymentMethod(Model):
    """A gateway token and what may be shown of the card: never a card number or code."""

    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="payment_methods", on_delete=fields.RESTRICT
    )
    # Tortoise sets each foreign key's column attribute too; declared here for the type checker.
    user_id: uuid.UUID
    gateway = fields.CharField(max_length=20)
    token = fields.CharField(max_length=255)
    brand = fields.CharField(max_length=20)
    last4 = fields.CharField(max_length=4)
    exp_month = fields.SmallIntField()
    exp_year = fields.SmallIntField()
    is_default = fields.BooleanField(default=False)
    removed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment_methods"
        indexes = (("user_id", "created_at"),)


class Payment(Model):
    """One charge of a booking (the whole stay, a deposit or the balance)."""

    id = fields.UUIDField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="payments", on_delete=fields.RESTRICT
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="payments", on_delete=fields.RESTRICT
    )
    method: fields.ForeignKeyRelation[PaymentMethod] = fields.ForeignKeyField(
        "models.PaymentMethod", related_name="payments", on_delete=fields.RESTRICT
    )
    booking_id: uuid.UUID
    user_id: uuid.UUID
    method_id: uuid.UUID
    gateway = fields.CharField(max_length=20)
    kind = fields.CharEnumField(PaymentKind, max_length=10)
    status = fields.CharEnumField(PaymentStatus, max_length=16)
    # What the guest pays, in their currency; and the same in the listing's currency.
    amount: int = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    listing_amount: int = fields.BigIntField()
    listing_currency = fields.CharField(max_length=3)
    fx_rate = fields.DecimalField(max_digits=24, decimal_places=12)  # listing -> guest currency
    captured_amount: int = fields.BigIntField(default=0)  # guest currency
    refunded_amount: int = fields.BigIntField(default=0)  # guest currency
    capture_on_authorize = fields.BooleanField()  # instant book: capture at once
    intent_id = fields.CharField(max_length=100, null=True, unique=True)
    decline_code = fields.CharField(max_length=40, default="")
    due_at = fields.DatetimeField(null=True)  # a scheduled balance
    attempts = fields.SmallIntField(default=0)
    flagged = fields.BooleanField(default=False)  # far above the user's history: for admin review
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payments"
        indexes = (("booking_id", "created_at"), ("user_id", "created_at"), ("status", "due_at"))


class PaymentRefund(Model):
    id = fields.UUIDField(primary_key=True)
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        "models.Payment", related_name="refunds", on_delete=fields.RESTRICT
    )
    payment_id: uuid.UUID
    amount: int = fields.BigIntField()  # guest currency
    listing_amount: int = fields.BigIntField()
    reason = fields.CharField(max_length=200)
    gateway_refund_id = fields.CharField(max_length=100, null=True)
    created_by_id = fields.UUIDField(null=True)  # null: by policy
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payment_refunds"
        indexes = (("payment_id", "created_at"),)


class Payout(Model):
    """One transfer to a host, per currency and run."""

    id = fields.UUIDField(primary_key=True)
    host: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="payouts", on_delete=fields.RESTRICT
    )
    host_id: uuid.UUID
    amount: int = fields.BigIntField()  # payout currency
    currency = fields.CharField(max_length=3)
    listing_amount: int = fields.BigIntField()
    listing_currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(PayoutStatus, max_length=10)
    run_key = fields.CharField(max_length=100, unique=True)  # one payout per host, currency and run
    gateway_payout_id = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payouts"
        indexes = (("host_id", "created_at"),)


class WebhookEvent(Model):
    """A provider's event, stored once under its own id, processed by a task."""

    id = fields.BigIntField(primary_key=True)
    provider = fields.CharField(max_length=20)
    event_id = fields.CharField(max_length=100)
    type = fields.CharField(max_length=60)
    payload: dict[str, Any] = fields.JSONField()
    received_at = fields.DatetimeField(auto_now_add=True)
    processed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_events"
        unique_together = (("provider", "event_id"),)


class IdempotencyRecord(Model):
    """A money-moving mutation's result, kept under its key for replays (at least 24 h)."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.UUIDField()
    operation = fields.CharField(max_length=40)
    key = fields.CharField(max_length=100)
    request_hash = fields.CharField(max_length=64)
    result_id = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_records"
        unique_together = (("user_id", "operation", "key"),)


class ExchangeRate(Model):
    """1 unit of `base` is `rate` units of `quote` (major units)."""

    id = fields.BigIntField(primary_key=True)
    base = fields.CharField(max_length=3)
    quote = fields.CharField(max_length=3)
    rate = fields.DecimalField(max_digits=24, decimal_places=12)
    source = fields.CharField(max_length=40, default="admin")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "exchange_rates"
        unique_together = (("base", "quote"),)


class LedgerTransaction(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=20)  # capture | refund | recognize | payout | fx
    booking_id = fields.UUIDField(null=True)
    payment_id = fields.UUIDField(null=True)
    payout_id = fields.UUIDField(null=True)
    memo = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ledger_transactions"
        indexes = (("booking_id",), ("payment_id",))


class LedgerEntry(Model):
    """One leg: a signed amount (debit +, credit -) on an account, in one currency."""

    id = fields.BigIntField(primary_key=True)
    transaction: fields.ForeignKeyRelation[LedgerTransaction] = fields.ForeignKeyField(
        "models.LedgerTransaction", related_name="entries", on_delete=fields.RESTRICT
    )
    transaction_id: int
    account = fields.CharField(max_length=20)  # models.ledger.Account
    owner_id = fields.UUIDField(null=True)  # the host of host_payable, the booking of guest_funds
    booking_id = fields.UUIDField(null=True)
    amount: int = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    line = fields.CharField(max_length=20, default="")  # service_fee, host_commission, taxes, ...
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ledger_entries"
        indexes = (("account", "owner_id", "currency"), ("booking_id",))
