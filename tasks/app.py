"""The Celery app: Redis broker, JSON only, late acks, retries with backoff, dead letters."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import redis
from celery import Celery, Task
from celery.exceptions import Ignore, Reject, Retry
from celery.schedules import crontab
from celery.signals import worker_init

from core import redis_guard
from core.gateways import configure_gateway
from core.settings import get_settings
from core.transient import is_transient

log = logging.getLogger(__name__)
T = TypeVar("T")
DEAD_LETTERS = "roost:dead_letters"


def broker_url(redis_url: str) -> str:
    """redis-py spells a Unix socket unix://PATH, kombu spells it redis+socket://PATH."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


# Retries: exponential backoff with jitter, capped. With these figures a job keeps trying for
# 4 to 7 minutes (a database or Redis restart, a failover) before it is dead-lettered.
RETRY_BASE_SECONDS = 1.0
RETRY_CAP_SECONDS = 120
MAX_RETRIES = 10

# Time limits. Every job gets DEFAULT_LIMITS; the few that may run long (photo rendering,
# calendar feeds, payouts, balances, reconciliation, the booking lifecycle, the token purge)
# declare LONG_JOB. (soft, hard) seconds: the soft limit raises SoftTimeLimitExceeded in the
# job, the hard one kills its process (prefork pool; the solo pool has no time limits).
DEFAULT_LIMITS = (60, 90)
LONG_JOB_LIMITS = (240, 300)
LONG_JOB = {"soft_time_limit": LONG_JOB_LIMITS[0], "time_limit": LONG_JOB_LIMITS[1]}

# A job delivered but not acknowledged (late acks) is given to another worker once it has been
# out this long: what brings back the jobs of a worker that died (kill -9, OOM, lost machine).
# It must outlast the longest job plus the longest retry countdown (a retried job waits in the
# worker that holds it, unacknowledged), or a live job would be delivered twice.
VISIBILITY_MARGIN_SECONDS = 60
VISIBILITY_TIMEOUT = LONG_JOB_LIMITS[1] + RETRY_CAP_SECONDS + VISIBILITY_MARGIN_SECONDS


def retry_delay(retries: int, rng: Callable[[], float] = random.random) -> float:
    """Seconds before retry number `retries` + 1: the step doubles up to the cap; half of it is
    fixed (so the retries span a real outage), half random (so jobs that failed together do not
    all come back at the same instant)."""
    step: float = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2**retries)
    return step / 2 + rng() * step / 2


class RoostTask(Task):
    """Transient faults (core.transient) retry with backoff; a job that fails for good is dead-lettered."""

    max_retries = MAX_RETRIES
    soft_time_limit = DEFAULT_LIMITS[0]
    time_limit = DEFAULT_LIMITS[1]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except (Retry, Reject, Ignore):
            raise
        except Exception as exc:
            if self.request.called_directly or not is_transient(exc):
                raise
            self._retry_later(exc)
            raise  # not reached: _retry_later always raises

    def _retry_later(self, exc: Exception) -> None:
        retries = self.request.retries
        if retries >= self.max_retries:
            raise exc  # spent: on_failure dead-letters it
        log.warning("transient fault in %s, retry %d: %r", self.name, retries + 1, exc)
        try:
            raise self.retry(exc=exc, countdown=retry_delay(retries))
        except Retry:
            raise
        except Exception as publish_error:
            if not is_transient(publish_error):
                raise
            # The broker is down too, so the retry cannot be queued. Hand the job back: if the
            # broker is still down the job stays unacknowledged there, and comes back after the
            # visibility timeout.
            raise Reject(publish_error, requeue=True) from exc

    def on_failure(
        self, exc: BaseException, task_id: str, args: tuple[Any, ...], kwargs: dict[str, Any], einfo: Any
    ) -> None:
        record = {
            "task": self.name,
            "id": task_id,
            "args": args,
            "kwargs": kwargs,
            "error": repr(exc),
            "retries": self.request.retries,
            "at": datetime.now(UTC).isoformat(),
        }
        log.error("task failed for good", extra={"dead_letter": record})
        url = get_settings().redis_url
        if not url:
            return
        try:
            with redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5) as client:
                client.lpush(DEAD_LETTERS, json.dumps(record, default=str))
                client.ltrim(DEAD_LETTERS, 0, 9999)
        except redis.RedisError:
            log.exception("dead letter not stored in Redis (it is in the log above)")


BROKER_SOCKET_TIMEOUT_SECONDS = 2


def transport_options() -> dict[str, int]:
    """CELERY_VISIBILITY_TIMEOUT overrides VISIBILITY_TIMEOUT (tests use a few seconds). The
    sweep that redelivers expired jobs runs every few seconds, not kombu's default 100."""
    timeout = get_settings().celery_visibility_timeout or VISIBILITY_TIMEOUT
    return {
        "visibility_timeout": timeout,
        "unacked_restore_interval": max(1, min(10, timeout // 10)),
        "unacked_restore_throttle": 1,
        # A hung broker (not refusing, just silent) fails a send in seconds instead of holding
        # the request's thread forever; above the 1 s BRPOP a worker waits on an empty queue.
        "socket_timeout": BROKER_SOCKET_TIMEOUT_SECONDS,
        "socket_connect_timeout": BROKER_SOCKET_TIMEOUT_SECONDS,
    }


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
        "tasks.reviews",
        "tasks.review_mail",
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
    broker_transport_options=transport_options(),
    # A send retries once: a broker that is down answers in milliseconds, a hung one costs a
    # socket timeout per try, and the request that sends is waiting.
    task_publish_retry_policy={
        "max_retries": 1,
        "interval_start": 0.2,
        "interval_step": 0,
        "interval_max": 0.2,
    },
    timezone="UTC",
    beat_scheduler="tasks.beat:CatchUpScheduler",  # a run that falls in a broker outage is sent late
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
        "release-reviews": {
            "task": "tasks.reviews.release_reviews",
            "schedule": crontab(minute="*/10"),  # what is still blind when its window closes
        },
        "remind-reviewers": {
            "task": "tasks.review_mail.remind_reviewers",
            "schedule": crontab(minute="*/15"),  # review requests missed or failed, and reminders
        },
        "rank-hosts": {
            "task": "tasks.reviews.rank_hosts",
            "schedule": crontab(hour=3, minute=10),  # nightly
        },
        "refresh-review-topics": {
            "task": "tasks.reviews.refresh_topics",
            "schedule": crontab(hour=3, minute=40),  # nightly
        },
    },
)

if _period := get_settings().beat_period_seconds:  # tests and demos: every job every few seconds
    for _entry in celery_app.conf.beat_schedule.values():
        _entry["schedule"] = timedelta(seconds=_period)


@worker_init.connect
def _keep_unacked_jobs_when_the_broker_is_gone(**_: Any) -> None:
    """Work around a kombu 5.7 fault: when Redis goes away while the worker holds unacknowledged
    jobs (running, or waiting for a retry), closing the lost connection tries to hand them back
    through a connection that is already gone, raises AttributeError, and the whole worker exits
    ("Unrecoverable error"). The jobs are safe in Redis's `unacked` set whatever happens here:
    another sweep delivers them again after the visibility timeout. So skip the hand-back then,
    and let the worker reconnect."""
    from kombu.transport import redis as kombu_redis

    original = kombu_redis.QoS.restore_unacked
    if getattr(original, "roost_patched", False):
        return

    def restore_unacked(self: Any, client: Any = None) -> Any:
        if client is None and self.channel.connection.client is None:
            log.warning(
                "broker lost: %d unacknowledged jobs come back after the visibility timeout",
                len(self._delivered),
            )
            self._delivered.clear()
            return None
        return original(self, client)  # type: ignore[no-untyped-call]  # unannotated in kombu

    restore_unacked.roost_patched = True  # type: ignore[attr-defined]
    kombu_redis.QoS.restore_unacked = restore_unacked  # type: ignore[method-assign]  # the patch itself


def configure() -> Celery:
    """Point Celery at the current REDIS_URL (resolved late: the embedded one starts first)."""
    url = get_settings().redis_url
    if url and celery_app.conf.broker_url != broker_url(url):
        celery_app.conf.broker_url = broker_url(url)
    return celery_app


async def enqueue(name: str, *args: Any) -> None:
    """Send a job by name; call it only after the transaction commits."""
    app = configure()
    redis_guard.check()  # the broker is Redis: fail at once while it is known to be down
    try:
        await asyncio.to_thread(app.send_task, name, args=list(args))
    except Exception as exc:
        if is_transient(exc):
            redis_guard.trip(exc, f"job {name} not sent")
        raise


async def enqueue_committed(name: str, *args: Any) -> None:
    """Send a job that follows a committed change and that something sends again if it is lost
    (a sweeping beat job, or the user asking again): while the broker is down it is logged and
    skipped, rather than answering SERVICE_UNAVAILABLE for a change that is already made."""
    try:
        await enqueue(name, *args)
    except Exception as exc:
        if not is_transient(exc):
            raise
        log.warning("job %s skipped (broker unavailable): %s: %s", name, type(exc).__name__, exc)


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


def schedule_simulated_event(event: dict[str, Any], delay: float) -> None:
    """Queue one delivery of a simulated gateway event (tasks.payments), `delay` seconds from now."""
    configure().send_task("tasks.payments.deliver_simulated_event", args=[event], countdown=delay)


configure()
# The simulated gateway (core) queues its webhooks through this, knowing no jobs. Every process that
# queues jobs (the app, the worker, the CLI) imports this module.
configure_gateway("simulated", schedule_event=schedule_simulated_event)
