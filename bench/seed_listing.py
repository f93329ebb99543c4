"""One seeded listing: its row drawn from a seeded random stream (bench/seed.py streams them).

The draws keep one fixed order, so a seed always makes the same rows; that order is not the order of
the columns, hence each step is drawn first and its values placed in the row after.
"""

from __future__ import annotations

import random
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from bench.cities import City
from bench.seed_vocab import ACCESSIBILITY, ADJECTIVES, AMENITY_ODDS, FEATURES, PROPERTY_TYPES, SENTENCES
from core.money import exponent
from models.listings import fold, slugify
from models.location import approximate_location

LISTING_COLUMNS = [
    "id",
    "host_id",
    "title",
    "description",
    "slug",
    "property_type",
    "room_type",
    "address",
    "neighborhood",
    "city",
    "region",
    "country",
    "city_key",
    "neighborhood_key",
    "latitude",
    "longitude",
    "time_zone",
    "max_guests",
    "bedrooms",
    "beds",
    "bathrooms",
    "amenities",
    "accessibility",
    "house_rules",
    "check_in_from",
    "check_in_until",
    "check_out_time",
    "instant_book",
    "min_nights",
    "max_nights",
    "cancellation_policy",
    "currency",
    "nightly_price",
    "cleaning_fee",
    "weekly_discount_pct",
    "monthly_discount_pct",
    "status",
    "calendar_token",
    "published_at",
    "deleted_at",
    "created_at",
    "updated_at",
    "approx_latitude",  # the point shown and searched (models.location), from the exact one
    "approx_longitude",
]


def _price(rng: random.Random, city: City, bedrooms: int, room_type: str) -> int:
    factor = rng.lognormvariate(0, 0.35) * (1 + 0.25 * bedrooms)
    if room_type != "entire_place":
        factor *= 0.45
    minor_per_unit: int = 10 ** exponent(city.currency)
    return max(1, round(city.price * factor * minor_per_unit))


def _layout(rng: random.Random, type_weights: list[int]) -> tuple[str, str, int, int]:
    """(property type, room type, bedrooms, most guests), by the property type's odds."""
    kind, _, rooms, guests_range, bedrooms_range = rng.choices(PROPERTY_TYPES, type_weights)[0]
    room_type = rng.choice(rooms)
    bedrooms = rng.randint(*bedrooms_range)
    max_guests = rng.randint(*guests_range) if room_type != "shared_room" else 1
    return kind, room_type, bedrooms, max_guests


def _words(rng: random.Random, kind: str, city: City) -> tuple[str, str, str]:
    """(neighbourhood, title, description)."""
    neighborhood = rng.choice(city.neighborhoods)
    label = kind.replace("_", " ")
    title = f"{rng.choice(ADJECTIVES)} {label} in {neighborhood} {rng.choice(FEATURES)}"[:120]
    description = " ".join(rng.sample(SENTENCES, 3)) + f" Located in {neighborhood}, {city.name}."
    return neighborhood, title, description


def _features(rng: random.Random) -> tuple[list[str], list[str]]:
    """(amenities, accessibility features)."""
    amenities = [a for a, odds in AMENITY_ODDS.items() if rng.random() < odds]
    accessibility = rng.sample(ACCESSIBILITY, rng.randint(1, 4)) if rng.random() < 0.12 else []
    return amenities, accessibility


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.93:
        return "published"
    return "draft" if roll < 0.96 else "unlisted" if roll < 0.98 else "suspended"


def _place(rng: random.Random, city: City, neighborhood: str) -> tuple[str, float, float]:
    """(street address, latitude, longitude): about 3 km around the city's centre."""
    address = f"{rng.randint(1, 300)} {neighborhood} Street"
    return (
        address,
        round(city.latitude + rng.gauss(0, 0.03), 6),
        round(city.longitude + rng.gauss(0, 0.03), 6),
    )


def _house(rng: random.Random, bedrooms: int, features: tuple[list[str], list[str]]) -> tuple[Any, ...]:
    """The values from beds to instant_book, in LISTING_COLUMNS order."""
    beds = max(1, bedrooms + rng.randint(0, 2))
    bathrooms = rng.choice([1, 1, 1, 1.5, 2, 2, 2.5, 3]) if bedrooms else 1
    house_rules = rng.choice(["", "No parties.", "No smoking inside.", "Quiet hours after 22:00."])
    times = (
        rng.choice(["14:00", "15:00", "16:00"]),
        rng.choice([None, "22:00", "23:00"]),
        rng.choice(["10:00", "11:00", "12:00"]),
    )
    return beds, bathrooms, *features, house_rules, *times, rng.random() < 0.4


def _terms(rng: random.Random, city: City, price: int) -> tuple[Any, ...]:
    """The values from max_nights to monthly_discount_pct, in LISTING_COLUMNS order."""
    max_nights = rng.choice([28, 60, 90, 365, 365])
    policy = rng.choice(["flexible", "moderate", "moderate", "strict"])
    cleaning_fee = round(price * rng.choice([0, 0.2, 0.3, 0.5]))
    weekly, monthly = rng.choice([0, 0, 5, 10, 15]), rng.choice([0, 0, 10, 20, 25])
    return max_nights, policy, city.currency, price, cleaning_fee, weekly, monthly


def draw_listing(
    rng: random.Random, now: datetime, type_weights: list[int], index: int, host_id: uuid.UUID, city: City
) -> tuple[Any, ...]:
    """One listing row, in LISTING_COLUMNS order (the steps are drawn in the seed's fixed order)."""
    kind, room_type, bedrooms, max_guests = _layout(rng, type_weights)
    neighborhood, title, description = _words(rng, kind, city)
    price = _price(rng, city, bedrooms, room_type)
    features = _features(rng)
    status = _status(rng)
    created = now - timedelta(seconds=rng.randint(3600, 730 * 86400))
    min_nights = rng.choices([1, 2, 3, 5, 7], [45, 25, 18, 7, 5])[0]
    listing_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    address, latitude, longitude = _place(rng, city, neighborhood)
    house = _house(rng, bedrooms, features)
    terms = _terms(rng, city, price)
    slug = f"{slugify(title, city.name)}-{index:x}"
    row = (
        *(listing_id, host_id, title, description, slug, kind, room_type, address, neighborhood, city.name),
        *("", city.country, fold(city.name), fold(neighborhood)),
        *(latitude, longitude, city.time_zone, max_guests, bedrooms, *house, min_nights, *terms, status),
        secrets.token_urlsafe(24),
        created + timedelta(hours=1) if status == "published" else None,
        now if rng.random() < 0.01 else None,
        created,
        created,
    )
    return (*row, *approximate_location(listing_id, latitude, longitude))
