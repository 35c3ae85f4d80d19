"""A NUL character in a path, query or form field is a 400 in Korean everywhere, never a database error (500).

PostgreSQL refuses NUL in text; Django forms refuse it in CharFields, but hand-read query parameters,
URL parts and filters would pass it to a query."""

import pytest
from django.urls import reverse


def test_a_nul_in_a_search_query_is_400_in_korean(official_client):
    response = official_client.get(reverse("merchants:store_list"), {"q": "국밥\x00"})
    assert response.status_code == 400
    assert "NUL 문자" in response.content.decode()


def test_a_nul_in_a_url_part_is_400(official_client):
    response = official_client.get("/districts/dongs/29140%00/")
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_nul_in_an_api_query_is_a_json_400(client, seogu):
    response = client.get("/api/onnuri-stores/", {"q": "\x00"})
    assert response.status_code == 400
    assert "NUL 문자" in response.json()["detail"]


def test_a_nul_in_a_posted_field_name_or_value_is_400(official_client):
    url = reverse("merchants:store_list")
    assert official_client.post(url, {"q\x00": "x"}).status_code == 400
    assert official_client.post(url, {"q": "x\x00"}).status_code == 400


def test_the_same_requests_without_nul_are_answered(official_client, client, seogu):
    assert official_client.get(reverse("merchants:store_list"), {"q": "국밥"}).status_code == 200
    assert client.get("/api/onnuri-stores/", {"q": "국밥"}).status_code == 200
