"""Application documents: which kinds a government asks for, and what a file must be.

Files are checked by their content, never by the name or the browser's
content type: a PDF must start with %PDF- and end with %%EOF; anything else must
start like a JPEG or PNG and decode completely with Pillow within core.images'
pixel limit (a decompression bomb is refused before decoding); the size must stay
within settings.UPLOAD_MAX_BYTES (10 MB).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import images
from core.errors import DomainError

BUSINESS_REGISTRATION = "business_registration"
BANK_BOOK = "bank_book"

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}  # Pillow's format name -> content type


@dataclass(frozen=True)
class DocumentSpec:
    code: str
    name: str
    required: bool
    description: str = ""
    fixed: bool = False  # built-in and always required: cannot be switched off


BUILTIN_DOCUMENTS = (
    DocumentSpec(BUSINESS_REGISTRATION, gettext_lazy("Business registration certificate (사업자등록증)"),
                 required=True, fixed=True,
                 description=gettext_lazy("A scan or photo of the certificate, all four corners visible.")),
    DocumentSpec(BANK_BOOK, gettext_lazy("Bank-book copy (통장 사본)"), required=False,
                 description=gettext_lazy("The account that receives Onnuri settlements, in the business's name.")),
)


def requirements_for(local_government_id, rows=None) -> list[DocumentSpec]:
    """The document kinds a government asks for: the built-ins, then its own configured kinds.

    A configured row with a built-in code changes that kind's name or whether it
    is required (the business registration certificate always stays required).
    `rows` may be given (already loaded DocumentRequirement rows) to avoid a query.
    """
    from .models import DocumentRequirement

    if rows is None:
        rows = DocumentRequirement.objects.filter(local_government_id=local_government_id)
    rows = {row.code: row for row in rows if row.local_government_id == local_government_id}
    specs = []
    for spec in BUILTIN_DOCUMENTS:
        row = rows.pop(spec.code, None)
        if row is None:
            specs.append(spec)
        elif spec.fixed:
            specs.append(DocumentSpec(spec.code, row.name or spec.name, True, row.description or spec.description,
                                      fixed=True))
        elif row.active:
            specs.append(DocumentSpec(spec.code, row.name, row.required, row.description))
    for row in sorted(rows.values(), key=lambda r: (r.order, r.code)):
        if row.active:
            specs.append(DocumentSpec(row.code, row.name, row.required, row.description))
    return specs


def missing_required(specs: list[DocumentSpec], uploaded_kinds) -> list[DocumentSpec]:
    kinds = set(uploaded_kinds)
    return [spec for spec in specs if spec.required and spec.code not in kinds]


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size_bytes: int
    sha256: str


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_upload(uploaded_file) -> CheckedFile:
    """Validate an uploaded file by content; raise DomainError (field 'file') saying what is wrong."""
    limit = settings.UPLOAD_MAX_BYTES
    size = uploaded_file.size
    if size == 0:
        raise DomainError(_("The file is empty. Choose the scanned document again."), field="file")
    if size > limit:
        raise DomainError(_("The file is %(size)s; each document may be at most %(limit)s. Scan it at a lower "
                            "resolution or split it.") % {"size": _human_size(size), "limit": _human_size(limit)},
                          field="file")
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    if data.startswith(b"%PDF-"):
        content_type = "application/pdf"
        if b"%%EOF" not in data[-2048:]:
            raise DomainError(_("The PDF file is damaged or incomplete. Save it again and upload the new file."),
                              field="file")
    else:
        try:
            pil_format, _width, _height = images.probe(uploaded_file, formats=IMAGE_TYPES)
        except images.WrongFormat as exc:
            raise DomainError(_("Only PDF, JPEG and PNG files are accepted, and this file's content is none of them "
                                "(whatever its name says). Save the document as PDF, JPEG or PNG."),
                              field="file") from exc
        except images.TooManyPixels as exc:
            raise DomainError(_("The image has too many pixels to open safely. Scan the document at a lower "
                                "resolution (for example 300 dpi) and upload it again."), field="file") from exc
        except images.UNREADABLE as exc:
            raise DomainError(_("The image file is damaged and cannot be opened. Take the photo or scan again."),
                              field="file") from exc
        content_type = IMAGE_TYPES[pil_format]
    return CheckedFile(content_type, ALLOWED_TYPES[content_type], size, hashlib.sha256(data).hexdigest())
