"""DataLoaders of the accounts domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiodataloader import DataLoader

from models.users import User


class UserByIdLoader(DataLoader[uuid.UUID, User | None]):
    async def batch_load_fn(self, keys: Sequence[uuid.UUID]) -> list[User | None]:
        by_id = {user.id: user for user in await User.filter(id__in=list(keys))}
        return [by_id.get(k) for k in keys]
