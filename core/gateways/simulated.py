"""A faithful local card gateway, so everything works offline (the default).

It keeps its own intents and answers each idempotency key once (its own tables, apart from the
application's: core.gateways.simulated_store): a retried call gets the first answer and never
charges twice. Test cards:

    tok_visa, tok_mastercard, tok_amex   succeed
    tok_insufficient_funds               declined: insufficient_funds
    tok_card_declined                    declined: card_declined
    tok_expired_card                     declined: expired_card
    tok_3ds                              needs the customer's extra step (confirm) first, then succeeds
    tok_3ds_fail                         needs the extra step, which then fails (authentication_failed)
    tok_decline_after_first              the first charge succeeds, later ones are declined

Each change is also sent as a signed HTTP webhook to our own /webhooks/simulated: the application
hands the gateway `schedule_event`, which queues one delivery after a delay (a job of its own), and
the gateway sends each event late, duplicated and out of order on purpose (SIMULATED_WEBHOOK_* settings).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.gateways import simulated_store as store
from core.gateways.base import (
    Card,
    GatewayEvent,
    IntentResult,
    IntentStatus,
    InvalidWebhook,
    PayoutResult,
    RefundResult,
)
from core.gateways.simulated_store import SimulatedIntent
from core.settings import get_settings

# Queues one delivery of `event` to our webhook endpoint, `delay` seconds from now (it may block).
ScheduleEvent = Callable[[dict[str, Any], float], None]
# One step at the gateway, run in the transaction that records its answer.
Step = Callable[[BaseDBAsyncClient], Awaitable[dict[str, Any]]]
SIGNATURE_HEADER = "simulated-signature"
TOLERANCE_SECONDS = 300
CARDS = {
    "tok_visa": Card("visa", "4242", 12, 2034),
    "tok_mastercard": Card("mastercard", "4444", 11, 2033),
    "tok_amex": Card("amex", "8431", 10, 2032),
    "tok_insufficient_funds": Card("visa", "9995", 12, 2034),
    "tok_card_declined": Card("visa", "0002", 12, 2034),
    "tok_expired_card": Card("visa", "0069", 1, 2020),
    "tok_3ds": Card("visa", "3184", 12, 2034),
    "tok_3ds_fail": Card("visa", "3178", 12, 2034),
    "tok_decline_after_first": Card("visa", "0341", 12, 2034),
}
DECLINES = {
    "tok_insufficient_funds": "insufficient_funds",
    "tok_card_declined": "card_declined",
    "tok_expired_card": "expired_card",
}
EVENT_TYPES = {
    IntentStatus.REQUIRES_ACTION: "intent.requires_action",
    IntentStatus.AUTHORIZED: "intent.authorized",
    IntentStatus.CAPTURED: "intent.captured",
    IntentStatus.CANCELED: "intent.canceled",
    IntentStatus.FAILED: "intent.failed",
}
STATUS_OF = {kind: str(status) for status, kind in EVENT_TYPES.items()}  # "intent.captured": "captured"


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The signature header for `payload`: t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload">."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def _result(data: Mapping[str, Any]) -> IntentResult:
    return IntentResult(
        intent_id=data["intent_id"],
        status=IntentStatus(data["status"]),
        amount=data["amount"],
        captured=data["captured"],
        decline_code=data.get("decline_code"),
    )


class SimulatedGateway:
    name = "simulated"

    def __init__(self, *, schedule_event: ScheduleEvent) -> None:
        self._schedule_event = schedule_event

    async def describe(self, token: str) -> Card:
        card = CARDS.get(token)
        if card is None:
            raise ValueError("unknown card token")
        return card

    async def _once(self, key: str, step: Step) -> dict[str, Any]:
        """The first answer to `key` is every answer (a provider's idempotency)."""
        await store.ensure_tables()
        earlier = await store.answer_of(connections.get("default"), key)
        if earlier is not None:
            return earlier
        try:
            async with in_transaction() as conn:
                response = await step(conn)
                await store.record_answer(conn, key, response)
        except IntegrityError:  # the same key, concurrently: the other call answered
            answer = await store.answer_of(connections.get("default"), key)
            if answer is None:  # (the conflicting answer is committed: this cannot be)
                raise
            return answer
        await self._emit(response)
        return response

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
        async def create(conn: BaseDBAsyncClient) -> dict[str, Any]:
            intent = SimulatedIntent(
                id=f"pi_sim_{secrets.token_hex(10)}",
                token=token,
                amount=amount,
                currency=currency,
                capture_on_authorize=capture,
                status=IntentStatus.FAILED,
            )
            decline = DECLINES.get(token) if token in CARDS else "invalid_token"
            if token == "tok_decline_after_first" and await store.token_has_paid(conn, token):
                decline = "card_declined"
            if decline is None:
                if token.startswith("tok_3ds"):
                    intent.status = IntentStatus.REQUIRES_ACTION
                else:
                    intent.status = IntentStatus.CAPTURED if capture else IntentStatus.AUTHORIZED
                    intent.captured = amount if capture else 0
            await store.insert_intent(conn, intent)
            return self._snapshot(intent, decline)

        return _result(await self._once(idempotency_key, create))

    async def confirm(self, intent_id: str, *, idempotency_key: str) -> IntentResult:
        async def confirm(conn: BaseDBAsyncClient) -> dict[str, Any]:
            intent = await self._locked(conn, intent_id)
            if intent.status != IntentStatus.REQUIRES_ACTION:
                return self._snapshot(intent)
            if intent.token == "tok_3ds_fail":
                intent.status = IntentStatus.FAILED
                await store.save_intent(conn, intent)
                return self._snapshot(intent, "authentication_failed")
            intent.status = IntentStatus.CAPTURED if intent.capture_on_authorize else IntentStatus.AUTHORIZED
            intent.captured = intent.amount if intent.capture_on_authorize else 0
            await store.save_intent(conn, intent)
            return self._snapshot(intent)

        return _result(await self._once(idempotency_key, confirm))

    async def capture(self, intent_id: str, *, amount: int, idempotency_key: str) -> IntentResult:
        async def capture(conn: BaseDBAsyncClient) -> dict[str, Any]:
            intent = await self._locked(conn, intent_id)
            if intent.status != IntentStatus.AUTHORIZED or not 0 < amount <= intent.amount:
                return self._snapshot(
                    intent, None if intent.status == IntentStatus.CAPTURED else "invalid_state"
                )
            intent.status, intent.captured = IntentStatus.CAPTURED, amount
            await store.save_intent(conn, intent)
            return self._snapshot(intent)

        return _result(await self._once(idempotency_key, capture))

    async def cancel(self, intent_id: str, *, idempotency_key: str) -> IntentResult:
        async def cancel(conn: BaseDBAsyncClient) -> dict[str, Any]:
            intent = await self._locked(conn, intent_id)
            if intent.status in (IntentStatus.AUTHORIZED, IntentStatus.REQUIRES_ACTION):
                intent.status = IntentStatus.CANCELED
                await store.save_intent(conn, intent)
            return self._snapshot(intent)

        return _result(await self._once(idempotency_key, cancel))

    async def refund(self, intent_id: str, *, amount: int, idempotency_key: str) -> RefundResult:
        async def refund(conn: BaseDBAsyncClient) -> dict[str, Any]:
            intent = await self._locked(conn, intent_id)
            if intent.status != IntentStatus.CAPTURED or intent.refunded + amount > intent.captured:
                raise ValueError("refund exceeds what was captured")
            intent.refunded += amount
            await store.save_intent(conn, intent)
            return {
                **self._snapshot(intent),
                "event": "refund.succeeded",
                "refund_id": f"re_sim_{secrets.token_hex(8)}",
                "refund_amount": amount,
            }

        data = await self._once(idempotency_key, refund)
        return RefundResult(refund_id=data["refund_id"], amount=data["refund_amount"])

    async def payout(
        self, *, destination: str, amount: int, currency: str, idempotency_key: str
    ) -> PayoutResult:
        async def payout(conn: BaseDBAsyncClient) -> dict[str, Any]:
            return {
                "event": "payout.paid",
                "intent_id": None,
                "payout_id": f"po_sim_{secrets.token_hex(8)}",
                "amount": amount,
                "currency": currency,
                "destination": destination,
            }

        data = await self._once(idempotency_key, payout)
        return PayoutResult(payout_id=data["payout_id"], amount=data["amount"])

    @staticmethod
    async def _locked(conn: BaseDBAsyncClient, intent_id: str) -> SimulatedIntent:
        intent = await store.locked_intent(conn, intent_id)
        if intent is None:
            raise ValueError("no such intent")
        return intent

    @staticmethod
    def _snapshot(intent: SimulatedIntent, decline_code: str | None = None) -> dict[str, Any]:
        return {
            "intent_id": intent.id,
            "status": str(intent.status),
            "amount": intent.amount,
            "captured": intent.captured,
            "refunded": intent.refunded,
            "currency": intent.currency,
            "decline_code": decline_code,
        }

    # ---- webhooks ---------------------------------------------------------------------------

    async def _emit(self, response: Mapping[str, Any]) -> None:
        """Send the change as webhooks: late, maybe twice, in any order."""
        kind = response.get("event") or EVENT_TYPES[IntentStatus(response["status"])]
        event = {
            "id": f"evt_sim_{secrets.token_hex(10)}",
            "type": kind,
            "created": int(time.time()),
            "data": {k: v for k, v in response.items() if k != "event"},
        }
        settings = get_settings()
        delays = [
            settings.simulated_webhook_delay_seconds * (0.5 + random.random())
            for _ in range(1 + settings.simulated_webhook_duplicates)
        ]
        await _send_tasks(self._schedule_event, event, delays)

    def verify_webhook(self, payload: bytes, headers: Mapping[str, str]) -> GatewayEvent:
        header = next((v for k, v in headers.items() if k.lower() == SIGNATURE_HEADER), None)
        if not header:
            raise InvalidWebhook("missing signature")
        try:
            parts = dict(item.split("=", 1) for item in header.split(","))
            timestamp = int(parts["t"])
            given = parts["v1"]
        except (ValueError, KeyError) as exc:
            raise InvalidWebhook("malformed signature header") from exc
        if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
            raise InvalidWebhook("timestamp outside the tolerance (replayed?)")
        expected = sign(payload, get_settings().simulated_webhook_secret, timestamp).split("v1=", 1)[1]
        if not hmac.compare_digest(expected, given):
            raise InvalidWebhook("bad signature")
        try:
            body = json.loads(payload)
            event = GatewayEvent(
                id=str(body["id"]),
                type=str(body["type"]),
                intent_id=body["data"].get("intent_id"),
                created=int(body["created"]),
                data=dict(body["data"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            raise InvalidWebhook("malformed body") from exc
        if not (0 < len(event.id) <= 100 and 0 < len(event.type) <= 60) or not isinstance(
            event.intent_id, str | None
        ):
            raise InvalidWebhook("malformed body")
        if event.type in STATUS_OF and event.data.get("status") != STATUS_OF[event.type]:
            # This gateway's intent events carry the intent's snapshot, whose status is the type's.
            raise InvalidWebhook("malformed body: the status does not match the event type")
        return event


async def _send_tasks(schedule_event: ScheduleEvent, event: dict[str, Any], delays: list[float]) -> None:
    """Queue each copy of the event (one thread hop for all: the broker client blocks)."""

    def send() -> None:
        for delay in delays:
            schedule_event(event, delay)

    await asyncio.to_thread(send)
