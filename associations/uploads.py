"""Meeting minutes: PDF, HWP (한글: HWP 5 and HWPX) or an image, checked by content.

PDFs and images go through core.uploads (the product's one rule for documents); a HWP file is
recognised by its own signature: HWP 5 is an OLE compound file whose FileHeader stream starts with
"HWP Document File", HWPX a zip whose first entry is `mimetype` = `application/hwp+zip`.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _

from core import uploads
from core.errors import DomainError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP5_MARK = b"HWP Document File"
HWPX_MARK = b"mimetypeapplication/hwp+zip"
HWP_CONTENT_TYPE = "application/x-hwp"
HWPX_CONTENT_TYPE = "application/hwp+zip"
EXTENSIONS = {HWP_CONTENT_TYPE: "hwp", HWPX_CONTENT_TYPE: "hwpx", **uploads.ALLOWED_TYPES}


def check_minutes(uploaded_file, *, field: str = "minutes") -> uploads.CheckedDocument:
    """The checked minutes file, or DomainError on `field` saying what is wrong (in Korean)."""
    size = uploaded_file.size
    limit = settings.UPLOAD_MAX_BYTES
    head = b""
    if 0 < size <= limit:
        uploaded_file.seek(0)
        head = uploaded_file.read(4096)
        uploaded_file.seek(0)
        content_type = None
        if head.startswith(OLE_SIGNATURE):
            data = uploaded_file.read()
            uploaded_file.seek(0)
            if HWP5_MARK in data:
                content_type = HWP_CONTENT_TYPE
            else:
                raise DomainError(_("Only PDF, HWP, JPEG and PNG files are accepted, and this file's content is none "
                                    "of them (whatever its name says)."), field=field)
        elif head.startswith(b"PK\x03\x04") and HWPX_MARK in head[:200]:
            content_type = HWPX_CONTENT_TYPE
        if content_type is not None:
            data = uploaded_file.read()
            uploaded_file.seek(0)
            return uploads.CheckedDocument(content_type, EXTENSIONS[content_type], size,
                                           hashlib.sha256(data).hexdigest())
    if 0 < size <= limit and not head.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        raise DomainError(_("Only PDF, HWP, JPEG and PNG files are accepted, and this file's content is none of them "
                            "(whatever its name says)."), field=field)
    return uploads.check_document(uploaded_file, field=field)  # empty, too large, a damaged PDF or image
