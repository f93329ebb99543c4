"""Reads of listings for the schema's lookups and lists."""

from __future__ import annotations

import uuid

from models.listings import Amenity, Listing, ListingStatus
from models.users import User
from resolvers.paging import Page, newest_first


async def listing_id_by_slug(slug: str) -> uuid.UUID | None:
    """The id of the listing at `slug` (None when none is, or it was deleted)."""
    found = await Listing.filter(slug=slug, deleted_at=None).only("id").first()
    return found.id if found else None


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
