"""A search is recorded once, however often its job runs: PostgreSQL keeps the search id unique."""

from __future__ import annotations

import asyncio

from models.listings import SearchLog
from tasks.search import _record, _record_many


async def mine(marker: str) -> list[SearchLog]:
    """This test's rows: the session's real worker may still be recording an earlier test's searches."""
    return [row for row in await SearchLog.all() if row.filters.get("test") == marker]


async def test_a_search_recorded_by_ten_concurrent_runs_of_its_job_is_one_row():
    runs = await asyncio.gather(
        *(_record(None, {"test": "concurrent"}, "relevance", 3, "s-1") for _ in range(10))
    )
    assert sorted(runs) == [False] * 9 + [True]
    [row] = await mine("concurrent")
    assert (row.filters, row.sort, row.result_count) == ({"test": "concurrent"}, "relevance", 3)


async def test_a_batch_run_again_records_only_what_is_new():
    batch = [[None, {"test": "batch"}, "relevance", n, f"b-{n}"] for n in range(5)]
    assert await _record_many(batch[:3]) == 3  # a run cut off part way
    assert await _record_many(batch) == 2  # its retry
    assert sorted(r.result_count for r in await mine("batch")) == [0, 1, 2, 3, 4]


async def test_searches_without_an_id_are_each_recorded():
    assert await _record_many([[None, {"test": "no id"}, "relevance", 0, None]] * 2) == 2
    assert len(await mine("no id")) == 2


async def test_a_redis_that_lost_its_data_does_not_make_a_rerun_record_twice():
    from core.cache import get_redis

    assert await _record(None, {"test": "flushed"}, "relevance", 1, "s-2") is True
    await get_redis().flushdb()  # a Redis restarted without persistence, as this machine's is
    assert await _record(None, {"test": "flushed"}, "relevance", 1, "s-2") is False
    assert len(await mine("flushed")) == 1
