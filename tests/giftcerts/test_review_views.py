"""The official's review queue and review screen: scoping, filters, target, decisions, bulk approval."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from giftcerts import services
from giftcerts.models import Franchise, FranchiseApplication
from tests.factories import StoreFactory
from tests.giftcerts.factories import ApplicationFactory, DocumentFactory

Status = FranchiseApplication.Status


def submitted_application(store, days_ago=0, **extra):
    """A submitted application with its certificate, as submit would leave it."""
    application = ApplicationFactory(
        store=store, status=Status.SUBMITTED, submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        eligibility=[{"code": "x", "passed": True, "message": ""}], **extra)
    DocumentFactory(application=application)
    return application


@pytest.fixture
def queue(seogu, yangdong, district, merchant_a):
    stores = [StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_a.merchant,
                           name=f"가게{i}") for i in range(3)]
    return [submitted_application(store, days_ago=days) for store, days in zip(stores, (2, 9, 5), strict=True)]


def test_the_queue_lists_the_governments_applications_oldest_first(official_client, queue):
    response = official_client.get(reverse("giftcerts:review_queue"))
    assert response.status_code == 200
    rows = [row["application"] for row in response.context["rows"]]
    assert rows == [queue[1], queue[2], queue[0]]
    html = response.content.decode()
    assert "2일 지남" in html  # submitted 9 days ago: 7-day target passed by 2 days
    assert "5일 남음" in html


def test_the_target_pauses_for_a_supplement_and_ends_with_the_decision(seogu, queue):
    from giftcerts import selectors

    today = timezone.localdate()
    waiting, decided = queue[1], queue[2]
    waiting.status, waiting.supplement_requested_at = Status.SUPPLEMENT_REQUESTED, timezone.now()
    decided.status = Status.APPROVED
    rows = {row["application"].pk: row for row in selectors.review_queue_rows(queue, seogu, today)}
    assert rows[waiting.pk]["deadline"].paused and not rows[waiting.pk]["bulk_ready"]
    assert rows[decided.pk]["deadline"] is None and not rows[decided.pk]["bulk_ready"]
    assert rows[queue[0].pk]["deadline"].days_left == 5 and rows[queue[0].pk]["bulk_ready"]


def test_another_government_sees_none_of_them(other_official_client, queue):
    response = other_official_client.get(reverse("giftcerts:review_queue"))
    assert list(response.context["rows"]) == []
    assert other_official_client.get(reverse("giftcerts:review_detail", args=[queue[0].pk])).status_code == 404


def test_merchants_and_anonymous_are_kept_out(merchant_a_client, client, queue):
    assert merchant_a_client.get(reverse("giftcerts:review_queue")).status_code == 403
    assert client.get(reverse("giftcerts:review_queue"))["Location"].startswith(reverse("accounts:login"))
    assert merchant_a_client.get(reverse("giftcerts:review_detail", args=[queue[0].pk])).status_code == 403


def test_filters_by_age_status_dong_and_district(official_client, queue, seogu):
    url = reverse("giftcerts:review_queue")
    assert [r["application"] for r in official_client.get(url, {"age": "8+"}).context["rows"]] == [queue[1]]
    assert [r["application"] for r in official_client.get(url, {"age": "0-3"}).context["rows"]] == [queue[0]]
    assert [r["application"] for r in official_client.get(url, {"age": "4-7"}).context["rows"]] == [queue[2]]
    FranchiseApplication.objects.filter(pk=queue[0].pk).update(status=Status.REJECTED)
    rejected = official_client.get(url, {"status": "rejected"}).context["rows"]
    assert [r["application"] for r in rejected] == [queue[0]]
    other_dong = seogu.dongs.get(name="화정1동")
    assert list(official_client.get(url, {"dong": other_dong.pk}).context["rows"]) == []
    district_id = queue[0].store.district_id
    assert len(official_client.get(url, {"district": district_id}).context["rows"]) == 2


def test_the_queue_runs_a_fixed_number_of_queries(official_client, seogu, yangdong, district, merchant_a,
                                                   django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            store = StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_a.merchant)
            submitted_application(store, days_ago=i % 10)

    make(3)
    with django_assert_max_num_queries(14) as small:
        official_client.get(reverse("giftcerts:review_queue"))
    make(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = official_client.get(reverse("giftcerts:review_queue"))
    assert len(response.context["rows"]) == 33
    html = response.content.decode()
    assert all(row["application"].store.name in html for row in response.context["rows"])  # the rows are shown


def test_the_review_screen_shows_rules_and_documents_side_by_side(official_client, store_a, merchant_a):
    application = submitted_application(store_a)
    html = official_client.get(reverse("giftcerts:review_detail", args=[application.pk])).content.decode()
    assert 'class="app-two-col onnuri-section"' in html
    assert html.count('class="onnuri-rule ') == 7
    assert reverse("giftcerts:document_file", args=[application.documents.get().pk]) in html
    assert "승인하고 가맹번호 발급" in html and "보완 요청 보내기" in html and "신청 반려" in html


def test_approve_from_the_review_screen(official_client, store_a):
    application = submitted_application(store_a)
    response = official_client.post(reverse("giftcerts:review_approve", args=[application.pk]), {"note": ""},
                                    follow=True)
    assert "승인했습니다" in response.content.decode()
    assert Franchise.objects.get(store=store_a).application == application
    again = official_client.post(reverse("giftcerts:review_approve", args=[application.pk]), {"note": ""})
    assert "검토 중인 신청만 승인할 수 있습니다" in again.content.decode()
    assert Franchise.objects.filter(store=store_a).count() == 1


def test_a_supplement_request_without_a_message_is_explained(official_client, store_a):
    application = submitted_application(store_a)
    response = official_client.post(reverse("giftcerts:review_supplement", args=[application.pk]), {"message": ""})
    assert response.status_code == 200
    assert "상인이 추가하거나 고쳐야 할 내용을 적어 주세요" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_refused_approval_explains_why_and_keeps_the_note(official_client, store_a):
    application = submitted_application(store_a)
    store_a.status, store_a.closed_on = "closed", timezone.localdate()
    store_a.save()
    response = official_client.post(reverse("giftcerts:review_approve", args=[application.pk]),
                                    {"note": "현장 확인 완료"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "폐업한 점포로 등록되어 있습니다" in html and "현장 확인 완료</textarea>" in html
    assert not Franchise.objects.exists()


def test_a_decision_on_a_withdrawn_application_is_refused(official_client, store_a, merchant_a):
    application = submitted_application(store_a)
    services.application_withdraw(application_id=application.pk, merchant=merchant_a)
    response = official_client.post(reverse("giftcerts:review_reject", args=[application.pk]),
                                    {"reason": "서류 불일치"})
    assert "검토 중인 신청만 반려할 수 있습니다" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_another_government_cannot_decide(other_official_client, store_a):
    application = submitted_application(store_a)
    for name in ("review_approve", "review_supplement", "review_reject"):
        url = reverse(f"giftcerts:{name}", args=[application.pk])
        assert other_official_client.post(url, {"message": "x", "reason": "x"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_bulk_approval_from_the_queue(official_client, queue, store_b):
    not_ready = ApplicationFactory(store=store_b, status=Status.SUBMITTED, submitted_at=timezone.now())  # no docs
    html = official_client.get(reverse("giftcerts:review_queue")).content.decode()
    for application in queue:
        assert f'name="application" value="{application.pk}"' in html
    assert f'name="application" value="{not_ready.pk}"' not in html
    response = official_client.post(reverse("giftcerts:bulk_approve"),
                                    {"application": [a.pk for a in queue] + [not_ready.pk]}, follow=True)
    text = response.content.decode()
    assert "신청 3건을 승인했습니다." in text
    assert f"신청 {not_ready.pk}번은 승인하지 못했습니다" in text
    assert Franchise.objects.filter(application__in=queue).count() == 3
    assert not Franchise.objects.filter(store=store_b).exists()


def test_bulk_approval_with_nothing_selected(official_client, seogu):
    response = official_client.post(reverse("giftcerts:bulk_approve"), {}, follow=True)
    assert "승인할 신청을 선택해 주세요" in response.content.decode()


def test_bulk_approval_ignores_ids_that_are_not_ascii_numbers(official_client, seogu):
    # '²' and '١' pass str.isdigit(), and int() refused them (a 500); a 23-digit id overflowed
    response = official_client.post(reverse("giftcerts:bulk_approve"),
                                    {"application": ["²", "١", "99999999999999999999999"]}, follow=True)
    assert response.status_code == 200
    assert "승인할 신청을 선택해 주세요" in response.content.decode()
