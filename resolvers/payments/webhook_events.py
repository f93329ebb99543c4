"""Acting on a stored webhook event (webhooks.payments stores it, tasks.payments runs this): an
intent's new state is applied to its payment, a payout's to its payout. Idempotent: an event is
marked processed once, and applying an intent's result twice changes nothing more."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from core.gateways.base import IntentResult, IntentStatus
from models.payments import Payment, PaymentStatus, Payout, PayoutStatus, WebhookEvent
from resolvers.payments.booking_money import apply_intent

log = logging.getLogger(__name__)
# How long a payment sent to its gateway, its answer not recorded, may still be waiting for it.
IN_FLIGHT = timedelta(minutes=5)
INTENT_TYPES = {
    "intent.requires_action": IntentStatus.REQUIRES_ACTION,
    "intent.authorized": IntentStatus.AUTHORIZED,
    "intent.captured": IntentStatus.CAPTURED,
    "intent.canceled": IntentStatus.CANCELED,
    "intent.failed": IntentStatus.FAILED,
}


async def payment_in_flight(provider: str) -> bool:
    """Whether a payment of ours may still learn its intent id: one sent to this provider lately
    whose answer is not recorded yet (a webhook can overtake the call's own answer)."""
    since = datetime.now(UTC) - IN_FLIGHT
    return await Payment.filter(
        gateway=provider, status=PaymentStatus.PENDING, intent_id=None, updated_at__gte=since
    ).exists()


async def _ignore(event: WebhookEvent, reason: str) -> str:
    """Done with an event that can never apply: processed, with why in its payload, never retried."""
    payload = {**event.payload, "ignored": reason}
    await WebhookEvent.filter(id=event.id, processed_at=None).update(
        processed_at=datetime.now(UTC), payload=payload
    )
    log.warning("webhook event %s (%s) ignored: %s", event.event_id, event.type, reason)
    return "ignored"


async def process_event(event_id: int, last_try: bool = False) -> str:
    """Act on one stored event: "done" or "ignored"; "unknown" when the event may be about a
    payment whose call has not returned yet (the task retries it, and on its last try ignores it)."""
    event = await WebhookEvent.get_or_none(id=event_id)
    if event is None or event.processed_at is not None:
        return "done"
    data = event.payload.get("data", {})
    intent_id = event.payload.get("intent_id")
    if event.type in INTENT_TYPES:
        payment = await Payment.get_or_none(intent_id=intent_id) if intent_id else None
        if payment is None:
            if not last_try and await payment_in_flight(event.provider):
                return "unknown"  # maybe ours, its call not returned yet: retry
            return await _ignore(event, "no payment of ours has this intent")
        assert intent_id is not None  # the payment was found by it
        result = IntentResult(
            intent_id=intent_id,
            status=INTENT_TYPES[event.type],
            amount=int(data.get("amount", payment.amount)),
            captured=int(data.get("captured", 0)),
            decline_code=data.get("decline_code"),
        )
        await apply_intent(payment.id, result)
    elif event.type == "payout.paid" and data.get("payout_id"):
        await Payout.filter(gateway_payout_id=data["payout_id"]).update(status=PayoutStatus.PAID)
    async with in_transaction():
        await WebhookEvent.filter(id=event.id, processed_at=None).update(processed_at=datetime.now(UTC))
    return "done"
