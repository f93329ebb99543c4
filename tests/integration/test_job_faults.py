"""No job is lost: real workers against a PostgreSQL and a Redis that this module owns, restarted
and killed under queued and running jobs. The machine's own servers are never touched."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import asyncpg
import psutil
import pytest
import redis
from celery import Celery

from tests.conftest import ROOT
from tests.services import PrivatePostgres, PrivateRedis, wait_until


class Worker:
    """`celery worker` as a deployment runs it, on the private services."""

    def __init__(self, env: dict[str, str], pool: str = "solo", concurrency: int = 1) -> None:
        args = [sys.executable, "-m", "celery", "-A", "tasks.app:celery_app", "worker", f"--pool={pool}"]
        args += [f"--concurrency={concurrency}", "--loglevel=WARNING", "--without-gossip", "--without-mingle"]
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()

    def kill_whole(self) -> None:
        """kill -9 of the main process, and of its pool, as when a machine or container dies."""
        children = psutil.Process(self.proc.pid).children(recursive=True)
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        for child in children:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass


def sender(redis_url: str) -> Celery:
    from tasks.app import broker_url

    app = Celery("fault-test", broker=broker_url(redis_url))
    app.conf.update(task_serializer="json", accept_content=["json"], broker_connection_retry_on_startup=True)
    return app


@pytest.fixture(scope="module")
def services() -> Iterator[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="roost-faults-"))
    (folder / "redis").mkdir()
    (folder / "pg").mkdir()
    cache, database = PrivateRedis(folder / "redis"), PrivatePostgres(folder / "pg")
    cache.start()
    database.start()
    env = {**os.environ, "DATABASE_URL": database.url, "REDIS_URL": cache.url(0), "VAR_DIR": str(folder)}
    migrate = "import asyncio; from core.db import migrate; asyncio.run(migrate())"
    subprocess.run([sys.executable, "-c", migrate], cwd=ROOT, env=env, check=True)
    try:
        yield {"redis": cache, "postgres": database, "env": env}
    finally:
        cache.stop()
        database.stop()
        shutil.rmtree(folder, ignore_errors=True)


# ---- item 6: restarts of PostgreSQL and Redis under queued jobs -----------------------------------


def search_rows(database: PrivatePostgres) -> dict[str, int]:
    async def fetch() -> dict[str, int]:
        conn = await asyncpg.connect(database.url)
        try:
            rows = await conn.fetch(
                "SELECT filters->>'job' AS job, count(*) AS n FROM search_logs GROUP BY 1"
            )
        finally:
            await conn.close()
        return {r["job"]: r["n"] for r in rows}

    try:
        return asyncio.run(fetch())
    except (OSError, asyncpg.PostgresError):
        return {}


def record(app: Celery, *jobs: str) -> None:
    # A real job with a countable effect: one search_logs row per search id, written after a
    # claim in Redis, so it needs both services. A batch is one job that runs for a while.
    records = [[None, {"job": job}, "relevance", 0, f"fault-{job}"] for job in jobs]
    app.send_task("tasks.search.record_searches", args=[records])


def test_jobs_survive_postgresql_and_redis_restarts(services):
    cache, database = services["redis"], services["postgres"]
    env = {**services["env"], "CELERY_VISIBILITY_TIMEOUT": "5"}
    worker, app = Worker(env), sender(cache.url(0))
    broker = redis.Redis.from_url(cache.url(0))
    batch = [f"batch-{n}" for n in range(2000)]
    singles = [f"single-{n}" for n in range(5)]
    try:
        record(app, "warm-up")  # the worker now holds pooled connections to both services
        wait_until(lambda: search_rows(database).get("warm-up"), what="warm-up job")
        record(app, *batch)
        wait_until(lambda: len(search_rows(database)) > 1, what="the batch under way")
        assert database.drop_connections() >= 1  # in the middle of the batch, under a query
        database.stop()  # then the whole server, with jobs queued
        for job in singles:
            record(app, job)
        # Every job has been taken and has failed at least once: it waits for its retry.
        wait_until(lambda: broker.llen("celery") == 0 and broker.hlen("unacked") >= len(singles) + 1)
        cache.stop()  # and Redis goes too, while the jobs wait for their retries
        database.start()
        cache.start()
        expected = dict.fromkeys(["warm-up", *batch, *singles], 1)
        done = wait_until(lambda: len(search_rows(database)) == len(expected) and search_rows(database))
        assert done == expected  # every job, exactly once
        assert broker.llen("roost:dead_letters") == 0
    finally:
        broker.close()
        app.close()
        worker.stop()


# ---- item 7: the whole worker killed with jobs in flight -------------------------------------------


class SlowWebhookEndpoint:
    """Where deliver_simulated_event posts: the first delivery of each event is held until the test
    lets it go (the job is in flight), later ones are answered at once."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.lock, self.release = threading.Lock(), threading.Event()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                event = json.loads(self.rfile.read(int(self.headers["content-length"])))
                with endpoint.lock:
                    endpoint.seen[event["id"]] = endpoint.seen.get(event["id"], 0) + 1
                    first = endpoint.seen[event["id"]] == 1
                if first:
                    endpoint.release.wait(30)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def deliveries(self) -> dict[str, int]:
        with self.lock:
            return dict(self.seen)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def test_jobs_of_a_killed_worker_are_delivered_again_within_the_visibility_timeout(services):
    endpoint = SlowWebhookEndpoint()
    env = {**services["env"], "REDIS_URL": services["redis"].url(1), "PUBLIC_URL": endpoint.url}
    env["CELERY_VISIBILITY_TIMEOUT"] = "4"  # production derives it from the longest job (8 min)
    app, first, second = sender(services["redis"].url(1)), Worker(env, "prefork", 2), None
    events = [{"id": f"evt_kill_{n}", "type": "test.ping", "data": {}} for n in range(2)]
    try:
        for event in events:
            app.send_task("tasks.payments.deliver_simulated_event", args=[event])
        wait_until(lambda: len(endpoint.deliveries()) == len(events), what="both jobs in flight")
        first.kill_whole()
        endpoint.release.set()  # the dead worker's requests are answered; nobody hears it
        second = Worker(env, "prefork", 1)
        delivered = wait_until(
            lambda: all(n >= 2 for n in endpoint.deliveries().values()) and endpoint.deliveries(),
            what="redelivery of the dead worker's jobs",
        )
        assert set(delivered) == {e["id"] for e in events}
    finally:
        app.close()
        if second is not None:
            second.stop()
        first.stop()
        endpoint.close()
