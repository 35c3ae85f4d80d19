"""load_dongs on the real Seo-gu boundary file."""

import json

import pytest
from django.core.management import CommandError, call_command

from districts.models import AdministrativeDong, LocalGovernment
from districts.services import dongs_load_geojson
from tests.conftest import GWANGJU_DONGS, SEOGU_DONGS

SEOGU_DONG_CODES = {
    "광천동": "29140730", "금호1동": "29140821", "금호2동": "29140824", "농성1동": "29140650",
    "농성2동": "29140660", "동천동": "29140840", "상무1동": "29140751", "상무2동": "29140752",
    "서창동": "29140800", "양3동": "29140590", "양동": "29140575", "유덕동": "29140740",
    "치평동": "29140745", "풍암동": "29140830", "화정1동": "29140760", "화정2동": "29140770",
    "화정3동": "29140780", "화정4동": "29140790",
}
SEOGU_OFFICIAL_AREA_KM2 = 47.8


@pytest.mark.django_db
def test_loads_the_18_real_dongs_with_names_and_8_digit_codes():
    call_command("load_dongs", str(SEOGU_DONGS), "--local-government", "29140")
    government = LocalGovernment.objects.get(code="29140")
    assert government.name == "광주광역시 서구"
    assert (government.min_stores, government.reference_area_m2, float(government.consent_ratio)) == (15, 2000, 0.5)
    dongs = dict(AdministrativeDong.objects.filter(local_government=government).values_list("name", "code"))
    assert dongs == SEOGU_DONG_CODES
    yangdong = AdministrativeDong.objects.get(code="29140575")
    assert yangdong.full_name == "광주광역시 서구 양동"
    assert yangdong.boundary["type"] == "MultiPolygon"


@pytest.mark.django_db
def test_dong_areas_add_up_to_seogu_official_area():
    call_command("load_dongs", str(SEOGU_DONGS))
    total_km2 = sum(AdministrativeDong.objects.values_list("area_m2", flat=True)) / 1_000_000
    assert total_km2 == pytest.approx(SEOGU_OFFICIAL_AREA_KM2, rel=0.02)


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    call_command("load_dongs", str(SEOGU_DONGS))
    before = list(AdministrativeDong.objects.order_by("code").values("id", "code", "name", "boundary", "area_m2",
                                                                      "updated_at"))
    call_command("load_dongs", str(SEOGU_DONGS))
    after = list(AdministrativeDong.objects.order_by("code").values("id", "code", "name", "boundary", "area_m2",
                                                                     "updated_at"))
    assert after == before


@pytest.mark.django_db
def test_other_government_from_the_all_gwangju_file():
    call_command("load_dongs", str(GWANGJU_DONGS), "--local-government", "29170")
    bukgu = LocalGovernment.objects.get(code="29170")
    assert bukgu.name == "광주광역시 북구"
    assert AdministrativeDong.objects.filter(local_government=bukgu).count() == 28
    assert not AdministrativeDong.objects.filter(code__startswith="29140").exists()


@pytest.mark.django_db
def test_invalid_geometry_is_rejected_naming_the_feature(tmp_path):
    data = json.loads(SEOGU_DONGS.read_text(encoding="utf-8"))
    broken = data["features"][3]
    ring = broken["geometry"]["coordinates"][0][0]
    ring[1], ring[2] = ring[2], ring[1]  # swap two vertices: the ring now crosses itself
    ring[5], ring[9] = ring[9], ring[5]
    path = tmp_path / "broken.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("load_dongs", str(path))
    message = str(excinfo.value)
    assert broken["properties"]["adm_nm"] in message
    assert "4" in message  # the feature number
    assert not AdministrativeDong.objects.exists()  # all or nothing


@pytest.mark.django_db
def test_unclosed_ring_and_garbage_files_give_clear_errors(tmp_path):
    data = json.loads(SEOGU_DONGS.read_text(encoding="utf-8"))
    data["features"][0]["geometry"]["coordinates"][0][0].pop()  # drop the closing position
    unclosed = tmp_path / "unclosed.geojson"
    unclosed.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="광천동|closed|닫혀"):
        call_command("load_dongs", str(unclosed))

    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("this is not json", encoding="utf-8")
    with pytest.raises(CommandError, match="GeoJSON"):
        call_command("load_dongs", str(garbage))

    with pytest.raises(CommandError):
        call_command("load_dongs", str(tmp_path / "missing.geojson"))


def test_the_fixtures_quick_copy_is_what_the_loader_saves(db):
    """tests/conftest.py's `load_seogu` runs the loader once a session, then inserts the rows it saved."""
    from tests.conftest import _DONG_FIELDS, load_seogu

    def saved():
        return list(AdministrativeDong.objects.order_by("code").values("local_government__code", *_DONG_FIELDS))

    dongs_load_geojson(path=SEOGU_DONGS, local_government_code="29140")
    by_the_loader = saved()
    AdministrativeDong.objects.all().delete()
    load_seogu()
    assert saved() == by_the_loader and len(by_the_loader) == 18
    AdministrativeDong.objects.all().delete()
    load_seogu()  # the copy
    assert saved() == by_the_loader
    assert len(dongs_load_geojson(path=SEOGU_DONGS, local_government_code="29140").unchanged) == 18
