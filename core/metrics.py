"""Process counters for /metrics (Prometheus text) and SQL query counting for tests and bench."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from tortoise.backends.asyncpg.client import AsyncpgDBClient


@dataclass
class Counter:
    value: int = 0


HTTP_REQUESTS = Counter()
SQL_QUERIES = Counter()
_request_queries: ContextVar[Counter | None] = ContextVar("request_queries", default=None)


@contextmanager
def count_queries() -> Iterator[Counter]:
    """Count the SQL statements run in this context (a test, a request)."""
    counter = Counter()
    token = _request_queries.set(counter)
    try:
        yield counter
    finally:
        _request_queries.reset(token)


def _install() -> None:
    # Every statement Tortoise's asyncpg client runs passes through _translate_exceptions.
    original = AsyncpgDBClient._translate_exceptions
    if getattr(original, "roost_counted", False):
        return

    async def counted(self: AsyncpgDBClient, func: Any, *args: Any, **kwargs: Any) -> Any:
        SQL_QUERIES.value += 1
        if (counter := _request_queries.get()) is not None:
            counter.value += 1
        return await original(self, func, *args, **kwargs)

    counted.roost_counted = True  # type: ignore[attr-defined]
    AsyncpgDBClient._translate_exceptions = counted  # type: ignore[method-assign]


_install()


def render() -> str:
    peak_rss_bytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return (
        "# TYPE roost_http_requests_total counter\n"
        f"roost_http_requests_total {HTTP_REQUESTS.value}\n"
        "# TYPE roost_sql_queries_total counter\n"
        f"roost_sql_queries_total {SQL_QUERIES.value}\n"
        "# TYPE roost_peak_rss_bytes gauge\n"
        f"roost_peak_rss_bytes {peak_rss_bytes}\n"
    )
