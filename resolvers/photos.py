"""Listing photos: upload (checked now, processed by a job), reorder, caption, cover, delete.

Every change locks the listing row first, so the photo count limit, the positions and the single
cover hold whatever the concurrency (the processing job takes the same lock to pick a cover).
Positions are kept dense, 0..n-1: uploads append at the count, deletes close the gap.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

from tortoise.transactions import in_transaction

from core import images
from core.errors import DomainError, ErrorCode
from core.storage import get_storage
from models.listings import Listing, ListingPhoto, PhotoStatus
from models.users import User
from resolvers.listings import listing_changed, owned_listing
from tasks.app import enqueue_committed
from tasks.photos import PROCESS_PHOTOS, photo_keys, upload_key

MAX_PHOTOS_PER_LISTING = 40
MAX_CAPTION = 300


def check_files(files: Sequence[bytes], names: Sequence[str | None] | None = None) -> None:
    """Refuse the whole upload at its first bad file (CPU only: run it in a thread). The header
    alone tells an image's size, so a decompression bomb is refused before any pixel is decoded."""
    for index, data in enumerate(files):
        field = f"files.{index}"
        given = names[index] if names and index < len(names) else None
        name = (given or f"File {index + 1}")[:100]
        if len(data) > images.MAX_PHOTO_BYTES:
            limit = images.MAX_PHOTO_BYTES // (1024 * 1024)
            raise DomainError(
                ErrorCode.FILE_TOO_LARGE, f"{name}: each photo may be at most {limit} MiB.", field
            )
        try:
            images.check_image(data)
        except images.ImageTooLarge as exc:
            raise DomainError(ErrorCode.IMAGE_TOO_LARGE, f"{name}: {exc}", field) from exc
        except images.InvalidImage as exc:
            raise DomainError(ErrorCode.INVALID_IMAGE, f"{name}: {exc}", field) from exc


def clean_caption(caption: str, field: str) -> str:
    text = " ".join(caption.split())
    if len(text) > MAX_CAPTION:
        raise DomainError(ErrorCode.INVALID_INPUT, f"A caption has at most {MAX_CAPTION} characters.", field)
    return text


def _captions(captions: Sequence[str] | None, count: int) -> list[str]:
    if captions is None:
        return [""] * count
    if len(captions) != count:
        raise DomainError(ErrorCode.INVALID_INPUT, "Give one caption per file, or none.", "captions")
    return [clean_caption(c, f"captions.{i}") for i, c in enumerate(captions)]


def _too_many(count: int) -> DomainError:
    return DomainError(
        ErrorCode.TOO_MANY_PHOTOS,
        f"A listing has at most {MAX_PHOTOS_PER_LISTING} photos ({count} would be too many).",
        "files",
    )


async def upload_photos(
    *,
    user: User,
    listing_id: uuid.UUID | None,
    files: Sequence[bytes],
    captions: Sequence[str] | None,
    names: Sequence[str | None] | None = None,
) -> list[ListingPhoto]:
    """Store the uploads and create PROCESSING photos; all files are refused if any one is.
    `names`: the files' names, for the refusals. One job processes them, one after another."""
    await owned_listing(user, listing_id)  # strangers are refused before we spend CPU on their files
    if not files:
        raise DomainError(ErrorCode.INVALID_INPUT, "Send at least one file.", "files")
    if len(files) > MAX_PHOTOS_PER_LISTING:
        raise _too_many(len(files))
    texts = _captions(captions, len(files))
    await asyncio.to_thread(check_files, files, names)
    storage = get_storage()
    saved: list[str] = []
    photos: list[ListingPhoto] = []
    try:
        async with in_transaction():
            listing = await owned_listing(user, listing_id, lock=True)
            existing = await ListingPhoto.filter(listing_id=listing.id).count()
            if existing + len(files) > MAX_PHOTOS_PER_LISTING:
                raise _too_many(existing + len(files))
            for offset, (data, caption) in enumerate(zip(files, texts, strict=True)):
                photo_id = uuid.uuid4()
                key = upload_key(listing.id, photo_id)
                await asyncio.to_thread(storage.save, key, data)
                saved.append(key)
                photo = await ListingPhoto.create(
                    id=photo_id,
                    listing_id=listing.id,
                    position=existing + offset,
                    caption=caption,
                    upload_key=key,
                    status=PhotoStatus.PROCESSING,
                )
                photos.append(photo)
    except BaseException:
        for key in saved:  # the rows were rolled back: their files go too
            storage.delete(key)
        raise
    # Only now, after the commit, can the worker see the rows. One job for the whole upload: its
    # photos are processed one at a time, never 40 decoded at once.
    # Lost in a broker outage, the job is sent again by requeue_stuck_photos.
    await enqueue_committed(PROCESS_PHOTOS, *(str(photo.id) for photo in photos))
    await listing_changed(listing.id)
    return photos


async def reorder_photos(
    *, user: User, listing_id: uuid.UUID | None, photo_ids: Sequence[uuid.UUID | None]
) -> list[ListingPhoto]:
    """`photo_ids` must name each of the listing's photos exactly once, in the new order."""
    async with in_transaction():
        listing = await owned_listing(user, listing_id, lock=True)
        by_id = {p.id: p for p in await ListingPhoto.filter(listing_id=listing.id)}
        if len(photo_ids) != len(by_id) or set(photo_ids) != set(by_id):
            raise DomainError(
                ErrorCode.INVALID_INPUT, "List every photo of the listing exactly once.", "photo_ids"
            )
        ordered = [by_id[i] for i in photo_ids if i is not None]  # none is None: the sets matched
        await _renumber(ordered)
    await listing_changed(listing.id)
    return ordered


async def _renumber(ordered: list[ListingPhoto]) -> None:
    moved = []
    for position, photo in enumerate(ordered):
        if photo.position != position:
            photo.position = position
            moved.append(photo)
    if moved:
        await ListingPhoto.bulk_update(moved, fields=["position"])


async def _owned_photo(user: User, photo_id: uuid.UUID | None) -> tuple[ListingPhoto, Listing]:
    """The photo and its locked listing (call in a transaction), if `user` may change them."""
    photo = await ListingPhoto.get_or_none(id=photo_id) if photo_id else None
    if photo is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such photo.", "photo_id")
    try:
        listing = await owned_listing(user, photo.listing_id, lock=True)
    except DomainError as exc:
        message = "No such photo." if exc.code == ErrorCode.NOT_FOUND else exc.message
        raise DomainError(exc.code, message, "photo_id") from exc
    # Re-read under the lock: it may have changed (or gone) while we waited for it.
    photo = await ListingPhoto.get_or_none(id=photo_id, listing_id=listing.id)
    if photo is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such photo.", "photo_id")
    return photo, listing


async def update_photo(
    *, user: User, photo_id: uuid.UUID | None, caption: str | None = None, is_cover: bool | None = None
) -> ListingPhoto:
    """Change the caption and/or the cover; a new cover un-covers the old one in the same commit."""
    changed: list[str] = []
    async with in_transaction():
        photo, listing = await _owned_photo(user, photo_id)
        if caption is not None:
            photo.caption = clean_caption(caption, "caption")
            changed.append("caption")
        if is_cover and not photo.is_cover:
            if photo.status != PhotoStatus.READY:
                raise DomainError(
                    ErrorCode.INVALID_INPUT, "Only a processed photo can be the cover.", "is_cover"
                )
            # Before setting the new one: the partial unique index allows one cover per listing.
            await ListingPhoto.filter(listing_id=listing.id, is_cover=True).update(is_cover=False)
            photo.is_cover = True
            changed.append("is_cover")
        elif is_cover is False and photo.is_cover:
            photo.is_cover = False
            changed.append("is_cover")
        if changed:
            await photo.save(update_fields=changed)
    if changed:
        await listing_changed(listing.id)
    return photo


async def delete_photo(*, user: User, photo_id: uuid.UUID | None) -> ListingPhoto:
    """Delete the row and its files; a deleted cover passes to the first ready photo left."""
    async with in_transaction():
        photo, listing = await _owned_photo(user, photo_id)
        await photo.delete()
        rest = await ListingPhoto.filter(listing_id=listing.id).order_by("position", "created_at")
        await _renumber(rest)
        if photo.is_cover:
            successor = next((p for p in rest if p.status == PhotoStatus.READY), None)
            if successor is not None:
                successor.is_cover = True
                await successor.save(update_fields=["is_cover"])
    storage = get_storage()
    # Every key the photo may own, not just those on the row: a job may be writing them now
    # (it deletes them itself if it finds the row gone when it commits).
    for key in photo_keys(listing.id, photo.id):
        await asyncio.to_thread(storage.delete, key)
    await listing_changed(listing.id)
    return photo
