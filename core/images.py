"""Uploaded images: decoded by their content, then saved again upright and without metadata.

Shared by store photos (merchants) and hotline photos. Saving the decoded pixels again
drops every EXIF block (GPS position, device) that a phone photo carries.
"""

from __future__ import annotations

import io

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
# What Pillow raises for a file that is not a readable image (SyntaxError: a PNG with a broken chunk).
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)


def max_upload_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def probe(upload) -> tuple[str, int, int]:
    """The format, width and height of a decodable image; raises one of UNREADABLE otherwise."""
    upload.seek(0)
    with Image.open(upload) as image:
        kind, (width, height) = image.format, image.size
        image.verify()
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
