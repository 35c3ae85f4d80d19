"""Phone numbers: one rule for the whole product (Korean numbers, by Google's libphonenumber).

Accepted: what people type for a Korean number: 010-1234-5678, 01012345678, 0507-1234-5678,
1588-1234, 02-123-4567, +82 10-1234-5678, with spaces, hyphens, dots or brackets.
Refused: numbers that do not exist in the Korean plan (099-123-4567), foreign numbers,
and anything else in the text (emoji, letters, non-ASCII digits), which libphonenumber
would otherwise skip over.

Stored as displayed, in the national format with hyphens (010-1234-5678, 02-123-4567,
1588-1234, 0507-1234-5678), so lists, exports and duplicate checks need no conversion.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

REGION = "KR"
MAX_LENGTH = 30  # what a form accepts as typed; stored numbers are at most 14 characters
_TYPED = re.compile(r"^\+?[0-9 \-().]+$")


class InvalidPhone(ValueError):
    pass


def parse(text: str) -> phonenumbers.PhoneNumber:
    """The Korean number in `text`, or InvalidPhone."""
    text = (text or "").strip()
    if not text or len(text) > MAX_LENGTH or not _TYPED.match(text):
        raise InvalidPhone(text)
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(text) from exc
    if phonenumbers.region_code_for_number(number) != REGION or not phonenumbers.is_valid_number(number):
        raise InvalidPhone(text)
    return number


def is_mobile(number: phonenumbers.PhoneNumber) -> bool:
    return phonenumbers.number_type(number) == PhoneNumberType.MOBILE


def display(number: phonenumbers.PhoneNumber) -> str:
    """The national format with hyphens; 050X numbers as Koreans write them (0507-1234-5678,
    0505-123-4567), where libphonenumber says 050-71234-5678."""
    national = str(number.national_number)
    if national.startswith("50") and len(national) in (10, 11):
        return f"0{national[:3]}-{national[3:-4]}-{national[-4:]}"
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def normalise(text: str, *, mobile: bool = False) -> str:
    """The canonical form of a typed number; InvalidPhone when it is not a (mobile) Korean number."""
    number = parse(text)
    if mobile and not is_mobile(number):
        raise InvalidPhone(text)
    return display(number)


def normalise_or_keep(text: str) -> str:
    """The canonical form, or the text unchanged when it is no valid number (old rows, imported files)."""
    try:
        return normalise(text)
    except InvalidPhone:
        return text


def normalise_stored(model, field: str, *, unique_with: str | None = None, batch: int = 2000) -> int:
    """Rewrite `field` of every row of `model` in the canonical form (for data migrations).

    Numbers the rule cannot read stay as they are. With `unique_with`, a row whose new value
    another row of the same `unique_with` already holds is left alone. Returns the rows changed.
    """
    columns = ["pk", field, *([unique_with] if unique_with else [])]
    rows = list(model.objects.exclude(**{field: ""}).order_by("pk").values_list(*columns))
    taken = {(row[2], row[1]) for row in rows} if unique_with else set()
    changed = []
    for pk, old, *scope in rows:
        new = normalise_or_keep(old)
        if new == old:
            continue
        if unique_with:
            if (scope[0], new) in taken:
                continue
            taken.discard((scope[0], old))
            taken.add((scope[0], new))
        changed.append(model(pk=pk, **{field: new}))
    model.objects.bulk_update(changed, [field], batch_size=batch)
    return len(changed)
