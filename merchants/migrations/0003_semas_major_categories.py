"""The ten SEMAS 상권업종 대분류 (2023 classification). Middle and minor levels arrive with the imports."""

from django.db import migrations

MAJORS = [
    ("I1", "숙박"),
    ("I2", "음식"),
    ("G2", "소매"),
    ("S2", "수리·개인"),
    ("M1", "과학·기술"),
    ("P1", "교육"),
    ("L1", "부동산"),
    ("R1", "예술·스포츠"),
    ("N1", "시설관리·임대"),
    ("Q1", "보건의료"),
]


def add_majors(apps, schema_editor):
    IndustryCategory = apps.get_model("merchants", "IndustryCategory")
    for code, name in MAJORS:
        IndustryCategory.objects.get_or_create(code=code, defaults={"name": name, "level": 1, "parent": None})


def remove_unused_majors(apps, schema_editor):
    IndustryCategory = apps.get_model("merchants", "IndustryCategory")
    IndustryCategory.objects.filter(code__in=[c for c, _ in MAJORS], children__isnull=True,
                                    stores__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("merchants", "0002_store_version_events_imports")]
    operations = [migrations.RunPython(add_majors, remove_unused_majors)]
