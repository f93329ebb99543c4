"""Per-request DataLoaders. Build a fresh `Loaders` for every request (and every
subscription event): a loader caches, and binds the event loop it was made on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loaders.bookings import (
    BookingByIdLoader,
    ChangesByBookingLoader,
    EventsByBookingLoader,
    ExactLocationsByViewerLoader,
    HostCancellationsByUserLoader,
)
from loaders.listings import ListingByIdLoader, PhotosByListingLoader, RatesByListingLoader
from loaders.payments import BooksByBookingLoader, PaymentsByBookingLoader, RefundsByPaymentLoader
from loaders.users import UserByIdLoader


@dataclass
class Loaders:
    user_by_id: UserByIdLoader = field(default_factory=UserByIdLoader)
    listing_by_id: ListingByIdLoader = field(default_factory=ListingByIdLoader)
    photos_by_listing: PhotosByListingLoader = field(default_factory=PhotosByListingLoader)
    rates_by_listing: RatesByListingLoader = field(default_factory=RatesByListingLoader)
    booking_by_id: BookingByIdLoader = field(default_factory=BookingByIdLoader)
    events_by_booking: EventsByBookingLoader = field(default_factory=EventsByBookingLoader)
    changes_by_booking: ChangesByBookingLoader = field(default_factory=ChangesByBookingLoader)
    payments_by_booking: PaymentsByBookingLoader = field(default_factory=PaymentsByBookingLoader)
    refunds_by_payment: RefundsByPaymentLoader = field(default_factory=RefundsByPaymentLoader)
    books_by_booking: BooksByBookingLoader = field(default_factory=BooksByBookingLoader)
    host_cancellations: HostCancellationsByUserLoader = field(default_factory=HostCancellationsByUserLoader)
    exact_locations: ExactLocationsByViewerLoader = field(default_factory=ExactLocationsByViewerLoader)


def now_or_later(loader: Any, key: Any) -> Any:
    """The value if this request already loaded it, else the loader's Future.

    Lets a resolver be a plain function that answers at once when its data was prefetched
    (e.g. by the search resolver, for a whole page): no coroutine, no task per field, which
    is most of what a nested page costs to execute. Reads aiodataloader's cache of futures.
    """
    future = loader._cache.get(loader.get_cache_key(key))
    if future is not None and future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return loader.load(key)
