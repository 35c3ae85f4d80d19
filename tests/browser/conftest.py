"""Browser tests: Playwright for Python driving Debian's /usr/bin/chromium (never a downloaded browser).

Every page a test visits goes through `axe_check`, which fails on serious or
critical accessibility violations (KWCAG 2.2 is WCAG-aligned) and on any
Content-Security-Policy violation the page has reported since it was opened.
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "tests" / "artifacts"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in
# test code are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _skip_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"needs Debian chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "needs the playwright Python package (pip install -e .[dev])"
    if not AXE_JS.exists():
        return "needs node_modules/axe-core (npm ci)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # `expect()` retries as long as a page's own waits do (open_page)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


# Runs in every document before its own scripts (init scripts are not subject to the page's CSP):
# each blocked inline script, style or source is reported back to the test.
RECORD_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.URL}:${e.lineNumber} ${e.sample || ""}`);
});
"""


def open_page(browser, *, phone: bool = False):
    """A page in a fresh context (its own cookies): Korean locale, map tiles blocked so tests never
    touch the network, JavaScript errors collected in `page.js_errors`, Content-Security-Policy
    violations (across navigations) in `page.csp_violations`."""
    context = browser.new_context(locale="ko-KR", **(PHONE if phone else DESKTOP))
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.js_errors = []
    page.csp_violations = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.expose_function("__reportCspViolation", lambda text: page.csp_violations.append(text))
    page.on("console", lambda msg: page.csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.wait_for_function = lambda expression, **kwargs: wait_for_function(page, expression, **kwargs)
    return page


def wait_for_function(page, expression: str, *, arg=None, timeout: float | None = None, polling=None):
    """Playwright's `wait_for_function` without `eval`: it compiles the predicate inside the page,
    which the Content-Security-Policy (no 'unsafe-eval') refuses. This polls `page.evaluate`,
    which runs through the DevTools protocol, with the same arguments and timeout error."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    is_function = re.match(r"\s*(async\s+)?(function\b|\(?[\w\s,\[\]{}]*\)?\s*=>)", expression)
    predicate = expression if is_function else f"function (arg) {{ return ({expression}); }}"
    timeout = 15_000 if timeout is None else timeout
    deadline = time.monotonic() + timeout / 1000
    interval = polling if isinstance(polling, int | float) else 100
    while True:
        try:
            value = page.evaluate(predicate, arg)
        except PlaywrightError as exc:  # the page navigated while the predicate ran: try again
            if "context was destroyed" not in str(exc) and "navigation" not in str(exc):
                raise
            value = None
        if value:
            return value
        if time.monotonic() >= deadline:
            raise PlaywrightTimeoutError(f"Timeout {timeout:.0f}ms exceeded waiting for {expression!r}")
        page.wait_for_timeout(interval)


@pytest.fixture
def page(browser, live_server):
    """A fresh desktop page."""
    page = open_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page (iPhone 13-like viewport, touch)."""
    page = open_page(browser, phone=True)
    yield page
    page.context.close()


def wait_until_served_ms_ago(page, ms: int) -> None:
    """Wait until the current document's response started `ms` milliseconds ago (the server stamped its form
    before that): for forms that refuse what is sent faster than a person types. Time the test already spent
    filling the form counts, where a fixed pause would add to it."""
    page.wait_for_function(
        "ms => performance.now() - performance.getEntriesByType('navigation')[0].responseStart >= ms", arg=ms)


def assert_no_csp_violations(page, *, context: str = "") -> None:
    """Fail if any page this one showed since it was opened reported a Content-Security-Policy violation."""
    if page.csp_violations:
        found = "\n".join(f"- {v}" for v in dict.fromkeys(page.csp_violations))
        pytest.fail(f"{context or page.url}: Content-Security-Policy violation(s):\n{found}")


def axe_check(page, *, context: str = "") -> list[dict]:
    """Run axe-core on the current page; fail on serious or critical violations and on any CSP violation."""
    page.wait_for_load_state()  # the whole document and its scripts (at once when it has loaded already)
    assert_no_csp_violations(page, context=context)
    # Evaluated through the DevTools protocol: a <script> tag would be (rightly) refused by the CSP.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
              resultTypes: ['violations']})"""
    )
    # axe injects <style> elements of its own, which the CSP refuses: once its reports have
    # arrived (a task later), forget them; the page's own were checked above.
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
    page.csp_violations.clear()
    serious = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    if serious:
        lines = [f"{context or page.url}: {len(serious)} serious/critical accessibility violation(s):"]
        for v in serious:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} -> {targets}")
        pytest.fail("\n".join(lines))
    return result["violations"]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ (git-ignored; CI keeps it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, username: str, password: str):
    """Log in through the real login form: for the tests of the form itself (one per persona type, the
    lockout tests) and the production smoke tests; every other browser test logs in by cookie (`login_as`)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.app-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def login_as(page, live_server, user):
    """Log `user` in by cookie: a session made server side with Django's test client (the same database
    as the live server, so `user_logged_in` stamps it just as the form does), its cookie added to the
    page's context, then the home page the login form would have redirected to."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.value,
                               "url": live_server.url, "httpOnly": True, "sameSite": "Lax"}])
    page.goto(f"{live_server.url}{resolve_url(settings.LOGIN_REDIRECT_URL)}")
    page.get_by_test_id("logout").wait_for()
