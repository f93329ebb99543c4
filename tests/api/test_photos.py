"""Listing photos: multipart uploads as a browser sends them, the real worker, the files served.

Images are made with Pillow in memory. Uploads go through HTTP to /graphql with the GraphQL
multipart request spec (operations + map + files) and the preflight header a browser client sends.
"""

from __future__ import annotations

import asyncio
import io
import json
import random
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import ExifTags, Image
from strawberry.relay import to_base64

from core import images
from core.storage import get_storage, media_root
from models.listings import Listing, ListingPhoto, PhotoStatus, unique_slug
from tests.conftest import create_user, sign_in
from tests.unit.test_photos import encode, jpeg

UPLOAD = """
mutation($input: UploadListingPhotosInput!) {
  uploadListingPhotos(input: $input) {
    photos { id status caption position isCover url }
    errors { code field message }
  }
}"""
REORDER = """
mutation($input: ReorderListingPhotosInput!) {
  reorderListingPhotos(input: $input) { photos { id position } errors { code field message } }
}"""
UPDATE = """
mutation($input: UpdateListingPhotoInput!) {
  updateListingPhoto(input: $input) { photo { id caption isCover } errors { code field message } }
}"""
DELETE = """
mutation($input: DeleteListingPhotoInput!) {
  deleteListingPhoto(input: $input) { deletedPhotoId errors { code field message } }
}"""
PHOTO = """
query($id: ID!) {
  node(id: $id) {
    ... on ListingPhoto { status width height isCover error url thumbnailUrl originalUrl }
  }
}"""


# ---- images made in memory ---------------------------------------------------------------------


def noise_png(side: int) -> bytes:
    """Random pixels do not compress: side² * 3 bytes, roughly."""
    rng = random.Random(side)
    return encode(Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)), "PNG")


def gid(type_name: str, id_: Any) -> str:
    return to_base64(type_name, str(id_))


# ---- a host, a listing, uploads ---------------------------------------------------------------


async def host_listing(gql: Any, email: str = "host@example.com", *, sign: bool = True) -> Listing:
    user = await create_user(email, is_host=True, first_name="Hana")
    if sign:
        await sign_in(gql, email)
    return await Listing.create(host=user, title="Sea view flat", slug=unique_slug("Sea view flat"))


async def upload(
    client: httpx.AsyncClient,
    token: str | None,
    listing_id: Any,
    files: list[tuple[str, bytes, str]],
    *,
    captions: list[str] | None = None,
    preflight: bool = True,
) -> httpx.Response:
    """POST the GraphQL multipart request a browser client (apollo-upload-client) sends."""
    variables: dict[str, Any] = {
        "input": {"listingId": gid("Listing", listing_id), "files": [None] * len(files)}
    }
    if captions is not None:
        variables["input"]["captions"] = captions
    operations = {"query": UPLOAD, "variables": variables}
    file_map = {str(i): [f"variables.input.files.{i}"] for i in range(len(files))}
    headers = {"apollo-require-preflight": "1"} if preflight else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(file_map)},
        files=[(str(i), (name, data, ctype)) for i, (name, data, ctype) in enumerate(files)],
        headers=headers,
    )


async def upload_ok(
    client: httpx.AsyncClient, token: str | None, listing_id: Any, *files: bytes
) -> list[dict]:
    response = await upload(
        client, token, listing_id, [(f"p{i}.jpg", d, "image/jpeg") for i, d in enumerate(files)]
    )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["uploadListingPhotos"]
    assert payload["errors"] == []
    return payload["photos"]


async def upload_error(client: httpx.AsyncClient, token: str | None, listing_id: Any, files: list) -> dict:
    response = await upload(client, token, listing_id, files)
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["uploadListingPhotos"]
    assert payload["photos"] is None
    [error] = payload["errors"]
    return error


async def wait_for(photo_id: Any, *statuses: PhotoStatus) -> ListingPhoto:
    """Poll until the real worker has moved the photo on (bounded, so a hang fails the test)."""
    pk = uuid.UUID(str(photo_id)) if not isinstance(photo_id, uuid.UUID) else photo_id
    for _ in range(600):
        photo = await ListingPhoto.get(id=pk)
        if photo.status in statuses:
            return photo
        await asyncio.sleep(0.05)
    raise AssertionError(f"photo {pk} is still {photo.status}")


def node_uuid(global_id: str) -> uuid.UUID:
    from strawberry.relay import from_base64

    return uuid.UUID(from_base64(global_id)[1])


def stored_files(listing_id: Any) -> list[Path]:
    folder = media_root() / "photos" / str(listing_id)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


async def ready_photo(listing: Listing, position: int = 0, *, cover: bool = False) -> ListingPhoto:
    """A processed photo row with real files behind it, without a round trip through the worker."""
    from tasks.photos import rendition_key, upload_key

    photo_id = uuid.uuid4()
    keys = {n: rendition_key(listing.id, photo_id, n) for n in ("original", "large", "small")}
    result = images.render(jpeg((400, 300)))
    storage = get_storage()
    for name, key in keys.items():
        storage.save(key, getattr(result, name))
    return await ListingPhoto.create(
        id=photo_id,
        listing=listing,
        position=position,
        is_cover=cover,
        status=PhotoStatus.READY,
        upload_key=upload_key(listing.id, photo_id),
        original_key=keys["original"],
        large_key=keys["large"],
        small_key=keys["small"],
        width=result.width,
        height=result.height,
    )


@pytest.fixture
async def host(gql: Any) -> Listing:
    return await host_listing(gql)


# ---- the whole path: upload, worker, files served ---------------------------------------------


async def test_upload_is_processed_by_the_worker_and_served_without_exif(gql, client, host, celery_worker):
    # Stored 3000x1600 with "rotate 90° clockwise to view": upright it is 1600 wide, 3000 tall.
    original = jpeg((3000, 1600), gps=True, orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test has GPS

    [created] = await upload_ok(client, gql.token, host.id, original)
    assert created["status"] == "PROCESSING" and created["url"] is None and created["position"] == 0

    photo = await wait_for(node_uuid(created["id"]), PhotoStatus.READY, PhotoStatus.FAILED)
    assert photo.status == PhotoStatus.READY, photo.error
    assert (photo.width, photo.height) == (1600, 3000)
    assert photo.is_cover  # the listing's first ready photo
    storage = get_storage()
    with pytest.raises(FileNotFoundError):
        storage.read(photo.upload_key)  # the raw upload (with its GPS) is gone

    widths = {}
    for key in (photo.original_key, photo.large_key, photo.small_key):
        with Image.open(io.BytesIO(storage.read(key))) as stored:
            assert stored.format == "JPEG" and stored.mode == "RGB"
            assert not stored.getexif()  # no EXIF at all, so no GPS either
            assert "exif" not in stored.info and "icc_profile" not in stored.info
            widths[key] = stored.size
    assert widths[photo.original_key] == (1600, 3000)
    assert widths[photo.large_key] == (1280, 2400)
    assert widths[photo.small_key] == (320, 600)

    data = (await gql.ok(PHOTO, {"id": created["id"]}))["node"]
    assert data["status"] == "READY" and data["isCover"] is True and data["error"] == ""
    for field, key in (
        ("url", photo.large_key),
        ("thumbnailUrl", photo.small_key),
        ("originalUrl", photo.original_key),
    ):
        response = await client.get(httpx.URL(data[field]).path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/jpeg"
        assert response.content == storage.read(key)

    listing = await gql.ok(
        "query($id: ID!) { node(id: $id) { ... on Listing { photos { id } coverPhoto { id } } } }",
        {"id": gid("Listing", host.id)},
    )
    assert listing["node"] == {"photos": [{"id": created["id"]}], "coverPhoto": {"id": created["id"]}}


async def test_several_files_with_captions_keep_their_order(gql, client, host, celery_worker):
    response = await upload(
        client,
        gql.token,
        host.id,
        [
            ("a.png", encode(Image.new("RGBA", (50, 40), (0, 0, 0, 0)), "PNG"), "image/png"),
            ("b.webp", encode(Image.new("RGB", (60, 40), "blue"), "WEBP"), "image/webp"),
        ],
        captions=["  The   terrace ", "Kitchen"],
    )
    photos = response.json()["data"]["uploadListingPhotos"]["photos"]
    assert [(p["caption"], p["position"]) for p in photos] == [("The terrace", 0), ("Kitchen", 1)]
    ready = [await wait_for(node_uuid(p["id"]), PhotoStatus.READY) for p in photos]
    assert [p.is_cover for p in ready].count(True) == 1  # one cover, whichever finished first
    assert [(p.width, p.height) for p in ready] == [(50, 40), (60, 40)]  # never upscaled


async def test_an_undecodable_image_ends_failed_with_a_reason(gql, client, host, celery_worker):
    truncated = jpeg((800, 600))[:2000]  # the header opens; the pixels do not decode
    [created] = await upload_ok(client, gql.token, host.id, truncated)
    photo = await wait_for(node_uuid(created["id"]), PhotoStatus.READY, PhotoStatus.FAILED)
    assert photo.status == PhotoStatus.FAILED
    assert "could not be decoded" in photo.error
    assert photo.original_key is None and not photo.is_cover
    assert stored_files(host.id) == []


async def test_raw_uploads_are_never_served(client, host):
    from tasks.photos import upload_key

    key = upload_key(host.id, uuid.uuid4())
    get_storage().save(key, jpeg(gps=True))
    assert (await client.get(f"/media/{key}")).status_code == 404
    assert (await client.get("/media/photos/nothing-here.jpg")).status_code == 404


# ---- refused uploads change nothing -------------------------------------------------------------


async def assert_nothing_stored(listing: Listing) -> None:
    assert await ListingPhoto.filter(listing_id=listing.id).count() == 0
    assert stored_files(listing.id) == []


async def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(gql, client, host):
    files = [("ok.jpg", jpeg(), "image/jpeg"), ("fake.jpg", b"just some text, really\n" * 40, "image/jpeg")]
    error = await upload_error(client, gql.token, host.id, files)
    assert (error["code"], error["field"]) == ("INVALID_IMAGE", "files.1")
    await assert_nothing_stored(host)


async def test_a_gif_is_refused(gql, client, host):
    gif = encode(Image.new("P", (40, 40)), "GIF")
    error = await upload_error(client, gql.token, host.id, [("anim.jpg", gif, "image/jpeg")])
    assert (error["code"], error["field"]) == ("INVALID_IMAGE", "files.0")
    assert "GIF" in error["message"]
    await assert_nothing_stored(host)


async def test_a_file_over_the_size_limit_is_refused(gql, client, host, monkeypatch):
    assert images.MAX_PHOTO_BYTES == 15 * 1024 * 1024
    # A smaller limit keeps the test fast; the check compares against whatever the constant is.
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 100_000)
    big = noise_png(200)
    assert len(big) > 100_000
    files = [("small.jpg", jpeg((40, 40)), "image/jpeg"), ("big.png", big, "image/png")]
    error = await upload_error(client, gql.token, host.id, files)
    assert (error["code"], error["field"]) == ("FILE_TOO_LARGE", "files.1")
    await assert_nothing_stored(host)


async def test_the_41st_photo_is_refused(gql, client, host, celery_worker):
    for position in range(39):
        await ListingPhoto.create(listing=host, position=position, upload_key=f"k{position}")
    error = await upload_error(client, gql.token, host.id, [("a.jpg", jpeg(), "image/jpeg")] * 2)
    assert error["code"] == "TOO_MANY_PHOTOS"
    assert await ListingPhoto.filter(listing_id=host.id).count() == 39
    assert stored_files(host.id) == []
    [fortieth] = await upload_ok(client, gql.token, host.id, jpeg())
    assert fortieth["position"] == 39
    error = await upload_error(client, gql.token, host.id, [("a.jpg", jpeg(), "image/jpeg")])
    assert error["code"] == "TOO_MANY_PHOTOS"
    await wait_for(node_uuid(fortieth["id"]), PhotoStatus.READY)


async def test_concurrent_uploads_cannot_exceed_the_limit(gql, client, host, celery_worker):
    for position in range(38):
        await ListingPhoto.create(listing=host, position=position, upload_key=f"k{position}")
    files = [("a.jpg", jpeg(), "image/jpeg")] * 2
    responses = await asyncio.gather(*(upload(client, gql.token, host.id, files) for _ in range(3)))
    payloads = [r.json()["data"]["uploadListingPhotos"] for r in responses]
    assert sorted(bool(p["errors"]) for p in payloads) == [False, True, True]
    assert {p["errors"][0]["code"] for p in payloads if p["errors"]} == {"TOO_MANY_PHOTOS"}
    assert await ListingPhoto.filter(listing_id=host.id).count() == 40
    positions = await ListingPhoto.filter(listing_id=host.id).values_list("position", flat=True)
    assert sorted(positions) == list(range(40))
    [winner] = [p for p in payloads if not p["errors"]]
    for photo in winner["photos"]:
        await wait_for(node_uuid(photo["id"]), PhotoStatus.READY)


async def test_another_hosts_listing_is_refused(gql, client):
    theirs = await host_listing(gql, "owner@example.com", sign=False)
    await host_listing(gql, "intruder@example.com")
    error = await upload_error(client, gql.token, theirs.id, [("a.jpg", jpeg(), "image/jpeg")])
    assert (error["code"], error["field"]) == ("NOT_OWNER", "listingId")
    await assert_nothing_stored(theirs)


async def test_an_unknown_listing_is_not_found(gql, client, host):
    error = await upload_error(client, gql.token, uuid.uuid4(), [("a.jpg", jpeg(), "image/jpeg")])
    assert error["code"] == "NOT_FOUND"


async def test_signing_in_is_required(client):
    user = await create_user("lonely@example.com", is_host=True)
    listing = await Listing.create(host=user, title="Sea view flat", slug=unique_slug("Sea view flat"))
    response = await upload(client, None, listing.id, [("a.jpg", jpeg(), "image/jpeg")])
    assert response.status_code == 401  # refused before the upload is even parsed
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await assert_nothing_stored(listing)


async def test_mismatched_captions_and_no_files_are_invalid_input(gql, client, host):
    response = await upload(
        client, gql.token, host.id, [("a.jpg", jpeg(), "image/jpeg")], captions=["a", "b"]
    )
    [error] = response.json()["data"]["uploadListingPhotos"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "captions")
    body = await gql(UPLOAD, {"input": {"listingId": gid("Listing", host.id), "files": []}})
    [error] = body["data"]["uploadListingPhotos"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "files")
    # A JSON request cannot smuggle a string in where a file belongs.
    body = await gql(UPLOAD, {"input": {"listingId": gid("Listing", host.id), "files": ["not a file"]}})
    [error] = body["data"]["uploadListingPhotos"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "files.0")
    await assert_nothing_stored(host)


# ---- the transport: CSRF guard, body limits ------------------------------------------------------


async def test_multipart_without_the_preflight_header_is_refused(gql, client, host):
    response = await upload(client, gql.token, host.id, [("a.jpg", jpeg(), "image/jpeg")], preflight=False)
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    await assert_nothing_stored(host)


async def test_uploads_may_exceed_the_json_body_limit_but_json_may_not(gql, client, host, celery_worker):
    big = noise_png(700)  # about 1.4 MiB: over the 1 MiB JSON limit, under the upload limit
    assert len(big) > 1024 * 1024
    [created] = await upload_ok(client, gql.token, host.id, big)
    padding = "#" + "x" * (1024 * 1024)
    response = await gql.post("query { me { id } }" + "\n" + padding)
    assert response.status_code == 413
    await wait_for(node_uuid(created["id"]), PhotoStatus.READY)


# ---- reorder, caption, cover, delete -------------------------------------------------------------


async def test_reorder_sets_the_given_order(gql, host):
    photos = [await ready_photo(host, i) for i in range(3)]
    wanted = [photos[2], photos[0], photos[1]]
    data = await gql.ok(
        REORDER,
        {
            "input": {
                "listingId": gid("Listing", host.id),
                "photoIds": [gid("ListingPhoto", p.id) for p in wanted],
            }
        },
    )
    result = data["reorderListingPhotos"]["photos"]
    assert [(node_uuid(p["id"]), p["position"]) for p in result] == [(p.id, i) for i, p in enumerate(wanted)]
    stored = await ListingPhoto.filter(listing_id=host.id).order_by("position").values_list("id", flat=True)
    assert stored == [p.id for p in wanted]


@pytest.mark.parametrize("pick", ["missing", "duplicate", "foreign", "wrong_type"])
async def test_reorder_must_be_a_permutation(gql, host, pick):
    photos = [await ready_photo(host, i) for i in range(3)]
    ids = [gid("ListingPhoto", p.id) for p in photos]
    if pick == "missing":
        ids = ids[:2]
    elif pick == "duplicate":
        ids = [ids[0], ids[0], ids[1]]
    elif pick == "foreign":
        other = await Listing.create(host_id=host.host_id, title="Other", slug=unique_slug("Other"))
        ids[2] = gid("ListingPhoto", (await ready_photo(other)).id)
    else:
        ids[2] = gid("Listing", photos[2].id)
    body = await gql(REORDER, {"input": {"listingId": gid("Listing", host.id), "photoIds": ids}})
    payload = body["data"]["reorderListingPhotos"]
    assert payload["photos"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_INPUT", "photoIds")]
    stored = await ListingPhoto.filter(listing_id=host.id).order_by("position").values_list("id", flat=True)
    assert stored == [p.id for p in photos]


async def test_making_a_photo_the_cover_uncovers_the_previous_one(gql, host):
    first = await ready_photo(host, 0, cover=True)
    second = await ready_photo(host, 1)
    data = await gql.ok(
        UPDATE, {"input": {"photoId": gid("ListingPhoto", second.id), "isCover": True, "caption": "Garden"}}
    )
    assert data["updateListingPhoto"]["photo"] == {
        "id": gid("ListingPhoto", second.id),
        "caption": "Garden",
        "isCover": True,
    }
    covers = await ListingPhoto.filter(listing_id=host.id, is_cover=True).values_list("id", flat=True)
    assert covers == [second.id]
    listing = await gql.ok(
        "query($id: ID!) { node(id: $id) { ... on Listing { coverPhoto { id } } } }",
        {"id": gid("Listing", host.id)},
    )
    assert listing["node"]["coverPhoto"]["id"] == gid("ListingPhoto", second.id)
    assert (await ListingPhoto.get(id=first.id)).is_cover is False


async def test_a_photo_still_processing_cannot_be_the_cover(gql, host):
    cover = await ready_photo(host, 0, cover=True)
    pending = await ListingPhoto.create(listing=host, position=1, upload_key="k")
    body = await gql(UPDATE, {"input": {"photoId": gid("ListingPhoto", pending.id), "isCover": True}})
    [error] = body["data"]["updateListingPhoto"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "isCover")
    assert (await ListingPhoto.get(id=cover.id)).is_cover is True


async def test_a_long_caption_is_invalid_and_changes_nothing(gql, host):
    photo = await ready_photo(host)
    body = await gql(UPDATE, {"input": {"photoId": gid("ListingPhoto", photo.id), "caption": "x" * 301}})
    [error] = body["data"]["updateListingPhoto"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "caption")
    assert (await ListingPhoto.get(id=photo.id)).caption == ""


async def test_only_the_host_may_change_a_photo(gql):
    theirs = await host_listing(gql, "owner@example.com", sign=False)
    photo = await ready_photo(theirs)
    await host_listing(gql, "intruder@example.com")
    photo_id = gid("ListingPhoto", photo.id)
    for query, extra in ((UPDATE, {"caption": "mine now"}), (DELETE, {})):
        body = await gql(query, {"input": {"photoId": photo_id, **extra}})
        [payload] = body["data"].values()
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_OWNER", "photoId")]
    body = await gql(REORDER, {"input": {"listingId": gid("Listing", theirs.id), "photoIds": [photo_id]}})
    assert body["data"]["reorderListingPhotos"]["errors"][0]["code"] == "NOT_OWNER"
    unchanged = await ListingPhoto.get(id=photo.id)
    assert unchanged.caption == "" and len(stored_files(theirs.id)) == 3


async def test_an_admin_may_change_any_photo(gql):
    theirs = await host_listing(gql, "owner@example.com", sign=False)
    photo = await ready_photo(theirs)
    await create_user("admin@example.com", is_admin=True)
    await sign_in(gql, "admin@example.com")
    data = await gql.ok(UPDATE, {"input": {"photoId": gid("ListingPhoto", photo.id), "caption": "Moderated"}})
    assert data["updateListingPhoto"]["photo"]["caption"] == "Moderated"


async def test_unknown_photos_are_not_found(gql, host):
    for query in (UPDATE, DELETE):
        body = await gql(query, {"input": {"photoId": gid("ListingPhoto", uuid.uuid4())}})
        [payload] = body["data"].values()
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", "photoId")]


async def test_delete_removes_the_row_and_its_files(gql, client, host, celery_worker):
    [created] = await upload_ok(client, gql.token, host.id, jpeg((900, 600)))
    photo = await wait_for(node_uuid(created["id"]), PhotoStatus.READY)
    second = await ready_photo(host, 1)
    url = get_storage().url(photo.large_key)
    assert (await client.get(httpx.URL(url).path)).status_code == 200

    data = await gql.ok(DELETE, {"input": {"photoId": created["id"]}})
    assert data["deleteListingPhoto"]["deletedPhotoId"] == created["id"]
    assert not await ListingPhoto.exists(id=photo.id)
    assert all(photo.id.hex not in p.name.replace("-", "") for p in stored_files(host.id))
    assert (await client.get(httpx.URL(url).path)).status_code == 404
    # The cover passed to the photo left, which moved up to the first place.
    left = await ListingPhoto.get(id=second.id)
    assert (left.is_cover, left.position) == (True, 0)


async def test_unauthenticated_edits_are_refused(gql, host):
    photo = await ready_photo(host)
    gql.token = None
    body = await gql(DELETE, {"input": {"photoId": gid("ListingPhoto", photo.id)}})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await ListingPhoto.exists(id=photo.id)


# ---- the job, run twice, by hand ----------------------------------------------------------------


async def test_processing_twice_is_harmless(host):
    from tasks.photos import _process, upload_key

    photo_id = uuid.uuid4()
    key = upload_key(host.id, photo_id)
    get_storage().save(key, jpeg((2000, 1000), gps=True))
    await ListingPhoto.create(id=photo_id, listing=host, upload_key=key)
    assert await _process(str(photo_id)) == "ready"
    files = {p: p.read_bytes() for p in stored_files(host.id)}
    assert len(files) == 3
    assert await _process(str(photo_id)) == "ready"
    assert {p: p.read_bytes() for p in stored_files(host.id)} == files
    photo = await ListingPhoto.get(id=photo_id)
    assert (photo.status, photo.width, photo.is_cover) == (PhotoStatus.READY, 2000, True)
    assert await _process(str(uuid.uuid4())) == "gone"


async def test_a_missing_upload_fails_and_a_vanished_row_is_left_alone(host):
    from tasks.photos import _commit, _process, rendition_key, upload_key

    photo_id = uuid.uuid4()
    await ListingPhoto.create(id=photo_id, listing=host, upload_key=upload_key(host.id, photo_id))
    assert await _process(str(photo_id)) == "failed"  # no file behind the row
    assert "missing" in (await ListingPhoto.get(id=photo_id)).error

    # The host deletes the photo while the job renders it: the job's commit finds nothing.
    racing = await ListingPhoto.create(listing=host, upload_key="k")
    await ListingPhoto.filter(id=racing.id).delete()
    keys = {n: rendition_key(host.id, racing.id, n) for n in ("original", "large", "small")}
    assert await _commit(racing, images.render(jpeg()), keys) is False


def small_bomb(side: int = 7071) -> bytes:
    """50 megapixels in a few KiB: one bit per pixel, all alike, compresses to almost nothing."""
    return encode(Image.new("1", (side, side)), "PNG", optimize=True)


async def test_a_small_file_of_too_many_pixels_is_refused_by_name_and_nothing_is_stored(gql, client, host):
    bomb = small_bomb()
    assert len(bomb) < 200 * 1024  # small enough for any byte limit
    files = [("fine.jpg", jpeg(), "image/jpeg"), ("bomb.png", bomb, "image/png")]

    error = await upload_error(client, gql.token, host.id, files)

    assert (error["code"], error["field"]) == ("IMAGE_TOO_LARGE", "files.1")
    assert error["message"].startswith("bomb.png: This image is 7071 x 7071 pixels")
    assert "at most 24 megapixels" in error["message"]
    await assert_nothing_stored(host)


async def test_a_photo_whose_job_was_lost_is_queued_again(celery_worker):
    from datetime import UTC, datetime, timedelta

    from tasks.photos import _requeue_stuck, upload_key

    user = await create_user("stuck@example.com", is_host=True)
    listing = await Listing.create(host=user, title="Sea view flat", slug=unique_slug("Sea view flat"))
    photo_id = uuid.uuid4()
    key = upload_key(listing.id, photo_id)
    get_storage().save(key, jpeg())
    fresh = await ListingPhoto.create(listing=listing, upload_key=upload_key(listing.id, uuid.uuid4()))
    photo = await ListingPhoto.create(id=photo_id, listing=listing, upload_key=key)
    await ListingPhoto.filter(id=photo_id).update(created_at=datetime.now(UTC) - timedelta(minutes=30))
    assert await _requeue_stuck() == 1  # the fresh one may still be on its way: left alone
    assert (await wait_for(photo.id, PhotoStatus.READY)).status == PhotoStatus.READY
    assert (await ListingPhoto.get(id=fresh.id)).status == PhotoStatus.PROCESSING
