"""Relay nodes over model rows: one global id scheme, and batched node(id:) lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from aiodataloader import DataLoader
from strawberry import relay

from schema.base import parse_uuid
from schema.context import Context, Info


class ModelNode(relay.Node):
    """A node whose root is a row of `model`, loaded by the per-request loader `loader`
    (an attribute of loaders.Loaders that returns None for a missing row).

    Its global id is the type name and the row's UUID. `node(id:)` / `nodes(ids:)` load every
    row in one batch, then keep those `visible` says the viewer may see: null for the others,
    as for ids that name no row, so an id never tells whether a hidden row exists.
    """

    model: ClassVar[type[Any]]
    loader: ClassVar[str]

    @classmethod
    def resolve_id(cls, root: Any, *, info: Info) -> str:
        return str(root.id)

    @classmethod
    def is_type_of(cls, obj: object, info: Info) -> bool:
        return isinstance(obj, (cls.model, cls))

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        ids = [parse_uuid(i) for i in node_ids]
        loader: DataLoader[Any, Any] = getattr(info.context.loaders, cls.loader)
        found = [row for row in await loader.load_many([i for i in ids if i]) if row is not None]
        shown = await cls.visible(info.context, found)
        by_id = {row.id: row for row, keep in zip(found, shown, strict=True) if keep}
        return [by_id.get(i) if i else None for i in ids]

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[Any]) -> list[bool]:
        """Whether the viewer may see each row (all, unless a node type says otherwise)."""
        return [True] * len(rows)


async def visible_through(
    parents: DataLoader[Any, Any],
    parent_ids: Sequence[Any],
    may_see: Callable[[Any], bool],
) -> list[bool]:
    """Each row visible when its parent (loaded in one batch by `parents`) exists and `may_see` it:
    for rows that belong to a booking or a listing."""
    found = await parents.load_many(list(parent_ids))
    return [parent is not None and may_see(parent) for parent in found]


def owned(context: Context, rows: Sequence[Any], owner: str) -> list[bool]:
    """Each row visible to its owner (`owner` names the user column) and to admins."""
    viewer = context.user
    return [viewer is not None and (viewer.is_admin or getattr(row, owner) == viewer.id) for row in rows]
