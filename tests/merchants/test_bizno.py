"""사업자등록번호: the check-digit rule, formats accepted, and messages for the user in Korean."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from merchants import bizno

VALID = ["120-81-47521", "124-81-00998", "514-21-54714"]


@pytest.mark.parametrize("number", VALID)
def test_known_valid_numbers_with_and_without_dashes(number):
    assert bizno.is_valid(number)
    assert bizno.is_valid(number.replace("-", ""))
    assert bizno.validate(number) == number.replace("-", "")
    assert bizno.validate(number.replace("-", "")) == number.replace("-", "")


@pytest.mark.parametrize("number", VALID)
def test_a_changed_last_digit_is_invalid(number):
    for wrong in {str(d) for d in range(10)} - {number[-1]}:
        changed = number[:-1] + wrong
        assert not bizno.is_valid(changed)
        with pytest.raises(ValidationError) as info:
            bizno.validate(changed)
        assert info.value.code == "checksum"


def test_check_digit_and_make_valid_agree():
    assert bizno.check_digit("120814752") == 1
    assert bizno.make_valid("124810099") == "1248100998"
    assert bizno.is_valid(bizno.make_valid("999999999"))


def test_format_number():
    assert bizno.format_number("1208147521") == "120-81-47521"
    assert bizno.format_number("120-81-47521") == "120-81-47521"
    assert bizno.format_number("12345") == "12345"  # not a full number: shown as given
    assert bizno.format_number(None) == ""


@pytest.mark.parametrize("value, code, korean", [
    ("120-81-4752", "length", "10자리"),
    ("120-81-475211", "length", "10자리"),
    ("12O-81-47521", "digits", "숫자"),
    ("abc-de-fghij", "digits", "숫자"),
    ("", "required", "입력"),
    ("120-81-47522", "checksum", "검증"),
])
def test_wrong_input_is_rejected_with_a_korean_message(value, code, korean):
    with translation.override("ko"), pytest.raises(ValidationError) as info:
        bizno.validate(value)
    assert info.value.code == code
    message = info.value.messages[0]
    assert korean in message
    assert any("\uac00" <= ch <= "\ud7a3" for ch in message)  # written in Hangul


def test_spaces_are_ignored_and_full_width_digits_refused():
    assert bizno.validate(" 120 81 47521 ") == "1208147521"
    with pytest.raises(ValidationError):
        bizno.validate("１２０８１４７５２１")  # full-width digits are not ASCII digits
