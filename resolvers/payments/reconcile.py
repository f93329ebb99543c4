"""Finishing what a crash or an outage left half done. Safe to run any time, any number of times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise import connections

from models.payments import PaymentRefund, WebhookEvent
from resolvers.payments.booking_money import settle
from resolvers.payments.refunds import send_refund
from tasks.app import enqueue

PROCESS_EVENT = "tasks.payments.process_webhook_event"


async def reconcile(now: datetime | None = None) -> dict[str, int]:
    """Refunds the gateway has not confirmed are sent again (under the same key: never twice),
    cancelled bookings still holding money are settled, and webhook events never processed are
    queued again."""
    now = now or datetime.now(UTC)
    return {
        "refunds": await _resend_refunds(now - timedelta(minutes=1)),
        "settled": await _settle_cancelled(now - timedelta(minutes=1)),
        "requeued": await _requeue_events(now - timedelta(minutes=5)),
    }


async def _resend_refunds(before: datetime) -> int:
    sent = 0
    for refund in await PaymentRefund.filter(gateway_refund_id=None, created_at__lte=before):
        if await send_refund(refund):
            sent += 1
    return sent


async def _settle_cancelled(before: datetime) -> int:
    """Bookings cancelled before `before` that still hold an authorization, a charge to come, or
    funds: their settle never ran (or never finished)."""
    rows = await connections.get("default").execute_query_dict(
        """SELECT DISTINCT b.id FROM bookings b JOIN payments p ON p.booking_id = b.id
           WHERE b.status = 'cancelled' AND b.cancelled_at <= $1
             AND (p.status IN ('pending', 'requires_action', 'authorized', 'scheduled')
                  OR EXISTS (SELECT 1 FROM ledger_entries e WHERE e.account = 'guest_funds'
                             AND e.owner_id = b.id HAVING sum(e.amount) <> 0))
           LIMIT 500""",
        [before],
    )
    for row in rows:
        await settle(row["id"])
    return len(rows)


async def _requeue_events(before: datetime) -> int:
    """Events stored before `before` but never processed (their task was lost, or gave up early)."""
    stale = await WebhookEvent.filter(processed_at=None, received_at__lte=before).limit(500)
    for event in stale:
        await enqueue(PROCESS_EVENT, event.id)
    return len(stale)
