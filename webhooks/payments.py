"""POST /webhooks/{provider}: a payment provider's events.

Verify the signature over the raw body (5 minutes' tolerance), store the event once under the
provider's own event id, hand it to a task and answer 2xx at once. A duplicate is acknowledged and
changes nothing; a bad signature, an old timestamp or a malformed body is a 400 and stores nothing.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise import connections

from core import jsonsafe
from core.gateways import GATEWAYS, get_gateway
from core.gateways.base import InvalidWebhook
from core.settings import get_settings
from models.payments import WebhookEvent
from tasks.app import enqueue

PROCESS_EVENT = "tasks.payments.process_webhook_event"


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
