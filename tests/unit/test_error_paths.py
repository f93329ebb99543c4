"""Error paths at the schema boundary: schema.error_paths.schema_path."""

import pytest

from core.errors import DomainError, ErrorCode
from schema.base import UserError
from schema.error_paths import schema_path


@pytest.mark.parametrize(
    ("python", "schema"),
    [
        ("message_to_host", "messageToHost"),
        ("listing_id", "listingId"),
        ("weekly_discount_pct", "weeklyDiscountPct"),
        ("stays.2.check_in", "stays.2.checkIn"),  # segment by segment; indexes stay
        ("rates.0.nightly_price", "rates.0.nightlyPrice"),
        ("near.radius_km", "near.radiusKm"),
        ("files.3", "files.3"),
        ("guests", "guests"),  # one word
        ("", ""),
    ],
)
def test_python_names_become_the_schemas(python: str, schema: str) -> None:
    assert schema_path(python) == schema


@pytest.mark.parametrize(
    "path", ["messageToHost", "stays.2.checkIn", "input.seasonalRates.0.endDate", "filter.amenities.0"]
)
def test_a_camel_case_path_is_left_as_it_is(path: str) -> None:
    """input_limits builds its paths from the document, already in the schema's spelling."""
    assert schema_path(path) == path


@pytest.mark.parametrize("path", ["stays.2.check_in", "min_nights", "stays.0.checkOut"])
def test_converting_twice_changes_nothing(path: str) -> None:
    once = schema_path(path)
    assert schema_path(once) == once


def test_no_path_stays_none() -> None:
    assert schema_path(None) is None


def test_a_user_error_names_the_field_in_the_schemas_spelling() -> None:
    error = DomainError(ErrorCode.INVALID_DATES, "Stays of a series cannot overlap.", "stays.1.check_in")
    user_error = UserError.of(error)
    assert (user_error.code, user_error.field, user_error.message) == (
        ErrorCode.INVALID_DATES,
        "stays.1.checkIn",
        "Stays of a series cannot overlap.",
    )
    assert UserError.of(DomainError(ErrorCode.NOT_FOUND, "No such listing.")).field is None
