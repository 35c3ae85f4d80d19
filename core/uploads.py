"""Private document uploads (PDF, JPEG, PNG) checked by their content, never by name or browser type.

One rule for Onnuri application documents and store-claim certificates: a PDF must start with %PDF-
and end with %%EOF; an image must start like a JPEG or PNG and decode completely with Pillow within
core.images' pixel limit (a decompression bomb is refused before decoding); the size must stay within
settings.UPLOAD_MAX_BYTES.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import images
from .errors import DomainError

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}  # Pillow's format name -> content type


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    extension: str
    size_bytes: int
    sha256: str


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_document(uploaded_file, *, field: str = "file") -> CheckedDocument:
    """Validate an uploaded document by content; raise DomainError on `field` saying what is wrong."""
    limit = settings.UPLOAD_MAX_BYTES
    size = uploaded_file.size
    if size == 0:
        raise DomainError(_("The file is empty. Choose the scanned document again."), field=field)
    if size > limit:
        raise DomainError(_("The file is %(size)s; each document may be at most %(limit)s. Scan it at a lower "
                            "resolution or split it.") % {"size": _human_size(size), "limit": _human_size(limit)},
                          field=field)
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    if data.startswith(b"%PDF-"):
        content_type = "application/pdf"
        if b"%%EOF" not in data[-2048:]:
            raise DomainError(_("The PDF file is damaged or incomplete. Save it again and upload the new file."),
                              field=field)
    else:
        try:
            pil_format, _width, _height = images.probe(uploaded_file, formats=IMAGE_TYPES)
        except images.WrongFormat as exc:
            raise DomainError(_("Only PDF, JPEG and PNG files are accepted, and this file's content is none of them "
                                "(whatever its name says). Save the document as PDF, JPEG or PNG."),
                              field=field) from exc
        except images.TooManyPixels as exc:
            raise DomainError(_("The image has too many pixels to open safely. Scan the document at a lower "
                                "resolution (for example 300 dpi) and upload it again."), field=field) from exc
        except images.UNREADABLE as exc:
            raise DomainError(_("The image file is damaged and cannot be opened. Take the photo or scan again."),
                              field=field) from exc
        content_type = IMAGE_TYPES[pil_format]
    return CheckedDocument(content_type, ALLOWED_TYPES[content_type], size, hashlib.sha256(data).hexdigest())
