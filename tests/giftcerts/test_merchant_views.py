"""The merchant's pages: pre-check, draft, documents, submit, supplement answer, withdrawal."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from giftcerts import services
from giftcerts.models import FranchiseApplication
from tests.factories import FranchiseFactory
from tests.giftcerts.factories import pdf_upload

Status = FranchiseApplication.Status


def test_my_applications_lists_the_merchants_own_stores(merchant_a_client, store_a, store_b):
    response = merchant_a_client.get(reverse("giftcerts:my_applications"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "양동국밥" in html and "정상회" not in html
    assert reverse("giftcerts:apply", args=[store_a.pk]) in html
    assert "온누리 가맹 신청" in html


def test_a_franchised_store_offers_renewal_only_from_60_days_before_it_ends(merchant_a_client, store_a):
    today = timezone.localdate()
    franchise = FranchiseFactory(store=store_a, valid_from=today - datetime.timedelta(days=400),
                                 valid_until=today + datetime.timedelta(days=200))
    apply_url = reverse("giftcerts:apply", args=[store_a.pk])
    html = merchant_a_client.get(reverse("giftcerts:my_applications")).content.decode()
    assert apply_url not in html and "온누리 가맹 신청<span" not in html
    assert f"{date_format(franchise.renewal_opens_on, 'DATE_FORMAT')}부터 갱신 신청" in html

    franchise.valid_until = today + datetime.timedelta(days=30)
    franchise.save()
    html = merchant_a_client.get(reverse("giftcerts:my_applications")).content.decode()
    assert apply_url in html and ">갱신 신청<" in html


def test_anonymous_goes_to_login_and_an_official_is_refused(client, official_client, seogu):
    url = reverse("giftcerts:my_applications")
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert official_client.get(url).status_code == 403


def test_the_pre_check_shows_every_rule_before_anything_is_typed(merchant_a_client, store_a):
    response = merchant_a_client.get(reverse("giftcerts:apply", args=[store_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="onnuri-rule ') == 7
    assert "지정된 골목형상점가 ‘양동 골목형상점가’ 안에 있습니다." in html
    assert "신청서 작성 시작" in html
    assert not FranchiseApplication.objects.exists()  # looking creates nothing


def test_an_ineligible_store_sees_why_and_cannot_start(merchant_a_client, store_a):
    store_a.district = None
    store_a.save()
    url = reverse("giftcerts:apply", args=[store_a.pk])
    html = merchant_a_client.get(url).content.decode()
    assert "아직 신청할 수 없습니다" in html and "신청서 작성 시작" not in html
    merchant_a_client.post(url)
    assert not FranchiseApplication.objects.exists()


def test_merchant_b_gets_404_on_merchant_a_store(merchant_b_client, store_a):
    assert merchant_b_client.get(reverse("giftcerts:apply", args=[store_a.pk])).status_code == 404
    assert merchant_b_client.post(reverse("giftcerts:apply", args=[store_a.pk])).status_code == 404


def test_starting_twice_opens_the_same_draft(merchant_a_client, store_a):
    url = reverse("giftcerts:apply", args=[store_a.pk])
    first = merchant_a_client.post(url)
    second = merchant_a_client.post(url)
    application = FranchiseApplication.objects.get()
    detail = reverse("giftcerts:application_detail", args=[application.pk])
    assert first["Location"] == second["Location"] == detail


@pytest.fixture
def draft(store_a, merchant_a):
    return services.application_start(store_id=store_a.pk, merchant=merchant_a)


def test_the_detail_page_shows_the_step_indicator(merchant_a_client, draft):
    html = merchant_a_client.get(reverse("giftcerts:application_detail", args=[draft.pk])).content.decode()
    assert 'class="krds-step-wrap onnuri-steps"' in html
    assert 'aria-current="step"' in html and "신청서 작성" in html and "현재 단계" in html


def test_a_bad_revenue_is_explained_in_korean_and_the_input_kept(merchant_a_client, draft):
    response = merchant_a_client.post(reverse("giftcerts:application_save", args=[draft.pk]), {
        "kinds": ["card"], "declared_revenue_won": "삼억", "version": draft.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "매출액을 숫자로 입력해 주세요" in html
    assert 'value="삼억"' in html
    # Each choice also carries aria-describedby (hint and errors), so match the tags, not the attribute order.
    card = re.search(r'<input[^>]*id="id_kinds_1"[^>]*>', html).group(0)
    paper = re.search(r'<input[^>]*id="id_kinds_0"[^>]*>', html).group(0)
    assert 'value="card"' in card and " checked" in card and 'value="paper"' in paper and "checked" not in paper
    draft.refresh_from_db()
    assert draft.declared_revenue_won is None


def test_saving_the_draft_accepts_commas(merchant_a_client, draft):
    response = merchant_a_client.post(reverse("giftcerts:application_save", args=[draft.pk]), {
        "kinds": ["paper", "mobile"], "declared_revenue_won": "1,250,000,000", "version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.kinds == ["paper", "mobile"] and draft.declared_revenue_won == 1_250_000_000


def test_a_stale_form_is_refused_and_keeps_the_input(merchant_a_client, draft):
    response = merchant_a_client.post(reverse("giftcerts:application_save", args=[draft.pk]), {
        "kinds": ["paper"], "declared_revenue_won": "777", "version": draft.version - 1})
    html = response.content.decode()
    assert "화면을 연 뒤에 신청 내용이 바뀌었습니다" in html and 'value="777"' in html


def test_submitting_without_documents_says_what_is_missing(merchant_a_client, draft, merchant_a):
    services.application_update_draft(application_id=draft.pk, merchant=merchant_a, kinds=["paper"],
                                      declared_revenue_won=1)
    response = merchant_a_client.post(reverse("giftcerts:application_submit", args=[draft.pk]), follow=True)
    assert "필수 서류를 올려 주세요: 사업자등록증" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_full_merchant_path_submit_answer_resubmit(merchant_a_client, draft, merchant_a, official):
    services.application_update_draft(application_id=draft.pk, merchant=merchant_a, kinds=["paper"],
                                      declared_revenue_won=1)
    merchant_a_client.post(reverse("giftcerts:document_upload", args=[draft.pk]),
                           {"kind": "business_registration", "file": pdf_upload()})
    response = merchant_a_client.post(reverse("giftcerts:application_submit", args=[draft.pk]), follow=True)
    assert "검토 중" in response.content.decode()
    services.application_request_supplement(application_id=draft.pk, official=official, message="통장 사본 필요")
    html = merchant_a_client.get(reverse("giftcerts:application_detail", args=[draft.pk])).content.decode()
    assert "구청에서 보완을 요청했습니다" in html and "통장 사본 필요" in html
    empty = merchant_a_client.post(reverse("giftcerts:application_resubmit", args=[draft.pk]), {"answer": ""})
    assert "보완 요청에 대한 답변을 적어 주세요" in empty.content.decode()
    ok = merchant_a_client.post(reverse("giftcerts:application_resubmit", args=[draft.pk]),
                                {"answer": "올렸습니다"})
    assert ok.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_withdrawal_from_the_page(merchant_a_client, draft):
    merchant_a_client.post(reverse("giftcerts:application_withdraw", args=[draft.pk]), {"reason": "다음에"})
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    assert draft.events.last().message == "다음에"


@pytest.mark.parametrize("name", ["application_detail", "application_save", "application_submit",
                                  "application_resubmit", "application_withdraw"])
def test_merchant_b_gets_404_on_every_page_of_merchant_a_application(merchant_b_client, draft, name):
    url = reverse(f"giftcerts:{name}", args=[draft.pk])
    response = merchant_b_client.get(url) if name == "application_detail" else merchant_b_client.post(url)
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_anonymous_is_sent_to_login_from_an_application(client, draft):
    response = client.get(reverse("giftcerts:application_detail", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_an_astronomical_revenue_is_a_field_error_not_an_overflow(merchant_a_client, draft):
    response = merchant_a_client.post(reverse("giftcerts:application_save", args=[draft.pk]), {
        "kinds": ["card"], "declared_revenue_won": "999999999999999999999999", "version": draft.version})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1,000,000,000,000,000 이하의 숫자를 입력해 주세요" in html
    assert 'value="999999999999999999999999"' in html
    draft.refresh_from_db()
    assert draft.declared_revenue_won is None
