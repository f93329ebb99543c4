"""GraphQL fields of listing photos: uploads (GraphQL multipart request spec) and their edits."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from core import images
from core.errors import DomainError, ErrorCode
from resolvers import photos
from schema.base import Payload, parse_uuid, user_errors
from schema.context import Info
from schema.listings import ListingPhoto, listing_uuid
from schema.permissions import IsAuthenticated


def photo_uuid(id: relay.GlobalID) -> uuid.UUID | None:
    return parse_uuid(id.node_id) if id.type_name == "ListingPhoto" else None


async def read_uploads(files: list[Any]) -> list[bytes]:
    """The bytes of each upload, reading one byte past the limit at most: enough to say "too large".

    The view closes the spooled files after the request (app.py), whether we read them or not.
    """
    contents = []
    for index, upload in enumerate(files):
        if not hasattr(upload, "read"):  # a JSON request can put a string where a file belongs
            raise DomainError(ErrorCode.INVALID_INPUT, "Send files as multipart uploads.", f"files.{index}")
        contents.append(await upload.read(images.MAX_PHOTO_BYTES + 1))
    return contents


@strawberry.input
class UploadListingPhotosInput:
    listing_id: relay.GlobalID
    files: list[Upload] = strawberry.field(
        description="JPEG, PNG or WebP; at most 15 MiB and 24 megapixels (MAX_PHOTO_PIXELS) each."
    )
    captions: list[str] | None = strawberry.field(default=None, description="One per file, if given.")


@strawberry.input
class ReorderListingPhotosInput:
    listing_id: relay.GlobalID
    photo_ids: list[relay.GlobalID] = strawberry.field(description="Every photo of the listing, in order.")


@strawberry.input(description="Only the fields given are changed.")
class UpdateListingPhotoInput:
    photo_id: relay.GlobalID
    caption: str | None = None
    is_cover: bool | None = strawberry.field(
        default=None, description="true makes it the cover, in place of the previous one."
    )


@strawberry.input
class DeleteListingPhotoInput:
    photo_id: relay.GlobalID


@strawberry.type
class ListingPhotosPayload(Payload):
    photos: list[ListingPhoto] | None = None


@strawberry.type
class ListingPhotoPayload(Payload):
    photo: ListingPhoto | None = None


@strawberry.type
class DeleteListingPhotoPayload(Payload):
    deleted_photo_id: relay.GlobalID | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Photos come back PROCESSING; they turn READY (or FAILED) once processed.",
    )
    @user_errors
    async def upload_listing_photos(
        self, info: Info, input: UploadListingPhotosInput
    ) -> ListingPhotosPayload:
        created = await photos.upload_photos(
            user=info.context.require_user(),
            listing_id=listing_uuid(input.listing_id),
            files=await read_uploads(input.files),
            captions=input.captions,
            names=[getattr(upload, "filename", None) for upload in input.files],
        )
        return ListingPhotosPayload(photos=created)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def reorder_listing_photos(
        self, info: Info, input: ReorderListingPhotosInput
    ) -> ListingPhotosPayload:
        ordered = await photos.reorder_photos(
            user=info.context.require_user(),
            listing_id=listing_uuid(input.listing_id),
            photo_ids=[photo_uuid(i) for i in input.photo_ids],
        )
        return ListingPhotosPayload(photos=ordered)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def update_listing_photo(self, info: Info, input: UpdateListingPhotoInput) -> ListingPhotoPayload:
        photo = await photos.update_photo(
            user=info.context.require_user(),
            photo_id=photo_uuid(input.photo_id),
            caption=input.caption,
            is_cover=input.is_cover,
        )
        return ListingPhotoPayload(photo=photo)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Deletes its files too.")
    @user_errors
    async def delete_listing_photo(
        self, info: Info, input: DeleteListingPhotoInput
    ) -> DeleteListingPhotoPayload:
        photo = await photos.delete_photo(
            user=info.context.require_user(), photo_id=photo_uuid(input.photo_id)
        )
        return DeleteListingPhotoPayload(deleted_photo_id=relay.GlobalID("ListingPhoto", str(photo.id)))
