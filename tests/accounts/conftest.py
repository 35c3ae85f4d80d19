import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters (password reset) start at zero in every test."""
    cache.clear()
    yield
    cache.clear()
