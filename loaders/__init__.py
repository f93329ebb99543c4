"""Per-request DataLoaders. Build a fresh `Loaders` for every request (and every
subscription event): a loader caches, and binds the event loop it was made on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loaders.bookings import (
    BookingByIdLoader,
    ChangeByIdLoader,
    ChangesByBookingLoader,
    EventsByBookingLoader,
    ExactLocationsByViewerLoader,
    HostCancellationsByUserLoader,
)
from loaders.calendar_sync import ConflictsByFeedLoader, FeedByIdLoader
from loaders.listings import ListingByIdLoader, PhotoByIdLoader, PhotosByListingLoader, RatesByListingLoader
from loaders.payments import (
    BooksByBookingLoader,
    MethodByIdLoader,
    PaymentByIdLoader,
    PaymentsByBookingLoader,
    PayoutByIdLoader,
    RefundsByPaymentLoader,
)
from loaders.reviews import (
    ReportsByReviewLoader,
    ReviewByIdLoader,
    StandingByHostLoader,
    StatsBySubjectLoader,
)
from loaders.users import UserByIdLoader


@dataclass
class Loaders:
    user_by_id: UserByIdLoader = field(default_factory=UserByIdLoader)
    listing_by_id: ListingByIdLoader = field(default_factory=ListingByIdLoader)
    photo_by_id: PhotoByIdLoader = field(default_factory=PhotoByIdLoader)
    photos_by_listing: PhotosByListingLoader = field(default_factory=PhotosByListingLoader)
    rates_by_listing: RatesByListingLoader = field(default_factory=RatesByListingLoader)
    booking_by_id: BookingByIdLoader = field(default_factory=BookingByIdLoader)
    change_by_id: ChangeByIdLoader = field(default_factory=ChangeByIdLoader)
    events_by_booking: EventsByBookingLoader = field(default_factory=EventsByBookingLoader)
    changes_by_booking: ChangesByBookingLoader = field(default_factory=ChangesByBookingLoader)
    method_by_id: MethodByIdLoader = field(default_factory=MethodByIdLoader)
    payment_by_id: PaymentByIdLoader = field(default_factory=PaymentByIdLoader)
    payout_by_id: PayoutByIdLoader = field(default_factory=PayoutByIdLoader)
    payments_by_booking: PaymentsByBookingLoader = field(default_factory=PaymentsByBookingLoader)
    refunds_by_payment: RefundsByPaymentLoader = field(default_factory=RefundsByPaymentLoader)
    books_by_booking: BooksByBookingLoader = field(default_factory=BooksByBookingLoader)
    host_cancellations: HostCancellationsByUserLoader = field(default_factory=HostCancellationsByUserLoader)
    exact_locations: ExactLocationsByViewerLoader = field(default_factory=ExactLocationsByViewerLoader)
    feed_by_id: FeedByIdLoader = field(default_factory=FeedByIdLoader)
    conflicts_by_feed: ConflictsByFeedLoader = field(default_factory=ConflictsByFeedLoader)
    review_by_id: ReviewByIdLoader = field(default_factory=ReviewByIdLoader)
    stats_by_subject: StatsBySubjectLoader = field(default_factory=StatsBySubjectLoader)
    reports_by_review: ReportsByReviewLoader = field(default_factory=ReportsByReviewLoader)
    standing_by_host: StandingByHostLoader = field(default_factory=StandingByHostLoader)


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
