"""POST /webhooks/{provider}: a payment provider's events.

Verify the signature over the raw body (5 minutes' tolerance), store the event once under the
provider's own event id, hand it to a task and answer 2xx at once. A duplicate is acknowledged and
changes nothing; a bad signature, an old timestamp or a malformed body is a 400 and stores nothing.
So is an event the processing task could never act on (an intent event with an unknown status or
without its intent id or amounts): refused here, where the provider sees it, rather than stored
and retried until it is dead-lettered. An event about an intent that is not ours is well formed:
it is stored, acknowledged, and the task marks it ignored.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise import connections

from core import jsonsafe
from core.gateways import GATEWAYS, get_gateway
from core.gateways.base import GatewayEvent, IntentStatus, InvalidWebhook
from core.settings import get_settings
from models.payments import WebhookEvent
from resolvers.payments.webhook_events import INTENT_TYPES
from tasks.app import enqueue

PROCESS_EVENT = "tasks.payments.process_webhook_event"
STATUSES = frozenset(status.value for status in IntentStatus)


def _unacceptable(payload: bytes) -> str | None:
    """Why a body is refused even if correctly signed, checked before the gateway parses it: JSON
    nested too deep would overflow its parser, and text jsonb cannot hold (NUL, lone surrogates)
    would fail the insert. None when acceptable, or not JSON at all (the gateway refuses that)."""
    try:
        body = jsonsafe.loads(payload, get_settings().max_json_depth)
    except jsonsafe.UnsafeJson as exc:
        return f"malformed body: {exc}"
    except ValueError:
        return None
    return "malformed body: text that cannot be stored" if jsonsafe.has_unstorable_text(body) else None


def _reference(value: object) -> bool:
    """A provider's id of an intent or payout, as our columns hold it."""
    return isinstance(value, str) and 0 < len(value) <= 100


def _minor_units(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def _unprocessable(event: GatewayEvent) -> str | None:
    """Why an event, in our terms (whichever provider sent it), is one the task could not act on, or
    None. Types we do not act on pass: providers add types, and those are acknowledged."""
    data = event.data
    if event.type.startswith("intent.") and event.type not in INTENT_TYPES:
        return f"malformed body: unknown event type {event.type!r}"
    if event.type in INTENT_TYPES:
        if not _reference(event.intent_id):
            return "malformed body: no intent id"
        if not (isinstance(status := data.get("status"), str) and status in STATUSES):
            return f"malformed body: unknown intent status {str(status)[:40]!r}"
        if not (_minor_units(data.get("amount")) and _minor_units(data.get("captured"))):
            return "malformed body: amount and captured must be whole minor units"
        if not isinstance(data.get("decline_code"), str | None):
            return "malformed body: decline_code must be a string"
    elif event.type == "payout.paid" and not _reference(data.get("payout_id")):
        return "malformed body: no payout id"
    return None


async def receive(request: Request) -> JSONResponse:
    provider = request.path_params["provider"]
    if provider not in GATEWAYS:
        return JSONResponse({"error": "unknown provider"}, status_code=404)
    payload = await request.body()
    if problem := _unacceptable(payload):
        return JSONResponse({"error": problem}, status_code=400)
    try:
        event = get_gateway(provider).verify_webhook(payload, request.headers)
    except InvalidWebhook as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    if problem := _unprocessable(event):
        return JSONResponse({"error": problem}, status_code=400)
    rows = await connections.get("default").execute_query_dict(
        """INSERT INTO webhook_events (provider, event_id, type, payload, received_at)
           VALUES ($1, $2, $3, $4::jsonb, now())
           ON CONFLICT (provider, event_id) DO NOTHING RETURNING id""",
        [
            provider,
            event.id,
            event.type,
            json.dumps({"intent_id": event.intent_id, "data": dict(event.data)}),
        ],
    )
    if rows:
        try:
            await enqueue(PROCESS_EVENT, rows[0]["id"])
        except Exception:
            # Not handed off: forget it, so the provider's retry (it gets a 500) stores and queues it anew.
            await WebhookEvent.filter(id=rows[0]["id"]).delete()
            raise
    return JSONResponse({"received": True, "duplicate": not rows})


routes = [Route("/webhooks/{provider}", receive, methods=["POST"])]
