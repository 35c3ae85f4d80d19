"""The Content-Security-Policy in a real browser: the recorder that every browser test relies on
catches a violation, and the pages outside the product's own templates (the Django admin with its
map widget, Swagger UI) run under the policy without one."""

import pytest

from tests.browser.conftest import assert_no_csp_violations, login_as
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_recorder_catches_what_the_policy_refuses(page, live_server, seogu):
    page.goto(f"{live_server.url}/onnuri/sessions/")
    assert page.csp_violations == []
    page.evaluate("""() => {
        const box = document.createElement("div");
        box.innerHTML = '<img src="https://elsewhere.example/x.png" onerror="window.__ran = 1">';
        document.body.appendChild(box);
    }""")
    for _ in range(300):  # until both refusals are reported (or 15 s)
        found = " ".join(page.csp_violations)
        if "img-src" in found and "script-src" in found:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.__ran") is None
    assert "img-src" in found and "script-src" in found
    with pytest.raises(pytest.fail.Exception, match="Content-Security-Policy"):
        assert_no_csp_violations(page)


def test_admin_pages_and_the_map_widget_run_under_the_policy(page, live_server, admin_user, seogu):
    district = DistrictFactory(local_government=seogu, name="양동 골목")
    dong = seogu.dongs.get(name="양동")
    login_as(page, live_server, admin_user)
    for path in ("/admin/", "/admin/districts/district/", f"/admin/districts/district/{district.pk}/change/",
                 f"/admin/districts/administrativedong/{dong.pk}/change/", "/admin/merchants/store/",
                 "/admin/accounts/user/add/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("#content").is_visible(), path
        assert_no_csp_violations(page, context=path)
    page.goto(f"{live_server.url}/admin/districts/district/{district.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".leaflet-container .leaflet-overlay-pane path").count() >= 1  # the map script ran
    assert page.js_errors == []
    assert_no_csp_violations(page, context="district in the admin")


def test_swagger_ui_runs_under_the_policy(page, live_server, official):
    login_as(page, live_server, official)
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.js_errors == []
    assert_no_csp_violations(page, context="Swagger UI")
