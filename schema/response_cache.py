"""Whole-response cache for anonymous read-only queries of public listing data.

Executing a full search page is ~1,200 resolved fields: tens of milliseconds of Strawberry
work for an answer that is the same for every anonymous visitor until some listing changes.
So an anonymous query whose root fields are all public listing reads is answered from Redis,
keyed by the search generation (bumped by every listing change and every host profile
change), for reads with a stay's dates also the availability generation (bumped by every
booking and block), and a digest of the document and variables. A change is therefore visible to the
very next request; entries also expire after a minute. While Redis is down the cache is
bypassed (core/redis_guard.py): every query is executed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse

from core.cache import cache_generation, get_redis, key
from core.redis_guard import optional
from core.settings import get_settings
from resolvers.search import Sort, record_later, recorded_searches

CACHEABLE_ROOTS = frozenset(
    {"searchListings", "listing", "autocompleteLocations", "amenities", "accessibilityFeatures", "__typename"}
)
TTL_SECONDS = 60


MAX_QUERY_CHARS = 20_000  # longer documents are simply not cached (nor remembered)


def cacheable(query: str, operation_name: str | None) -> bool:
    """A query (not a mutation) whose root selections are only public listing reads.

    The view refuses an operationName that is not a string (400) before this; the check stays
    so that an unhashable one could never reach the lru_cache below (a TypeError, a 500)."""
    if not isinstance(query, str) or not isinstance(operation_name, str | None):
        return False
    return len(query) <= MAX_QUERY_CHARS and _cacheable(query, operation_name)


@lru_cache(maxsize=1024)
def _cacheable(query: str, operation_name: str | None) -> bool:
    try:  # bounded like Strawberry's own parse: an abusive document must not stall the loop
        document = parse(query, max_tokens=get_settings().max_tokens, no_location=True)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False
    selections = operations[0].selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in CACHEABLE_ROOTS for s in selections)


async def cached_response(
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    execute: Callable[[], Awaitable[Any]],
) -> dict[str, Any] | Any:
    """The cached `data` (a dict) on a hit; otherwise the execution result, cached if clean."""
    digest = hashlib.sha256(
        json.dumps([query, variables, operation_name], sort_keys=True, default=str).encode()
    ).hexdigest()
    # A stay's dates make a read depend on free nights (conservatively: any mention of checkIn).
    dated = "checkIn" in query or "checkIn" in json.dumps(variables or {})
    generation = await optional(cache_generation(dated=dated), None, "response cache")
    if generation is None:
        return await execute()
    cache_key = key("response", generation, digest)
    raw = await optional(get_redis().get(cache_key), None, "response cache")
    if raw is not None:
        entry = json.loads(raw)
        for filters, sort, count in entry["searches"]:
            record_later(None, filters, Sort(sort), count)  # a cached search is still a search
        return entry["data"]
    searches: list[tuple[dict[str, Any], str, int]] = []
    token = recorded_searches.set(searches)
    try:
        result = await execute()
    finally:
        recorded_searches.reset(token)
    if not getattr(result, "errors", None) and getattr(result, "data", None) is not None:
        entry = {"data": result.data, "searches": searches}
        await optional(get_redis().set(cache_key, json.dumps(entry, default=str), ex=TTL_SECONDS), None)
    return result
