"""Fixtures of the sales tests: rate-limit counters and cached pages start empty, uploads go to a temporary folder."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return settings.MEDIA_ROOT
