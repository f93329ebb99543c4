"""Per-request DataLoaders. Build a fresh `Loaders` for every request (and every
subscription event): a loader caches, and binds the event loop it was made on."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.users import UserByIdLoader


@dataclass
class Loaders:
    user_by_id: UserByIdLoader = field(default_factory=UserByIdLoader)
