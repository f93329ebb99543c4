"""DataLoaders of the bookings domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader
from tortoise.functions import Count

from loaders.grouping import grouped, rows_by_id
from models.bookings import Booking, BookingChange, BookingEvent, CancelReason
from models.location import SHOWS_EXACT_LOCATION


class BookingByIdLoader(DataLoader[uuid.UUID, Booking | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[Booking | None]:
        return await rows_by_id(Booking, keys)


class ChangeByIdLoader(DataLoader[uuid.UUID, BookingChange | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[BookingChange | None]:
        return await rows_by_id(BookingChange, keys)


class EventsByBookingLoader(DataLoader[uuid.UUID, list[BookingEvent]]):
    """Each booking's history, oldest first."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[BookingEvent]]:
        return grouped(
            await BookingEvent.filter(booking_id__in=list(keys)).order_by("id"), "booking_id", keys
        )


class ChangesByBookingLoader(DataLoader[uuid.UUID, list[BookingChange]]):
    """Each booking's changes, newest first."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[BookingChange]]:
        rows = await BookingChange.filter(booking_id__in=list(keys)).order_by("-created_at")
        return grouped(rows, "booking_id", keys)


class HostCancellationsByUserLoader(DataLoader[uuid.UUID, int]):
    """How many confirmed stays each host cancelled (one GROUP BY for a whole page of users)."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[int]:
        rows = (
            await Booking.filter(host_id__in=list(keys), cancel_reason=CancelReason.HOST_CANCELLED)
            .annotate(n=Count("id"))
            .group_by("host_id")
            .values("host_id", "n")
        )
        counts = {row["host_id"]: row["n"] for row in rows}
        return [counts.get(k, 0) for k in keys]


class ExactLocationsByViewerLoader(DataLoader[uuid.UUID, frozenset[uuid.UUID]]):
    """The listings each viewer may see exactly as a guest (a booking confirmed or later): one
    query for a whole page of listings, whatever their number."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[frozenset[uuid.UUID]]:
        rows = (
            await Booking.filter(guest_id__in=list(keys), status__in=list(SHOWS_EXACT_LOCATION))
            .distinct()
            .values_list("guest_id", "listing_id")
        )
        found: dict[uuid.UUID, set[uuid.UUID]] = {}
        for guest_id, listing_id in rows:
            found.setdefault(guest_id, set()).add(listing_id)
        return [frozenset(found.get(k, ())) for k in keys]
