"""Reads of bookings for the guest's and the host's lists."""

from __future__ import annotations

import uuid
from enum import Enum
from typing import Any

from tortoise.expressions import Case, Q, When
from tortoise.queryset import QuerySet

from models.bookings import ACTIVE, Booking, BookingStatus
from models.users import User
from resolvers.paging import Page, keyset_page


class BookingList(Enum):
    """Which bookings a list shows."""

    UPCOMING = "upcoming"  # pending, confirmed, in progress
    PAST = "past"  # completed
    CANCELLED = "cancelled"


def _listed(query: QuerySet[Booking], which: BookingList) -> tuple[QuerySet[Booking], list[str]]:
    """The rows and the keyset order of a list: upcoming soonest first, the others latest first."""
    if which is BookingList.UPCOMING:
        return query.filter(status__in=list(ACTIVE)), ["check_in", "id"]
    if which is BookingList.PAST:
        return query.filter(status=BookingStatus.COMPLETED), ["-check_out", "-id"]
    return query.filter(status=BookingStatus.CANCELLED), ["-cancelled_at", "-id"]


async def trips(*, guest: User, which: BookingList, first: int | None, after: str | None) -> Page[Booking]:
    """The guest's stays."""
    query, order = _listed(Booking.filter(guest_id=guest.id), which)
    return await keyset_page(query, order=order, first=first, after=after)


async def reservations(
    *,
    host: User,
    which: BookingList,
    only_listing: bool,
    listing_id: uuid.UUID | None,
    first: int | None,
    after: str | None,
) -> Page[Booking]:
    """Bookings of the host's listings (with `only_listing`, of `listing_id` alone: none when it is
    None, a malformed id). Among upcoming ones, requests waiting for the host come first."""
    query = Booking.filter(host_id=host.id)
    if only_listing:
        query = query.filter(listing_id=listing_id)
    query, order = _listed(query, which)
    if which is BookingList.UPCOMING:
        waiting: Any = Case(When(Q(status=BookingStatus.PENDING), then="0"), default="1")
        query = query.annotate(waiting=waiting)
        order = ["waiting", *order]
    return await keyset_page(query, order=order, first=first, after=after)
