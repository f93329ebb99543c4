"""Photo processing: the upload becomes upright, metadata-free JPEG renditions.

The job is idempotent: it re-reads the photo, does nothing unless it is still PROCESSING, writes
to keys derived from the photo id (a second run rewrites the same files), and commits only if
the row is still there and still PROCESSING.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from tortoise.transactions import in_transaction

from core import images
from core.settings import get_settings
from core.storage import Storage, get_storage
from models.listings import Listing, ListingPhoto, PhotoStatus
from resolvers.listings import listing_changed
from tasks.app import LONG_JOB, celery_app, run_async

log = logging.getLogger(__name__)

PROCESS_PHOTO = "tasks.photos.process_photo"
PROCESS_PHOTOS = "tasks.photos.process_photos"
# Raw uploads still carry their EXIF (GPS): app.py refuses to serve files with this suffix.
UPLOAD_SUFFIX = "-upload"
RENDITIONS = ("original", "large", "small")


def upload_key(listing_id: uuid.UUID, photo_id: uuid.UUID) -> str:
    return f"photos/{listing_id}/{photo_id}{UPLOAD_SUFFIX}"


def rendition_key(listing_id: uuid.UUID, photo_id: uuid.UUID, name: str) -> str:
    return f"photos/{listing_id}/{photo_id}-{name}.jpg"


def photo_keys(listing_id: uuid.UUID, photo_id: uuid.UUID) -> list[str]:
    """Every key a photo may own, whatever its state: what deleting it must remove."""
    return [upload_key(listing_id, photo_id), *(rendition_key(listing_id, photo_id, n) for n in RENDITIONS)]


async def _fail(photo: ListingPhoto, storage: Storage, reason: str) -> str:
    # Conditional update: a photo deleted or finished meanwhile is left alone.
    updated = await ListingPhoto.filter(id=photo.id, status=PhotoStatus.PROCESSING).update(
        status=PhotoStatus.FAILED, error=reason[:300]
    )
    if updated:
        storage.delete(photo.upload_key)
        await listing_changed(photo.listing_id)
    return PhotoStatus.FAILED.value


async def _commit(photo: ListingPhoto, result: images.Renditions, keys: dict[str, str]) -> bool:
    """Mark the photo READY (and the cover, if its listing has none); False if it is gone."""
    listing_id = photo.listing_id
    async with in_transaction():
        # The listing row lock serialises the cover choice with the host's own photo changes.
        await Listing.filter(id=listing_id).select_for_update().first()
        current = await ListingPhoto.get_or_none(id=photo.id)
        if current is None:
            return False
        if current.status != PhotoStatus.PROCESSING:
            return current.status == PhotoStatus.READY and current.original_key == keys["original"]
        has_cover = await ListingPhoto.filter(listing_id=listing_id, is_cover=True).exists()
        current.status = PhotoStatus.READY
        current.original_key, current.large_key, current.small_key = (keys[n] for n in RENDITIONS)
        current.width, current.height = result.width, result.height
        current.error = ""
        current.is_cover = not has_cover
        await current.save(
            update_fields=[
                "status",
                "original_key",
                "large_key",
                "small_key",
                "width",
                "height",
                "error",
                "is_cover",
            ]
        )
    return True


async def _process(photo_id: str) -> str:
    photo = await ListingPhoto.get_or_none(id=uuid.UUID(photo_id))
    if photo is None:
        return "gone"
    storage = get_storage()
    if photo.status != PhotoStatus.PROCESSING:
        if photo.status == PhotoStatus.READY:
            # A run that failed after its commit (Redis down) may have left its upload and the
            # listing's cached views: finish its work.
            await listing_changed(photo.listing_id)
            storage.delete(photo.upload_key)
        return photo.status.value
    try:
        data = storage.read(photo.upload_key)
    except FileNotFoundError:
        return await _fail(photo, storage, "The uploaded file is missing.")
    try:
        with render_slot():
            result = images.render(data)
    except images.InvalidImage as exc:
        return await _fail(photo, storage, str(exc))
    except SoftTimeLimitExceeded:
        # Redelivering it would only time out again (and requeue_stuck_photos would loop on it).
        return await _fail(photo, storage, "The photo took too long to process.")
    listing_id = photo.listing_id
    keys = {name: rendition_key(listing_id, photo.id, name) for name in RENDITIONS}
    for name, key in keys.items():
        storage.save(key, getattr(result, name))
    if not await _commit(photo, result, keys):
        for key in photo_keys(listing_id, photo.id):  # deleted while we worked: leave no orphans
            storage.delete(key)
        return "gone"
    storage.delete(photo.upload_key)
    await listing_changed(listing_id)
    return PhotoStatus.READY.value


@contextlib.contextmanager
def render_slot() -> Iterator[None]:
    """One photo decoded at a time on this machine, whatever the worker's concurrency: each takes
    up to ~200 MiB (MAX_PHOTO_PIXELS), so a burst of uploads queues instead of piling up memory.
    An flock is released by the kernel if its process dies."""
    path = get_settings().var_dir / "photo-render.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


async def _process_all(photo_ids: tuple[str, ...]) -> list[str]:
    return [await _process(photo_id) for photo_id in photo_ids]  # one after another


@celery_app.task(name=PROCESS_PHOTO, **LONG_JOB)
def process_photo(photo_id: str) -> str:
    return run_async(_process, photo_id)


@celery_app.task(name=PROCESS_PHOTOS, **LONG_JOB)
def process_photos(*photo_ids: str) -> list[str]:
    """An upload's photos, one at a time (each run is idempotent, so a retry redoes only what is
    still PROCESSING)."""
    return run_async(_process_all, photo_ids)


REQUEUE_STUCK = "tasks.photos.requeue_stuck_photos"
STUCK_AFTER = timedelta(minutes=10)


async def _requeue_stuck() -> int:
    """Photos still PROCESSING long after upload (their job was lost): queue them again.
    Safe to overlap with a slow job: processing is idempotent."""
    from tasks.app import enqueue

    cutoff = datetime.now(UTC) - STUCK_AFTER
    stuck = await ListingPhoto.filter(status=PhotoStatus.PROCESSING, created_at__lt=cutoff).values_list(
        "id", flat=True
    )
    for photo_id in stuck:
        await enqueue(PROCESS_PHOTO, str(photo_id))
    return len(stuck)


@celery_app.task(name=REQUEUE_STUCK)
def requeue_stuck_photos() -> int:
    return run_async(_requeue_stuck)
