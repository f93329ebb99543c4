"""Search analytics: one SearchLog row per search, written off the request path."""

from __future__ import annotations

import uuid
from typing import Any

from core.cache import get_redis, key
from models.listings import SearchLog
from tasks.app import celery_app, run_async

RECORD_SEARCH = "tasks.search.record_search"
RECORD_SEARCHES = "tasks.search.record_searches"
DEDUPE_TTL = 86400  # a redelivered job arrives well within a day


async def _record(
    user_id: str | None, filters: dict[str, Any], sort: str, result_count: int, search_id: str | None
) -> bool:
    # Late acks mean a job may run twice: the search id, claimed in Redis, makes that harmless.
    claim = key("search-logged", search_id) if search_id else None
    if claim and not await get_redis().set(claim, 1, nx=True, ex=DEDUPE_TTL):
        return False
    try:
        await SearchLog.create(
            user_id=uuid.UUID(user_id) if user_id else None,
            filters=filters,
            sort=sort,
            result_count=result_count,
        )
    except BaseException:
        if claim:
            await get_redis().delete(claim)  # let the retry write it
        raise
    return True


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
