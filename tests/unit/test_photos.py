"""Listing photos, the pure part: which images are accepted and how each is rendered (Pillow in
memory), its memory bound and one render at a time."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags, Image

from core import images
from core.settings import get_settings

# ---- images made in memory ---------------------------------------------------------------------


def jpeg(size: tuple[int, int] = (640, 480), *, gps: bool = False, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 60, 30))
    image.paste((20, 90, 200), (0, 0, size[0] // 2, size[1] // 4))  # a corner that shows rotation
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 3.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def encode(image: Image.Image, fmt: str, **params: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


# ---- core/images.py, no database -----------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "params"), [("JPEG", {}), ("PNG", {}), ("WEBP", {"quality": 80})])
def test_check_image_accepts_jpeg_png_and_webp(fmt, params):
    assert images.check_image(encode(Image.new("RGB", (30, 20), "green"), fmt, **params)) == fmt


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7 definitely not a picture",
        encode(Image.new("P", (10, 10)), "GIF"),
        encode(Image.new("RGB", (10, 10)), "BMP"),
        encode(Image.new("RGB", (10, 10)), "TIFF"),
    ],
    ids=["empty", "text", "gif", "bmp", "tiff"],
)
def test_check_image_refuses_the_rest(data):
    with pytest.raises(images.InvalidImage):
        images.check_image(data)


def test_check_image_refuses_too_many_pixels(monkeypatch):
    monkeypatch.setattr(get_settings(), "max_photo_pixels", 100 * 100)
    images.check_image(jpeg((100, 100)))
    with pytest.raises(images.ImageTooLarge, match="101 x 100 pixels"):
        images.check_image(jpeg((101, 100)))


RENDER_MEMORY = """
import resource, sys
from core import images
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
images.render(data)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.parametrize(("mode", "fmt"), [("P", "PNG"), ("RGB", "JPEG")], ids=["transparent-png", "jpeg"])
def test_processing_a_photo_at_the_pixel_limit_takes_about_200_mib_at_most(tmp_path, mode, fmt):
    """Measured in a process of its own (peak resident memory): 24 MP at about 8 bytes a pixel."""
    image = Image.new(mode, (6000, 4000))
    if mode == "P":
        image.info["transparency"] = 0  # the costliest path: RGBA laid on white
    assert image.width * image.height == get_settings().max_photo_pixels
    path = tmp_path / f"limit.{fmt.lower()}"
    image.save(path, fmt)
    del image
    run = subprocess.run(
        [sys.executable, "-c", RENDER_MEMORY, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert int(run.stdout) <= 200, f"{run.stdout.strip()} MiB"


def test_one_photo_is_rendered_at_a_time_on_a_machine(tmp_path, monkeypatch):
    """render_slot is an exclusive lock on a file: another process cannot take it meanwhile."""
    from tasks.photos import render_slot

    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    probe = (
        "import fcntl, sys\n"
        "with open(sys.argv[1], 'a') as f:\n"
        "    try: fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB); print('free')\n"
        "    except BlockingIOError: print('busy')\n"
    )

    def other_process() -> str:
        lock = str(tmp_path / "photo-render.lock")
        return subprocess.run(
            [sys.executable, "-c", probe, lock], capture_output=True, text=True
        ).stdout.strip()

    with render_slot():
        assert other_process() == "busy"
    assert other_process() == "free"


def test_render_strips_all_metadata_and_turns_the_picture_upright():
    result = images.render(jpeg((300, 200), gps=True, orientation=6))
    assert (result.width, result.height) == (200, 300)
    for data in (result.original, result.large, result.small):
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert {"exif", "xmp", "icc_profile", "comment"}.isdisjoint(image.info)
    with Image.open(io.BytesIO(result.original)) as upright:
        # The blue band was along the top of the stored image: upright it runs down the right side.
        assert upright.getpixel((190, 10))[2] > 150
        assert upright.getpixel((10, 10))[0] > 150


def test_render_scales_down_to_the_rendition_widths_but_never_up():
    big = images.render(jpeg((2560, 1000)))
    sizes = [Image.open(io.BytesIO(d)).size for d in (big.original, big.large, big.small)]
    assert sizes == [(2560, 1000), (1280, 500), (320, 125)]
    tiny = images.render(jpeg((200, 100)))
    sizes = [Image.open(io.BytesIO(d)).size for d in (tiny.original, tiny.large, tiny.small)]
    assert sizes == [(200, 100)] * 3


def test_render_lays_transparency_on_white_and_converts_other_modes():
    clear = images.render(encode(Image.new("RGBA", (20, 20), (255, 0, 0, 0)), "PNG"))
    with Image.open(io.BytesIO(clear.original)) as image:
        assert image.mode == "RGB" and min(image.getpixel((10, 10))) > 240
    for image in (Image.new("L", (20, 20), 128), Image.new("CMYK", (20, 20), (0, 255, 0, 0))):
        fmt = "PNG" if image.mode == "L" else "JPEG"
        result = images.render(encode(image, fmt))
        assert Image.open(io.BytesIO(result.small)).mode == "RGB"


def test_render_converts_an_embedded_colour_profile_and_drops_it():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    tagged = encode(Image.new("RGB", (20, 20), "red"), "JPEG", icc_profile=profile)
    with Image.open(io.BytesIO(images.render(tagged).original)) as image:
        assert "icc_profile" not in image.info


def test_render_refuses_pixels_that_do_not_decode():
    with pytest.raises(images.InvalidImage, match="could not be decoded"):
        images.render(jpeg((800, 600))[:2000])
    with pytest.raises(images.InvalidImage):
        images.render(b"GIF89a")


def test_fit_width_keeps_the_aspect_ratio():
    assert images.fit_width(Image.new("RGB", (1000, 333)), 320).size == (320, 107)
    assert images.fit_width(Image.new("RGB", (3000, 1)), 320).size == (320, 1)
