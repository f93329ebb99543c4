"""A listing's approximate point: 300 to 700 m from the exact one, stable, and different per
listing and secret."""

from __future__ import annotations

import uuid

import pytest

from models.location import MAX_OFFSET_M, MIN_OFFSET_M, approximate_point, distance_m, location_offset

EXACT = (52.375212, 4.883921)


# ---- the approximate point (pure) ---------------------------------------------------------------


@pytest.mark.parametrize("point", [EXACT, (0.0, 179.999), (-33.86, 151.21), (89.99, 10.0), (40.7, -74.0)])
def test_the_approximate_point_is_300_to_700_m_away_and_stable(point: tuple[float, float]) -> None:
    for _ in range(50):
        listing_id = uuid.uuid4()
        shown = approximate_point(listing_id, *point, "secret")
        assert MIN_OFFSET_M - 2 <= distance_m(point, shown) <= MAX_OFFSET_M + 2
        assert -90 <= shown[0] <= 90 and -180 <= shown[1] <= 180
        assert approximate_point(listing_id, *point, "secret") == shown  # the same on every request


def test_offsets_differ_between_listings_and_secrets() -> None:
    ids = [uuid.uuid4() for _ in range(200)]
    offsets = {location_offset(i, "secret") for i in ids}
    assert len(offsets) == 200
    bearings = sorted(b for b, _ in offsets)
    assert bearings[0] < 1.0 and bearings[-1] > 5.3  # spread all around, not one direction
    assert location_offset(ids[0], "secret") != location_offset(ids[0], "another secret")
