"""Listings: create, edit, publish, delete; who may touch which listing."""

from __future__ import annotations

import uuid

from core.cache import bump_listing
from core.errors import DomainError, ErrorCode
from models.listings import Listing
from models.users import User


async def owned_listing(user: User, listing_id: uuid.UUID | None, *, lock: bool = False) -> Listing:
    """The listing, if `user` hosts it (or is an admin). `lock` takes a row lock (in a transaction)."""
    query = Listing.filter(id=listing_id, deleted_at=None) if listing_id else None
    listing = None
    if query is not None:
        listing = await (query.select_for_update() if lock else query).first()
    if listing is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such listing.", "listingId")
    if listing.host_id != user.id and not user.is_admin:
        raise DomainError(ErrorCode.NOT_OWNER, "Only the listing's host may change it.", "listingId")
    return listing


async def listing_changed(listing_id: uuid.UUID) -> None:
    """Call after any committed change to a listing, its calendar, prices or photos."""
    await bump_listing(listing_id)
