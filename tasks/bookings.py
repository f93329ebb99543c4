"""Booking jobs: beat runs the lifecycle every minute (expire requests, start and complete stays)."""

from __future__ import annotations

from resolvers.booking_lifecycle import run_lifecycle
from tasks.app import LONG_JOB, celery_app, run_async

RUN_LIFECYCLE = "tasks.bookings.run_booking_lifecycle"


@celery_app.task(name=RUN_LIFECYCLE, **LONG_JOB)
def run_booking_lifecycle() -> dict[str, int]:
    """Idempotent: a booking moves only while it is still due, under its row lock."""
    return run_async(run_lifecycle)
