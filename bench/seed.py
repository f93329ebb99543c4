"""Realistic data, fast: `roost seed --listings 100000 [--batch 5000]`.

Rows are generated in Python and streamed with COPY (asyncpg's binary copy_records_to_table),
batch by batch, into the migrated schema; ANALYZE runs at the end so the planner knows the new
distributions. Hosts share one precomputed argon2 hash (hashing 20,000 distinct passwords would
take longer than everything else together). Deterministic for a given --seed.
COPY fires the same commit-time triggers as any other write, so a batch whose bookings did not own
exactly their nights would be refused; calendars are drawn by the app's rules (bench/seed_calendar.py)
and the run ends with the consistency check of bench/consistency.py, which must find nothing.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from bench.cities import CITIES, LANGUAGES
from bench.consistency import booking_inconsistencies, summary
from bench.seed_calendar import BOOKING_COLUMNS, NIGHT_COLUMNS, calendar_bookings, calendar_nights
from bench.seed_listing import LISTING_COLUMNS, draw_listing
from bench.seed_vocab import (
    FIRST_NAMES,
    LAST_NAMES,
    PROPERTY_TYPES,
)

PASSWORD = "roost seeded password"  # every seeded account's password
LISTINGS_PER_HOST = 5
GUESTS_PER_LISTING = 0.05

USER_COLUMNS = [
    "id",
    "email",
    "password_hash",
    "first_name",
    "last_name",
    "bio",
    "languages",
    "is_host",
    "is_admin",
    "is_active",
    "email_verified_at",
    "created_at",
    "updated_at",
]
RATE_COLUMNS = [
    "id",
    "listing_id",
    "start_date",
    "end_date",
    "nightly_price",
    "weekend_price",
    "min_nights",
    "created_at",
]
PHOTO_COLUMNS = [
    "id",
    "listing_id",
    "position",
    "caption",
    "is_cover",
    "status",
    "upload_key",
    "original_key",
    "large_key",
    "small_key",
    "width",
    "height",
    "error",
    "created_at",
]


@dataclass
class Batch:
    users: list[tuple[Any, ...]]
    listings: list[tuple[Any, ...]]
    bookings: list[tuple[Any, ...]]
    nights: list[tuple[Any, ...]]
    rates: list[tuple[Any, ...]]
    photos: list[tuple[Any, ...]]


class Generator:
    def __init__(self, seed: int, password_hash: str) -> None:
        self.rng = random.Random(seed)
        self.hash = password_hash
        self.now = datetime.now(UTC)
        self.today = self.now.date()
        self.user_seq = 0
        # Big cities get more listings: weights roughly by how expensive (popular) they are.
        self.city_weights = [3 if c.currency in ("EUR", "USD", "GBP") else 2 for c in CITIES]
        self.type_weights = [t[1] for t in PROPERTY_TYPES]
        # Bookings draw from their own stream, so listings and calendars stay what they were.
        self.booking_rng = random.Random(seed + 1)
        self.guest_ids: list[uuid.UUID] = []

    def _user(self, is_host: bool, country: str) -> tuple[Any, ...]:
        rng = self.rng
        self.user_seq += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        languages = [LANGUAGES.get(country, "en")]
        if rng.random() < 0.7 and "en" not in languages:
            languages.append("en")
        if rng.random() < 0.2:
            languages.append(rng.choice(["fr", "de", "es", "it", "pt", "ja", "zh"]))
        created = self.now - timedelta(days=rng.randint(30, 1500))
        return (
            uuid.UUID(int=rng.getrandbits(128), version=4),
            f"{'host' if is_host else 'guest'}{self.user_seq}@seed.roost.example",
            self.hash,
            first,
            last,
            "",
            sorted(set(languages)),
            is_host,
            False,
            True,
            created,
            created,
            created,
        )

    def _rates(self, listing: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        rng = self.rng
        if rng.random() >= 0.25:
            return []
        price = listing[LISTING_COLUMNS.index("nightly_price")]
        start = self.today + timedelta(days=rng.randint(0, 200))
        end = start + timedelta(days=rng.randint(7, 60))
        high = max(1, round(price * rng.choice([1.2, 1.4, 1.6])))
        weekend = max(1, round(high * 1.15)) if rng.random() < 0.5 else None
        return [
            (
                uuid.UUID(int=rng.getrandbits(128), version=4),
                listing[0],
                start,
                end,
                high,
                weekend,
                None,
                self.now,
            )
        ]

    def _photo(self, listing_id: uuid.UUID) -> tuple[Any, ...]:
        stem = f"seed/{listing_id}"
        return (
            uuid.UUID(int=self.rng.getrandbits(128), version=4),
            listing_id,
            0,
            "",
            True,
            "ready",
            f"{stem}/upload.jpg",
            f"{stem}/original.jpg",
            f"{stem}/large.jpg",
            f"{stem}/small.jpg",
            1280,
            853,
            "",
            self.now,
        )

    def batch(self, start: int, count: int) -> Batch:
        rng = self.rng
        users, listings, nights, rates, photos = [], [], [], [], []
        spans: list[tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]] = []
        host: tuple[Any, ...] | None = None
        city = CITIES[0]
        for index in range(start, start + count):
            if host is None or index % LISTINGS_PER_HOST == 0:
                city = rng.choices(CITIES, self.city_weights)[0]  # a host's listings share a city
                host = self._user(True, city.country)
                users.append(host)
            if rng.random() < GUESTS_PER_LISTING:
                users.append(self._user(False, rng.choice(CITIES).country))
                self.guest_ids.append(users[-1][0])
            listing = draw_listing(self.rng, self.now, self.type_weights, index, host[0], city)
            listings.append(listing)
            min_nights = listing[LISTING_COLUMNS.index("min_nights")]
            listing_nights = calendar_nights(rng, listing[0], min_nights, self.today, self.now)
            listing_rates = self._rates(listing)
            nights += listing_nights
            rates += listing_rates
            photos.append(self._photo(listing[0]))
            spans.append((listing, listing_nights, listing_rates))
        # The batch's users are copied before its bookings, so its own guests can book too.
        guest_pool = self.guest_ids or [u[0] for u in users]
        bookings = [
            b
            for listing, n, r in spans
            for b in calendar_bookings(
                self.booking_rng, dict(zip(LISTING_COLUMNS, listing, strict=True)), n, r, guest_pool, self.now
            )
        ]
        return Batch(users, listings, bookings, nights, rates, photos)


def _dsn(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"postgresql://{rest}" if scheme in ("asyncpg", "postgres") else url


async def seed(
    database_url: str, listings: int, batch_size: int = 5000, seed_value: int = 42
) -> dict[str, float]:
    from core.security import hash_password

    started = time.perf_counter()
    generator = Generator(seed_value, await hash_password(PASSWORD))
    counts: dict[str, float] = dict.fromkeys(
        ("users", "listings", "bookings", "nights", "seasonal_rates", "listing_photos"), 0
    )
    conn = await asyncpg.connect(_dsn(database_url))
    try:
        for start in range(0, listings, batch_size):
            b = generator.batch(start, min(batch_size, listings - start))
            async with conn.transaction():
                for table, columns, rows in (
                    ("users", USER_COLUMNS, b.users),
                    ("listings", LISTING_COLUMNS, b.listings),
                    ("bookings", BOOKING_COLUMNS, b.bookings),
                    ("nights", NIGHT_COLUMNS, b.nights),
                    ("seasonal_rates", RATE_COLUMNS, b.rates),
                    ("listing_photos", PHOTO_COLUMNS, b.photos),
                ):
                    await conn.copy_records_to_table(table, records=rows, columns=columns)
                    counts[table] += len(rows)
            done = start + len(b.listings)
            print(f"  {done:>8} listings  {time.perf_counter() - started:6.1f} s", flush=True)
        await conn.execute("ANALYZE")
        problems = await booking_inconsistencies(conn)
    finally:
        await conn.close()
    if problems:  # the triggers refuse what they see at commit; this checks the whole database
        raise RuntimeError(f"booking consistency check failed: {summary(problems)}; first: {problems[0]}")
    counts["inconsistencies"] = 0
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def main(database_url: str, listings: int, batch_size: int, seed_value: int) -> None:
    result = asyncio.run(seed(database_url, listings, batch_size, seed_value))
    print(" ".join(f"{k}={v}" for k, v in result.items()))
