"""Stripe, through the official `stripe` package (v16's `StripeClient`, async calls over httpx).

Amounts are in minor units, as Stripe's are for every currency we use. Each call that moves
money sends our idempotency key as Stripe's `Idempotency-Key`, so the library's own retries
(and ours) never charge twice.

A card decline is an answer, not an error: it comes back as IntentResult(FAILED, decline_code),
whether Stripe reports it as a 402 `card_error` or as an intent back in
`requires_payment_method`. Anything else Stripe refuses, or cannot be reached for, raises
GatewayError.

The library's async HTTP client holds a connection pool bound to the event loop it was first
used on, so one StripeClient is kept per running loop (a web process has one; a CLI's
`asyncio.run` makes another).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar, cast

import stripe

from core.gateways.base import (
    Card,
    GatewayError,
    GatewayEvent,
    IntentResult,
    IntentStatus,
    InvalidWebhook,
    PayoutResult,
    RefundResult,
)
from core.settings import get_settings

SIGNATURE_HEADER = "stripe-signature"
TOLERANCE_SECONDS = 300
T = TypeVar("T")

# Stripe's PaymentIntent statuses in our terms. `requires_confirmation` waits on our confirm()
# like `requires_action` does; `processing` (rare for cards) is settled later by a webhook, so
# it is treated as still awaiting a step rather than as money held.
STATUSES = {
    "succeeded": IntentStatus.CAPTURED,
    "requires_capture": IntentStatus.AUTHORIZED,
    "requires_action": IntentStatus.REQUIRES_ACTION,
    "requires_confirmation": IntentStatus.REQUIRES_ACTION,
    "processing": IntentStatus.REQUIRES_ACTION,
    "canceled": IntentStatus.CANCELED,
    "requires_payment_method": IntentStatus.FAILED,
}
INTENT_EVENTS = {
    "payment_intent.amount_capturable_updated": "intent.authorized",
    "payment_intent.succeeded": "intent.captured",
    "payment_intent.payment_failed": "intent.failed",
    "payment_intent.canceled": "intent.canceled",
    "payment_intent.requires_action": "intent.requires_action",
}
REFUND_EVENTS = {"charge.refunded", "refund.created", "refund.updated"}
PAYOUT_EVENTS = {"transfer.created", "payout.paid"}


def _plain(value: Any) -> dict[str, Any]:
    """A response or nested object as a plain dict (v16's StripeObject is not a dict)."""
    if isinstance(value, stripe.StripeObject):
        return value.to_dict()
    if isinstance(value, Mapping):
        return dict(value)
    return {}


def _decline_code(error: Mapping[str, Any] | None) -> str | None:
    if not error:
        return None
    return error.get("decline_code") or error.get("code") or None


def _intent_result(pi: Mapping[str, Any]) -> IntentResult:
    stripe_status = pi.get("status")
    status = STATUSES.get(stripe_status or "")
    if status is None:
        raise GatewayError(f"Stripe PaymentIntent {pi.get('id')} has an unknown status {stripe_status!r}")
    decline = None
    if status is IntentStatus.FAILED:
        decline = _decline_code(pi.get("last_payment_error")) or "requires_payment_method"
    return IntentResult(
        intent_id=pi["id"],
        status=status,
        amount=int(pi.get("amount") or 0),
        captured=int(pi.get("amount_received") or 0),
        decline_code=decline,
    )


def _declined(exc: stripe.CardError, intent_id: str, amount: int) -> IntentResult:
    """A card decline Stripe raised as an error, as the failed intent it left behind."""
    error = _plain(exc.error)
    pi = _plain(error.get("payment_intent"))
    return IntentResult(
        intent_id=pi.get("id") or intent_id,
        status=IntentStatus.FAILED,
        amount=int(pi.get("amount") or amount),
        captured=int(pi.get("amount_received") or 0),
        decline_code=_decline_code(error) or exc.code or "card_declined",
    )


class _HTTPXClient(stripe.HTTPXClient):
    """The library's httpx client, sending the form-encoded body as `content=`: stripe 16.1 passes
    it as `data=<str>`, which httpx 0.28 deprecates with a warning on every POST (and the
    library reports any exception raised there, a warning made an error included, as an
    APIConnectionError)."""

    def _get_request_args_kwargs(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any
    ) -> Any:
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        data = kwargs.pop("data", None)
        if isinstance(data, str | bytes):
            kwargs["content"] = data
        elif data:
            kwargs["data"] = data
        return args, kwargs


class StripeGateway:
    name = "stripe"

    def __init__(
        self,
        api_key: str | None = None,
        *,
        webhook_secret: str | None = None,
        api_base: str | None = None,
        max_network_retries: int = 2,
        timeout: float = 80.0,
    ) -> None:
        """`api_key` and `webhook_secret` default to the settings, read at call time; `api_base`
        points the client elsewhere (a local impersonation in tests)."""
        self._api_key = api_key
        self._webhook_secret = webhook_secret
        self._api_base = api_base
        self._max_network_retries = max_network_retries
        self._timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._key: str | None = None
        self._client: stripe.StripeClient | None = None
        self._http: _HTTPXClient | None = None

    # ---- the client ---------------------------------------------------------------------------

    def _stripe(self) -> stripe.StripeClient:
        api_key = self._api_key or get_settings().stripe_api_key
        if not api_key:
            raise GatewayError("STRIPE_API_KEY is not set")
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop or self._key != api_key:
            self._http = _HTTPXClient(timeout=self._timeout)
            self._client = stripe.StripeClient(
                api_key,
                base_addresses={"api": self._api_base} if self._api_base else None,
                max_network_retries=self._max_network_retries,
                http_client=self._http,
            )
            self._loop, self._key = loop, api_key
        return self._client

    async def aclose(self) -> None:
        """Close the connection pool of the current loop's client."""
        http, self._client, self._http, self._loop = self._http, None, None, None
        if http is not None:
            await http.close_async()  # type: ignore[no-untyped-call]  # unannotated in stripe

    async def _call(self, call: Callable[[stripe.StripeClient], Awaitable[T]]) -> T:
        """One API call; Stripe's refusals and network failures become GatewayError (a
        CardError is let through for the caller to turn into a decline)."""
        client = self._stripe()
        try:
            return await call(client)
        except stripe.CardError:
            raise
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe: {type(exc).__name__}: {exc.user_message or exc}") from exc

    async def _intent_call(
        self, intent_id: str, amount: int, call: Callable[[stripe.StripeClient], Awaitable[Any]]
    ) -> IntentResult:
        try:
            return _intent_result(_plain(await self._call(call)))
        except stripe.CardError as exc:
            return _declined(exc, intent_id, amount)

    # ---- the interface ------------------------------------------------------------------------

    async def describe(self, token: str) -> Card:
        if not token:
            raise ValueError("no card token")
        try:
            pm = _plain(await self._call(lambda c: c.v1.payment_methods.retrieve_async(token)))
        except GatewayError as exc:
            if isinstance(exc.__cause__, stripe.InvalidRequestError):  # no such payment method
                raise ValueError(f"unknown payment method: {exc.__cause__.user_message}") from exc
            raise
        except stripe.CardError as exc:
            raise ValueError(f"unusable payment method: {exc.user_message}") from exc
        card = pm.get("card")
        if pm.get("type") != "card" or not card:
            raise ValueError(f"payment method {token} is not a card ({pm.get('type')})")
        return Card(
            brand=str(card["brand"]),
            last4=str(card["last4"]),
            exp_month=int(card["exp_month"]),
            exp_year=int(card["exp_year"]),
        )

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
        params: dict[str, Any] = {
            "amount": amount,
            "currency": currency.lower(),
            "payment_method": token,
            # Cards only: with the account's automatic payment methods, confirming server-side
            # would demand a return_url for redirect-based methods.
            "payment_method_types": ["card"],
            "confirm": True,
            "capture_method": "automatic" if capture else "manual",
            "metadata": {str(k): str(v) for k, v in metadata.items()},
        }
        return await self._intent_call(
            "",
            amount,
            lambda c: c.v1.payment_intents.create_async(
                # The API takes payment_method_types; stripe's TypedDict no longer lists it.
                params=cast(stripe.params.PaymentIntentCreateParams, params),
                options={"idempotency_key": idempotency_key},
            ),
        )

    async def confirm(self, intent_id: str, *, idempotency_key: str) -> IntentResult:
        try:
            return await self._intent_call(
                intent_id,
                0,
                lambda c: c.v1.payment_intents.confirm_async(
                    intent_id, options={"idempotency_key": idempotency_key}
                ),
            )
        except GatewayError as exc:
            # The customer's step done in the browser may already have settled the intent
            # (Stripe's default automatic confirmation): then there is nothing to confirm, and
            # the intent as it stands is the answer.
            cause = exc.__cause__
            if (
                isinstance(cause, stripe.InvalidRequestError)
                and cause.code == "payment_intent_unexpected_state"
            ):
                pi = _plain(_plain(cause.error).get("payment_intent"))
                if pi.get("id") == intent_id and pi.get("status") in (
                    "succeeded",
                    "requires_capture",
                    "canceled",
                ):
                    return _intent_result(pi)
            raise

    async def capture(self, intent_id: str, *, amount: int, idempotency_key: str) -> IntentResult:
        return await self._intent_call(
            intent_id,
            amount,
            lambda c: c.v1.payment_intents.capture_async(
                intent_id,
                params={"amount_to_capture": amount},
                options={"idempotency_key": idempotency_key},
            ),
        )

    async def cancel(self, intent_id: str, *, idempotency_key: str) -> IntentResult:
        return await self._intent_call(
            intent_id,
            0,
            lambda c: c.v1.payment_intents.cancel_async(
                intent_id, options={"idempotency_key": idempotency_key}
            ),
        )

    async def refund(self, intent_id: str, *, amount: int, idempotency_key: str) -> RefundResult:
        try:
            refund = _plain(
                await self._call(
                    lambda c: c.v1.refunds.create_async(
                        params={"payment_intent": intent_id, "amount": amount},
                        options={"idempotency_key": idempotency_key},
                    )
                )
            )
        except stripe.CardError as exc:
            raise GatewayError(f"Stripe refused the refund: {exc.user_message}") from exc
        if refund.get("status") in ("failed", "canceled"):
            raise GatewayError(f"Stripe refund {refund.get('id')} {refund.get('status')}")
        return RefundResult(refund_id=refund["id"], amount=int(refund["amount"]))

    async def payout(
        self, *, destination: str, amount: int, currency: str, idempotency_key: str
    ) -> PayoutResult:
        try:
            transfer = _plain(
                await self._call(
                    lambda c: c.v1.transfers.create_async(
                        params={"amount": amount, "currency": currency.lower(), "destination": destination},
                        options={"idempotency_key": idempotency_key},
                    )
                )
            )
        except stripe.CardError as exc:
            raise GatewayError(f"Stripe refused the transfer: {exc.user_message}") from exc
        return PayoutResult(payout_id=transfer["id"], amount=int(transfer["amount"]))

    # ---- webhooks -----------------------------------------------------------------------------

    def verify_webhook(self, payload: bytes, headers: Mapping[str, str]) -> GatewayEvent:
        secret = self._webhook_secret or get_settings().stripe_webhook_secret
        if not secret:
            raise InvalidWebhook("STRIPE_WEBHOOK_SECRET is not set")
        header = next((v for k, v in headers.items() if k.lower() == SIGNATURE_HEADER), None)
        if not header:
            raise InvalidWebhook("missing Stripe-Signature header")
        try:
            event = stripe.Webhook.construct_event(payload, header, secret, tolerance=TOLERANCE_SECONDS)
            body = event.to_dict()
            return _event(body)
        except stripe.SignatureVerificationError as exc:
            raise InvalidWebhook(f"bad signature: {exc.user_message}") from exc
        except GatewayError as exc:  # an intent in a status we do not know
            raise InvalidWebhook(str(exc)) from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSON, UTF-8, shape
            raise InvalidWebhook(f"malformed event: {exc}") from exc


def _event(body: Mapping[str, Any]) -> GatewayEvent:
    stripe_type = str(body["type"])
    obj = _plain(body["data"]["object"])
    kind, intent_id = "ignored", None
    data: dict[str, Any] = {"stripe_type": stripe_type, "metadata": obj.get("metadata") or {}}
    if stripe_type in INTENT_EVENTS:
        result = _intent_result(obj)
        kind, intent_id = INTENT_EVENTS[stripe_type], result.intent_id
        data |= {
            "intent_id": result.intent_id,
            "status": str(result.status),
            "stripe_status": obj.get("status"),
            "amount": result.amount,
            "captured": result.captured,
            "amount_received": result.captured,
            "amount_capturable": int(obj.get("amount_capturable") or 0),
            "currency": obj.get("currency"),
            "decline_code": result.decline_code,
        }
    elif stripe_type == "charge.refunded" or (
        stripe_type in REFUND_EVENTS and obj.get("status") == "succeeded"
    ):
        kind, intent_id = "refund.succeeded", obj.get("payment_intent")
        if obj.get("object") == "charge":  # the charge's running totals
            data |= {
                "refund_id": None,
                "refund_amount": int(obj.get("amount_refunded") or 0),
                "refunded": int(obj.get("amount_refunded") or 0),
                "captured": int(obj.get("amount_captured") or 0),
            }
        else:  # one refund
            data |= {"refund_id": obj.get("id"), "refund_amount": int(obj.get("amount") or 0)}
        data |= {
            "intent_id": intent_id,
            "status": obj.get("status"),
            "amount": int(obj.get("amount") or 0),
            "currency": obj.get("currency"),
        }
    elif stripe_type in PAYOUT_EVENTS:
        kind = "payout.paid"
        data |= {
            "intent_id": None,
            "payout_id": obj.get("id"),
            "status": obj.get("status", "paid"),
            "amount": int(obj.get("amount") or 0),
            "currency": obj.get("currency"),
            "destination": obj.get("destination"),
        }
    return GatewayEvent(
        id=str(body["id"]), type=kind, intent_id=intent_id, created=int(body["created"]), data=data
    )
