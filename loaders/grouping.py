"""Shaping rows for DataLoaders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any


def grouped(rows: Iterable[Any], attr: str, keys: Sequence[Any]) -> list[list[Any]]:
    """`rows` grouped by their `attr`, in the order of `keys` (an empty list for a key with none):
    what a DataLoader of one-to-many relations returns."""
    groups: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attr)].append(row)
    return [groups.get(k, []) for k in keys]
