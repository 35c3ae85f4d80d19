"""사업자등록번호 (business registration number): the one place that validates and formats it.

Rule: weights 1,3,7,1,3,7,1,3,5 on d1..d9; sum += floor(d9*5/10);
check digit = (10 - sum % 10) % 10 must equal d10.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalise(value) -> str:
    """Drop dashes and spaces: '120-81-47521' -> '1208147521' (no validation)."""
    return "".join(str(value or "").replace("-", "").split())


def check_digit(first_nine: str) -> int:
    digits = [int(ch) for ch in first_nine]
    total = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def is_valid(value) -> bool:
    digits = normalise(value)
    return len(digits) == 10 and digits.isascii() and digits.isdigit() and check_digit(digits[:9]) == int(digits[9])


def validate(value) -> str:
    """Return the 10 digits, or raise ValidationError with a message for the user."""
    digits = normalise(value)
    if not digits:
        raise ValidationError(_("Enter the business registration number."), code="required")
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError(_("A business registration number has digits only (dashes allowed)."), code="digits")
    if len(digits) != 10:
        raise ValidationError(
            _("A business registration number has 10 digits; you entered %(count)d."),
            code="length", params={"count": len(digits)},
        )
    if check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("This business registration number is not valid: its check digit does not match. Check each digit."),
            code="checksum",
        )
    return digits


def format_number(value) -> str:
    """'1208147521' -> '120-81-47521'; anything else is returned as given."""
    digits = normalise(value)
    if len(digits) != 10 or not digits.isdigit():
        return str(value or "")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def make_valid(first_nine: str) -> str:
    """Complete nine digits with their check digit (demo data and tests)."""
    return f"{first_nine}{check_digit(first_nine)}"
