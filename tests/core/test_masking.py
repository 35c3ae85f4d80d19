"""The one masking helper: what reporters type into public descriptions."""

import pytest

from core.masking import mask_personal_data


@pytest.mark.parametrize("number", [
    "010-1234-5678", "01012345678", "02-123-4567", "+82 10-1234-5678", "+82-10-1234-5678", "010.1234.5678",
    "010 1234 5678", "062-360-7114", "0507-1234-5678", "070-1234-5678",
])
def test_phone_numbers_are_masked(number):
    masked = mask_personal_data(f"연락 주세요 {number} 부탁")
    assert number not in masked
    assert masked.startswith("연락 주세요 ") and masked.endswith(" 부탁")
    assert not any(ch.isdigit() for ch in masked)


@pytest.mark.parametrize("rrn", ["900101-1234567", "9001011234567", "020315-4123456"])
def test_resident_registration_numbers_are_masked(rrn):
    assert mask_personal_data(f"주민번호 {rrn}입니다") == "주민번호 ******-*******입니다"


@pytest.mark.parametrize(("email", "shown"), [
    ("hong.gildong@example.kr", "h***@example.kr"),
    ("a+b@mail.co.kr", "a***@mail.co.kr"),
])
def test_email_addresses_are_masked(email, shown):
    masked = mask_personal_data(f"메일 {email} 로 답장")
    assert masked == f"메일 {shown} 로 답장"


def test_text_without_personal_data_is_unchanged():
    text = "양동시장 입구 불법 주차 3대, 2026-11-02 오전 10시부터. 가게 120곳, 2번 출구"
    assert mask_personal_data(text) == text


def test_several_kinds_in_one_text_and_empty_values():
    text = "홍길동 010-1234-5678, hong@example.kr, 900101-1234567"
    masked = mask_personal_data(text)
    assert "1234" not in masked and "hong@" not in masked and "900101" not in masked
    assert masked.startswith("홍길동 ")
    assert mask_personal_data("") == "" and mask_personal_data(None) == ""
