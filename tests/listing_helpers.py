"""Shared helpers for listing tests: a host, a complete listing, GraphQL snippets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from strawberry.relay import to_base64

from tests.conftest import create_user, sign_in

LISTING_FIELDS = """
  id slug title status city country currency maxGuests instantBook minNights maxNights
  nightlyPrice { amount currency amountMinor } cleaningFee { amount }
  amenities { id name category icon } accessibilityFeatures { id name }
  host { id firstName } address
"""
CREATE = (
    "mutation($input: CreateListingInput!) { createListing(input: $input) { listing {"
    + LISTING_FIELDS
    + "} errors { code field message } } }"
)
UPDATE = (
    "mutation($input: UpdateListingInput!) { updateListing(input: $input) { listing {"
    + LISTING_FIELDS
    + "} errors { code field message } } }"
)

COMPLETE = {
    "title": "Bright loft by the canal",
    "description": "A quiet, bright loft with a view of the canal and a fast Wi-Fi line.",
    "propertyType": "LOFT",
    "roomType": "ENTIRE_PLACE",
    "address": "Prinsengracht 263",
    "neighborhood": "Jordaan",
    "city": "Amsterdam",
    "country": "NL",
    "latitude": 52.3752,
    "longitude": 4.8839,
    "timeZone": "Europe/Amsterdam",
    "maxGuests": 4,
    "bedrooms": 2,
    "beds": 2,
    "bathrooms": 1.5,
    "amenities": ["wifi", "kitchen", "workspace"],
    "accessibilityFeatures": ["step_free_entrance"],
    "currency": "EUR",
    "nightlyPrice": "120.00",
    "cleaningFee": "35.00",
    "weeklyDiscountPct": 10,
    "monthlyDiscountPct": 25,
}


def gid(type_name: str, id_: Any) -> str:
    return to_base64(type_name, str(id_))


def soon(days: int) -> date:
    return date.today() + timedelta(days=days)


async def signed_in_host(gql, email: str = "host@example.com", **fields: Any) -> Any:
    """A signed-in host whose email is verified (publishing needs it), unless `email_verified_at=None`."""
    fields.setdefault("email_verified_at", datetime.now(UTC))
    user = await create_user(email, is_host=True, first_name="Hana", **fields)
    await sign_in(gql, email)
    return user


async def create_listing(gql, **overrides: Any) -> dict[str, Any]:
    data = await gql.ok(CREATE, {"input": {**COMPLETE, **overrides}})
    return data["createListing"]["listing"]


async def add_ready_photo(listing_id: str) -> None:
    from models.listings import ListingPhoto, PhotoStatus

    await ListingPhoto.create(
        listing_id=listing_id_uuid(listing_id),
        upload_key="x",
        original_key="photos/x.jpg",
        large_key="photos/x-large.jpg",
        small_key="photos/x-small.jpg",
        status=PhotoStatus.READY,
        is_cover=True,
    )


def listing_id_uuid(global_id: str) -> Any:
    import base64
    import uuid

    return uuid.UUID(base64.b64decode(global_id).decode().split(":", 1)[1])
