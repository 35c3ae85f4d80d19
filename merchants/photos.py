"""Store photos: checked by their content (not their name), re-encoded without metadata.

A phone photo carries EXIF data (GPS position, device) that a store page must not
publish, so the accepted image is decoded with Pillow, turned upright, and saved again.
"""

from __future__ import annotations

import io
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"), "image/webp": ("WEBP", "webp")}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is plenty; larger is a decompression bomb risk
MAX_SIDE = 2_400  # stored photos are scaled down to this


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def clean_photo(upload) -> ContentFile:
    """Return the photo re-encoded as a ContentFile with a random name, or raise ValidationError."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The photo is %(size)s MB; the limit is %(limit)d MB. Choose a smaller photo."),
            code="too_large", params={"size": f"{upload.size / 1024 / 1024:.1f}", "limit": limit // (1024 * 1024)},
        )
    upload.seek(0)
    head = upload.read(512)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(_("The file is not a JPEG, PNG or WebP photo. Choose a photo file."), code="type")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels. Choose a smaller photo."), code="pixels")
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            pil_format, extension = ALLOWED[kind.mime]
            if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=pil_format, quality=85)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The photo cannot be read; it may be damaged. Choose another photo."),
                              code="invalid") from exc
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def content_type_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower()
    for mime, (_format, ext) in ALLOWED.items():
        if ext == extension:
            return mime
    return "application/octet-stream"
