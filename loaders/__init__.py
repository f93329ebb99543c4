"""Per-request DataLoaders. Build a fresh `Loaders` for every request (and every
subscription event): a loader caches, and binds the event loop it was made on."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.listings import ListingByIdLoader, PhotosByListingLoader, RatesByListingLoader
from loaders.users import UserByIdLoader


@dataclass
class Loaders:
    user_by_id: UserByIdLoader = field(default_factory=UserByIdLoader)
    listing_by_id: ListingByIdLoader = field(default_factory=ListingByIdLoader)
    photos_by_listing: PhotosByListingLoader = field(default_factory=PhotosByListingLoader)
    rates_by_listing: RatesByListingLoader = field(default_factory=RatesByListingLoader)
