"""Officials' franchise list, franchise page with cancellation, and the document settings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from giftcerts import documents
from giftcerts.models import DocumentRequirement, Franchise
from giftcerts.rules import add_years
from tests.factories import FranchiseFactory, StoreFactory


@pytest.fixture
def franchise(store_a):
    today = timezone.localdate()
    return FranchiseFactory(store=store_a, number="29140-2026-00007", valid_from=today,
                            valid_until=add_years(today, 3))


def test_the_list_shows_the_governments_franchises(official_client, other_official_client, franchise):
    html = official_client.get(reverse("giftcerts:franchise_list")).content.decode()
    assert "29140-2026-00007" in html and "양동국밥" in html
    assert "29140-2026-00007" not in other_official_client.get(reverse("giftcerts:franchise_list")).content.decode()


def test_the_list_filters_those_ending_soon(official_client, franchise, seogu, yangdong):
    today = timezone.localdate()
    soon = FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong), number="29140-2024-00001",
                            valid_from=today - datetime.timedelta(days=1050),
                            valid_until=today + datetime.timedelta(days=45))
    page = official_client.get(reverse("giftcerts:franchise_list"), {"expiring": 60}).context["page_obj"]
    assert list(page) == [soon]


def test_the_franchise_list_runs_a_fixed_number_of_queries(official_client, seogu, yangdong,
                                                           django_assert_max_num_queries):
    FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong))
    with django_assert_max_num_queries(8) as small:
        official_client.get(reverse("giftcerts:franchise_list"))
    for _ in range(20):
        FranchiseFactory(store=StoreFactory(local_government=seogu, dong=yangdong))
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = official_client.get(reverse("giftcerts:franchise_list")).content.decode()
    numbers = list(Franchise.objects.values_list("number", flat=True))
    assert len(numbers) == 21 and all(number in html for number in numbers)  # the rows are shown


def test_an_official_cancels_from_the_franchise_page(official_client, franchise):
    ban = timezone.localdate() + datetime.timedelta(days=400)
    response = official_client.post(reverse("giftcerts:franchise_cancel", args=[franchise.pk]),
                                    {"reason": "상품권 환전 목적 거래", "ban_until": ban.isoformat()}, follow=True)
    assert "가맹을 취소했습니다" in response.content.decode()
    franchise.refresh_from_db()
    assert franchise.status == Franchise.Status.CANCELLED and franchise.ban_until == ban


def test_a_ban_over_five_years_is_explained_and_the_reason_kept(official_client, franchise):
    too_late = add_years(timezone.localdate(), 6)
    response = official_client.post(reverse("giftcerts:franchise_cancel", args=[franchise.pk]),
                                    {"reason": "명의 대여", "ban_until": too_late.isoformat()})
    html = response.content.decode()
    assert "최대 5년" in html and "명의 대여</textarea>" in html
    franchise.refresh_from_db()
    assert franchise.status == Franchise.Status.ACTIVE


def test_other_personas_cannot_cancel(other_official_client, merchant_a_client, client, franchise):
    url = reverse("giftcerts:franchise_cancel", args=[franchise.pk])
    data = {"reason": "x", "ban_until": timezone.localdate().isoformat()}
    assert other_official_client.post(url, data).status_code == 404
    assert merchant_a_client.post(url, data).status_code == 403
    assert client.post(url, data).status_code == 302
    franchise.refresh_from_db()
    assert franchise.status == Franchise.Status.ACTIVE


def test_an_official_adds_a_document_kind_for_the_government(official_client, seogu, bukgu):
    response = official_client.post(reverse("giftcerts:document_settings"), {
        "code": "lease_contract", "name": "임대차계약서 사본", "description": "", "required": "on",
        "active": "on"})
    assert response.status_code == 302
    specs = {spec.code: spec for spec in documents.requirements_for(seogu.pk)}
    assert specs["lease_contract"].required and specs["business_registration"].required
    assert "lease_contract" not in {spec.code for spec in documents.requirements_for(bukgu.pk)}


def test_the_business_registration_certificate_cannot_be_made_optional(official_client, seogu):
    response = official_client.post(reverse("giftcerts:document_settings"), {
        "code": "business_registration", "name": "사업자등록증", "active": "on"})
    assert "사업자등록증은 항상 필수 서류입니다" in response.content.decode()
    assert not DocumentRequirement.objects.exists()


def test_the_bank_book_can_be_made_required(official_client, seogu):
    official_client.post(reverse("giftcerts:document_settings"), {
        "code": "bank_book", "name": "통장 사본", "required": "on", "active": "on"})
    assert {s.code: s.required for s in documents.requirements_for(seogu.pk)}["bank_book"] is True


def test_document_settings_are_for_officials(merchant_a_client, client, seogu):
    assert merchant_a_client.get(reverse("giftcerts:document_settings")).status_code == 403
    assert client.get(reverse("giftcerts:document_settings")).status_code == 302
