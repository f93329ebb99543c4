"""GraphQL types of listings (shared by the listing, photo, calendar and search fields)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

import strawberry
from strawberry import relay

from core.settings import get_settings
from core.storage import get_storage
from loaders import now_or_later
from models.listings import ACCESSIBILITY_FEATURES, AMENITIES
from models.listings import Amenity as AmenityModel
from models.listings import CancellationPolicy as DomainCancellationPolicy
from models.listings import Listing as ListingModel
from models.listings import ListingPhoto as PhotoModel
from models.listings import ListingStatus as DomainListingStatus
from models.listings import PhotoStatus as DomainPhotoStatus
from models.listings import PropertyType as DomainPropertyType
from models.listings import RoomType as DomainRoomType
from models.listings import SeasonalRate as RateModel
from models.location import approximate_point, sees_exact_location
from models.reviews import StatsSubject
from schema.base import Connection, Money, node_uuid
from schema.context import Context, Info
from schema.nodes import ModelNode, visible_through
from schema.ratings import Rating, rating_for, top_host
from schema.reviews import Review, ReviewSort, reviews_page
from schema.users import User

# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(DomainPropertyType, name="PropertyType")
strawberry.enum(DomainRoomType, name="RoomType")
strawberry.enum(DomainCancellationPolicy, name="CancellationPolicy")
strawberry.enum(DomainListingStatus, name="ListingStatus")
strawberry.enum(DomainPhotoStatus, name="PhotoStatus")
PropertyType = DomainPropertyType
RoomType = DomainRoomType
CancellationPolicy = DomainCancellationPolicy
ListingStatus = DomainListingStatus
PhotoStatus = DomainPhotoStatus


def can_see(context: Context, listing: ListingModel) -> bool:
    """Published and unlisted listings are public; drafts and suspended ones are for their host."""
    if listing.deleted_at is not None:
        return False
    if listing.status in (DomainListingStatus.PUBLISHED, DomainListingStatus.UNLISTED):
        return True
    return can_manage(context, listing)


def can_manage(context: Context, listing: ListingModel) -> bool:
    viewer = context.user
    return viewer is not None and (viewer.id == listing.host_id or viewer.is_admin)


def listing_uuid(id: relay.GlobalID) -> uuid.UUID | None:
    return node_uuid(id, "Listing")


T = TypeVar("T")


def _exact(context: Context, listing: ListingModel, booked: frozenset[uuid.UUID] = frozenset()) -> bool:
    viewer = context.user
    return sees_exact_location(
        viewer_id=viewer.id if viewer else None,
        viewer_is_admin=bool(viewer and viewer.is_admin),
        host_id=listing.host_id,
        listing_id=listing.id,
        booked_listing_ids=booked,
    )


def with_exact_location(
    context: Context, listing: ListingModel, pick: Callable[[bool], T]
) -> T | Awaitable[T]:
    """`pick(exact)`, where `exact` says whether the viewer may see the listing's exact point and
    street address (models.location). The viewer's bookings are read only when they decide it,
    once per request for all listings (a loader): at once for the anonymous, host and admins."""
    if context.user is None or _exact(context, listing):
        return pick(_exact(context, listing))
    booked = now_or_later(context.loaders.exact_locations, context.user.id)
    if isinstance(booked, frozenset):
        return pick(_exact(context, listing, booked))

    async def later() -> T:
        return pick(_exact(context, listing, await booked))

    return later()


def shown_point(listing: ListingModel, exact: bool) -> tuple[float | None, float | None]:
    """The exact point, or the stable approximate one that search also uses (stored with the
    listing, so the point shown and the point searched are one and the same)."""
    if listing.latitude is None or listing.longitude is None:
        return None, None
    if exact:
        return listing.latitude, listing.longitude
    stored = getattr(listing, "approx_latitude", None), getattr(listing, "approx_longitude", None)
    if stored[0] is not None and stored[1] is not None:
        return stored
    return approximate_point(listing.id, listing.latitude, listing.longitude, get_settings().secret_key)


@strawberry.type(name="Amenity")
class Amenity:
    id: str
    name: str
    category: str
    icon: str


AMENITY_BY_ID = {
    id_: Amenity(id=id_, name=name, category=category, icon=icon) for id_, name, category, icon in AMENITIES
}


@strawberry.type
class AccessibilityFeature:
    id: str
    name: str


@strawberry.type(name="ListingPhoto")
class ListingPhoto(ModelNode):
    id: relay.NodeID[uuid.UUID]
    position: int
    caption: str
    is_cover: bool
    status: PhotoStatus
    width: int | None
    height: int | None
    error: str

    model = PhotoModel
    loader = "photo_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[PhotoModel]) -> list[bool]:
        return await visible_through(
            context.loaders.listing_by_id,
            [p.listing_id for p in rows],
            lambda listing: can_see(context, listing),
        )

    @strawberry.field(description="1280 px wide rendition.")
    def url(self, root: strawberry.Parent[PhotoModel]) -> str | None:
        return get_storage().url(root.large_key) if root.large_key else None

    @strawberry.field(description="320 px wide rendition.")
    def thumbnail_url(self, root: strawberry.Parent[PhotoModel]) -> str | None:
        return get_storage().url(root.small_key) if root.small_key else None

    @strawberry.field(description="The re-encoded original (no EXIF/GPS data).")
    def original_url(self, root: strawberry.Parent[PhotoModel]) -> str | None:
        return get_storage().url(root.original_key) if root.original_key else None


@strawberry.type
class SeasonalRate:
    start_date: date = strawberry.field(description="First night covered.")
    end_date: date = strawberry.field(description="First night not covered.")
    min_nights: int | None

    @strawberry.field
    async def nightly_price(self, root: strawberry.Parent[RateModel], info: Info) -> Money:
        listing = await info.context.loaders.listing_by_id.load(root.listing_id)
        assert listing is not None  # a rate is deleted with its listing
        return Money.of(root.nightly_price, listing.currency)

    @strawberry.field
    async def weekend_price(self, root: strawberry.Parent[RateModel], info: Info) -> Money | None:
        if root.weekend_price is None:
            return None
        listing = await info.context.loaders.listing_by_id.load(root.listing_id)
        assert listing is not None  # a rate is deleted with its listing
        return Money.of(root.weekend_price, listing.currency)


@strawberry.type(name="Listing", description="A place to stay.")
class Listing(ModelNode):
    id: relay.NodeID[uuid.UUID]
    slug: str
    title: str
    description: str
    property_type: PropertyType
    room_type: RoomType
    neighborhood: str
    city: str
    region: str
    country: str
    time_zone: str
    max_guests: int
    bedrooms: int
    beds: int
    bathrooms: float
    house_rules: str
    check_in_from: str
    check_in_until: str | None
    check_out_time: str
    instant_book: bool
    min_nights: int
    max_nights: int
    cancellation_policy: CancellationPolicy
    currency: str
    weekly_discount_pct: int
    monthly_discount_pct: int
    status: ListingStatus
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime

    model = ListingModel
    loader = "listing_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[ListingModel]) -> list[bool]:
        return [can_see(context, x) for x in rows]

    @strawberry.field
    def host(self, root: strawberry.Parent[ListingModel], info: Info) -> User:
        return now_or_later(info.context.loaders.user_by_id, root.host_id)  # type: ignore[no-any-return]

    @strawberry.field(description="Its guests' published reviews.")
    async def reviews(
        self,
        root: strawberry.Parent[ListingModel],
        info: Info,
        sort: ReviewSort = ReviewSort.NEWEST,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Review]:
        return await reviews_page(info, StatsSubject.LISTING, root.id, sort=sort, first=first, after=after)

    @strawberry.field(description="What its guests' published reviews add up to.")
    async def rating(self, root: strawberry.Parent[ListingModel], info: Info) -> Rating:
        return await rating_for(info, StatsSubject.LISTING, root.id)

    @strawberry.field(description="Its host holds the top host badge (README, Reviews).")
    async def host_is_top_host(self, root: strawberry.Parent[ListingModel], info: Info) -> bool:
        return await top_host(info, root.host_id)

    @strawberry.field(description="The host's languages (from their profile).")
    async def host_languages(self, root: strawberry.Parent[ListingModel], info: Info) -> list[str]:
        host = await info.context.loaders.user_by_id.load(root.host_id)
        return host.languages if host else []

    @strawberry.field(
        description="Street address: for the host, admins, and guests with a confirmed booking of it."
    )
    def address(self, root: strawberry.Parent[ListingModel], info: Info) -> str | None:
        return with_exact_location(info.context, root, lambda exact: root.address if exact else None)  # type: ignore[return-value]

    @strawberry.field(
        description="Exact for the host, admins and guests with a confirmed booking of it; for everyone "
        "else a point 300 to 700 m away, the same on every request (see locationIsApproximate)."
    )
    def latitude(self, root: strawberry.Parent[ListingModel], info: Info) -> float | None:
        return with_exact_location(info.context, root, lambda exact: shown_point(root, exact)[0])  # type: ignore[return-value]

    @strawberry.field(description="Exact or approximate, as latitude.")
    def longitude(self, root: strawberry.Parent[ListingModel], info: Info) -> float | None:
        return with_exact_location(info.context, root, lambda exact: shown_point(root, exact)[1])  # type: ignore[return-value]

    @strawberry.field(description="Whether latitude and longitude are the approximate point.")
    def location_is_approximate(self, root: strawberry.Parent[ListingModel], info: Info) -> bool:
        return with_exact_location(info.context, root, lambda exact: not exact)  # type: ignore[return-value]

    @strawberry.field(description="Secret iCal export URL of booked and blocked nights: host only.")
    def calendar_export_url(self, root: strawberry.Parent[ListingModel], info: Info) -> str | None:
        if not can_manage(info.context, root):
            return None
        from core.settings import get_settings

        return f"{get_settings().public_url}/calendars/{root.calendar_token}.ics"

    @strawberry.field
    def nightly_price(self, root: strawberry.Parent[ListingModel]) -> Money:
        return Money.of(root.nightly_price, root.currency)

    @strawberry.field
    def cleaning_fee(self, root: strawberry.Parent[ListingModel]) -> Money:
        return Money.of(root.cleaning_fee, root.currency)

    @strawberry.field
    def amenities(self, root: strawberry.Parent[ListingModel]) -> list[Amenity]:
        # The catalogue is fixed (seeded by migration 1 from AMENITIES), so it is served from
        # memory: no query, and no async resolver per item on the hottest path (search pages).
        return [AMENITY_BY_ID[a] for a in root.amenities if a in AMENITY_BY_ID]

    @strawberry.field
    def accessibility_features(self, root: strawberry.Parent[ListingModel]) -> list[AccessibilityFeature]:
        return [AccessibilityFeature(id=k, name=ACCESSIBILITY_FEATURES[k]) for k in root.accessibility]

    @strawberry.field(description="Ready photos in the host's order.")
    def photos(self, root: strawberry.Parent[ListingModel], info: Info) -> list[ListingPhoto]:
        return now_or_later(info.context.loaders.photos_by_listing, root.id)  # type: ignore[no-any-return]

    @strawberry.field
    def cover_photo(self, root: strawberry.Parent[ListingModel], info: Info) -> ListingPhoto | None:
        photos = now_or_later(info.context.loaders.photos_by_listing, root.id)
        if isinstance(photos, list):
            return _cover(photos)  # type: ignore[return-value]

        async def later() -> PhotoModel | None:
            return _cover(await photos)

        return later()  # type: ignore[return-value]

    @strawberry.field
    def seasonal_rates(self, root: strawberry.Parent[ListingModel], info: Info) -> list[SeasonalRate]:
        return now_or_later(info.context.loaders.rates_by_listing, root.id)  # type: ignore[no-any-return]


def _cover(photos: list[PhotoModel]) -> PhotoModel | None:
    return next((p for p in photos if p.is_cover), photos[0] if photos else None)


def amenity_of(model: AmenityModel) -> Amenity:
    return Amenity(id=model.id, name=model.name, category=model.category, icon=model.icon)
