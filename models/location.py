"""Where a listing is, and who may know exactly: pure rules, no database.

Everyone sees an approximate point, 300 to 700 m from the real one in a direction and at a
distance derived from the listing's id with a server secret (HMAC). It is the same on every
request, so repeated looks cannot be averaged back to the real point, and it cannot be undone
without the secret. The exact point and the street address are for the host, admins, and guests
whose booking of the listing is confirmed (or has started or ended): one rule for both.

Search knows only the approximate point too (stored beside the exact one): any filter or sort by
the exact point is an oracle that bisection turns back into it, so nothing search answers (which
listings match a map box or a radius, their order by distance, the distance in a cursor) is
finer than what a listing shows.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import uuid

from core.settings import get_settings
from models.bookings import BookingStatus

EARTH_RADIUS_M = 6_371_008.8
MIN_OFFSET_M = 300.0
MAX_OFFSET_M = 700.0
DECIMALS = 5  # about 1 m: finer digits would only look precise

# A guest learns the exact place once their stay is certain.
SHOWS_EXACT_LOCATION = frozenset(
    {BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS, BookingStatus.COMPLETED}
)


def location_offset(listing_id: uuid.UUID, secret: str) -> tuple[float, float]:
    """(bearing in radians, distance in metres) of the listing's approximate point: stable per
    listing, unpredictable without `secret`."""
    digest = hmac.new(secret.encode(), b"approximate-location:" + listing_id.bytes, hashlib.sha256).digest()
    bearing = int.from_bytes(digest[:8], "big") / 2**64 * 2 * math.pi
    distance = MIN_OFFSET_M + int.from_bytes(digest[8:16], "big") / 2**64 * (MAX_OFFSET_M - MIN_OFFSET_M)
    return bearing, distance


def approximate_point(
    listing_id: uuid.UUID, latitude: float, longitude: float, secret: str
) -> tuple[float, float]:
    """The point the listing's offset away from (latitude, longitude), on a sphere."""
    bearing, distance = location_offset(listing_id, secret)
    angular = distance / EARTH_RADIUS_M
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2 = math.asin(
        math.sin(lat1) * math.cos(angular) + math.cos(lat1) * math.sin(angular) * math.cos(bearing)
    )
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(angular) * math.cos(lat1),
        math.cos(angular) - math.sin(lat1) * math.sin(lat2),
    )
    wrapped = (math.degrees(lon2) + 540.0) % 360.0 - 180.0
    return round(math.degrees(lat2), DECIMALS), round(wrapped, DECIMALS)


def approximate_location(
    listing_id: uuid.UUID, latitude: float | None, longitude: float | None, secret: str | None = None
) -> tuple[float | None, float | None]:
    """What the listing's approximate columns hold: its shown point, or nothing without a place.
    Search filters and sorts by these, never by the exact point (see models.listings.Listing)."""
    if latitude is None or longitude is None:
        return None, None
    return approximate_point(listing_id, latitude, longitude, secret or get_settings().secret_key)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def sees_exact_location(
    *,
    viewer_id: uuid.UUID | None,
    viewer_is_admin: bool,
    host_id: uuid.UUID,
    listing_id: uuid.UUID,
    booked_listing_ids: frozenset[uuid.UUID] = frozenset(),
) -> bool:
    """Whether a viewer sees the exact point and the street address. `booked_listing_ids`: the
    listings the viewer holds a booking of in SHOWS_EXACT_LOCATION."""
    if viewer_id is None:
        return False
    return viewer_is_admin or viewer_id == host_id or listing_id in booked_listing_ids
