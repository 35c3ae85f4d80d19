"""Demo data for `make run`: each app contributes an idempotent step.

Steps run in order; each takes (random_seed, log) and must be safe to run again.
Later issues append their steps to DEMO_STEPS.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "demo-pass-2026"

# (dotted path of a step function, description)
DEMO_STEPS: list[tuple[str, str]] = [
    ("core.demo.seed_governments_and_dongs", "local governments and real dong boundaries"),
    ("core.demo.seed_accounts", "demo accounts"),
    ("merchants.demo.seed_stores", "stores: 양동시장 (real) and synthetic 서구 stores, merchants' claims"),
    # districts: after the stores step (merchants), since districts are carved out of the stores,
    # and before the steps that place records in districts (hotline tickets).
    ("districts.demo.seed_districts", "alley districts (designated, drafts, one revoked)"),
    ("hotline.demo.seed_tickets", "a year of 119 Hotline tickets"),
    # giftcerts: needs the stores (merchants step) and designated districts (districts step) before it.
    ("giftcerts.demo.seed_franchises", "Onnuri franchises, applications, info sessions, recognised markets"),
    # consent: needs the districts (and their stores) of the districts step.
    ("consent.demo.seed_consents", "merchants' consent records for some districts (drafts, submitted, designated)"),
    # perception: needs the designated districts; before the dashboard step, whose aggregation reads it.
    ("perception.demo.seed_responses", "resident survey answers, 2025 Q1 – 2026 Q4 (synthetic)"),
    # projects: needs the designated districts; before the dashboard step, whose aggregation reads it.
    ("projects.demo.seed_projects", "special projects of the designated districts, 2024-2026 (synthetic)"),
    # associations: needs the designated districts and their stores; before the dashboard's aggregation.
    ("associations.demo.seed_associations", "merchant associations: officers, members, meetings (synthetic)"),
    # sales: needs the stores and the franchises (the uplift after joining Onnuri).
    ("sales.demo.seed_sales", "24 months of sales"),
    # Keep last: needs the stores, districts, franchises and sales of the steps above.
    ("dashboard.demo.seed_metrics", "the dashboard's monthly metrics"),
]


def seed_governments_and_dongs(seed: int, log: Callable[[str], None]) -> None:
    from districts.services import dongs_load_geojson

    data = settings.BASE_DIR / "data"
    for path, code in [
        (data / "gwangju-seogu-dongs.geojson", "29140"),
        (data / "gwangju-dongs.geojson", "29170"),
    ]:
        result = dongs_load_geojson(path=path, local_government_code=code)
        log(f"  {code}: {len(result.created)} dongs created, {len(result.updated)} updated")


DEMO_ACCOUNTS = [
    # username, role, government code, full name
    ("official", "official", "29140", "김서구"),
    ("official2", "official", "29140", "이담당"),
    ("bukgu", "official", "29170", "박북구"),
    ("merchant", "merchant", None, "최상인"),
    ("merchant2", "merchant", None, "정상인"),
    ("officer", "merchant", None, "한회장"),  # president of a merchant association (associations.demo)
]


@transaction.atomic
def seed_accounts(seed: int, log: Callable[[str], None]) -> None:
    from districts.models import LocalGovernment

    User = get_user_model()
    for username, role, code, full_name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={
            "role": role,
            "first_name": full_name[1:],
            "last_name": full_name[0],
            "email": f"{username}@example.kr",
            "local_government": LocalGovernment.objects.get(code=code) if code else None,
        })
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role == "merchant":
            from merchants.models import Merchant

            Merchant.objects.get_or_create(user=user)
    admin, created = User.objects.get_or_create(username="admin", defaults={
        "is_staff": True, "is_superuser": True, "email": "admin@example.kr"})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
