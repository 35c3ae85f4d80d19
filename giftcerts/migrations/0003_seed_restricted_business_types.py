"""Seed the restricted business types the law names, with real SEMAS 상권업종 codes.

The full list (28 types in the enforcement decree) must be checked against the
current 「전통시장 및 상점가 육성을 위한 특별법 시행령」; officials edit it in the admin.
"""

from django.db import migrations

GROUND = "「전통시장 및 상점가 육성을 위한 특별법」 및 같은 법 시행령: 온누리상품권 가맹점 등록 제한 업종"

RESTRICTED = [
    # code (SEMAS 상권업종 code or prefix), name, category, note
    ("I21101", "일반 유흥 주점", "유흥주점업", "SEMAS 소분류 I21101 (음식 > 주점)"),
    ("I21102", "무도 유흥 주점", "유흥주점업 (무도 유흥 주점 등 그 밖의 유흥업소)", "SEMAS 소분류 I21102 (음식 > 주점)"),
    ("R10410", "복권 발행/판매업", "사행시설 관리·운영업 (사행업)", "SEMAS 소분류 R10410 (예술·스포츠 > 유원지·오락)"),
    ("L1", "부동산 (중개/대리업 L10203 등 대분류 전체)", "부동산 중개·임대업", "SEMAS 대분류 L1 부동산"),
    ("", "금융·보험업", "금융업·보험업",
     "SEMAS 상권업종분류(2023)에는 금융·보험 업종이 없어 코드 없이 기록합니다. "
     "해당 점포는 담당자가 사업자등록증의 업태·종목으로 확인합니다."),
]


def seed(apps, schema_editor):
    RestrictedBusinessType = apps.get_model("giftcerts", "RestrictedBusinessType")
    for code, name, category, note in RESTRICTED:
        lookup = {"code": code} if code else {"code": "", "name": name}
        RestrictedBusinessType.objects.get_or_create(
            **lookup, defaults={"name": name, "category": category, "legal_ground": GROUND, "note": note})


def unseed(apps, schema_editor):
    RestrictedBusinessType = apps.get_model("giftcerts", "RestrictedBusinessType")
    for code, name, _category, _note in RESTRICTED:
        RestrictedBusinessType.objects.filter(code=code, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("giftcerts", "0002_onnuri_programme")]
    operations = [migrations.RunPython(seed, unseed)]
