"""Image checks and re-encoding with Pillow: pure functions on bytes, no database, no storage.

Uploads are judged by what Pillow decodes, never by file name or declared content type. The
renditions are rebuilt from bare pixels, so nothing of the upload's metadata (EXIF, GPS, XMP,
comments) can ride along into a file we serve.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from core.settings import get_settings

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PHOTO_BYTES = 15 * 1024 * 1024
LARGE_WIDTH = 1280
SMALL_WIDTH = 320
JPEG_QUALITY = 85


class InvalidImage(ValueError):
    """Not an image we accept: undecodable, a format we do not take, or absurdly large."""


class ImageTooLarge(InvalidImage):
    """More pixels than MAX_PHOTO_PIXELS: a small file can still decode to gigabytes."""

    def __init__(self, width: int | None = None, height: int | None = None) -> None:
        limit = f"photos may have at most {max_pixels() / 1_000_000:g} megapixels"
        if width and height:
            size = f"is {width} x {height} pixels ({width * height / 1_000_000:.1f} megapixels)"
        else:
            size = "has too many pixels"
        super().__init__(f"This image {size}; {limit}.")
        self.width, self.height = width, height


def max_pixels() -> int:
    """Rendering costs about 8 bytes per pixel at its peak (render()): the bound on the memory
    one photo may take."""
    return get_settings().max_photo_pixels


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
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own bomb checks (the warning is raised where warnings are errors); both read
        # the size from the header, before any pixel is decoded, as ours below does.
        raise ImageTooLarge() from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InvalidImage("This file is not an image we can read.") from exc
    if image.format not in ALLOWED_FORMATS:
        raise InvalidImage(f"Use a JPEG, PNG or WebP image (this one is {image.format or 'unknown'}).")
    if image.width * image.height > max_pixels():
        raise ImageTooLarge(image.width, image.height)
    return image


def check_image(data: bytes) -> str:
    """The image's format if we accept it; reads the header only, so it is cheap."""
    with _open(data) as image:
        return image.format  # type: ignore[return-value]


def _in_srgb(image: Image.Image) -> Image.Image:
    """The pixels converted through the embedded colour profile (a new image), or `image` itself."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in {"RGB", "RGBA", "CMYK"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, target, outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are rather than refuse the photo
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)


def _on_white(rgba: Image.Image) -> Image.Image:
    """JPEG has no alpha: lay transparent areas on white, as a browser on a white page would.
    The result is a new image of bare pixels."""
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba)  # an RGBA mask is its alpha band, without a copy of it
    return background


def _bare(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels: no `info`, so no EXIF/XMP/ICC/comment survives."""
    bare = Image.new("RGB", image.size)
    bare.paste(image)
    return bare


def _pixels(data: bytes) -> Image.Image:
    """The upload decoded, upright and in sRGB, as a new image of bare RGB pixels.

    The decoded upload is freed as soon as it is converted, so at most two full-size copies are
    alive at once (Pillow keeps RGB in 4 bytes per pixel): about 8 bytes per pixel at the peak,
    which MAX_PHOTO_PIXELS bounds."""
    source = _open(data)
    try:
        source.load()
        ImageOps.exif_transpose(source, in_place=True)
        image = _in_srgb(source)
        if _has_alpha(image):
            image = image if image.mode == "RGBA" else image.convert("RGBA")
        elif image.mode != "RGB":
            image = image.convert("RGB")
        if image is not source:
            source.close()  # destroys the decoded pixels now, not whenever the object is collected
        return _on_white(image) if image.mode == "RGBA" else _bare(image)
    finally:
        source.close()


def _jpeg(image: Image.Image, *, progressive: bool = True) -> bytes:
    # Progressive or optimised encoding holds the whole image's coefficients in memory: fine for
    # the renditions, too much for a full-size original, which is encoded line by line.
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=progressive, progressive=progressive)
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
        image = _pixels(data)
    except InvalidImage:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        # Truncated or corrupt data only shows when the pixels are decoded.
        raise InvalidImage(f"This image could not be decoded: {exc}") from exc
    large = fit_width(image, LARGE_WIDTH)
    return Renditions(
        original=_jpeg(image, progressive=False),
        large=_jpeg(large),
        small=_jpeg(fit_width(large, SMALL_WIDTH)),
        width=image.width,
        height=image.height,
    )
