"""Search analytics: one SearchLog row per search, written off the request path."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tortoise import connections

from tasks.app import celery_app, run_async

RECORD_SEARCH = "tasks.search.record_search"
RECORD_SEARCHES = "tasks.search.record_searches"


# One statement: a job that runs twice (late acks, or a retry after a commit whose answer was
# lost with the connection) finds its search id taken and records nothing. PostgreSQL decides, so
# no claim elsewhere can be lost or left behind.
INSERT = """
INSERT INTO "search_logs" ("user_id", "filters", "sort", "result_count", "created_at", "search_id")
VALUES ($1, $2::jsonb, $3, $4, now(), $5)
ON CONFLICT ("search_id") DO NOTHING
RETURNING "id"
"""


async def _record(
    user_id: str | None, filters: dict[str, Any], sort: str, result_count: int, search_id: str | None
) -> bool:
    rows = await connections.get("default").execute_query_dict(
        INSERT,
        [uuid.UUID(user_id) if user_id else None, json.dumps(filters), sort, result_count, search_id],
    )
    return bool(rows)


@celery_app.task(name=RECORD_SEARCH)
def record_search(
    user_id: str | None, filters: dict[str, Any], sort: str, result_count: int, search_id: str | None = None
) -> bool:
    return run_async(_record, user_id, filters, sort, result_count, search_id)


async def _record_many(records: list[list[Any]]) -> int:
    return sum([await _record(*record) for record in records])


@celery_app.task(name=RECORD_SEARCHES)
def record_searches(records: list[list[Any]]) -> int:
    """A batch of [user_id, filters, sort, result_count, search_id], as the search resolver sends them."""
    return run_async(_record_many, records)
