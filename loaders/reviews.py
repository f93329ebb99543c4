"""DataLoaders of the reviews domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader

from loaders.grouping import grouped, rows_by_id
from models.reviews import HostStanding, Review, ReviewReport, ReviewStats, StatsSubject

StatsKey = tuple[StatsSubject, uuid.UUID]


class ReviewByIdLoader(DataLoader[uuid.UUID, Review | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[Review | None]:
        return await rows_by_id(Review, keys)


class StatsBySubjectLoader(DataLoader[StatsKey, ReviewStats | None]):
    """The running sums of (subject type, id): a listing, a host, a guest, or the platform (the
    prior of every ranking score). One query for every rating on a page, whatever its size."""

    async def batch_load_fn(self, keys: Sequence[StatsKey]) -> list[ReviewStats | None]:
        rows = await ReviewStats.filter(subject_id__in=list({k[1] for k in keys}))
        found = {(row.subject_type, row.subject_id): row for row in rows}
        return [found.get(k) for k in keys]


class ReportsByReviewLoader(DataLoader[uuid.UUID, list[ReviewReport]]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[list[ReviewReport]]:
        rows = await ReviewReport.filter(review_id__in=list(keys)).order_by("created_at", "id")
        return grouped(rows, "review_id", keys)


class StandingByHostLoader(DataLoader[uuid.UUID, HostStanding | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[HostStanding | None]:
        found = {row.user_id: row for row in await HostStanding.filter(user_id__in=list(keys))}
        return [found.get(k) for k in keys]
