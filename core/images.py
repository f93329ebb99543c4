"""Image checks and re-encoding with Pillow: pure functions on bytes, no database, no storage.

Uploads are judged by what Pillow decodes, never by file name or declared content type. The
renditions are rebuilt from bare pixels, so nothing of the upload's metadata (EXIF, GPS, XMP,
comments) can ride along into a file we serve.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PHOTO_BYTES = 15 * 1024 * 1024
# Pillow only warns below twice its own bomb limit; ours refuses early, before any pixel is decoded.
MAX_PIXELS = 50_000_000
LARGE_WIDTH = 1280
SMALL_WIDTH = 320
JPEG_QUALITY = 85


class InvalidImage(ValueError):
    """Not an image we accept: undecodable, a format we do not take, or absurdly large."""


@dataclass(frozen=True)
class Renditions:
    original: bytes  # full size, upright, sRGB JPEG without metadata
    large: bytes  # LARGE_WIDTH wide at most
    small: bytes  # SMALL_WIDTH wide at most
    width: int  # of the original, after orientation
    height: int


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidImage("This file is not an image we can read.") from exc
    except Image.DecompressionBombWarning as exc:  # raised, not warned, where warnings are errors
        raise InvalidImage("This image has too many pixels.") from exc
    if image.format not in ALLOWED_FORMATS:
        raise InvalidImage(f"Use a JPEG, PNG or WebP image (this one is {image.format or 'unknown'}).")
    if image.width * image.height > MAX_PIXELS:
        raise InvalidImage("This image has too many pixels.")
    return image


def check_image(data: bytes) -> str:
    """The image's format if we accept it; reads the header only, so it is cheap."""
    with _open(data) as image:
        return image.format  # type: ignore[return-value]


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB: convert through the embedded colour profile, then drop the profile."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in {"RGB", "RGBA", "CMYK"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, target, outputMode=mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are rather than refuse the photo
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        # JPEG has no alpha: lay transparent areas on white, as a browser on a white page would.
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _bare(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels: no `info`, so no EXIF/XMP/ICC/comment survives."""
    return Image.frombytes("RGB", image.size, image.tobytes())


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def fit_width(image: Image.Image, width: int) -> Image.Image:
    """At most `width` wide, keeping the aspect ratio; never upscaled."""
    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def render(data: bytes) -> Renditions:
    """Decode, turn upright (EXIF orientation), re-encode: the files we store and serve."""
    try:
        with _open(data) as source:
            source.load()
            upright = ImageOps.exif_transpose(source)
            image = _bare(_to_srgb(upright))
    except InvalidImage:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        # Truncated or corrupt data only shows when the pixels are decoded.
        raise InvalidImage(f"This image could not be decoded: {exc}") from exc
    return Renditions(
        original=_jpeg(image),
        large=_jpeg(fit_width(image, LARGE_WIDTH)),
        small=_jpeg(fit_width(image, SMALL_WIDTH)),
        width=image.width,
        height=image.height,
    )
