"""A scheduled run that falls in a Redis outage is not dropped: beat sends it once Redis is back
(issue 10, item 5). A real beat process, on a redis-server that this test owns and stops."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tasks.app import celery_app
from tests.conftest import ROOT
from tests.integration.test_cli import ROOST
from tests.services import PrivateRedis, wait_until

PERIOD_SECONDS = 2  # BEAT_PERIOD_SECONDS: every scheduled job every 2 s instead of its crontab
WATCHED = {  # beat entry -> task: the booking lifecycle and the payouts
    "run-booking-lifecycle": "tasks.bookings.run_booking_lifecycle",
    "pay-hosts": "tasks.payments.run_payouts",
}
# How beat reports a send that failed: Celery's scheduler, and ours (which sends it again).
FAILED_SEND = re.compile(r"Message Error|not sent \(broker unreachable\)")
SCHEDULE = {name: entry["task"] for name, entry in celery_app.conf.beat_schedule.items()}


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    (tmp_path / "redis").mkdir()
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def queued(server: PrivateRedis) -> dict[str, int]:
    """Task name -> how many messages of it wait in the default queue."""
    with redis.Redis.from_url(server.url()) as client:
        messages = [json.loads(m) for m in client.lrange("celery", 0, -1)]
    counts: dict[str, int] = {}
    for message in messages:
        counts[message["headers"]["task"]] = counts.get(message["headers"]["task"], 0) + 1
    return counts


def sends(log: Path) -> dict[str, int]:
    """Beat entry -> how many due runs of it beat has sent (or tried to send)."""
    found = re.findall(r"Sending due task (\S+) ", log.read_text(errors="replace"))
    return {entry: found.count(entry) for entry in SCHEDULE}


def test_a_run_missed_in_a_redis_outage_is_sent_when_redis_returns(private_redis, tmp_path):
    env = {**os.environ, "REDIS_URL": private_redis.url(), "BEAT_PERIOD_SECONDS": str(PERIOD_SECONDS)}
    log = tmp_path / "beat.log"
    command = [ROOST, "beat", f"--schedule={tmp_path / 'schedule'}"]
    with log.open("wb") as out:
        beat = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        # Beat works: the watched jobs reach the queue (nothing consumes it). Then Redis goes away.
        wait_until(lambda: set(WATCHED.values()) <= set(queued(private_redis)), 60, "first runs")
        private_redis.stop()
        # A slot falls in the outage: beat tries to send its run, and reports that it could not.
        wait_until(lambda: FAILED_SEND.search(log.read_text(errors="replace")), 60, "a failed send")
        private_redis.start()  # same port; its append-only file keeps what was queued before
        # Every run beat sent is in the queue, those of the slots that fell in the outage included
        # (a plain beat logs their sends as failed and drops them: then this never holds). Waited
        # for, since beat logs a send just before it makes it.
        wait_until(lambda: all_runs_queued(private_redis, log), 60, "every run in the queue")
        beat.send_signal(signal.SIGTERM)
        beat.wait(30)
    finally:
        if beat.poll() is None:
            beat.kill()
            beat.wait()


def all_runs_queued(server: PrivateRedis, log: Path) -> bool:
    counts, sent = queued(server), sends(log)
    missed = set(WATCHED) - {entry for entry, n in sent.items() if n}
    return not missed and all(counts.get(task, 0) == sent[entry] for entry, task in SCHEDULE.items())
