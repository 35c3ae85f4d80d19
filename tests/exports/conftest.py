import pytest


@pytest.fixture(autouse=True)
def small_inline_limit(settings, tmp_path):
    """Exports of more than 3 rows go to the background; files land in a temporary media folder."""
    settings.EXPORT_INLINE_MAX_ROWS = 3
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings
