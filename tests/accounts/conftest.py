import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """These tests log in with passwords many times; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
