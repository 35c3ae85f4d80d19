"""Responses are gzipped when the client accepts it (HTML, JSON, GeoJSON), never otherwise, with
Django's BREACH mitigations (random gzip header bytes, a masked CSRF token per response)."""

import gzip
import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import TextGZipMiddleware

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_json_is_gzipped_when_accepted(official_client):
    plain = official_client.get("/api/dongs/")
    zipped = official_client.get("/api/dongs/", **GZIP)
    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(zipped)
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3


def test_nothing_is_encoded_without_accept_encoding(official_client):
    response = official_client.get("/api/dongs/")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "accept-encoding" in vary(response)  # caches keep the two variants apart
    assert response.json()["type"] == "FeatureCollection"


def test_identity_only_client_gets_no_encoding(official_client):
    response = official_client.get("/api/dongs/", HTTP_ACCEPT_ENCODING="identity")
    assert not response.has_header("Content-Encoding")


@pytest.mark.django_db
def test_html_is_gzipped_and_each_response_differs_with_its_own_masked_csrf_token(client):
    first = client.get(reverse("accounts:login"), **GZIP)
    second = client.get(reverse("accounts:login"), **GZIP)
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert first.content != second.content  # random bytes in the gzip header (Heal The Breach)
    tokens = [re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(r.content)).group(1)
              for r in (first, second)]
    assert tokens[0] != tokens[1]  # masked anew per response


def test_already_compressed_downloads_are_left_alone():
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    for content_type in (xlsx, "image/jpeg", "application/pdf"):
        middleware = TextGZipMiddleware(lambda request, ct=content_type: HttpResponse(b"x" * 5000, content_type=ct))
        response = middleware(RequestFactory().get("/download", **GZIP))
        assert not response.has_header("Content-Encoding"), content_type
        assert response.content == b"x" * 5000
    text = TextGZipMiddleware(lambda request: HttpResponse(b"x" * 5000, content_type="text/csv; charset=utf-8"))
    assert text(RequestFactory().get("/download", **GZIP))["Content-Encoding"] == "gzip"
