"""Store photos: checked by their content (not their name), re-encoded without metadata.

A phone photo carries EXIF data (GPS position, device) that a store page must not
publish, so the accepted image is decoded with Pillow, turned upright, and saved again.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from core import images

# Pillow's format name -> (content type, file extension); Pillow decides the format from the content.
ALLOWED = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
MAX_SIDE = 2_400  # stored photos are scaled down to this


def clean_photo(upload) -> ContentFile:
    """Return the photo re-encoded as a ContentFile with a random name, or raise ValidationError."""
    limit = images.max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The photo is %(size)s MB; the limit is %(limit)d MB. Choose a smaller photo."),
            code="too_large", params={"size": f"{upload.size / 1024 / 1024:.1f}", "limit": limit // (1024 * 1024)},
        )
    try:
        pil_format, _width, _height = images.probe(upload, formats=ALLOWED)
        content, _width, _height = images.reencode(upload, pil_format=pil_format, max_side=MAX_SIDE)
    except images.TooManyPixels as exc:
        raise ValidationError(_("The photo has too many pixels. Choose a smaller photo."), code="pixels") from exc
    except images.WrongFormat as exc:
        raise ValidationError(_("The file is not a JPEG, PNG or WebP photo. Choose a photo file."),
                              code="type") from exc
    except images.UNREADABLE as exc:
        raise ValidationError(_("The photo cannot be read; it may be damaged. Choose another photo."),
                              code="invalid") from exc
    extension = ALLOWED[pil_format][1]
    return ContentFile(content, name=f"{uuid.uuid4().hex}.{extension}")


def content_type_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower()
    for mime, ext in ALLOWED.values():
        if ext == extension:
            return mime
    return "application/octet-stream"
