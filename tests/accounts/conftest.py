import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """These tests log in with passwords many times; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters (password reset) start at zero in every test."""
    cache.clear()
    yield
    cache.clear()
