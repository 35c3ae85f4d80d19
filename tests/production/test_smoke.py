"""Every persona's main pages on the production-mode stack (see conftest.py): no 5xx, no missing
static file, no console error, axe clean. Accounts are seed_demo's (README, "Demo accounts")."""

import re

import pytest

from tests.browser.conftest import axe_check, login, open_page

DEMO_PASSWORD = "demo-pass-2026"
TILES = "tile.openstreetmap.org"  # blocked by open_page: the failed tile loads are expected

PUBLIC_PAGES = ["/", "/onnuri/", "/onnuri/sessions/", "/hotline/report/", "/hotline/track/", "/perception/",
                "/accounts/login/"]
OFFICIAL_PAGES = [
    "/", "/dashboard/", "/dashboard/wall/", "/dashboard/impact/", "/districts/", "/districts/dongs/",
    "/stores/", "/stores/claims/", "/stores/imports/", "/onnuri/review/", "/onnuri/franchises/",
    "/onnuri/outreach/", "/onnuri/sessions/", "/hotline/", "/hotline/stats/", "/onnuri/", "/hotline/report/",
    "/associations/", "/associations/proposals/", "/projects/", "/perception/results/",
]
PERSONAS = {
    "official": OFFICIAL_PAGES,
    "bukgu": ["/", "/dashboard/", "/districts/", "/stores/", "/onnuri/review/", "/hotline/"],
    "merchant": ["/", "/stores/mine/", "/stores/find/", "/onnuri/my/", "/sales/", "/hotline/mine/", "/onnuri/"],
    "officer": ["/associations/mine/"],
    "admin": ["/admin/", "/admin/accounts/user/"],
}
# Django's stock admin markup (breadcrumb links, filter link sizes) is not ours to restyle: its pages
# are checked for errors and missing static files, axe only on the index.
AXE_SKIPPED = {"/admin/accounts/user/"}
# One detail page per list, reached by following the list's first link.
DETAIL_LINKS = {"official": {"/districts/": r"^/districts/\d+/$", "/stores/": r"^/stores/\d+/$",
                             "/onnuri/review/": r"^/onnuri/review/\d+/$", "/hotline/": r"^/hotline/tickets/\d+/$",
                             "/associations/": r"^/associations/\d+/$", "/projects/": r"^/projects/\d+/$",
                             "/perception/results/": r"^/perception/results/districts/\d+/(\?quarter=\w+)?$"}}


class Watched:
    """A page that records what a production smoke test must never see."""

    def __init__(self, browser):
        self.page = open_page(browser)
        self.problems: list[str] = []
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("console", self._on_console)

    def _on_response(self, response):
        if response.status >= 500:
            self.problems.append(f"{response.status} {response.url}")
        elif "/static/" in response.url and response.status >= 400:
            self.problems.append(f"missing static file: {response.status} {response.url}")

    def _on_failed(self, request):
        if TILES not in request.url:
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_console(self, message):
        if message.type == "error" and TILES not in (message.location or {}).get("url", ""):
            self.problems.append(f"console error: {message.text} at {message.location}")

    def visit(self, base_url: str, path: str):
        response = self.page.goto(base_url + path)
        self.page.wait_for_load_state("networkidle")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert "/accounts/login/" not in self.page.url or path == "/accounts/login/", f"{path} sent us to login"
        self.check(path)  # the page's own problems, before axe touches it
        if path not in AXE_SKIPPED:
            before = len(self.problems)
            axe_check(self.page, context=path)
            # axe injects <style> elements of its own, which the CSP rightly refuses (axe_check forgets
            # the same reports); any other console error while axe ran still counts.
            self.problems[before:] = [problem for problem in self.problems[before:]
                                      if "Applying inline style violates" not in problem]
        self.check(path)

    def check(self, where: str):
        problems = self.problems + [f"javascript error: {error}" for error in self.page.js_errors]
        assert not problems, f"{where}:\n" + "\n".join(problems)

    def close(self):
        self.page.context.close()


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.close()


def test_anonymous_pages(watched, server):
    for path in PUBLIC_PAGES:
        watched.visit(server.url, path)


def test_a_request_id_and_compression_on_the_wire(watched, server):
    """The page itself arrives gzipped with an X-Request-ID (what a proxy or browser sees)."""
    response = watched.page.goto(server.url + "/onnuri/")
    headers = response.all_headers()
    assert headers.get("content-encoding") == "gzip"
    assert re.fullmatch(r"[0-9a-f]{16}", headers.get("x-request-id", ""))
    watched.check("/onnuri/")


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_persona_main_pages(watched, server, persona):
    login(watched.page, server, persona, DEMO_PASSWORD)
    assert "/accounts/login/" not in watched.page.url, f"{persona} could not log in over plain http"
    watched.check(f"login as {persona}")
    for path in PERSONAS[persona]:
        watched.visit(server.url, path)
        pattern = DETAIL_LINKS.get(persona, {}).get(path)
        if pattern:
            hrefs = watched.page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            detail = next((href for href in hrefs if re.match(pattern, href)), None)
            assert detail, f"no link matching {pattern} on {path} (the demo data should fill it)"
            watched.visit(server.url, detail)
