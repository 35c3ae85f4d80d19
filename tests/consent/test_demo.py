"""The demo step: records for the drafts and the submitted district, deterministic, some below ½, a
second run changes nothing."""

from consent.demo import seed_consents
from consent.models import ConsentRecord
from districts import selectors as district_selectors


def snapshot():
    return list(ConsentRecord.objects.order_by("district_id", "store_id", "status").values_list(
        "district_id", "store_id", "signer_name", "signer_role", "signed_on", "method", "status"))


def test_the_demo_step_is_deterministic_plausible_and_idempotent(w):
    logs = []
    seed_consents(42, logs.append)
    first = snapshot()
    assert first and "consent records" in logs[-1]
    rates = {d.name: district_selectors.district_consent(d) for d in (w.draft, w.submitted)}
    assert all(c.recorded for c in rates.values())
    assert rates["치평 동의 골목"].rate < 0.5 < rates["치평 제출 골목"].rate  # a draft fails, the submitted one passes
    assert ConsentRecord.objects.filter(status="withdrawn").exclude(withdrawal_reason="").exists()
    seed_consents(42, logs.append)
    assert snapshot() == first and "skipped" in logs[-1]
    ConsentRecord.objects.all().delete()
    seed_consents(42, logs.append)
    assert [row[1:] for row in snapshot()] == [row[1:] for row in first]


def test_the_step_runs_after_the_districts_and_before_the_dashboard():
    from core.demo import DEMO_STEPS

    paths = [path for path, _ in DEMO_STEPS]
    assert (paths.index("districts.demo.seed_districts") < paths.index("consent.demo.seed_consents")
            < paths.index("dashboard.demo.seed_metrics") == len(paths) - 1)
