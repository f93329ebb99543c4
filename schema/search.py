"""GraphQL fields of listing search: searchListings and autocompleteLocations."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import date
from decimal import Decimal
from enum import Enum

import strawberry

from loaders import now_or_later
from models.listings import Listing as ListingModel
from models.pricing import rates_from_rows, stay_total
from resolvers import search
from schema.base import Money, PageInfo
from schema.context import Info
from schema.listings import Listing, PropertyType, RoomType


@strawberry.enum(
    description="Search order; RELEVANCE is newest first when there is no text. RATING: the best "
    "`rating.score` first (the mean pulled toward the platform's, so a few reviews count for less)."
)
class ListingSort(Enum):
    RELEVANCE = "RELEVANCE"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    NEWEST = "NEWEST"
    DISTANCE = "DISTANCE"
    RATING = "RATING"


@strawberry.enum
class LocationKind(Enum):
    CITY = "city"
    NEIGHBORHOOD = "neighborhood"


@strawberry.input(description="Within radiusKm (at most 500) of a point.")
class NearInput:
    latitude: float
    longitude: float
    radius_km: float


@strawberry.input(description="A map viewport; west > east crosses the antimeridian.")
class BoundingBoxInput:
    south: float
    west: float
    north: float
    east: float


@strawberry.input
class ListingSearchFilter:
    text: str | None = None
    city: str | None = strawberry.field(default=None, description="Accent- and case-insensitive.")
    near: NearInput | None = None
    bbox: BoundingBoxInput | None = None
    check_in: date | None = None
    check_out: date | None = None
    guests: int | None = None
    price_min: Decimal | None = strawberry.field(
        default=None, description="Nightly, in the listing's currency."
    )
    price_max: Decimal | None = None
    property_types: list[PropertyType] | None = None
    room_types: list[RoomType] | None = None
    amenities: list[str] | None = strawberry.field(default=None, description="Amenity ids; all must match.")
    instant_book: bool | None = None
    host_languages: list[str] | None = None
    accessibility: list[str] | None = strawberry.field(default=None, description="All must match.")
    min_bedrooms: int | None = None
    min_beds: int | None = None
    min_bathrooms: Decimal | None = None
    min_rating: float | None = strawberry.field(
        default=None,
        description="1 to 5: listings whose mean overall rating (`rating.average`) is at least this; "
        "listings without reviews are left out.",
    )
    top_host: bool | None = strawberry.field(
        default=None, description="true: only listings whose host holds the top host badge."
    )


@strawberry.type
class PropertyTypeFacet:
    value: PropertyType
    count: int


@strawberry.type
class RoomTypeFacet:
    value: RoomType
    count: int


@strawberry.type(description="Nightly prices in currency units, in equal-width buckets.")
class PriceBucket:
    min: Decimal
    max: Decimal
    count: int


@strawberry.type
class SearchFacets:
    property_types: list[PropertyTypeFacet]
    room_types: list[RoomTypeFacet]
    price_histogram: list[PriceBucket]


@strawberry.type
class ListingSearchEdge:
    cursor: str
    node: Listing
    stay: strawberry.Private[tuple[date, date] | None]

    @strawberry.field(description="With dates: nights (seasonal rates), minus discounts, plus cleaning.")
    def stay_total(self, info: Info) -> Money | None:
        if self.stay is None:
            return None
        listing: ListingModel = self.node  # type: ignore[assignment]
        rates = now_or_later(info.context.loaders.rates_by_listing, listing.id)  # prefetched below
        return Money.of(stay_total(listing, rates_from_rows(rates), *self.stay), listing.currency)


@strawberry.type
class ListingSearchConnection:
    edges: list[ListingSearchEdge]
    page_info: PageInfo
    total_count: int
    facets: SearchFacets


@strawberry.type
class LocationSuggestion:
    kind: LocationKind
    name: str
    city: str
    country: str
    count: int


def _criteria(f: ListingSearchFilter | None) -> search.SearchFilter:
    if f is None:
        return search.SearchFilter()
    return search.SearchFilter(
        text=f.text,
        city=f.city,
        near=search.Near(f.near.latitude, f.near.longitude, f.near.radius_km) if f.near else None,
        bbox=search.BBox(f.bbox.south, f.bbox.west, f.bbox.north, f.bbox.east) if f.bbox else None,
        check_in=f.check_in,
        check_out=f.check_out,
        guests=f.guests,
        price_min=f.price_min,
        price_max=f.price_max,
        property_types=tuple(p.value for p in f.property_types or ()),
        room_types=tuple(r.value for r in f.room_types or ()),
        amenities=tuple(f.amenities or ()),
        instant_book=f.instant_book,
        host_languages=tuple(f.host_languages or ()),
        accessibility=tuple(f.accessibility or ()),
        min_bedrooms=f.min_bedrooms,
        min_beds=f.min_beds,
        min_bathrooms=f.min_bathrooms,
        min_rating=f.min_rating,
        top_host=f.top_host,
    )


def _facets(facets: search.Facets) -> SearchFacets:
    return SearchFacets(
        property_types=[PropertyTypeFacet(value=PropertyType(v), count=c) for v, c in facets.property_types],
        room_types=[RoomTypeFacet(value=RoomType(v), count=c) for v, c in facets.room_types],
        price_histogram=[PriceBucket(min=b.min, max=b.max, count=b.count) for b in facets.price_histogram],
    )


@strawberry.type
class Query:
    @strawberry.field(description="Published listings matching the filter, with facets; keyset pages.")
    async def search_listings(
        self,
        info: Info,
        filter: ListingSearchFilter | None = None,
        sort: ListingSort = ListingSort.RELEVANCE,
        first: int = 20,
        after: str | None = None,
    ) -> ListingSearchConnection:
        criteria = _criteria(filter)
        user = info.context.user
        page = await search.search_listings(
            filters=criteria,
            sort=search.Sort(sort.value),
            first=first,
            after=after,
            user_id=user.id if user else None,
        )
        # One query for the page's rows; host, photos, amenities and rates batch through loaders.
        loaders = info.context.loaders
        found = await loaders.listing_by_id.load_many(page.ids)
        stay = (criteria.check_in, criteria.check_out) if criteria.check_in and criteria.check_out else None
        # Prefetch what a result card shows, one query each, so the nested fields answer at once.
        present = [x for x in found if x is not None]
        prefetch: list[Awaitable[object]] = [
            loaders.user_by_id.load_many(list({x.host_id for x in present})),
            loaders.photos_by_listing.load_many([x.id for x in present]),
        ]
        if stay:
            prefetch.append(loaders.rates_by_listing.load_many([x.id for x in present]))
        await asyncio.gather(*prefetch)
        edges = [
            ListingSearchEdge(cursor=cursor, node=listing, stay=stay)  # type: ignore[arg-type]
            for cursor, listing in zip(page.cursors, found, strict=True)
            if listing is not None  # deleted since the page was cached
        ]
        return ListingSearchConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next, end_cursor=page.cursors[-1] if page.cursors else None
            ),
            total_count=page.total,
            facets=_facets(page.facets),
        )

    @strawberry.field(
        description="Cities and neighbourhoods starting with prefix (accents and case ignored)."
    )
    async def autocomplete_locations(self, prefix: str, first: int = 10) -> list[LocationSuggestion]:
        found = await search.autocomplete_locations(prefix=prefix, first=first)
        return [
            LocationSuggestion(
                kind=LocationKind(x.kind), name=x.name, city=x.city, country=x.country, count=x.count
            )
            for x in found
        ]
