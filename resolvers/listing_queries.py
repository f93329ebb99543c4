"""Reads of listings for the schema's lookups and lists."""

from __future__ import annotations

import uuid

from core.cache import get_redis, key
from core.redis_guard import optional
from models.listings import Amenity, Listing, ListingStatus
from models.users import User
from resolvers.paging import Page, newest_first

SLUG_CACHE_SECONDS = 24 * 3600


async def listing_id_by_slug(slug: str) -> uuid.UUID | None:
    """The id of the listing at `slug` (None when none is, or it was deleted).

    A slug is given once, at creation, and never changes, so its id is kept in Redis: a listing
    page costs a Redis read instead of a query. A deleted listing's slug may still map to its id;
    the listing loader does not return deleted listings, so the page is null all the same."""
    cache_key = key("slug", slug)
    cached = await optional(get_redis().get(cache_key), None, "cache")
    if cached:
        return uuid.UUID(cached if isinstance(cached, str) else cached.decode())
    found = await Listing.filter(slug=slug, deleted_at=None).only("id").first()
    if found is None:
        return None
    await optional(get_redis().set(cache_key, str(found.id), ex=SLUG_CACHE_SECONDS), None, "cache")
    return found.id


async def host_listings(
    *, host: User, status: ListingStatus | None, first: int | None, after: str | None
) -> Page[Listing]:
    """The host's listings (not deleted), newest first; with `status`, only those in it."""
    query = Listing.filter(host_id=host.id, deleted_at=None)
    if status is not None:
        query = query.filter(status=status)
    return await newest_first(query, first=first, after=after)


async def amenity_catalogue() -> list[Amenity]:
    return await Amenity.all().order_by("category", "name")
