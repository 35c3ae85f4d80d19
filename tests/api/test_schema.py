"""/api/schema/ says what the API really answers: every error status, null where null comes back, the
e-mail as returned, and the values the API refuses."""

import json

import pytest
from django.urls import reverse

from .schema import openapi_dict


@pytest.fixture(scope="module")
def document():
    return openapi_dict()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def component(document, name):
    return document["components"]["schemas"][name]


def test_the_served_schema_is_the_one_these_tests_read(client, db, document):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    assert json.loads(response.content) == document


def test_every_protected_operation_documents_403_and_the_public_one_does_not(document):
    for path, method, operation in operations(document):
        public = path == "/api/onnuri-stores/"
        assert ("403" in operation["responses"]) is not public, (method, path)


def test_every_operation_on_an_object_documents_404(document):
    for path, method, operation in operations(document):
        if "{id}" in path:
            assert "404" in operation["responses"], (method, path)


def test_every_operation_that_reads_input_documents_400_except_those_that_ignore_bad_values(document):
    lenient = {("get", "/api/tickets/"), ("get", "/api/hotline/stats"), ("get", "/api/dashboard/stores.json")}
    for path, method, operation in operations(document):
        takes_input = "requestBody" in operation or any(
            p["in"] == "query" and p["name"] != "page" for p in operation.get("parameters", []))
        if takes_input and (method, path) not in lenient:
            assert "400" in operation["responses"], (method, path)
    for method, path in lenient:
        assert "400" not in document["paths"][path][method]["responses"], (method, path)


def test_decisions_document_the_409_of_a_transition_the_status_does_not_allow(document):
    for action in ("approve", "reject", "request-supplement", "submit", "withdraw"):
        responses = document["paths"][f"/api/applications/{{id}}/{action}/"]["post"]["responses"]
        assert responses["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_errors_are_described_by_reusable_components(document):
    error = component(document, "Error")
    assert error["required"] == ["detail"] and error["properties"]["field"]["nullable"] is True
    validation = component(document, "ValidationError")
    assert {"$ref": "#/components/schemas/Error"} in validation["anyOf"]
    store = document["paths"]["/api/stores/{id}/"]["get"]["responses"]
    assert store["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert store["403"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_fields_that_can_be_null_are_nullable(document):
    ticket = component(document, "Ticket")["properties"]
    for name in ("assignee_name", "district_name", "dong_name", "dong", "district", "assignee", "store", "lon",
                 "lat", "merged_into", "closed_at"):
        assert ticket[name].get("nullable") is True, name
    store = component(document, "Store")["properties"]
    for name in ("industry", "dong", "district", "photo_url", "opened_on", "closed_on"):
        assert store[name].get("nullable") is True or any(
            s.get("nullable") for s in store[name].get("allOf", []) + store[name].get("oneOf", [])), name
    application = component(document, "Application")["properties"]
    assert application["submitted_at"]["nullable"] is True and application["decided_at"]["nullable"] is True
    district = component(document, "DistrictDetailProperties")["properties"]
    assert district["designated_on"]["nullable"] is True and district["revoked_on"]["nullable"] is True


def test_reporter_email_is_a_plain_string_because_an_empty_one_comes_back(document):
    email = component(document, "Ticket")["properties"]["reporter_email"]
    assert email["type"] == "string" and "format" not in email


def test_refused_parameter_values_are_in_the_schema(document):
    for path in ("/api/stores/", "/api/applications/", "/api/franchises/", "/api/tickets/"):
        page = next(p for p in document["paths"][path]["get"]["parameters"] if p["name"] == "page")
        assert page["schema"]["minimum"] == 1, path
    districts = {p["name"]: p["schema"] for p in document["paths"]["/api/districts/"]["get"]["parameters"]}
    assert districts["stores_min"]["minimum"] == 0 and districts["dong"]["pattern"] == "^([0-9]{8})?$"
    kpis = {p["name"]: p["schema"] for p in document["paths"]["/api/dashboard/kpis"]["get"]["parameters"]}
    assert kpis["month"]["pattern"].startswith("^")
    finder = {p["name"]: p["schema"] for p in document["paths"]["/api/onnuri-stores/"]["get"]["parameters"]}
    assert (finder["lat"]["minimum"], finder["lat"]["maximum"]) == (33, 39)


def test_page_zero_is_refused_as_the_schema_says(official_client):
    response = official_client.get("/api/stores/", {"page": 0})
    assert response.status_code == 404 and "detail" in response.json()


def test_an_unknown_api_path_answers_json_not_the_html_page(official_client, client, db):
    for url in ("/api/stores/abc/", "/api/stores/0.5/", "/api/no-such-thing/"):
        response = official_client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json" and "detail" in response.json()
    assert client.post("/api/stores/0.5/").status_code == 404  # no CSRF page in between


def test_a_decision_body_that_is_not_an_object_is_a_400(official_client, merchant_a, seogu):
    from tests.factories import StoreFactory
    from tests.giftcerts.factories import ApplicationFactory

    store = StoreFactory(local_government=seogu, owner=merchant_a.merchant)
    application = ApplicationFactory(store=store, status="submitted")
    url = reverse("giftcerts_api:application-approve", args=[application.pk])
    response = official_client.post(url, "[null, null]", content_type="application/json")
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "submitted"


def test_ticket_filters_ignore_digits_that_are_not_ascii(official_client, seogu):
    response = official_client.get("/api/tickets/", {"dong": "²", "district": "٣"})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_a_logged_in_post_without_the_csrf_token_is_the_documented_403(official, merchant_a, seogu):
    from django.test import Client

    from tests.factories import StoreFactory
    from tests.giftcerts.factories import ApplicationFactory

    store = StoreFactory(local_government=seogu, owner=merchant_a.merchant)
    application = ApplicationFactory(store=store, status="submitted")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(official)
    url = reverse("giftcerts_api:application-approve", args=[application.pk])
    response = browser.post(url, {"message": ""}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    application.refresh_from_db()
    assert application.status == "submitted"
