"""Photo checks and re-encoding.

A file is accepted only if Pillow can decode it as a JPEG, PNG, WebP or GIF
(its content decides, not its name or the browser's content type). It is then
re-encoded as a fresh JPEG, which drops every EXIF block, GPS position
included, after the orientation has been applied to the pixels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}  # MPO: JPEGs from some phone cameras
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
MAX_SIDE = 2560  # stored photos are scaled down to this (enough for a complaint)
MAX_PHOTOS = 3


@dataclass
class CleanPhoto:
    content: ContentFile
    width: int
    height: int


def max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def clean_photo(upload) -> CleanPhoto:
    """Validate an uploaded file and return it re-encoded without metadata, or raise DomainError."""
    name = getattr(upload, "name", "") or _("photo")
    if upload.size > max_bytes():
        raise DomainError(_("%(name)s is larger than %(limit)d MB. Choose a smaller photo.")
                          % {"name": name, "limit": max_bytes() // (1024 * 1024)}, field="photos")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in ACCEPTED_FORMATS:
            raise UnidentifiedImageError(kind)
        if width * height > MAX_PIXELS:
            raise DomainError(_("%(name)s has too many pixels. Choose a smaller photo.") % {"name": name},
                              field="photos")
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # No exif= argument: the new file carries no EXIF (and so no GPS) at all.
            image.save(out, format="JPEG", quality=85, optimize=True)
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise DomainError(_("%(name)s is not a photo. Attach JPEG, PNG, WebP or GIF images only.") % {"name": name},
                          field="photos") from exc
    return CleanPhoto(ContentFile(out.getvalue(), name="photo.jpg"), image.width, image.height)
