"""Issue 17: the Django admin's dong "add" page runs its map widget without a JavaScript error and
the admin pages officials' staff use are axe clean; so is the API documentation (/api/docs/)."""

import pytest

from tests.browser.conftest import axe_check, login_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_dong_add_page_has_no_script_error_and_admin_pages_are_axe_clean(page, live_server, admin_user,
                                                                             seogu):
    login_as(page, live_server, admin_user)
    for path in ("/admin/", "/admin/districts/administrativedong/", "/admin/districts/administrativedong/add/"):
        page.goto(f"{live_server.url}{path}")
        page.locator("#content").wait_for()
        axe_check(page, context=path)
    page.wait_for_function("document.querySelector('.leaflet-container') !== null")
    assert page.js_errors == []


def test_api_docs_are_axe_clean(page, live_server):
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_function("document.querySelector('.swagger-ui .opblock') !== null", timeout=30_000)
    assert page.evaluate("document.documentElement.lang") == "ko"
    axe_check(page, context="/api/docs/")
    page.locator(".swagger-ui .opblock-summary-control").first.click()
    page.locator(".swagger-ui .opblock.is-open .opblock-body").first.wait_for()
    # the path's copy button is a 24 px target whether or not the pointer rests on its row
    copy = page.locator(".swagger-ui .opblock-summary .copy-to-clipboard button").first
    for where in ("hovered", "not hovered"):
        box = copy.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, where
        page.mouse.move(0, 0)
    axe_check(page, context="/api/docs/ with an operation open")
    assert page.js_errors == []
