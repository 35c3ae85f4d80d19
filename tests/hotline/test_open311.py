"""Open311 GeoReport v2: services, posting and reading requests, the specification's errors, api keys."""

import datetime
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from hotline import services
from hotline.models import Open311Client, Ticket
from tests.factories import YANGDONG_LAT, YANGDONG_LON

from .conftest import at, file_ticket

SERVICES = "/open311/v2/services.json"
REQUESTS = "/open311/v2/requests.json"


@pytest.fixture
def api_key(seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    _client, key = services.open311_client_create(name="동네앱", local_government=seogu)
    return key


def post_request(client, key, **overrides):
    data = {"api_key": key, "service_code": "noise", "lat": str(YANGDONG_LAT), "long": str(YANGDONG_LON),
            "description": "새벽까지 소음이 심합니다", "email": "app-user@example.kr", "first_name": "길동",
            "last_name": "홍", "phone": "010-2222-3333", "media_url": "http://example.org/photo.jpg"}
    data.update(overrides)
    return client.post(REQUESTS, {k: v for k, v in data.items() if v is not None})


@pytest.mark.django_db
def test_service_list_follows_the_spec(client):
    response = client.get(SERVICES)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert [s["service_code"] for s in body][:3] == ["parking", "noise", "cleanliness"]
    parking = body[0]
    assert set(parking) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert parking["service_name"] == "주차" and parking["metadata"] is False and parking["type"] == "realtime"
    assert len(body) == 8


def test_post_then_read_it_back(client, api_key):
    response = post_request(client, api_key)
    assert response.status_code == 200
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    ticket = Ticket.objects.get(pk=created["service_request_id"])
    assert ticket.source == Ticket.Source.OPEN311 and ticket.dong.name == "양동"
    assert ticket.reporter_name == "홍 길동" and ticket.reporter_email == "app-user@example.kr"

    [read] = client.get(f"/open311/v2/requests/{ticket.pk}.json").json()
    assert read["service_request_id"] == str(ticket.pk) and read["status"] == "open"
    assert read["service_code"] == "noise" and read["description"] == "새벽까지 소음이 심합니다"
    assert read["lat"] == pytest.approx(YANGDONG_LAT) and read["long"] == pytest.approx(YANGDONG_LON)
    requested = parse_datetime(read["requested_datetime"])
    assert requested.utcoffset() == datetime.timedelta(hours=9)
    assert read["expected_datetime"].startswith(ticket.due_date.isoformat())
    assert "app-user@example.kr" not in str(read) and "010-2222-3333" not in str(read)  # never public

    listed = client.get(REQUESTS).json()
    assert [r["service_request_id"] for r in listed] == [str(ticket.pk)]


def test_an_address_string_alone_is_accepted(client, api_key):
    response = post_request(client, api_key, lat=None, long=None, address_string="양동시장 2번 출입구")
    assert response.status_code == 200
    assert Ticket.objects.get().address == "양동시장 2번 출입구"


@pytest.mark.parametrize("overrides,status,fragment", [
    ({"service_code": None}, 400, "service_code"),
    ({"service_code": "potholes"}, 404, "potholes"),
    ({"lat": None, "long": None}, 400, "address_string"),
    ({"description": ""}, 400, "description"),
    ({"lat": "north", "long": "east"}, 400, "lat"),
])
def test_spec_errors(client, api_key, overrides, status, fragment):
    response = post_request(client, api_key, **overrides)
    assert response.status_code == status
    body = response.json()
    assert isinstance(body, list) and set(body[0]) == {"code", "description"}
    assert body[0]["code"] == status and fragment in body[0]["description"]
    assert not Ticket.objects.exists()


def test_a_missing_or_bad_api_key_is_403(client, api_key):
    for key in (None, "", "not-a-key", api_key[:-1] + ("A" if api_key[-1] != "A" else "B")):
        response = post_request(client, key)
        assert response.status_code == 403
        assert response.json()[0]["code"] == 403
    assert not Ticket.objects.exists()


def test_a_deactivated_client_is_403(client, api_key):
    Open311Client.objects.update(is_active=False)
    assert post_request(client, api_key).status_code == 403


def test_request_filters_and_the_90_day_default(client, seogu, official, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    recent_parking = file_ticket(seogu, code="parking")
    recent_noise = file_ticket(seogu, code="noise", description="새벽까지 소음이 심합니다")
    old = file_ticket(seogu, code="parking", filed_at=at(2024, 1, 8))
    services.ticket_reject(ticket_id=recent_noise.pk, official=official, reason="관할 밖")

    def ids(query=""):
        return {int(r["service_request_id"]) for r in client.get(REQUESTS + query).json()}

    assert ids() == {recent_parking.pk, recent_noise.pk}  # the last 90 days
    assert ids("?service_code=parking") == {recent_parking.pk}
    assert ids("?status=closed") == {recent_noise.pk}
    assert ids("?status=open") == {recent_parking.pk}
    assert ids("?start_date=2024-01-01T00:00:00+09:00&end_date=2024-02-01T00:00:00+09:00") == {old.pk}
    assert ids(f"?service_request_id={old.pk},{recent_noise.pk}") == {old.pk, recent_noise.pk}
    assert client.get(REQUESTS + "?start_date=yesterday").status_code == 400
    assert client.get(REQUESTS + "?status=pending").status_code == 400
    closed = client.get(f"/open311/v2/requests/{recent_noise.pk}.json").json()[0]
    assert closed["status"] == "closed" and closed["status_notes"] == "관할 밖"


def test_unknown_request_is_404_and_other_governments_are_separate(client, seogu, bukgu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    ticket = file_ticket(seogu)
    response = client.get("/open311/v2/requests/999999.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404
    assert client.get(f"/open311/v2/requests/{ticket.pk}.json?jurisdiction_id=29170").status_code == 404
    assert client.get(REQUESTS + "?jurisdiction_id=29170").json() == []


def test_xml_format(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    ticket = file_ticket(seogu)
    response = client.get("/open311/v2/requests.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == str(ticket.pk)
    services_xml = ElementTree.fromstring(client.get("/open311/v2/services.xml").content)
    assert services_xml.find("service/metadata").text == "false"


def test_open311_key_command_prints_a_key_and_stores_only_its_hash(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    out = StringIO()
    call_command("open311_key", "시민제보앱", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    app = Open311Client.objects.get(name="시민제보앱")
    assert len(key) >= 40 and key not in app.key_hash and app.key_hash == services.hash_api_key(key)
    assert app.local_government == seogu
    assert post_request(client, key).status_code == 200


@pytest.mark.parametrize("url", [
    "/open311/v2/requests/%C2%B2.json",  # '²' passes str.isdigit() but is no number
    "/open311/v2/requests/99999999999999999999999.json",
    "/open311/v2/requests/%00.json",
    REQUESTS + "?service_request_id=%C2%B2",
    REQUESTS + "?service_request_id=1,99999999999999999999999",
    REQUESTS + "?start_date=2026-02-30",
    REQUESTS + "?end_date=2026-13-45T99:99:99",
    REQUESTS + "?start_date=2026-11-01T25:00:00",
    REQUESTS + "?end_date=0001-01-01",  # the 90-day default before it would not exist
    REQUESTS + "?start_date=9999-12-31T23:59:59-09:00",
    REQUESTS + "?service_code=noise%00",
])
def test_malformed_ids_and_impossible_dates_are_400_in_the_spec_format(client, seogu, settings, url):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    response = client.get(url)
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and error["description"]


def test_a_malformed_id_is_400_in_xml_too(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    response = client.get("/open311/v2/requests/%C2%B2.xml")
    assert response.status_code == 400
    assert ElementTree.fromstring(response.content).find("error/code").text == "400"


@pytest.mark.parametrize("field", ["description", "service_code", "address_string", "first_name", "phone", "email"])
def test_a_nul_byte_in_any_posted_field_is_400_and_files_nothing(client, api_key, field):
    value = {"description": "소음\x00", "service_code": "noise\x00"}.get(field, "x\x00")
    response = post_request(client, api_key, **{field: value})
    assert response.status_code == 400
    assert "NUL" in response.json()[0]["description"]
    assert not Ticket.objects.exists()
