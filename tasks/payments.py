"""Payment jobs: deliver the simulated gateway's webhooks, process received webhook events,
charge scheduled balances, pay hosts, refresh exchange rates. Each is idempotent."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from celery import Task

from core.gateways.base import IntentResult, IntentStatus
from core.settings import get_settings
from tasks.app import LONG_JOB, celery_app, run_async

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


@celery_app.task(name="tasks.payments.deliver_simulated_event")
def deliver_simulated_event(event: dict[str, Any]) -> int:
    """POST one simulated gateway event, signed, to our own webhook endpoint (as a provider would)."""
    from core.gateways.simulated import SIGNATURE_HEADER, sign

    settings = get_settings()
    body = json.dumps(event).encode()
    try:
        response = httpx.post(
            f"{settings.public_url}/webhooks/simulated",
            content=body,
            headers={
                "content-type": "application/json",
                SIGNATURE_HEADER: sign(body, settings.simulated_webhook_secret),
            },
            timeout=10,
        )
    except httpx.HTTPError as exc:  # retried with backoff (RoostTask), as providers retry
        raise ConnectionError(str(exc)) from exc
    if response.status_code >= 500:
        raise ConnectionError(f"webhook endpoint answered {response.status_code}")
    return response.status_code


async def _payment_in_flight(provider: str) -> bool:
    """Whether a payment of ours may still learn its intent id: one sent to this provider lately
    whose answer is not recorded yet (a webhook can overtake the call's own answer)."""
    from models.payments import Payment, PaymentStatus

    since = datetime.now(UTC) - IN_FLIGHT
    return await Payment.filter(
        gateway=provider, status=PaymentStatus.PENDING, intent_id=None, updated_at__gte=since
    ).exists()


async def _ignore(event: Any, reason: str) -> str:
    """Done with an event that can never apply: processed, with why in its payload, never retried."""
    from models.payments import WebhookEvent

    payload = {**event.payload, "ignored": reason}
    await WebhookEvent.filter(id=event.id, processed_at=None).update(
        processed_at=datetime.now(UTC), payload=payload
    )
    log.warning("webhook event %s (%s) ignored: %s", event.event_id, event.type, reason)
    return "ignored"


async def _process(event_id: int, last_try: bool = False) -> str:
    from tortoise.transactions import in_transaction

    from models.payments import Payment, Payout, PayoutStatus, WebhookEvent
    from resolvers.payments import apply_intent

    event = await WebhookEvent.get_or_none(id=event_id)
    if event is None or event.processed_at is not None:
        return "done"
    data = event.payload.get("data", {})
    intent_id = event.payload.get("intent_id")
    if event.type in INTENT_TYPES:
        payment = await Payment.get_or_none(intent_id=intent_id) if intent_id else None
        if payment is None:
            if not last_try and await _payment_in_flight(event.provider):
                return "unknown"  # maybe ours, its call not returned yet: retry
            return await _ignore(event, "no payment of ours has this intent")
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


@celery_app.task(name="tasks.payments.process_webhook_event", bind=True, max_retries=20)
def process_webhook_event(self: Task, event_id: int) -> str:
    outcome = run_async(_process, event_id, self.request.retries >= self.max_retries)
    if outcome == "unknown":
        raise self.retry(countdown=1)
    return outcome


@celery_app.task(name="tasks.payments.charge_due_balances", **LONG_JOB)
def charge_due_balances() -> dict[str, int]:
    from resolvers.payments import charge_due_balances as charge

    return run_async(charge)


@celery_app.task(name="tasks.payments.run_payouts", **LONG_JOB)
def run_payouts() -> int:
    from resolvers.payments import run_payouts as pay

    return run_async(pay)


async def _refresh_rates(url: str) -> int:
    from resolvers.payments import set_exchange_rate

    async with httpx.AsyncClient(timeout=10) as client:
        body = (await client.get(url)).raise_for_status().json()
    base, count = str(body["base"]).upper(), 0
    for quote, value in body["rates"].items():
        try:
            await set_exchange_rate(base=base, quote=quote, value=Decimal(str(value)), source="feed")
            count += 1
        except (InvalidOperation, ValueError, Exception):
            continue
    return count


@celery_app.task(name="tasks.payments.refresh_exchange_rates")
def refresh_exchange_rates() -> int:
    url = get_settings().exchange_rates_url
    return run_async(_refresh_rates, url) if url else 0


@celery_app.task(name="tasks.payments.reconcile", **LONG_JOB)
def reconcile() -> dict[str, int]:
    from resolvers.payments import reconcile as run

    return run_async(run)
