"""GraphQL fields of listings: create/edit/publish, seasonal rates, blocks, calendar, lookups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

from core.errors import DomainError, ErrorCode
from models.listings import ACCESSIBILITY_FEATURES
from models.listings import NightKind as DomainNightKind
from resolvers import listing_queries, listings
from schema.base import Connection, Money, Payload, connection, user_errors
from schema.context import Info
from schema.listings import (
    AccessibilityFeature,
    Amenity,
    CancellationPolicy,
    Listing,
    ListingStatus,
    PropertyType,
    RoomType,
    can_manage,
    listing_uuid,
)
from schema.permissions import IsAuthenticated

# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(DomainNightKind, name="NightKind")
NightKind = DomainNightKind

# GraphQL input field -> model field, for those whose names differ beyond camelCase.
_RENAMED = {"accessibility_features": "accessibility"}


@strawberry.input(description="Omitted fields keep their value (on create: their default).")
class ListingFieldsInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    property_type: PropertyType | None = strawberry.UNSET
    room_type: RoomType | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    neighborhood: str | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    region: str | None = strawberry.UNSET
    country: str | None = strawberry.UNSET
    latitude: float | None = strawberry.UNSET
    longitude: float | None = strawberry.UNSET
    time_zone: str | None = strawberry.UNSET
    max_guests: int | None = strawberry.UNSET
    bedrooms: int | None = strawberry.UNSET
    beds: int | None = strawberry.UNSET
    bathrooms: float | None = strawberry.UNSET
    amenities: list[str] | None = strawberry.UNSET
    accessibility_features: list[str] | None = strawberry.UNSET
    house_rules: str | None = strawberry.UNSET
    check_in_from: str | None = strawberry.UNSET
    check_in_until: str | None = strawberry.UNSET
    check_out_time: str | None = strawberry.UNSET
    instant_book: bool | None = strawberry.UNSET
    min_nights: int | None = strawberry.UNSET
    max_nights: int | None = strawberry.UNSET
    cancellation_policy: CancellationPolicy | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    nightly_price: Decimal | None = strawberry.UNSET
    cleaning_fee: Decimal | None = strawberry.UNSET
    weekly_discount_pct: int | None = strawberry.UNSET
    monthly_discount_pct: int | None = strawberry.UNSET

    def given(self) -> dict[str, object]:
        values = {}
        for name, value in vars(self).items():
            if value is strawberry.UNSET:
                continue
            if value is None and name not in {"check_in_until"}:
                raise DomainError(ErrorCode.INVALID_INPUT, "Cannot be null.", name)
            values[_RENAMED.get(name, name)] = value
        return values


@strawberry.input
class CreateListingInput(ListingFieldsInput):
    title: str


@strawberry.input
class UpdateListingInput(ListingFieldsInput):
    listing_id: relay.GlobalID


@strawberry.input
class ListingIdInput:
    listing_id: relay.GlobalID


@strawberry.input
class UnpublishListingInput:
    listing_id: relay.GlobalID
    keep_link: bool = strawberry.field(default=False, description="UNLISTED (link works) instead of DRAFT.")


@strawberry.input
class SeasonalRateInput:
    start_date: date = strawberry.field(description="First night covered.")
    end_date: date = strawberry.field(description="First night not covered.")
    nightly_price: Decimal
    weekend_price: Decimal | None = strawberry.field(default=None, description="Friday and Saturday nights.")
    min_nights: int | None = None


@strawberry.input
class SetSeasonalRatesInput:
    listing_id: relay.GlobalID
    rates: list[SeasonalRateInput] = strawberry.field(description="Replaces every existing rate.")


@strawberry.input(description="Nights from `from` up to, not including, `to`.")
class DateRangeInput:
    listing_id: relay.GlobalID
    from_: date = strawberry.field(name="from")
    to: date


@strawberry.type
class ListingPayload(Payload):
    listing: Listing | None = None


@strawberry.type
class NightsPayload(Payload):
    listing: Listing | None = None
    nights: int = strawberry.field(default=0, description="How many nights this call changed.")


@strawberry.type
class DeletePayload(Payload):
    ok: bool = False


@strawberry.type
class CalendarDay:
    date: date
    available: bool
    price: Money
    min_nights: int
    kind: NightKind | None = strawberry.field(
        description="Why not available (host only): BLOCKED, IMPORTED, BOOKED."
    )


@strawberry.type
class Query:
    @strawberry.field(description="A listing by global id or by slug (give exactly one).")
    async def listing(
        self, info: Info, id: relay.GlobalID | None = None, slug: str | None = None
    ) -> Listing | None:
        if (id is None) == (slug is None):
            raise DomainError(ErrorCode.INVALID_INPUT, "Give exactly one of id and slug.", "id")
        found = (
            await Listing.resolve_nodes(info=info, node_ids=[id.node_id])
            if id and id.type_name == "Listing"
            else [None]
        )
        if slug is not None:
            found_id = await listing_queries.listing_id_by_slug(slug)
            found = await Listing.resolve_nodes(info=info, node_ids=[str(found_id)]) if found_id else [None]
        return found[0]

    @strawberry.field(permission_classes=[IsAuthenticated], description="The signed-in host's listings.")
    async def my_listings(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: ListingStatus | None = None,
    ) -> Connection[Listing]:
        page = await listing_queries.host_listings(
            host=info.context.require_user(), status=status, first=first, after=after
        )
        for listing in page.items:  # later loads of these listings in this request need no query
            info.context.loaders.listing_by_id.prime(listing.id, listing)
        return connection(page)  # type: ignore[arg-type]

    @strawberry.field(description="The amenity catalogue.")
    async def amenities(self) -> list[Amenity]:
        return await listing_queries.amenity_catalogue()  # type: ignore[return-value]

    @strawberry.field(description="The accessibility features a listing may declare.")
    def accessibility_features(self) -> list[AccessibilityFeature]:
        return [AccessibilityFeature(id=k, name=v) for k, v in ACCESSIBILITY_FEATURES.items()]

    @strawberry.field(description="Each day's availability, price and minimum stay (at most 366 days).")
    async def listing_calendar(
        self,
        info: Info,
        listing_id: relay.GlobalID,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> list[CalendarDay]:
        found = await Listing.resolve_nodes(info=info, node_ids=[listing_id.node_id])
        model = found[0] if listing_id.type_name == "Listing" else None
        if model is None:
            raise DomainError(ErrorCode.NOT_FOUND, "No such listing.", "listing_id")
        days = await listings.calendar(model, from_, to)
        private = can_manage(info.context, model)
        return [
            CalendarDay(
                date=d.day,
                available=d.available,
                price=Money.of(d.price, model.currency),
                min_nights=d.min_nights,
                kind=d.kind if private else None,
            )
            for d in days
        ]


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="A new DRAFT listing.")
    @user_errors
    async def create_listing(self, info: Info, input: CreateListingInput) -> ListingPayload:
        listing = await listings.create_listing(user=info.context.require_user(), fields=input.given())
        return ListingPayload(listing=listing)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def update_listing(self, info: Info, input: UpdateListingInput) -> ListingPayload:
        fields = input.given()
        fields.pop("listing_id")
        listing = await listings.update_listing(
            user=info.context.require_user(), listing_id=listing_uuid(input.listing_id), fields=fields
        )
        return ListingPayload(listing=listing)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Refused, naming what is missing.")
    @user_errors
    async def publish_listing(self, info: Info, input: ListingIdInput) -> ListingPayload:
        listing = await listings.publish_listing(
            user=info.context.require_user(), listing_id=listing_uuid(input.listing_id)
        )
        return ListingPayload(listing=listing)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def unpublish_listing(self, info: Info, input: UnpublishListingInput) -> ListingPayload:
        listing = await listings.unpublish_listing(
            user=info.context.require_user(),
            listing_id=listing_uuid(input.listing_id),
            keep_link=input.keep_link,
        )
        return ListingPayload(listing=listing)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Refused while future bookings exist."
    )
    @user_errors
    async def delete_listing(self, info: Info, input: ListingIdInput) -> DeletePayload:
        await listings.delete_listing(
            user=info.context.require_user(), listing_id=listing_uuid(input.listing_id)
        )
        return DeletePayload(ok=True)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def set_seasonal_rates(self, info: Info, input: SetSeasonalRatesInput) -> ListingPayload:
        rates = [listings.RateInput(**vars(r)) for r in input.rates]
        listing = await listings.set_seasonal_rates(
            user=info.context.require_user(), listing_id=listing_uuid(input.listing_id), rates=rates
        )
        return ListingPayload(listing=listing)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def block_dates(self, info: Info, input: DateRangeInput) -> NightsPayload:
        return await _nights(listings.block_dates, info, input)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def unblock_dates(self, info: Info, input: DateRangeInput) -> NightsPayload:
        return await _nights(listings.unblock_dates, info, input)


async def _nights(change: Any, info: Info, input: DateRangeInput) -> NightsPayload:
    listing, count = await change(
        user=info.context.require_user(),
        listing_id=listing_uuid(input.listing_id),
        start=input.from_,
        end=input.to,
    )
    return NightsPayload(nights=count, listing=listing)
