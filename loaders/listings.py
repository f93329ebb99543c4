"""DataLoaders of the listings domain."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from aiodataloader import DataLoader
from tortoise import fields
from tortoise.fields.data import CharEnumFieldInstance

from core.cache import get_redis, key, listing_versions
from core.redis_guard import optional
from loaders.grouping import grouped, rows_by_id
from models.listings import Listing, ListingPhoto, PhotoStatus, SeasonalRate

LISTING_CACHE_SECONDS = 3600


def _encode(row: dict[str, Any]) -> str:
    return json.dumps(row, default=str)


def _decode(raw: str | bytes) -> Listing:  # str: the client decodes responses
    row = json.loads(raw)
    for name, value in row.items():
        if value is None:
            continue
        field = Listing._meta.fields_map.get(name)
        if name in ("id", "host_id"):
            row[name] = uuid.UUID(value)
        elif isinstance(field, fields.DatetimeField):
            row[name] = datetime.fromisoformat(value)
        elif isinstance(field, fields.DecimalField):
            row[name] = Decimal(value)
        elif isinstance(field, CharEnumFieldInstance):
            row[name] = field.enum_type(value)
    return Listing._init_from_db(**row)


class ListingByIdLoader(DataLoader[uuid.UUID, Listing | None]):
    """Listings through a Redis cache keyed by each listing's version (core.cache): a change
    bumps the version, so the next read misses and reloads; nothing stale is ever served."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[Listing | None]:
        redis = get_redis()
        # While Redis is down the cache is bypassed: no versions, so nothing read or written.
        versions = await optional(listing_versions(keys), None, "cache")
        cache_keys = (
            {} if versions is None else {k: key("listing", k, v) for k, v in zip(keys, versions, strict=True)}
        )
        raws = await optional(redis.mget(list(cache_keys.values())), [], "cache") if cache_keys else []
        found = {k: _decode(raw) for k, raw in zip(cache_keys, raws, strict=False) if raw}
        missing = [k for k in keys if k not in found]
        if missing:
            rows = await Listing.filter(id__in=missing, deleted_at=None).values()
            pipe = redis.pipeline(transaction=False)
            for row in rows:
                found[row["id"]] = Listing._init_from_db(**row)
                if row["id"] in cache_keys:
                    pipe.set(cache_keys[row["id"]], _encode(row), ex=LISTING_CACHE_SECONDS)
            if cache_keys:
                await optional(pipe.execute(), None, "listing cache")
        return [found.get(k) for k in keys]


class PhotoByIdLoader(DataLoader[uuid.UUID, ListingPhoto | None]):
    """Photos in any status (a processing or failed one too)."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[ListingPhoto | None]:
        return await rows_by_id(ListingPhoto, keys)


class PhotosByListingLoader(DataLoader[uuid.UUID, list[ListingPhoto]]):
    """Ready photos of each listing, in the host's order."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[ListingPhoto]]:
        rows = await ListingPhoto.filter(listing_id__in=list(keys), status=PhotoStatus.READY).order_by(
            "position", "created_at"
        )
        return grouped(rows, "listing_id", keys)


class RatesByListingLoader(DataLoader[uuid.UUID, list[SeasonalRate]]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[SeasonalRate]]:
        return grouped(
            await SeasonalRate.filter(listing_id__in=list(keys)).order_by("start_date"), "listing_id", keys
        )
