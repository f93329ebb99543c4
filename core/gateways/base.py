"""The payment gateway interface. A provider is one module implementing `Gateway`, registered by
name in core.gateways.GATEWAYS and chosen by the PAYMENT_GATEWAY setting.

Every call that moves money carries an idempotency key derived from our own row (e.g.
"payment:<id>:capture"), so a retried call never charges twice. Calls are made outside database
transactions: they are remote, and may be slow or fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class IntentStatus(StrEnum):
    REQUIRES_ACTION = "requires_action"  # e.g. 3-D Secure: the customer must confirm
    AUTHORIZED = "authorized"  # funds held, capture later
    CAPTURED = "captured"
    CANCELED = "canceled"  # an authorization released
    FAILED = "failed"


class GatewayError(Exception):
    """The provider could not be reached or refused the request itself (not a card decline)."""


class InvalidWebhook(Exception):
    """A webhook whose signature, timestamp or body does not check out."""


@dataclass(frozen=True)
class Card:
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class IntentResult:
    intent_id: str
    status: IntentStatus
    amount: int
    captured: int = 0
    decline_code: str | None = None  # insufficient_funds, card_declined, expired_card, ...


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    amount: int


@dataclass(frozen=True)
class PayoutResult:
    payout_id: str
    amount: int


@dataclass(frozen=True)
class GatewayEvent:
    """A provider's webhook event, in our terms."""

    id: str
    # intent.authorized | intent.captured | intent.failed | intent.canceled |
    # intent.requires_action | refund.succeeded | payout.paid
    type: str
    intent_id: str | None
    created: int
    data: Mapping[str, Any] = field(default_factory=dict)


class Gateway(Protocol):
    name: str

    async def describe(self, token: str) -> Card:
        """The card behind a token (ValueError if the token is not a usable card)."""

    async def create_intent(
        self,
        *,
        amount: int,
        currency: str,
        token: str,
        capture: bool,
        idempotency_key: str,
        metadata: Mapping[str, str],
    ) -> IntentResult:
        """Create and confirm a payment: captured at once if `capture`, else authorized only."""

    async def confirm(self, intent_id: str, *, idempotency_key: str) -> IntentResult:
        """Complete the customer's extra step (3-D Secure)."""

    async def capture(self, intent_id: str, *, amount: int, idempotency_key: str) -> IntentResult: ...

    async def cancel(self, intent_id: str, *, idempotency_key: str) -> IntentResult: ...

    async def refund(self, intent_id: str, *, amount: int, idempotency_key: str) -> RefundResult: ...

    async def payout(
        self, *, destination: str, amount: int, currency: str, idempotency_key: str
    ) -> PayoutResult: ...

    def verify_webhook(self, payload: bytes, headers: Mapping[str, str]) -> GatewayEvent:
        """Check the signature over the raw body (5 minutes' tolerance) and parse the event,
        or raise InvalidWebhook."""
