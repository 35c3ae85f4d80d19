"""Private document uploads (PDF, JPEG, PNG) checked by their content, never by name or browser type.

The same rule as the Onnuri application documents: a PDF must start with %PDF- and end with %%EOF,
an image must open and verify with Pillow and stay under core.images.MAX_PIXELS (no decompression
bombs), and the size must stay within settings.UPLOAD_MAX_BYTES.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError
from .images import MAX_PIXELS, UNREADABLE

PIL_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


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
        if b"%%EOF" not in data[-2048:]:
            raise DomainError(_("The PDF file is damaged or incomplete. Save it again and upload the new file."),
                              field=field)
        content_type, extension = "application/pdf", "pdf"
    else:
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                pil_format, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                image.verify()
        except UNREADABLE:
            pil_format = None
        if pil_format not in PIL_FORMATS:
            raise DomainError(_("Only PDF, JPEG and PNG files are accepted, and this file's content is none of "
                                "them (whatever its name says). Save the document as PDF, JPEG or PNG."),
                              field=field)
        content_type, extension = PIL_FORMATS[pil_format]
    return CheckedDocument(content_type, extension, size, hashlib.sha256(data).hexdigest())
