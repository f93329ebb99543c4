"""DataLoaders of the listings domain."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from aiodataloader import DataLoader

from models.listings import Amenity, Listing, ListingPhoto, PhotoStatus, SeasonalRate


class ListingByIdLoader(DataLoader[uuid.UUID, Listing | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[Listing | None]:
        by_id = {x.id: x for x in await Listing.filter(id__in=list(keys), deleted_at=None)}
        return [by_id.get(k) for k in keys]


class PhotosByListingLoader(DataLoader[uuid.UUID, list[ListingPhoto]]):
    """Ready photos of each listing, in the host's order."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[ListingPhoto]]:
        grouped: dict[uuid.UUID, list[ListingPhoto]] = defaultdict(list)
        rows = await ListingPhoto.filter(listing_id__in=list(keys), status=PhotoStatus.READY).order_by(
            "position", "created_at"
        )
        for photo in rows:
            grouped[photo.listing_id].append(photo)  # type: ignore[attr-defined]
        return [grouped.get(k, []) for k in keys]


class RatesByListingLoader(DataLoader[uuid.UUID, list[SeasonalRate]]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[SeasonalRate]]:
        grouped: dict[uuid.UUID, list[SeasonalRate]] = defaultdict(list)
        for rate in await SeasonalRate.filter(listing_id__in=list(keys)).order_by("start_date"):
            grouped[rate.listing_id].append(rate)  # type: ignore[attr-defined]
        return [grouped.get(k, []) for k in keys]


class AmenityByIdLoader(DataLoader[str, Amenity | None]):
    async def batch_load_fn(self, keys: Sequence[str]) -> list[Amenity | None]:
        by_id = {a.id: a for a in await Amenity.filter(id__in=list(keys))}
        return [by_id.get(k) for k in keys]
