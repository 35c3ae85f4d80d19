"""The map-layer contract (dashboard/extensions.py, MAP_LAYERS): an app's figure becomes a map indicator,
is served by the API, shows in the drill-down and is exported; missing figures stay "no data"."""

import datetime
import io
import types

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from openpyxl import load_workbook

from dashboard import extensions, formats, hotline_blocks

D = datetime.date


def fake_provider(world):
    """An app that stores a score for D1 and dong A only (D2, D3 and dong B have none)."""
    module = types.ModuleType("fakeapp.dashboard_blocks")
    module.MAP_LAYERS = [{"key": "fake_score", "label": "주민 체감 점수", "format": "score"}]

    def aggregate(*, local_government_id, month, as_of):
        if local_government_id != world.government.pk:
            return {}
        return {("district", world.d1.pk): {"fake_score": 3.25}, ("dong", world.dong_a.pk): {"fake_score": 2.5},
                ("district", world.d3.pk): {"fake_score": "not a number"}}

    module.aggregate = aggregate
    return module


@pytest.fixture
def layered_world(small_world, aggregate, monkeypatch):
    monkeypatch.setattr(extensions, "providers", lambda: (hotline_blocks, fake_provider(small_world)))
    aggregate(small_world, D(2025, 3, 1))
    return small_world


def by_id(features):
    return {feature["id"]: feature["properties"] for feature in features}


def test_the_layer_is_offered_next_to_the_maps_own_indicators(layered_world, official_client):
    definitions = {item["key"]: item for item in formats.indicator_definitions()}
    assert definitions["fake_score"] == {"key": "fake_score", "label": "주민 체감 점수", "kind": "score",
                                         "scheme": "sequential", "layer": True}
    # The hotline is the first real provider: tickets per district.
    assert definitions["hotline_received"]["kind"] == "count" and definitions["hotline_received"]["layer"]
    assert [item["key"] for item in formats.indicator_definitions()][0] == "franchise_rate_eligible"

    html = official_client.get("/dashboard/?month=2025-03").content.decode()
    assert '<option value="fake_score">주민 체감 점수</option>' in html
    assert html.index('value="sales_yoy"') < html.index("<optgroup") < html.index('value="fake_score"')
    assert "<th scope=\"col\" class=\"app-num\">주민 체감 점수</th>" in html  # the table twin's column


def test_the_api_serves_the_layer_per_district_and_dong_with_nulls(layered_world, official_client):
    world = layered_world
    features = by_id(official_client.get("/api/dashboard/districts.geojson?month=2025-03").json()["features"])
    assert features[world.d1.pk]["fake_score"] == 3.25
    assert features[world.d2.pk]["fake_score"] is None  # not stored: no data, not 0
    assert features[world.d3.pk]["fake_score"] is None  # not a number: no data
    # Each district has a point inside it for its symbol at low zoom.
    lon, lat = features[world.d1.pk]["pt"]
    assert world.d1.min_lon <= lon <= world.d1.max_lon and world.d1.min_lat <= lat <= world.d1.max_lat
    # The hotline's layer: no ticket is a real zero.
    assert features[world.d1.pk]["hotline_received"] == 0

    dongs = {d["id"]: d for d in official_client.get("/api/dashboard/breakdowns?month=2025-03").json()["dongs"]}
    assert dongs[world.dong_a.pk]["fake_score"] == 2.5
    assert dongs[world.dong_b.pk]["fake_score"] is None

    detail = official_client.get(f"/api/dashboard/districts/{world.d1.pk}?month=2025-03").json()
    assert detail["layers"]["fake_score"] == 3.25


def test_the_export_has_a_column_per_layer(layered_world, official_client):
    world = layered_world
    book = load_workbook(io.BytesIO(official_client.get(reverse("dashboard:export") + "?month=2025-03").content))
    sheet = book["골목형상점가별"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("주민 체감 점수")
    # The hotline's layers are EXTRA_COLUMNS already: not exported twice.
    assert header.count("핫라인 민원 접수") == 1
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows[world.d1.code][column].value == 3.25
    assert rows[world.d1.code][column].number_format == "#,##0.0"
    assert rows[world.d2.code][column].value is None


@pytest.mark.parametrize("entry", [{"label": "no key"}, {"key": "x", "format": "stars"},
                                   {"key": "franchise_rate", "format": "percent"}, {"key": "name"}])
def test_a_malformed_layer_is_refused_by_name(monkeypatch, entry):
    module = types.ModuleType("badapp.dashboard_blocks")
    module.MAP_LAYERS = [entry]
    monkeypatch.setattr(extensions, "providers", lambda: (module,))
    with pytest.raises(ImproperlyConfigured, match="badapp"):
        extensions.map_layers()
