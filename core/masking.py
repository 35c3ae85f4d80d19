"""Mask personal data that people type into free text before it is shown in public.

Reporters write "call me on 010-1234-5678" into a description; the description
is public (Open311, the tracking page, the dashboard), the number is not.
`mask_personal_data` hides resident registration numbers, phone numbers and
e-mail addresses and leaves the rest of the text as it was. Officials' own
pages show the original, so nothing is lost.
"""

from __future__ import annotations

import re

# 주민등록번호: YYMMDD-GNNNNNN (the hyphen or a space is optional; G is 1-8).
RESIDENT_NUMBER = re.compile(
    r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[-\s]?[1-8]\d{6}(?!\d)"
)
# Korean phone numbers: mobile (010 ...), Seoul (02), the regions (031-064), 070/050x; written with
# hyphens, dots, spaces or nothing, nationally (0...) or internationally (+82, the leading 0 dropped).
PHONE = re.compile(
    r"(?<![\d+])(?:\+82[-.\s]?\(?0?\)?|0)(?:1[016789]|2|[3-6][1-5]|70|50\d?)[-.\s)]?\d{3,4}[-.\s]?\d{4}(?!\d)"
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

RESIDENT_NUMBER_MASK = "******-*******"


def _mask_digits(match: re.Match) -> str:
    """Every digit becomes '*'; separators stay, so a reader still sees 'a phone number was here'."""
    return re.sub(r"\d", "*", match.group(0))


def _mask_email(match: re.Match) -> str:
    local, _at, domain = match.group(0).partition("@")
    return f"{local[:1]}***@{domain}"


def mask_personal_data(text: str | None) -> str:
    """The text with resident registration numbers, phone numbers and e-mail addresses masked."""
    if not text:
        return text or ""
    text = RESIDENT_NUMBER.sub(RESIDENT_NUMBER_MASK, text)
    text = PHONE.sub(_mask_digits, text)
    return EMAIL.sub(_mask_email, text)
