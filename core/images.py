"""Uploaded images: decoded by their content, then saved again upright and without metadata.

Shared by store photos (merchants) and hotline photos. Saving the decoded pixels again
drops every EXIF block (GPS position, device) that a phone photo carries.
"""

from __future__ import annotations

import io

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
# Pillow warns above this and refuses twice as many on its own (the last line of defence).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# What Pillow raises for a file that is not a readable image (SyntaxError: a PNG with a broken chunk).
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError)


class TooManyPixels(Exception):
    """The image declares more than MAX_PIXELS pixels (a decompression bomb or a huge scan)."""


class WrongFormat(Exception):
    """The content does not start like any of the accepted formats (whatever the file's name says)."""


def sniff(upload, formats) -> str | None:
    """Which of `formats` (Pillow names) the first bytes say the file is, by Pillow's own signature checks."""
    upload.seek(0)
    prefix = upload.read(64)
    upload.seek(0)
    Image.init()
    for name in formats:
        if name not in Image.OPEN:  # e.g. MPO: opened through the JPEG plugin
            continue
        accept = Image.OPEN[name][1]
        if accept is None or accept(prefix):
            return name
    return None


def max_upload_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def probe(upload, formats) -> tuple[str, int, int]:
    """The format (one of `formats`), width and height of an image that decodes completely.

    WrongFormat when the first bytes match none of `formats`. The size is read
    from the header first, so a decompression bomb is refused (TooManyPixels)
    before any pixel is decoded; then verify() checks the
    structure and load() decodes the pixels (a truncated file fails there).
    Raises WrongFormat, TooManyPixels or one of UNREADABLE (a damaged file).
    """
    if sniff(upload, formats) is None:
        raise WrongFormat
    formats = tuple(name for name in formats if name in Image.OPEN)
    try:
        upload.seek(0)
        with Image.open(upload, formats=formats) as image:
            kind, (width, height) = image.format, image.size
            if kind == "MPO":  # a JPEG with extra frames, from some phone cameras
                kind = "JPEG"
            if width * height > MAX_PIXELS:
                raise TooManyPixels(f"{width}x{height}")
            image.verify()
        upload.seek(0)
        with Image.open(upload, formats=formats) as image:
            image.load()
    except Image.DecompressionBombError as exc:
        raise TooManyPixels(str(exc)) from exc
    finally:
        upload.seek(0)
    return kind, width, height


def reencode(upload, *, pil_format: str, max_side: int) -> tuple[bytes, int, int]:
    """The image turned upright, scaled down to `max_side`, saved as `pil_format` with no EXIF.

    Returns the bytes, width and height. Transparency is laid on white for JPEG.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        image.load()
        image = ImageOps.exif_transpose(image)
        if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        image.thumbnail((max_side, max_side))
        out = io.BytesIO()
        image.save(out, format=pil_format, quality=85, optimize=True)  # no exif= argument: none is kept
    return out.getvalue(), image.width, image.height
