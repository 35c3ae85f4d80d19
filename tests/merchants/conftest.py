"""Fixtures of the store registry tests: private media, SEMAS files built from the real 양동 rows."""

import csv
from pathlib import Path

import pytest
from django.core.cache import cache

from merchants.importers import SEMAS_COLUMNS
from tests.conftest import YANGDONG_STORES

# The 양동 market rows as SEMAS would list them: industry by the market's own 분류.
SEMAS_INDUSTRY = {
    "수산물": ("G2", "소매", "G205", "식료품 소매", "G20505", "수산물 소매업"),
    "음식점": ("I2", "음식", "I201", "한식", "I20101", "백반/한정식"),
    "카페": ("I2", "음식", "I212", "비알코올", "I21201", "카페"),
}
DEFAULT_INDUSTRY = ("G2", "소매", "G205", "식료품 소매", "G20509", "반찬/식료품 소매업")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads, photos and import reports go to a temporary MEDIA_ROOT; rate-limit counters start at zero."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return settings.MEDIA_ROOT


def yangdong_market_rows() -> list[dict]:
    with open(YANGDONG_STORES, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def semas_row(store: dict, *, dong_code: str = "29140575", **overrides) -> list[str]:
    """One SEMAS 39-column row for a 양동 market store."""
    industry = SEMAS_INDUSTRY.get(store["분류"], DEFAULT_INDUSTRY)
    values = dict.fromkeys(SEMAS_COLUMNS, "")
    values.update({
        "상가업소번호": f"MA010120211119{int(store['점포(ID)']):06d}", "상호명": store["점포명"],
        "상권업종대분류코드": industry[0], "상권업종대분류명": industry[1], "상권업종중분류코드": industry[2],
        "상권업종중분류명": industry[3], "상권업종소분류코드": industry[4], "상권업종소분류명": industry[5],
        "시도코드": "29", "시도명": "광주광역시", "시군구코드": "29140", "시군구명": "서구",
        "행정동코드": dong_code, "행정동명": "양동", "지번주소": store["소재지지번주소"],
        "도로명주소": store["소재지도로명주소"], "건물명": store["시장명"], "층정보": "1",
        "경도": store["경도"], "위도": store["위도"],
    })
    values.update(overrides)
    return [values[name] for name in SEMAS_COLUMNS]


def write_semas(path: Path, rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    """Write like SEMAS does: every field quoted, CRLF line ends."""
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(SEMAS_COLUMNS)
        writer.writerows(rows)
    return path


def yangdong_as_semas(path: Path, *, encoding: str = "utf-8") -> Path:
    """All 422 양동 rows as a SEMAS file; 행정동코드 alternates between the 8- and 10-digit forms."""
    rows = [semas_row(store, dong_code="29140575" if i % 2 else "2914057500")
            for i, store in enumerate(yangdong_market_rows())]
    return write_semas(path, rows, encoding=encoding)


@pytest.fixture
def semas_file(tmp_path):
    return yangdong_as_semas(tmp_path / "semas-yangdong.csv")
