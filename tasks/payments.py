"""Payment jobs: deliver the simulated gateway's webhooks, process received webhook events,
charge scheduled balances, pay hosts, refresh exchange rates. Each is idempotent."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from celery import Task

from core.gateways.simulated import SIGNATURE_HEADER, sign
from core.settings import get_settings
from resolvers.payments.balances import charge_due_balances as charge_balances
from resolvers.payments.exchange_rates import set_exchange_rate
from resolvers.payments.payouts import run_payouts as pay_hosts
from resolvers.payments.reconcile import reconcile as reconcile_payments
from resolvers.payments.webhook_events import process_event as _process  # (tests call it by this name)
from tasks.app import LONG_JOB, celery_app, run_async


@celery_app.task(name="tasks.payments.deliver_simulated_event")
def deliver_simulated_event(event: dict[str, Any]) -> int:
    """POST one simulated gateway event, signed, to our own webhook endpoint (as a provider would)."""
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


@celery_app.task(name="tasks.payments.process_webhook_event", bind=True, max_retries=20)
def process_webhook_event(self: Task, event_id: int) -> str:
    outcome = run_async(_process, event_id, self.request.retries >= self.max_retries)
    if outcome == "unknown":
        raise self.retry(countdown=1)
    return outcome


@celery_app.task(name="tasks.payments.charge_due_balances", **LONG_JOB)
def charge_due_balances() -> dict[str, int]:
    return run_async(charge_balances)


@celery_app.task(name="tasks.payments.run_payouts", **LONG_JOB)
def run_payouts() -> int:
    return run_async(pay_hosts)


async def _refresh_rates(url: str) -> int:
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
    return run_async(reconcile_payments)
