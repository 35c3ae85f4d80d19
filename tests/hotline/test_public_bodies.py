"""Open311 lists as versioned public bodies: 304 on a repeat, a new body when a ticket is filed or
changes, one jurisdiction's body never served for another, gzip and identity, XML kept apart."""

import gzip
import json

import pytest

from hotline import services

from .conftest import file_ticket

REQUESTS = "/open311/v2/requests.json"
SERVICES = "/open311/v2/services.json"


@pytest.fixture
def seogu_default(seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    return seogu


def ids(response) -> list[str]:
    return [row["service_request_id"] for row in json.loads(response.content)]


def test_a_repeat_visit_is_a_304(client, seogu_default):
    file_ticket(seogu_default)
    first = client.get(REQUESTS)
    assert first.status_code == 200 and first["ETag"] and "no-cache" in first["Cache-Control"]
    again = client.get(REQUESTS, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_new_ticket_gives_a_new_body(client, seogu_default):
    one = file_ticket(seogu_default)
    first = client.get(REQUESTS)
    two = file_ticket(seogu_default, code="noise")
    second = client.get(REQUESTS, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200 and sorted(ids(second)) == sorted([str(one.pk), str(two.pk)])


def test_a_status_change_gives_a_new_body(client, seogu_default, official):
    ticket = file_ticket(seogu_default)
    first = client.get(REQUESTS)
    services.ticket_reject(ticket_id=ticket.pk, official=official, reason="중복 신고입니다")
    second = client.get(REQUESTS, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200 and json.loads(second.content)[0]["status"] == "closed"


def test_jurisdictions_never_share_a_body(client, seogu_default, bukgu):
    seogu_ticket = file_ticket(seogu_default)
    bukgu_ticket = file_ticket(bukgu, lon=126.92, lat=35.19)
    seogu_list = client.get(REQUESTS)
    bukgu_list = client.get(REQUESTS, {"jurisdiction_id": "29170"})
    assert ids(seogu_list) == [str(seogu_ticket.pk)] and ids(bukgu_list) == [str(bukgu_ticket.pk)]
    assert client.get(REQUESTS, {"jurisdiction_id": "29170"},
                      headers={"If-None-Match": seogu_list["ETag"]}).status_code == 200


def test_gzip_and_identity_and_formats(client, seogu_default):
    file_ticket(seogu_default)
    zipped = client.get(REQUESTS, headers={"Accept-Encoding": "gzip"})
    plain = client.get(REQUESTS, headers={"Accept-Encoding": "identity"})
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
    xml = client.get("/open311/v2/requests.xml")
    assert xml["Content-Type"].startswith("text/xml") and xml.content.startswith(b"<?xml")
    assert xml["ETag"] != plain["ETag"]


def test_filters_are_answered_not_mixed_up(client, seogu_default):
    parking = file_ticket(seogu_default)
    noise = file_ticket(seogu_default, code="noise")
    assert ids(client.get(REQUESTS, {"service_code": "noise"})) == [str(noise.pk)]
    assert ids(client.get(REQUESTS, {"service_code": "parking"})) == [str(parking.pk)]
    assert client.get(REQUESTS, {"status": "maybe"}).status_code == 400
    assert client.get(REQUESTS, {"status": "maybe"}).status_code == 400  # an error is never kept


def test_the_services_list_answers_304_on_the_same_categories(client, seogu_default):
    first = client.get(SERVICES)
    assert client.get(SERVICES, headers={"If-None-Match": first["ETag"]}).status_code == 304
