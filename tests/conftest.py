"""Shared fixtures: the personas every test uses, and the real-data paths.

Personas (healthchecks' alice/bob/charlie pattern):
- `official`        an official of 광주 서구 (29140)
- `official_other`  an official of 광주 북구 (29170): must see nothing of 서구
- `merchant_a`, `merchant_b`  two merchants (users with a Merchant profile)
- anonymous         the plain `client`
"""

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from districts.services import dongs_load_geojson

DATA = Path(settings.BASE_DIR) / "data"
SEOGU_DONGS = DATA / "gwangju-seogu-dongs.geojson"
GWANGJU_DONGS = DATA / "gwangju-dongs.geojson"
YANGDONG_STORES = DATA / "gwangju-seogu-yangdong-market-stores-20211119.csv"
MALBAWI_STORES = DATA / "gwangju-bukgu-malbawi-market-stores-20211119.csv"
PASSWORD = "test-pass-2026!"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hasher():
    """Personas and logins hash passwords in almost every test; PBKDF2 is slow on purpose (tests only).

    Its own override, not pytest-django's `settings` fixture: taking that here would set it up before every
    other fixture and so restore a test's settings (an unreachable cache, say) only after their teardown.
    """
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@contextmanager
def shared_world(django_db_blocker):
    """A world built once for a group of tests (a class-scoped fixture), then rolled back.

    Use in a fixture: `with shared_world(django_db_blocker) as build: yield build(make_world)`. The world is
    written inside an outer transaction; each test's own `db` transaction is a savepoint inside it, so whatever
    a test changes is undone before the next test, which finds the world exactly as built. When the group is
    done the outer transaction is rolled back: no other test sees the world. Not for `transactional_db` tests.
    """
    from django.db import transaction

    def build(make_world, *args, **kwargs):
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            return make_world(*args, **kwargs)

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield build
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# The dongs each (file, government) gave the real loader, as the field values it saved: most tests start
# from 서구 or 북구, and parsing, validating and projecting their boundaries again each time (about 0.3 s
# each) was a tenth of the suite's time.
_LOADED_DONGS: dict[tuple[Path, str], list[dict]] = {}
_DONG_FIELDS = ("code", "name", "full_name", "boundary", "area_m2", "min_lon", "min_lat", "max_lon", "max_lat")


def load_dongs(path: Path, code: str):
    """The local government `code` with the dongs of `path`, as `dongs_load_geojson` leaves them.

    The first time in a session (or when any of those dongs is in the database already) this runs the real
    loader and keeps what it saved; afterwards it inserts the same rows at once (the loader's own tests,
    tests/districts/test_load_dongs.py, call it directly)."""
    from districts.models import AdministrativeDong, LocalGovernment
    from districts.services import local_government_get_or_create

    rows = _LOADED_DONGS.get((path, code))
    if rows is None or AdministrativeDong.objects.filter(code__in=[row["code"] for row in rows]).exists():
        result = dongs_load_geojson(path=path, local_government_code=code)
        codes = result.created + result.updated + result.unchanged
        _LOADED_DONGS[(path, code)] = list(AdministrativeDong.objects.filter(code__in=codes).order_by("code")
                                          .values(*_DONG_FIELDS))
        return LocalGovernment.objects.get(code=code)
    government = local_government_get_or_create(code=code)
    AdministrativeDong.objects.bulk_create(AdministrativeDong(local_government=government, **row) for row in rows)
    return government


def load_seogu():
    """광주광역시 서구 with its 18 real dongs."""
    return load_dongs(SEOGU_DONGS, "29140")


def load_bukgu():
    """광주광역시 북구 with its 28 real dongs (from the all-Gwangju file)."""
    return load_dongs(GWANGJU_DONGS, "29170")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request in English leaves English active in the
    thread (LocaleMiddleware activates, nothing deactivates), which would leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_public_bodies():
    """Public bodies kept in this process must not outlive the test's rolled-back version rows."""
    from core import public_bodies

    public_bodies.memory.clear()
    yield
    public_bodies.memory.clear()


@pytest.fixture(autouse=True)
def fresh_demo_flag():
    """The demo-data flag kept in this process must not outlive the test's rolled-back DemoData row: each
    test starts with no mark, as its database holds none (a DemoData write forgets this at once)."""
    from core import demo_flag

    demo_flag.assume(False)
    yield
    demo_flag.forget()


@pytest.fixture
def seogu(db):
    """광주광역시 서구 with its 18 real dongs."""
    return load_seogu()


@pytest.fixture
def bukgu(db):
    """광주광역시 북구 with its 28 real dongs (from the all-Gwangju file)."""
    return load_bukgu()


def make_user(username, *, role="", local_government=None, **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, role=role, local_government=local_government,
        email=f"{username}@example.kr", **extra,
    )
    if role == "merchant":
        from merchants.models import Merchant

        Merchant.objects.create(user=user)
    return user


@pytest.fixture
def official(seogu):
    return make_user("official_seogu", role="official", local_government=seogu, last_name="김", first_name="서구")


@pytest.fixture
def official_other(bukgu):
    return make_user("official_bukgu", role="official", local_government=bukgu, last_name="박", first_name="북구")


@pytest.fixture
def merchant_a(db):
    return make_user("merchant_a", role="merchant", last_name="최", first_name="상인")


@pytest.fixture
def merchant_b(db):
    return make_user("merchant_b", role="merchant", last_name="정", first_name="상인")


@pytest.fixture
def admin_user(db):
    return make_user("admin_user", is_staff=True, is_superuser=True)


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def official_client(official):
    return client_for(official)


@pytest.fixture
def other_official_client(official_other):
    return client_for(official_other)


@pytest.fixture
def merchant_a_client(merchant_a):
    return client_for(merchant_a)


@pytest.fixture
def merchant_b_client(merchant_b):
    return client_for(merchant_b)


@pytest.fixture
def admin_client_user(admin_user):
    return client_for(admin_user)


def pytest_runtest_makereport(item, call):
    """In CI (ALLEY_REQUIRE_ALL=1) a test skipped for a missing service is a failure."""
    import os

    if os.environ.get("ALLEY_REQUIRE_ALL") != "1" or call.excinfo is None:
        return None
    if call.excinfo.errisinstance(pytest.skip.Exception):
        from _pytest.reports import TestReport

        report = TestReport.from_item_and_call(item, call)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every service must be present: {call.excinfo.value}"
        return report
    return None
