"""The Celery app: Redis broker, JSON only, late acks, retries with backoff, dead letters."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import redis
from celery import Celery, Task
from celery.schedules import crontab

from core.settings import get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")
DEAD_LETTERS = "roost:dead_letters"


def broker_url(redis_url: str) -> str:
    """redis-py spells a Unix socket unix://PATH, kombu spells it redis+socket://PATH."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


class RoostTask(Task):
    """Transient faults retry with exponential backoff; the final failure is dead-lettered."""

    autoretry_for = (ConnectionError, TimeoutError, OSError)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 6

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:  # type: ignore[override]
        record = {
            "task": self.name,
            "id": task_id,
            "args": args,
            "kwargs": kwargs,
            "error": repr(exc),
            "at": datetime.now(UTC).isoformat(),
        }
        log.error("task failed for good", extra={"dead_letter": record})
        url = get_settings().redis_url
        if url:
            with redis.Redis.from_url(url) as client:
                client.lpush(DEAD_LETTERS, json.dumps(record, default=str))
                client.ltrim(DEAD_LETTERS, 0, 9999)


celery_app = Celery(
    "roost",
    task_cls=RoostTask,
    include=[
        "tasks.accounts",
        "tasks.search",
        "tasks.photos",
        "tasks.calendars",
        "tasks.bookings",
        "tasks.payments",
    ],
)
celery_app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
    broker_transport_options={"visibility_timeout": 3600},
    timezone="UTC",
    beat_schedule={
        "purge-expired-tokens": {
            "task": "tasks.accounts.purge_expired_tokens",
            "schedule": crontab(minute=7),
        },
        "requeue-stuck-photos": {
            "task": "tasks.photos.requeue_stuck_photos",
            "schedule": crontab(minute="*/10"),
        },
        "run-booking-lifecycle": {
            "task": "tasks.bookings.run_booking_lifecycle",
            "schedule": crontab(),  # every minute
        },
        "charge-due-balances": {
            "task": "tasks.payments.charge_due_balances",
            "schedule": crontab(minute="*/15"),
        },
        "reconcile-payments": {
            "task": "tasks.payments.reconcile",
            "schedule": crontab(minute="*/5"),
        },
        "pay-hosts": {
            "task": "tasks.payments.run_payouts",
            "schedule": crontab(minute=30),  # hourly; one payout per host, currency and hour
        },
        "refresh-exchange-rates": {
            "task": "tasks.payments.refresh_exchange_rates",
            "schedule": crontab(minute=5),
        },
        "sync-calendar-feeds": {
            "task": "tasks.calendars.sync_all_feeds",
            "schedule": crontab(minute="*/15"),
        },
    },
)


def configure() -> Celery:
    """Point Celery at the current REDIS_URL (resolved late: the embedded one starts first)."""
    url = get_settings().redis_url
    if url and celery_app.conf.broker_url != broker_url(url):
        celery_app.conf.broker_url = broker_url(url)
    return celery_app


async def enqueue(name: str, *args: Any) -> None:
    """Send a job by name; call it only after the transaction commits."""
    app = configure()
    await asyncio.to_thread(app.send_task, name, args=list(args))


_worker_loop: asyncio.AbstractEventLoop | None = None


def run_async(job: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run an async job on this worker process's own event loop.

    One loop per process, kept for its lifetime, with Tortoise and Redis opened on it once:
    a fresh loop per job (asyncio.run) would pay the connection set-up on every job, and
    pools kept across loops fail ("attached to a different loop"). Worker pools here are
    solo or prefork: one job at a time per process, so the loop is never shared.
    """
    global _worker_loop
    if _worker_loop is None or _worker_loop.is_closed():
        from core.db import init_db

        _worker_loop = asyncio.new_event_loop()
        _worker_loop.run_until_complete(init_db())
    return _worker_loop.run_until_complete(job(*args))


configure()
