"""The synthetic-demo-data banner: shown on every page (site, wall screen, admin, the public cached pages)
when seed_demo has marked the database, absent otherwise; read once per process and half minute."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import demo_flag
from core.models import DemoData

pytestmark = pytest.mark.django_db
BANNER = 'data-testid="demo-banner"'


def test_no_banner_without_the_mark_and_on_every_kind_of_page_with_it(client, official_client, admin_client, seogu):
    pages = [(client, "/onnuri/"), (client, "/accounts/login/"), (official_client, "/dashboard/"),
             (official_client, "/dashboard/wall/"), (admin_client, "/admin/")]
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        assert BANNER not in response.content.decode(), url

    demo_flag.mark(42)
    for who, url in pages:
        html = who.get(url).content.decode()
        assert BANNER in html, url
        assert "시연용 합성 데이터" in html and 'role="note"' in html, url

    DemoData.objects.all().delete()  # an operator removed the mark: the banner goes at once here
    assert BANNER not in client.get("/onnuri/").content.decode()


def test_the_public_cached_page_is_kept_apart_for_the_demo_mark(client, seogu):
    """/onnuri/ is rendered once per data version for anonymous visitors: the mark must not be lost in it."""
    assert BANNER not in client.get("/onnuri/").content.decode()
    DemoData.objects.create(pk=1, seeded_at="2026-01-01T00:00:00Z")  # signals forget the kept flag
    assert BANNER in client.get("/onnuri/").content.decode()


def test_the_flag_is_read_once_not_per_request(client, seogu):
    demo_flag.mark(42)
    client.get("/accounts/login/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/login/")
    assert not [q for q in queries.captured_queries if "core_demodata" in q["sql"]]


def test_seed_demo_marks_the_database(monkeypatch):
    import io

    from django.core.management import call_command

    monkeypatch.setattr("core.management.commands.seed_demo.DEMO_STEPS", [])
    call_command("seed_demo", "--seed", "7", stdout=io.StringIO())
    assert DemoData.objects.get().seed == 7
    assert demo_flag.holds_demo_data()
