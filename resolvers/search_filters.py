"""Search criteria: the plain values a search takes, and the validation that refuses bad ones
with a DomainError naming the field (the schema turns it into a GraphQL error with that code)."""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from core.errors import DomainError, ErrorCode
from models.listings import ACCESSIBILITY_FEATURES, AMENITIES, PropertyType, RoomType, fold

MAX_PAGE = 100
MAX_PRICE = Decimal(1_000_000)
MAX_RADIUS_KM = 500.0
MAX_DAYS_AHEAD = 730
MAX_TEXT = 200
AMENITY_IDS = frozenset(a[0] for a in AMENITIES)


class Sort(StrEnum):
    RELEVANCE = "RELEVANCE"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    NEWEST = "NEWEST"
    DISTANCE = "DISTANCE"
    RATING = "RATING"  # the Bayesian-adjusted score (models.ratings.bayesian_score), best first


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    radius_km: float


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class SearchFilter:
    text: str | None = None
    city: str | None = None
    near: Near | None = None
    bbox: BBox | None = None
    check_in: date | None = None
    check_out: date | None = None
    guests: int | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    property_types: tuple[str, ...] = ()
    room_types: tuple[str, ...] = ()
    amenities: tuple[str, ...] = ()
    instant_book: bool | None = None
    host_languages: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    min_bedrooms: int | None = None
    min_beds: int | None = None
    min_bathrooms: Decimal | None = None
    min_rating: float | None = None  # on the raw mean (what a card shows); unrated listings fail it
    top_host: bool | None = None  # True: hosts with the badge only; False is no restriction

    def as_json(self) -> dict[str, Any]:
        """The non-empty criteria as plain JSON (cache key, search log)."""
        return {
            k: v for k, v in json.loads(json.dumps(asdict(self), default=str)).items() if v not in (None, [])
        }


@dataclass(frozen=True)
class Bucket:
    min: Decimal
    max: Decimal
    count: int


@dataclass(frozen=True)
class Facets:
    property_types: list[tuple[str, int]] = field(default_factory=list)
    room_types: list[tuple[str, int]] = field(default_factory=list)
    price_histogram: list[Bucket] = field(default_factory=list)


@dataclass(frozen=True)
class SearchPage:
    ids: list[uuid.UUID]
    cursors: list[str]
    total: int
    has_next: bool
    facets: Facets


@dataclass(frozen=True)
class Location:
    kind: str  # "city" | "neighborhood"
    name: str
    city: str
    country: str
    count: int


# ---- validation ----------------------------------------------------------------------------------


def bad(code: ErrorCode, message: str, field_name: str) -> DomainError:
    return DomainError(code, message, field_name)


def _check_dates(f: SearchFilter, today: date) -> None:
    if (f.check_in is None) != (f.check_out is None):
        raise bad(ErrorCode.INVALID_DATES, "Give both checkIn and checkOut, or neither.", "check_out")
    if f.check_in is None or f.check_out is None:
        return
    if f.check_out <= f.check_in:
        raise bad(ErrorCode.INVALID_DATES, "checkOut must be after checkIn.", "check_out")
    # One day of slack: stay dates are local to the listing, and somewhere it is still yesterday.
    if f.check_in < today - timedelta(days=1):
        raise bad(ErrorCode.INVALID_DATES, "checkIn is in the past.", "check_in")
    if f.check_out > today + timedelta(days=MAX_DAYS_AHEAD):
        raise bad(ErrorCode.INVALID_DATES, "checkOut is more than 2 years ahead.", "check_out")


def _check_location(f: SearchFilter) -> None:
    if f.near is not None:
        n = f.near
        if not (-90 <= n.latitude <= 90 and -180 <= n.longitude <= 180):
            raise bad(ErrorCode.INVALID_LOCATION, "near: latitude/longitude out of range.", "near")
        if not 0 < n.radius_km <= MAX_RADIUS_KM:
            raise bad(ErrorCode.INVALID_LOCATION, "near.radiusKm must be in (0, 500].", "near.radius_km")
    if f.bbox is not None:
        b = f.bbox
        in_range = all(-90 <= v <= 90 for v in (b.south, b.north)) and all(
            -180 <= v <= 180 for v in (b.west, b.east)
        )
        # west > east is allowed: the box crosses the antimeridian.
        if not in_range or b.south >= b.north or b.west == b.east:
            raise bad(ErrorCode.INVALID_LOCATION, "bbox is malformed.", "bbox")


def sane_decimal(value: Decimal) -> bool:
    """Finite and not absurdly precise (PostgreSQL numeric has limits; the driver would fail)."""
    return value.is_finite() and int(value.as_tuple().exponent) >= -6


def _check_prices(f: SearchFilter) -> None:
    # (the field's Python name, its name as the message spells it, the value)
    for name, word, value in (("price_min", "priceMin", f.price_min), ("price_max", "priceMax", f.price_max)):
        if value is not None and (not sane_decimal(value) or value < 0 or value > MAX_PRICE):
            raise bad(ErrorCode.INVALID_PRICE, f"{word} must be between 0 and 1,000,000.", name)
    if f.price_min is not None and f.price_max is not None and f.price_min > f.price_max:
        raise bad(ErrorCode.INVALID_PRICE, "priceMin is above priceMax.", "price_min")


def _check_catalogues(f: SearchFilter) -> None:
    unknown = sorted(set(f.amenities) - AMENITY_IDS)
    if unknown:
        raise bad(ErrorCode.UNKNOWN_AMENITY, f"Unknown amenities: {', '.join(unknown)}.", "amenities")
    unknown = sorted(set(f.accessibility) - ACCESSIBILITY_FEATURES.keys())
    if unknown:
        raise bad(
            ErrorCode.INVALID_INPUT, f"Unknown accessibility features: {', '.join(unknown)}.", "accessibility"
        )
    if not set(f.property_types) <= {p.value for p in PropertyType}:
        raise bad(ErrorCode.INVALID_INPUT, "Unknown property type.", "property_types")
    if not set(f.room_types) <= {r.value for r in RoomType}:
        raise bad(ErrorCode.INVALID_INPUT, "Unknown room type.", "room_types")


def _check_numbers(f: SearchFilter) -> None:
    if f.guests is not None and not 1 <= f.guests <= 1000:
        raise bad(ErrorCode.INVALID_INPUT, "guests must be between 1 and 1000.", "guests")
    bedrooms = (("min_bedrooms", "minBedrooms", f.min_bedrooms), ("min_beds", "minBeds", f.min_beds))
    for name, word, value in bedrooms:  # as in _check_prices
        if value is not None and not 0 <= value <= 1000:
            raise bad(ErrorCode.INVALID_INPUT, f"{word} must be between 0 and 1000.", name)
    if f.min_bathrooms is not None and (not sane_decimal(f.min_bathrooms) or not 0 <= f.min_bathrooms <= 100):
        raise bad(ErrorCode.INVALID_INPUT, "minBathrooms must be between 0 and 100.", "min_bathrooms")
    if f.min_rating is not None and not (math.isfinite(f.min_rating) and 1 <= f.min_rating <= 5):
        raise bad(ErrorCode.INVALID_INPUT, "minRating must be between 1 and 5.", "min_rating")
    if f.text is not None and len(f.text) > MAX_TEXT:
        raise bad(ErrorCode.INVALID_INPUT, f"text is longer than {MAX_TEXT} characters.", "text")
    # PostgreSQL text cannot hold NUL: refuse it here rather than fail in the driver.
    texts = (("text", "text", f.text), ("city", "city", f.city))
    for name, word, text in (*texts, ("host_languages", "hostLanguages", "".join(f.host_languages))):
        if text and "\x00" in text:
            raise bad(ErrorCode.INVALID_INPUT, f"{word} contains a NUL character.", name)


def normalize(f: SearchFilter, sort: Sort, first: int, *, today: date | None = None) -> SearchFilter:
    """Refuse bad input with a DomainError naming the field; return a canonical filter (for the cache key)."""
    if not 0 <= first <= MAX_PAGE:
        raise bad(ErrorCode.INVALID_INPUT, f"first must be between 0 and {MAX_PAGE}.", "first")
    _check_dates(f, today or datetime.now(UTC).date())
    _check_location(f)
    _check_prices(f)
    _check_catalogues(f)
    _check_numbers(f)
    if sort is Sort.DISTANCE and f.near is None:
        raise bad(ErrorCode.INVALID_INPUT, "sort DISTANCE needs filter.near.", "sort")
    text = " ".join((f.text or "").split()) or None
    city = fold(f.city or "") or None
    return SearchFilter(
        **{
            **asdict(f),
            "near": f.near,
            "bbox": f.bbox,
            "text": text,
            "city": city,
            "property_types": tuple(sorted(set(f.property_types))),
            "room_types": tuple(sorted(set(f.room_types))),
            "amenities": tuple(sorted(set(f.amenities))),
            "host_languages": tuple(sorted({lang.strip() for lang in f.host_languages if lang.strip()})),
            "accessibility": tuple(sorted(set(f.accessibility))),
            "min_rating": None if f.min_rating is None else float(f.min_rating),  # 4 and 4.0: one key
            "top_host": True if f.top_host else None,  # one cache entry for false and absent
        }
    )
