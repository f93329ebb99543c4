"""DataLoaders of imported calendars."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader

from loaders.grouping import grouped, rows_by_id
from models.listings import CalendarConflict, CalendarFeed


class FeedByIdLoader(DataLoader[uuid.UUID, CalendarFeed | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[CalendarFeed | None]:
        return await rows_by_id(CalendarFeed, keys)


class ConflictsByFeedLoader(DataLoader[uuid.UUID, list[CalendarConflict]]):
    """Each feed's conflicts, by night."""

    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[CalendarConflict]]:
        rows = await CalendarConflict.filter(feed_id__in=list(keys)).order_by("night", "event_uid")
        return grouped(rows, "feed_id", keys)
