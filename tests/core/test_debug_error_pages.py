"""With DEBUG on (`make run`) an official or a merchant who hits a missing page or another
government's record gets the product's 404 page, not Django's technical page with the URL list;
a crash shows the product's 500 page. Staff keep the technical pages (issue 17)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import ProductErrorPagesInDebugMiddleware
from tests.conftest import client_for
from tests.factories import DistrictFactory, UserFactory

TECHNICAL = "Django tried these URL patterns"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_other_governments_record_shows_the_product_404(debug, official_client, bukgu):
    district = DistrictFactory(local_government=bukgu)
    response = official_client.get(reverse("districts:district_detail", args=[district.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "페이지를 찾을 수 없음" in html and '<html lang="ko">' in html
    assert TECHNICAL not in html and "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "merchant"])
def test_unknown_url_shows_the_product_404(debug, client, merchant_a_client, persona):
    http = client if persona == "anonymous" else merchant_a_client
    response = http.get("/no-such-page/anywhere/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "페이지를 찾을 수 없음" in html and TECHNICAL not in html and "URLconf" not in html


@pytest.mark.django_db
def test_staff_keep_the_technical_404(debug, seogu):
    staff = UserFactory(username="dev", is_staff=True, is_superuser=True)
    response = client_for(staff).get("/no-such-page/anywhere/")
    assert response.status_code == 404 and TECHNICAL in response.content.decode()


@pytest.mark.django_db
def test_a_crash_shows_the_product_500_page_and_is_logged(debug, caplog):
    request = RequestFactory().get("/some/page/")
    request.user = AnonymousUser()
    middleware = ProductErrorPagesInDebugMiddleware(lambda r: None)
    with caplog.at_level("ERROR", logger="django.request"):
        response = middleware.process_exception(request, RuntimeError("boom"))
    assert response.status_code == 500
    assert "문제가 생겼습니다" in response.content.decode()
    assert "boom" not in response.content.decode()
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_nothing_changes_with_debug_off(settings):
    settings.DEBUG = False
    request = RequestFactory().get("/some/page/")
    request.user = AnonymousUser()
    middleware = ProductErrorPagesInDebugMiddleware(lambda r: "passed through")
    assert middleware(request) == "passed through"
    assert middleware.process_exception(request, RuntimeError("boom")) is None
