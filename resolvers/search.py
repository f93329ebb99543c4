"""Listing search and location autocomplete: validate, one hand-written SQL query, cache, record.

The hot path avoids model objects: one query returns the page's ids with their sort keys, the
total and the facets; the schema then loads the page's listings through the per-request loaders.
A page is cached under the global search generation, which every listing change bumps, so a
cached page is never stale.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from contextvars import ContextVar
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from tortoise import connections

from core.cache import cache_generation, get_redis, key
from core.errors import ErrorCode
from core.redis_guard import optional
from core.transient import is_transient
from models.listings import fold
from resolvers.search_filters import (
    BBox,
    Bucket,
    Facets,
    Location,
    Near,
    SearchFilter,
    SearchPage,
    Sort,
    bad,
    normalize,
)
from resolvers.search_sql import (
    AUTOCOMPLETE_SQL,
    build_search_sql,
    cursor_key,
    decode_cursor,
    encode_cursor,
    histogram,
    key_type,
    like_prefix,
    parse_json,
    prefix_range,
)

# Re-exported: the schema and bench speak to this module only.
__all__ = ["BBox", "Facets", "Near", "SearchFilter", "Sort", "build_search_sql", "normalize"]

CACHE_TTL = 60  # seconds; the generation key already makes stale pages unreachable
RECORD_SEARCHES = "tasks.search.record_searches"
log = logging.getLogger(__name__)


async def _run_search(f: SearchFilter, sort: Sort, first: int, after: str | None) -> SearchPage:
    sql_type = key_type(sort, f.text is not None)
    seek = decode_cursor(after, sort, f.text is not None) if after else None
    sql, params = build_search_sql(f, sort, first, seek)
    row = (await connections.get("default").execute_query_dict(sql, params))[0]
    page = parse_json(row["page"])
    rows = page[:first]
    return SearchPage(
        ids=[uuid.UUID(i) for i, _ in rows],
        cursors=[encode_cursor(sort, cursor_key(sql_type, k), i) for i, k in rows],
        total=row["total"],
        has_next=len(page) > first,
        facets=Facets(
            property_types=[(v, c) for v, c in parse_json(row["property_types"])],
            room_types=[(v, c) for v, c in parse_json(row["room_types"])],
            price_histogram=histogram(row["price_lo"], row["price_hi"], parse_json(row["histogram"])),
        ),
    )


# ---- cache ---------------------------------------------------------------------------------------


def _page_to_json(page: SearchPage) -> str:
    return json.dumps(
        {
            "ids": [str(i) for i in page.ids],
            "cursors": page.cursors,
            "total": page.total,
            "has_next": page.has_next,
            "property_types": page.facets.property_types,
            "room_types": page.facets.room_types,
            "histogram": [[str(b.min), str(b.max), b.count] for b in page.facets.price_histogram],
        }
    )


def _page_from_json(raw: str | bytes) -> SearchPage:  # str: the client decodes responses
    d = json.loads(raw)
    return SearchPage(
        ids=[uuid.UUID(i) for i in d["ids"]],
        cursors=d["cursors"],
        total=d["total"],
        has_next=d["has_next"],
        facets=Facets(
            property_types=[tuple(x) for x in d["property_types"]],
            room_types=[tuple(x) for x in d["room_types"]],
            price_histogram=[Bucket(Decimal(a), Decimal(b), c) for a, b, c in d["histogram"]],
        ),
    )


def _cache_key(kind: str, generation: object, args: object) -> str:
    digest = hashlib.sha256(json.dumps(args, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return key(kind, generation, digest)


# ---- recording -----------------------------------------------------------------------------------
# Sending one Celery message costs ~1 ms of CPU (kombu), as much as a cached search itself: so
# searches are buffered for a moment and sent as one record_searches job per batch.

FLUSH_SECONDS = 0.5
FLUSH_SIZE = 200
_buffer: list[list[Any]] = []
_flushes: set[asyncio.Task[None]] = set()  # strong references: the loop keeps only weak ones


async def _flush(delay: float) -> None:
    from tasks.app import enqueue

    await asyncio.sleep(delay)
    batch = _buffer[:]
    _buffer.clear()
    if not batch:
        return
    try:
        await enqueue(RECORD_SEARCHES, batch)
    except Exception as exc:  # analytics must never break search
        if not is_transient(exc):
            log.exception("could not enqueue %d search records", len(batch))
        else:  # the broker is down: these records are lost, one line says so (no traceback)
            log.warning("%d search records lost (broker unavailable): %s", len(batch), type(exc).__name__)


def _schedule(delay: float) -> None:
    task = asyncio.get_running_loop().create_task(_flush(delay))
    _flushes.add(task)
    task.add_done_callback(_flushes.discard)


# The searches a request made, for a response cache that must record them again on a hit.
recorded_searches: ContextVar[list[tuple[dict[str, Any], str, int]] | None] = ContextVar(
    "recorded_searches", default=None
)


def record_later(user_id: uuid.UUID | None, filters: dict[str, Any], sort: Sort, count: int) -> None:
    """Queue the search for the analytics job without holding up the answer."""
    if (seen := recorded_searches.get()) is not None:
        seen.append((filters, sort.value, count))
    _buffer.append([str(user_id) if user_id else None, filters, sort.value, count, uuid.uuid4().hex])
    if len(_buffer) >= FLUSH_SIZE:
        _schedule(0)
    elif len(_buffer) == 1:  # the first of a batch: send it (and whatever joins it) shortly
        _schedule(FLUSH_SECONDS)


# ---- use cases -----------------------------------------------------------------------------------


async def search_listings(
    *, filters: SearchFilter, sort: Sort, first: int, after: str | None, user_id: uuid.UUID | None
) -> SearchPage:
    f = normalize(filters, sort, first)
    if after:
        decode_cursor(after, sort, f.text is not None)  # refuse a bad cursor even when the page is cached
    criteria = f.as_json()
    # While Redis is down the cache is bypassed (no generation: neither read nor written).
    generation = await optional(cache_generation(dated=f.check_in is not None), None, "search cache")
    cache_key = _cache_key("search", generation, [criteria, sort.value, first, after])
    redis = get_redis()
    cached = None if generation is None else await optional(redis.get(cache_key), None, "search cache")
    if cached is not None:
        page = _page_from_json(cached)
    else:
        page = await _run_search(f, sort, first, after)
        if generation is not None:
            await optional(redis.set(cache_key, _page_to_json(page), ex=CACHE_TTL), None)
    record_later(user_id, criteria, sort, page.total)
    return page


async def autocomplete_locations(*, prefix: str, first: int) -> list[Location]:
    if not 1 <= first <= 50:
        raise bad(ErrorCode.INVALID_INPUT, "first must be between 1 and 50.", "first")
    folded = fold(prefix)
    if len(folded) > 100 or "\x00" in folded:
        raise bad(ErrorCode.INVALID_INPUT, "prefix is too long or contains a NUL character.", "prefix")
    if not folded:
        return []
    generation = await optional(cache_generation(dated=False), None, "search cache")
    cache_key = _cache_key("autocomplete", generation, [folded, first])
    redis = get_redis()
    cached = None if generation is None else await optional(redis.get(cache_key), None, "search cache")
    if cached is not None:
        return [Location(**row) for row in json.loads(cached)]
    rows = await connections.get("default").execute_query_dict(
        AUTOCOMPLETE_SQL, [like_prefix(folded), first, *prefix_range(folded)]
    )
    found = [Location(r["kind"], r["name"], r["city"], r["country"], r["c"]) for r in rows]
    if generation is not None:
        await optional(redis.set(cache_key, json.dumps([asdict(x) for x in found]), ex=CACHE_TTL), None)
    return found
