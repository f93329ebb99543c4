"""File storage behind a small interface: local files by default, an object store later.

Keys are relative paths ("photos/<listing>/<photo>-large.jpg"); `url(key)` is where a client
fetches the file (the app serves local files under /media).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from core.settings import get_settings

MEDIA_ROUTE = "/media"


class Storage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def read(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def url(self, key: str) -> str: ...


class LocalStorage:
    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        self.base_url = base_url.rstrip("/")

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError("storage key escapes the storage root")
        return path

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a reader never sees half a file

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def url(self, key: str) -> str:
        return f"{self.base_url}{MEDIA_ROUTE}/{key}"


def media_root() -> Path:
    return get_settings().var_dir / "media"


def get_storage() -> Storage:
    settings = get_settings()
    return LocalStorage(media_root(), settings.public_url)
