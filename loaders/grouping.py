"""Shaping rows for DataLoaders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from tortoise.models import Model

M = TypeVar("M", bound=Model)


def grouped(rows: Iterable[Any], attr: str, keys: Sequence[Any]) -> list[list[Any]]:
    """`rows` grouped by their `attr`, in the order of `keys` (an empty list for a key with none):
    what a DataLoader of one-to-many relations returns."""
    groups: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attr)].append(row)
    return [groups.get(k, []) for k in keys]


async def rows_by_id(model: type[M], keys: Sequence[Any], **filters: Any) -> list[M | None]:
    """The rows of `model` with these ids (and `filters`), in the order of `keys`, None for a missing
    one: what a DataLoader by primary key returns."""
    found = {row.pk: row for row in await model.filter(id__in=list(keys), **filters)}
    return [found.get(k) for k in keys]
