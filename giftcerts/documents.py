"""Application documents: which kinds a government asks for, and what a file must be.

Files are checked by their content, never by the name or the browser's
content type: a PDF must start with %PDF- and end with %%EOF; anything else must
start like a JPEG or PNG and decode completely with Pillow within core.images'
pixel limit (a decompression bomb is refused before decoding); the size must stay
within settings.UPLOAD_MAX_BYTES (10 MB).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from core.uploads import CheckedDocument, check_document

BUSINESS_REGISTRATION = "business_registration"
BANK_BOOK = "bank_book"



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


def check_upload(uploaded_file) -> CheckedDocument:
    """The product's one document rule (core.uploads), on the form's `file` field."""
    return check_document(uploaded_file, field="file")
