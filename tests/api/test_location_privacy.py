"""Search cannot be turned into an oracle for a listing's exact point: map boxes, radii, distance
order and distance cursors all work on the approximate point that listing shows (models.location).
Each attack here recovered the exact point (to a metre) when search used it."""

from __future__ import annotations

import base64
import json
import math
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from strawberry.relay import from_base64
from tortoise import connections
from tortoise.transactions import in_transaction

from core.settings import get_settings
from models.listings import Listing
from models.location import MIN_OFFSET_M, approximate_point, distance_m
from tests.booking_helpers import make_listing
from tests.conftest import GraphQLClient
from tests.listing_helpers import UPDATE, create_listing, gid, signed_in_host

EXACT = (52.3752, 4.8839)
FOUND = """query($filter: ListingSearchFilter, $sort: ListingSort) {
  searchListings(filter: $filter, sort: $sort, first: 50) { edges { cursor node { id } } } }"""
SHOWN = "query($id: ID!) { listing(id: $id) { latitude longitude } }"


def shown(listing: Listing) -> tuple[float, float]:
    return approximate_point(listing.id, *EXACT, get_settings().secret_key)


async def edges(gql: GraphQLClient, filter: dict[str, Any], sort: str = "RELEVANCE") -> list[dict[str, Any]]:
    return (await gql.ok(FOUND, {"filter": filter, "sort": sort}))["searchListings"]["edges"]


async def bisect(found: Callable[[float], Awaitable[bool]], lo: float, hi: float, steps: int) -> float:
    """The boundary where `found` turns from True (at lo) to False (at hi); lo may exceed hi."""
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if await found(mid) else (lo, mid)
    return (lo + hi) / 2


def trilaterate(centers: list[tuple[float, float]], radii_km: list[float]) -> tuple[float, float]:
    """The point at the given distances from three centres (a local plane is exact enough here)."""
    lat0 = centers[0][0]
    kx, ky = 111.195 * math.cos(math.radians(lat0)), 111.195

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return (p[1] - centers[0][1]) * kx, (p[0] - lat0) * ky

    (x1, y1), (x2, y2), (x3, y3) = map(xy, centers)
    r1, r2, r3 = radii_km
    a, b = 2 * (x2 - x1), 2 * (y2 - y1)
    c = r1**2 - r2**2 - x1**2 + x2**2 - y1**2 + y2**2
    d, e = 2 * (x3 - x1), 2 * (y3 - y1)
    f = r1**2 - r3**2 - x1**2 + x3**2 - y1**2 + y3**2
    x, y = (c * e - f * b) / (e * a - b * d), (c * d - a * f) / (b * d - a * e)
    return lat0 + y / ky, centers[0][1] + x / kx


async def test_bisecting_map_boxes_finds_only_the_approximate_point(gql):
    victim = await make_listing(latitude=EXACT[0], longitude=EXACT[1])
    target = gid("Listing", victim.id)

    async def north_of(south: float) -> bool:  # is the listing in a box whose south edge is `south`?
        box = {"south": south, "west": 4.0, "north": 53.5, "east": 5.5}
        return target in {e["node"]["id"] for e in await edges(gql, {"bbox": box})}

    async def east_of(west: float) -> bool:
        box = {"south": 51.5, "west": west, "north": 53.5, "east": 5.5}
        return target in {e["node"]["id"] for e in await edges(gql, {"bbox": box})}

    found = (await bisect(north_of, 51.5, 53.4, 22), await bisect(east_of, 4.0, 5.4, 22))

    assert distance_m(found, EXACT) >= MIN_OFFSET_M - 2  # the audit's 41 requests gave EXACT itself
    assert distance_m(found, shown(victim)) < 2  # only what the listing shows anyway
    card = (await gql.ok(SHOWN, {"id": target}))["listing"]
    assert distance_m(found, (card["latitude"], card["longitude"])) < 2


async def test_radii_and_distance_cursors_find_only_the_approximate_point(gql):
    victim = await make_listing(latitude=EXACT[0], longitude=EXACT[1])
    target = gid("Listing", victim.id)
    centers = [(52.40, 4.85), (52.36, 4.93), (52.33, 4.86)]

    async def radius_to(center: tuple[float, float]) -> float:
        async def within(km: float) -> bool:
            near = {"latitude": center[0], "longitude": center[1], "radiusKm": km}
            return target in {e["node"]["id"] for e in await edges(gql, {"near": near})}

        return await bisect(within, 10.0, 0.0, 22)

    by_radius = trilaterate(centers, [await radius_to(c) for c in centers])
    assert distance_m(by_radius, EXACT) >= MIN_OFFSET_M - 5
    assert distance_m(by_radius, shown(victim)) < 5

    # A DISTANCE cursor carries the sort key: it is the distance to the shown point, not the exact one.
    keys = []
    for c in centers:
        near = {"latitude": c[0], "longitude": c[1], "radiusKm": 20}
        [edge] = await edges(gql, {"near": near}, sort="DISTANCE")
        cursor = edge["cursor"]
        keys.append(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))[1])
    by_cursor = trilaterate(centers, keys)
    assert distance_m(by_cursor, EXACT) >= MIN_OFFSET_M - 2 and distance_m(by_cursor, shown(victim)) < 2


def reference_point(center: tuple[float, float], victim: Listing, ref_id: uuid.UUID) -> tuple[float, float]:
    """Where an attacker's own listing (id `ref_id`) ranks after the victim by exact distance from
    `center`, but before it by shown distance: so the order tells which point search compares."""
    secret = get_settings().secret_key
    victim_shown = distance_m(center, shown(victim))
    for step in range(1, 400):
        bearing = step * 0.7
        point = (center[0] + 0.0215 * math.cos(bearing), center[1] + 0.035 * math.sin(bearing))
        ref_shown = approximate_point(ref_id, *point, secret)
        if distance_m(center, point) > distance_m(center, EXACT) and (
            distance_m(center, ref_shown) < victim_shown - 20
        ):
            return point
    raise AssertionError("no reference point found")  # pragma: no cover


async def test_distance_order_against_a_reference_listing_follows_the_shown_points(gql):
    victim = await make_listing(latitude=EXACT[0], longitude=EXACT[1])
    # The attacker's centre lies 2 km from the exact point, on the side away from the shown one.
    s = shown(victim)
    away = (EXACT[0] - s[0], EXACT[1] - s[1])
    scale = 2000 / distance_m(EXACT, s)
    center = (EXACT[0] + away[0] * scale, EXACT[1] + away[1] * scale)
    ref_id = uuid.uuid4()
    point = reference_point(center, victim, ref_id)
    ref = await make_listing(id=ref_id, latitude=point[0], longitude=point[1])

    near = {"latitude": center[0], "longitude": center[1], "radiusKm": 10}
    order = [e["node"]["id"] for e in await edges(gql, {"near": near}, sort="DISTANCE")]

    # By exact distance the victim would come first; by what both listings show, the reference does.
    assert order == [gid("Listing", ref.id), gid("Listing", victim.id)]


async def test_the_searched_point_follows_every_write_of_the_exact_one(gql):
    await signed_in_host(gql)
    created = await create_listing(gql)
    listing = await Listing.get(id=from_base64(created["id"])[1])
    expected = approximate_point(listing.id, 52.3752, 4.8839, get_settings().secret_key)
    assert (listing.approx_latitude, listing.approx_longitude) == expected

    moved = {"listingId": created["id"], "latitude": 52.36, "longitude": 4.9}
    assert not (await gql.ok(UPDATE, {"input": moved}))["updateListing"]["errors"]
    await listing.refresh_from_db()
    expected = approximate_point(listing.id, 52.36, 4.9, get_settings().secret_key)
    assert (listing.approx_latitude, listing.approx_longitude) == expected

    await gql.ok(UPDATE, {"input": {"listingId": created["id"], "title": "Canal loft, renovated"}})
    await listing.refresh_from_db()
    assert (listing.approx_latitude, listing.approx_longitude) == expected


async def test_a_writer_that_forgets_the_approximate_point_is_refused():
    from tortoise.exceptions import IntegrityError

    listing = await make_listing()
    with pytest.raises(IntegrityError):
        await Listing.filter(id=listing.id).update(approx_latitude=None)


class _RolledBack(Exception):
    pass


async def test_the_migration_fills_the_approximate_point_of_existing_listings():
    import importlib

    migration = importlib.import_module("migrations.models.6_20261202073000_approximate_location_search")
    listing = await make_listing(latitude=EXACT[0], longitude=EXACT[1])
    unlocated = await make_listing(latitude=None, longitude=None, status="draft")
    with pytest.raises(_RolledBack):  # DDL is transactional: the schema is left as it was
        async with in_transaction() as conn:
            # As before the migration: no approximate columns (their index and check go with them).
            await conn.execute_script(
                'ALTER TABLE "listings" DROP COLUMN "approx_latitude", DROP COLUMN "approx_longitude"'
            )
            await conn.execute_script(await migration.upgrade(conn))
            rows = await conn.execute_query_dict(
                'SELECT "id", "approx_latitude" AS lat, "approx_longitude" AS lon FROM "listings"'
            )
            got = {r["id"]: (r["lat"], r["lon"]) for r in rows}
            assert got == {listing.id: shown(listing), unlocated.id: (None, None)}
            raise _RolledBack
    assert (await connections.get("default").execute_query_dict('SELECT count(*) AS n FROM "listings"'))[0][
        "n"
    ] == 2
