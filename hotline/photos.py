"""Photo checks and re-encoding.

A file is accepted only if Pillow can decode it as a JPEG, PNG, WebP or GIF
(its content decides, not its name or the browser's content type). It is then
re-encoded as a fresh JPEG, which drops every EXIF block, GPS position
included, after the orientation has been applied to the pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core import images
from core.errors import DomainError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}  # MPO: JPEGs from some phone cameras
MAX_SIDE = 2560  # stored photos are scaled down to this (enough for a complaint)
MAX_PHOTOS = 3


@dataclass
class CleanPhoto:
    content: ContentFile
    width: int
    height: int


def max_bytes() -> int:
    return images.max_upload_bytes()


def clean_photo(upload) -> CleanPhoto:
    """Validate an uploaded file and return it re-encoded as JPEG without metadata, or raise DomainError."""
    name = getattr(upload, "name", "") or _("photo")
    if upload.size > max_bytes():
        raise DomainError(_("%(name)s is larger than %(limit)d MB. Choose a smaller photo.")
                          % {"name": name, "limit": max_bytes() // (1024 * 1024)}, field="photos")
    try:
        images.probe(upload, formats=ACCEPTED_FORMATS)
        content, width, height = images.reencode(upload, pil_format="JPEG", max_side=MAX_SIDE)
    except images.TooManyPixels as exc:
        raise DomainError(_("%(name)s has too many pixels. Choose a smaller photo.") % {"name": name},
                          field="photos") from exc
    except (images.WrongFormat, *images.UNREADABLE) as exc:
        raise DomainError(_("%(name)s is not a photo. Attach JPEG, PNG, WebP or GIF images only.") % {"name": name},
                          field="photos") from exc
    return CleanPhoto(ContentFile(content, name="photo.jpg"), width, height)

