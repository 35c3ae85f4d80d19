"""/api/applications/ and /api/franchises/: scoped by persona, decisions through the services,
fixed query counts, present in the OpenAPI schema."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from giftcerts.models import Franchise, FranchiseApplication
from tests.factories import FranchiseFactory, StoreFactory
from tests.giftcerts.factories import ApplicationFactory, DocumentFactory

Status = FranchiseApplication.Status
LIST = reverse("giftcerts_api:application-list")


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def submitted(store_a):
    application = ApplicationFactory(store=store_a, status=Status.SUBMITTED, submitted_at=timezone.now())
    DocumentFactory(application=application)
    return application


def detail(application, action=None):
    if action:
        return reverse(f"giftcerts_api:application-{action}", args=[application.pk])
    return reverse("giftcerts_api:application-detail", args=[application.pk])


def test_merchants_see_their_own_applications_only(merchant_a, merchant_b, submitted):
    assert [a["id"] for a in api(merchant_a).get(LIST).json()["results"]] == [submitted.pk]
    assert api(merchant_b).get(LIST).json()["results"] == []
    assert api(merchant_b).get(detail(submitted)).status_code == 404


def test_officials_see_their_governments_applications(official, official_other, submitted):
    assert [a["id"] for a in api(official).get(LIST).json()["results"]] == [submitted.pk]
    assert api(official_other).get(LIST).json()["results"] == []
    assert api(official_other).get(detail(submitted)).status_code == 404


def test_anonymous_gets_403(submitted):
    assert api().get(LIST).status_code == 403
    assert api().get(reverse("giftcerts_api:franchise-list")).status_code == 403


def test_the_detail_carries_the_live_eligibility(merchant_a, submitted):
    data = api(merchant_a).get(detail(submitted)).json()
    assert [r["code"] for r in data["current_eligibility"]] == ["store_open", "location", "business_type",
                                                               "business_number", "no_active_franchise", "no_ban",
                                                               "revenue"]
    assert all(r["passed"] for r in data["current_eligibility"])
    assert data["store"]["name"] == "양동국밥" and data["document_count"] == 1


def test_an_official_approves_through_the_api(official, submitted):
    response = api(official).post(detail(submitted, "approve"), {"message": "API 승인"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert Franchise.objects.get(application=submitted).status == "active"
    again = api(official).post(detail(submitted, "approve"), {}, format="json")
    assert again.status_code == 409 and "검토 중인 신청만" in again.json()["detail"]


def test_merchants_cannot_decide_and_officials_cannot_submit(merchant_a, official, submitted):
    assert api(merchant_a).post(detail(submitted, "approve"), {}, format="json").status_code == 403
    assert api(official).post(detail(submitted, "submit"), {}, format="json").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_supplement_request_without_a_message_is_a_400(official, submitted):
    response = api(official).post(detail(submitted, "request-supplement"), {"message": ""}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "message"


def test_the_merchant_withdraws_through_the_api(merchant_a, submitted):
    response = api(merchant_a).post(detail(submitted, "withdraw"), {"message": "나중에"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_the_application_list_runs_a_fixed_number_of_queries(official, seogu, yangdong, district, merchant_a,
                                                              django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            store = StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_a.merchant)
            DocumentFactory(application=ApplicationFactory(store=store, status=Status.SUBMITTED))

    make(2)
    with django_assert_max_num_queries(8) as small:
        api(official).get(LIST)
    make(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api(official).get(LIST).json()["count"] == 22


def test_franchises_are_for_officials_of_the_government(official, official_other, merchant_a, store_a,
                                                         django_assert_max_num_queries):
    FranchiseFactory(store=store_a)
    url = reverse("giftcerts_api:franchise-list")
    with django_assert_max_num_queries(6):
        data = api(official).get(url).json()
    assert [f["store"]["name"] for f in data["results"]] == ["양동국밥"]
    assert api(official_other).get(url).json()["results"] == []
    assert api(merchant_a).get(url).status_code == 403
    assert api(official).get(url, {"status": "cancelled"}).json()["results"] == []


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    for path in ("/api/applications/", "/api/applications/{id}/approve/", "/api/franchises/",
                 "/api/onnuri-stores/"):
        assert path in schema["paths"], path
