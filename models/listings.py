"""Listings: the place itself, its catalogues, seasonal rates, nights, photos, calendar feeds.

Also the pure rules that need no database: slugs, what a listing needs to be published.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import uuid
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import BaseDBAsyncClient, fields
from tortoise.contrib.postgres.fields import ArrayField
from tortoise.models import Model

if TYPE_CHECKING:
    from models.users import User


class PropertyType(StrEnum):
    APARTMENT = "apartment"
    HOUSE = "house"
    VILLA = "villa"
    STUDIO = "studio"
    LOFT = "loft"
    CABIN = "cabin"
    COTTAGE = "cottage"
    GUESTHOUSE = "guesthouse"
    TOWNHOUSE = "townhouse"
    BUNGALOW = "bungalow"
    TINY_HOME = "tiny_home"
    FARM_STAY = "farm_stay"
    BOAT = "boat"
    UNIQUE_STAY = "unique_stay"


class RoomType(StrEnum):
    ENTIRE_PLACE = "entire_place"
    PRIVATE_ROOM = "private_room"
    SHARED_ROOM = "shared_room"


class CancellationPolicy(StrEnum):
    FLEXIBLE = "flexible"
    MODERATE = "moderate"
    STRICT = "strict"


class ListingStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    UNLISTED = "unlisted"  # reachable by its link, not in search
    SUSPENDED = "suspended"  # by an admin


class NightKind(StrEnum):
    BLOCKED = "blocked"  # by the host
    IMPORTED = "imported"  # from one of the listing's iCal feeds
    BOOKED = "booked"  # by a Roost booking


class PhotoStatus(StrEnum):
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


# (id, name, category, icon): the seeded catalogue (migration 1 inserts it).
AMENITIES: list[tuple[str, str, str, str]] = [
    ("wifi", "Wi-Fi", "essentials", "wifi"),
    ("kitchen", "Kitchen", "essentials", "chef-hat"),
    ("washer", "Washer", "essentials", "washing-machine"),
    ("dryer", "Dryer", "essentials", "wind"),
    ("heating", "Heating", "essentials", "flame"),
    ("air_conditioning", "Air conditioning", "essentials", "snowflake"),
    ("hot_water", "Hot water", "essentials", "droplet"),
    ("essentials", "Towels, bed sheets, soap", "essentials", "bath"),
    ("workspace", "Dedicated workspace", "work", "laptop"),
    ("tv", "TV", "entertainment", "tv"),
    ("pool", "Pool", "outdoors", "waves"),
    ("hot_tub", "Hot tub", "outdoors", "bath"),
    ("garden", "Garden", "outdoors", "trees"),
    ("bbq", "BBQ grill", "outdoors", "flame-kindling"),
    ("beach_access", "Beach access", "location", "umbrella"),
    ("lake_access", "Lake access", "location", "sailboat"),
    ("ski_in_out", "Ski-in/ski-out", "location", "mountain-snow"),
    ("free_parking", "Free parking on premises", "parking", "car"),
    ("ev_charger", "EV charger", "parking", "plug-zap"),
    ("gym", "Gym", "facilities", "dumbbell"),
    ("elevator", "Elevator", "facilities", "arrow-up-down"),
    ("pets_allowed", "Pets allowed", "policies", "paw-print"),
    ("smoking_allowed", "Smoking allowed", "policies", "cigarette"),
    ("self_check_in", "Self check-in", "policies", "key-round"),
    ("crib", "Crib", "family", "baby"),
    ("high_chair", "High chair", "family", "baby"),
    ("smoke_alarm", "Smoke alarm", "safety", "siren"),
    ("carbon_monoxide_alarm", "Carbon monoxide alarm", "safety", "siren"),
    ("first_aid_kit", "First aid kit", "safety", "cross"),
    ("fire_extinguisher", "Fire extinguisher", "safety", "fire-extinguisher"),
]

ACCESSIBILITY_FEATURES: dict[str, str] = {
    "step_free_entrance": "Step-free guest entrance",
    "wide_entrance": "Guest entrance wider than 81 cm",
    "wide_doorways": "Wide doorways (81 cm or more)",
    "step_free_bedroom": "Step-free bedroom access",
    "step_free_bathroom": "Step-free bathroom access",
    "accessible_bathroom": "Accessible bathroom",
    "shower_grab_bar": "Shower grab bar",
    "toilet_grab_bar": "Toilet grab bar",
    "step_free_shower": "Step-free shower",
    "shower_chair": "Shower or bath chair",
    "accessible_parking": "Disabled parking spot",
    "ceiling_hoist": "Ceiling or mobile hoist",
}


class Amenity(Model):
    id = fields.CharField(max_length=40, primary_key=True)
    name = fields.CharField(max_length=80)
    category = fields.CharField(max_length=40)
    icon = fields.CharField(max_length=40)

    class Meta:
        table = "amenities"


class Listing(Model):
    id = fields.UUIDField(primary_key=True)
    host: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="listings", on_delete=fields.RESTRICT
    )
    # Tortoise sets each foreign key's column attribute too; declared here for the type checker.
    host_id: uuid.UUID
    title = fields.CharField(max_length=120)
    description = fields.TextField(default="")
    slug = fields.CharField(max_length=160, unique=True)
    property_type = fields.CharEnumField(PropertyType, max_length=20, default=PropertyType.APARTMENT)
    room_type = fields.CharEnumField(RoomType, max_length=20, default=RoomType.ENTIRE_PLACE)
    address = fields.CharField(max_length=255, default="")
    neighborhood = fields.CharField(max_length=100, default="")
    city = fields.CharField(max_length=100, default="")
    region = fields.CharField(max_length=100, default="")
    country = fields.CharField(max_length=2, default="")  # ISO 3166-1 alpha-2
    # Accent-folded, lower-cased city and neighbourhood, for autocomplete and city filters
    # (the embedded PostgreSQL has no unaccent extension).
    city_key = fields.CharField(max_length=100, default="", db_index=True)
    neighborhood_key = fields.CharField(max_length=100, default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    # The approximate point everyone else is shown (models.location), kept beside the exact one
    # because search filters and sorts by it: geography finer than what a listing shows would let
    # bisected map boxes or distance orderings find the exact point. save() sets them from the exact
    # point; a queryset .update() of latitude/longitude must set them too (models.location).
    approx_latitude = fields.FloatField(null=True)
    approx_longitude = fields.FloatField(null=True)
    time_zone = fields.CharField(max_length=64, default="UTC")
    max_guests = fields.SmallIntField(default=1)
    bedrooms = fields.SmallIntField(default=0)
    beds = fields.SmallIntField(default=1)
    bathrooms = fields.DecimalField(max_digits=3, decimal_places=1, default=1)
    amenities = ArrayField("text", default=list)  # Amenity ids
    accessibility = ArrayField("text", default=list)  # ACCESSIBILITY_FEATURES keys
    house_rules = fields.TextField(default="")
    # Local times of the listing's time zone, "HH:MM" (no TIMETZ: a wall-clock time has no offset).
    check_in_from = fields.CharField(max_length=5, default="15:00")
    check_in_until = fields.CharField(max_length=5, null=True)  # null: any time after check_in_from
    check_out_time = fields.CharField(max_length=5, default="11:00")
    instant_book = fields.BooleanField(default=False)
    min_nights = fields.SmallIntField(default=1)
    max_nights = fields.SmallIntField(default=365)
    cancellation_policy = fields.CharEnumField(
        CancellationPolicy, max_length=20, default=CancellationPolicy.MODERATE
    )
    currency = fields.CharField(max_length=3, default="USD")
    nightly_price = fields.IntField(default=0)  # minor units of `currency`
    cleaning_fee = fields.IntField(default=0)
    weekly_discount_pct = fields.SmallIntField(default=0)
    monthly_discount_pct = fields.SmallIntField(default=0)
    status = fields.CharEnumField(ListingStatus, max_length=20, default=ListingStatus.DRAFT)
    calendar_token = fields.CharField(max_length=64, unique=True, default=lambda: secrets.token_urlsafe(32))
    published_at = fields.DatetimeField(null=True)
    deleted_at = fields.DatetimeField(null=True)  # soft delete: bookings will keep pointing here
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "listings"
        indexes = (("host_id", "created_at"),)

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        if update_fields is None or {"latitude", "longitude"} & set(update_fields):
            from models.location import approximate_location  # models.location imports bookings

            self.approx_latitude, self.approx_longitude = approximate_location(
                self.id, self.latitude, self.longitude
            )
            if update_fields is not None:
                update_fields = [*update_fields, "approx_latitude", "approx_longitude"]
        await super().save(using_db, update_fields, force_create, force_update)


class SeasonalRate(Model):
    """Nights in [start_date, end_date) cost `nightly_price` (Fri/Sat nights `weekend_price`)."""

    id = fields.UUIDField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="seasonal_rates", on_delete=fields.CASCADE
    )
    listing_id: uuid.UUID
    start_date = fields.DateField()
    end_date = fields.DateField()
    nightly_price = fields.IntField()
    weekend_price = fields.IntField(null=True)
    min_nights = fields.SmallIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "seasonal_rates"
        indexes = (("listing_id", "start_date"),)


class Night(Model):
    """A night that is not free: UNIQUE (listing, night) makes PostgreSQL refuse a second claim."""

    id = fields.BigIntField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="nights", on_delete=fields.CASCADE
    )
    listing_id: uuid.UUID
    night = fields.DateField()
    kind = fields.CharEnumField(NightKind, max_length=10)
    booking_id = fields.UUIDField(null=True)  # set by bookings (issue 4)
    feed: fields.ForeignKeyNullableRelation[CalendarFeed] = fields.ForeignKeyField(
        "models.CalendarFeed", related_name="nights", on_delete=fields.CASCADE, null=True
    )
    feed_id: uuid.UUID | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "nights"
        unique_together = (("listing", "night"),)


class ListingPhoto(Model):
    id = fields.UUIDField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="photos", on_delete=fields.CASCADE
    )
    listing_id: uuid.UUID
    position = fields.SmallIntField(default=0)
    caption = fields.CharField(max_length=300, default="")
    is_cover = fields.BooleanField(default=False)
    status = fields.CharEnumField(PhotoStatus, max_length=12, default=PhotoStatus.PROCESSING)
    # Storage keys (see core/storage.py): the upload as received, then the re-encoded renditions.
    upload_key = fields.CharField(max_length=200)
    original_key = fields.CharField(max_length=200, null=True)
    large_key = fields.CharField(max_length=200, null=True)  # 1280 px
    small_key = fields.CharField(max_length=200, null=True)  # 320 px
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    error = fields.CharField(max_length=300, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "listing_photos"
        indexes = (("listing_id", "position"),)


class CalendarFeed(Model):
    """An iCal URL of the same home on another channel, imported into blocked nights."""

    id = fields.UUIDField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="calendar_feeds", on_delete=fields.CASCADE
    )
    listing_id: uuid.UUID
    conflicts: fields.ReverseRelation[CalendarConflict]  # set by Tortoise; declared for the type checker
    name = fields.CharField(max_length=100, default="")
    url = fields.CharField(max_length=2000)
    last_synced_at = fields.DatetimeField(null=True)
    last_status = fields.CharField(max_length=10, default="pending")  # pending | ok | error
    # Codes only, never fetched text (see feed_report): "http_status:404" when in error, or what
    # a good sync skipped ("skipped:2 repeating:1").
    last_error = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "calendar_feeds"
        unique_together = (("listing", "url"),)


class CalendarConflict(Model):
    """An imported event that collides with a Roost booking: never applied over it."""

    id = fields.UUIDField(primary_key=True)
    feed: fields.ForeignKeyRelation[CalendarFeed] = fields.ForeignKeyField(
        "models.CalendarFeed", related_name="conflicts", on_delete=fields.CASCADE
    )
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="calendar_conflicts", on_delete=fields.CASCADE
    )
    feed_id: uuid.UUID
    listing_id: uuid.UUID
    night = fields.DateField()
    event_uid = fields.CharField(max_length=255, default="")
    summary = fields.CharField(max_length=255, default="")
    detected_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "calendar_conflicts"
        unique_together = (("feed", "night", "event_uid"),)


class SearchLog(Model):
    """One search, recorded asynchronously for analytics."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.UUIDField(null=True)
    filters: dict[str, Any] = fields.JSONField(default=dict)
    sort = fields.CharField(max_length=20, default="")
    result_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "search_logs"


# ---- pure rules ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Accent- and case-insensitive key: "São Paulo" -> "sao paulo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def slugify(title: str, city: str = "") -> str:
    """A readable URL key from the title (and city); callers append a suffix to make it unique."""
    base = re.sub(r"[^a-z0-9]+", "-", fold(f"{title} {city}")).strip("-")
    return base[:120].rstrip("-") or "listing"


def unique_slug(title: str, city: str = "") -> str:
    return f"{slugify(title, city)}-{secrets.token_hex(3)}"


def missing_for_publication(listing: Listing, photo_count: int) -> list[str]:
    """What a listing still lacks before guests may see it (empty when it may be published)."""
    missing = []
    if len(listing.title.strip()) < 5:
        missing.append("title")
    if len(listing.description.strip()) < 20:
        missing.append("description")
    for field in ("address", "city", "country"):
        if not getattr(listing, field).strip():
            missing.append(field)
    if listing.latitude is None or listing.longitude is None:
        missing.append("location")
    if listing.nightly_price <= 0:
        missing.append("nightlyPrice")
    if listing.max_guests < 1:
        missing.append("maxGuests")
    if photo_count < 1:
        missing.append("photos")
    return missing
