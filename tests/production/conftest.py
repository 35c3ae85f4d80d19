"""Production smoke tests: a browser walks a running production-mode stack (DEBUG=0, collected static
files, gunicorn, Celery worker and beat) at PRODUCTION_BASE_URL. `.ci/production-stage` starts that
stack and runs them; without the variable there is no server to walk.

- `make test` on a plain machine: they skip, with the reason.
- CI's main run (ALLEY_REQUIRE_ALL=1, where a skip fails): they are deselected there, because the
  production stage that follows runs them against its own server.
"""

import os
from types import SimpleNamespace

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _skip_reason

BASE_URL = os.environ.get("PRODUCTION_BASE_URL", "").rstrip("/")
NO_SERVER = "needs a running production stack at PRODUCTION_BASE_URL (.ci/production-stage starts one and runs these)"


def _is_production_test(item) -> bool:
    return "tests/production/" in str(item.fspath).replace(os.sep, "/")


def pytest_report_header(config):
    if not BASE_URL:
        return f"production smoke tests: not run here ({NO_SERVER})"
    return f"production smoke tests against {BASE_URL}"


def pytest_collection_modifyitems(config, items):
    production = [item for item in items if _is_production_test(item)]
    if not production:
        return
    if not BASE_URL and os.environ.get("ALLEY_REQUIRE_ALL") == "1":
        config.hook.pytest_deselected(items=production)
        items[:] = [item for item in items if not _is_production_test(item)]
        return
    reason = NO_SERVER if not BASE_URL else _skip_reason()
    for item in production:
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def server():
    """Where the stack answers, shaped like pytest-django's live_server (for the browser helpers)."""
    return SimpleNamespace(url=BASE_URL)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
