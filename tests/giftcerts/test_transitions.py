"""Every application transition: the allowed path, the wrong state, the wrong persona
(merchant B, an official of another government, anonymous) and the repeated call."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import ConflictError, DomainError, TransitionError
from giftcerts import services
from giftcerts.models import ApplicationEvent, Franchise, FranchiseApplication
from tests.factories import FranchiseFactory
from tests.giftcerts.factories import draft_via_services, pdf_upload, submitted_via_services

Status = FranchiseApplication.Status


@pytest.fixture
def draft(store_a, merchant_a):
    return draft_via_services(store_a, merchant_a, kinds=["card", "paper"], revenue=420_000_000)


@pytest.fixture
def submitted(draft, merchant_a):
    return services.application_submit(application_id=draft.pk, merchant=merchant_a)


@pytest.fixture
def supplement(submitted, official):
    return services.application_request_supplement(application_id=submitted.pk, official=official,
                                                   message="통장 사본을 올려 주세요.")


def statuses(application):
    return [(e.from_status, e.to_status) for e in application.events.order_by("created_at", "id")]


# --- start and draft -----------------------------------------------------------------------

def test_merchant_starts_a_draft_once_for_their_store(store_a, merchant_a):
    first = services.application_start(store_id=store_a.pk, merchant=merchant_a)
    again = services.application_start(store_id=store_a.pk, merchant=merchant_a)
    assert first.pk == again.pk and first.status == Status.DRAFT
    assert FranchiseApplication.objects.filter(store=store_a).count() == 1
    assert statuses(first) == [("", Status.DRAFT)]


@pytest.mark.parametrize("persona", ["merchant_b", "official", "anonymous"])
def test_only_the_owner_may_start_an_application(store_a, persona, request):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.application_start(store_id=store_a.pk, merchant=user)
    assert not FranchiseApplication.objects.exists()


def test_an_ineligible_store_cannot_start(store_a, merchant_a):
    store_a.district = None
    store_a.save()
    with pytest.raises(DomainError, match="골목형상점가"):
        services.application_start(store_id=store_a.pk, merchant=merchant_a)


def test_draft_update_is_refused_with_a_stale_version(draft, merchant_a):
    with pytest.raises(ConflictError):
        services.application_update_draft(application_id=draft.pk, merchant=merchant_a, kinds=["paper"],
                                          declared_revenue_won=1, version=draft.version - 1)
    draft.refresh_from_db()
    assert draft.kinds == ["paper", "card"]


def test_unknown_certificate_kinds_are_refused(draft, merchant_a):
    with pytest.raises(DomainError, match="gold"):
        services.application_update_draft(application_id=draft.pk, merchant=merchant_a, kinds=["gold"],
                                          declared_revenue_won=1)


def test_merchant_b_cannot_edit_merchant_a_draft(draft, merchant_b):
    with pytest.raises(PermissionDenied):
        services.application_update_draft(application_id=draft.pk, merchant=merchant_b, kinds=["paper"],
                                          declared_revenue_won=1)


# --- submit --------------------------------------------------------------------------------

def test_submit_records_the_check_and_mails_the_merchant(draft, merchant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application_id=draft.pk, merchant=merchant_a)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.submitted_at is not None
    assert len(draft.eligibility) == 7 and all(r["passed"] for r in draft.eligibility)
    assert statuses(draft)[-1] == (Status.DRAFT, Status.SUBMITTED)
    assert draft.events.last().actor == merchant_a
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["merchant_a@example.kr"]
    assert "검토 중" in mail.outbox[0].subject and "양동국밥" in mail.outbox[0].subject
    assert ApplicationEvent.objects.get(application=draft, to_status=Status.SUBMITTED).notified_at is not None


def test_submit_without_the_business_registration_certificate_is_refused(store_a, merchant_a):
    application = services.application_start(store_id=store_a.pk, merchant=merchant_a)
    services.application_update_draft(application_id=application.pk, merchant=merchant_a, kinds=["paper"],
                                      declared_revenue_won=1)
    with pytest.raises(DomainError, match="사업자등록증"):
        services.application_submit(application_id=application.pk, merchant=merchant_a)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_submit_over_the_revenue_limit_is_refused_with_the_numbers(draft, merchant_a):
    services.application_update_draft(application_id=draft.pk, merchant=merchant_a, kinds=["paper"],
                                      declared_revenue_won=3_000_000_001)
    with pytest.raises(DomainError, match="3,000,000,001원"):
        services.application_submit(application_id=draft.pk, merchant=merchant_a)


def test_submit_twice_is_refused_the_second_time(submitted, merchant_a):
    with pytest.raises(TransitionError):
        services.application_submit(application_id=submitted.pk, merchant=merchant_a)
    assert submitted.events.filter(to_status=Status.SUBMITTED).count() == 1


@pytest.mark.parametrize("persona", ["merchant_b", "official", "anonymous"])
def test_only_the_applicant_submits(draft, persona, request):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.application_submit(application_id=draft.pk, merchant=user)


# --- supplement and resubmit ---------------------------------------------------------------

def test_official_requests_a_supplement_and_the_merchant_hears_it(submitted, official,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_supplement(application_id=submitted.pk, official=official,
                                                message="통장 사본을 올려 주세요.")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUPPLEMENT_REQUESTED and submitted.supplement_requested_at
    event = submitted.events.last()
    assert (event.from_status, event.to_status, event.actor, event.message) == (
        Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED, official, "통장 사본을 올려 주세요.")
    assert "통장 사본을 올려 주세요." in mail.outbox[-1].body


def test_a_supplement_request_needs_a_message(submitted, official):
    with pytest.raises(DomainError):
        services.application_request_supplement(application_id=submitted.pk, official=official, message="  ")


@pytest.mark.parametrize("persona", ["official_other", "merchant_a", "anonymous"])
def test_only_an_official_of_the_government_requests_a_supplement(submitted, persona, request):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.application_request_supplement(application_id=submitted.pk, official=user, message="x")


def test_a_supplement_cannot_be_requested_for_a_draft_or_twice(draft, official, merchant_a):
    with pytest.raises(TransitionError):
        services.application_request_supplement(application_id=draft.pk, official=official, message="x")
    services.application_submit(application_id=draft.pk, merchant=merchant_a)
    services.application_request_supplement(application_id=draft.pk, official=official, message="x")
    with pytest.raises(TransitionError):
        services.application_request_supplement(application_id=draft.pk, official=official, message="x")


def test_merchant_answers_and_resubmits(supplement, merchant_a):
    services.document_add(application_id=supplement.pk, merchant=merchant_a, kind="bank_book",
                          uploaded_file=pdf_upload("통장.pdf"))
    services.application_resubmit(application_id=supplement.pk, merchant=merchant_a, answer="통장 사본을 올렸습니다.")
    supplement.refresh_from_db()
    assert supplement.status == Status.SUBMITTED and supplement.supplement_requested_at is None
    assert statuses(supplement)[-1] == (Status.SUPPLEMENT_REQUESTED, Status.SUBMITTED)
    assert supplement.events.last().message == "통장 사본을 올렸습니다."
    with pytest.raises(TransitionError):
        services.application_resubmit(application_id=supplement.pk, merchant=merchant_a, answer="again")


def test_days_waiting_for_the_merchant_do_not_count_against_the_target(supplement, merchant_a):
    FranchiseApplication.objects.filter(pk=supplement.pk).update(
        supplement_requested_at=timezone.now() - datetime.timedelta(days=4))
    services.application_resubmit(application_id=supplement.pk, merchant=merchant_a, answer="보완했습니다.")
    supplement.refresh_from_db()
    assert supplement.paused_days == 4


def test_resubmit_needs_an_answer_and_the_applicant(supplement, merchant_a, merchant_b):
    with pytest.raises(DomainError):
        services.application_resubmit(application_id=supplement.pk, merchant=merchant_a, answer="")
    with pytest.raises(PermissionDenied):
        services.application_resubmit(application_id=supplement.pk, merchant=merchant_b, answer="x")


# --- approve -------------------------------------------------------------------------------

def test_approve_issues_a_three_year_franchise_with_a_unique_number(submitted, official,
                                                                      django_capture_on_commit_callbacks):
    today = datetime.date(2026, 11, 27)
    with django_capture_on_commit_callbacks(execute=True):
        franchise = services.application_approve(application_id=submitted.pk, official=official, today=today)
    assert franchise.number == "29140-2026-00001"
    assert (franchise.valid_from, franchise.valid_until) == (today, datetime.date(2029, 11, 27))
    assert franchise.kinds == ["paper", "card"] and franchise.status == Franchise.Status.ACTIVE
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED and submitted.decided_by == official
    assert statuses(submitted)[-1] == (Status.SUBMITTED, Status.APPROVED)
    assert "29140-2026-00001" in submitted.events.last().message
    assert "승인" in mail.outbox[-1].subject


def test_approving_twice_issues_one_franchise(submitted, official):
    services.application_approve(application_id=submitted.pk, official=official)
    with pytest.raises(TransitionError):
        services.application_approve(application_id=submitted.pk, official=official)
    assert Franchise.objects.filter(store=submitted.store).count() == 1


@pytest.mark.parametrize("persona", ["official_other", "merchant_a", "merchant_b", "anonymous"])
def test_only_an_official_of_the_government_approves(submitted, persona, request):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.application_approve(application_id=submitted.pk, official=user)
    assert not Franchise.objects.exists()


def test_a_draft_cannot_be_approved(draft, official):
    with pytest.raises(TransitionError):
        services.application_approve(application_id=draft.pk, official=official)


def test_approval_rechecks_eligibility(submitted, official):
    store = submitted.store
    store.status, store.closed_on = "closed", timezone.localdate()
    store.save()
    with pytest.raises(DomainError, match="폐업"):
        services.application_approve(application_id=submitted.pk, official=official)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and not Franchise.objects.exists()


def test_franchise_numbers_run_on_per_government_and_year(submitted, official, store_b, merchant_b):
    first = services.application_approve(application_id=submitted.pk, official=official)
    other = submitted_via_services(store_b, merchant_b, kinds=["mobile"])
    second = services.application_approve(application_id=other.pk, official=official)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"29140-{year}-00001", f"29140-{year}-00002")


def test_a_renewal_continues_from_the_current_franchise(store_a, merchant_a, official):
    today = timezone.localdate()
    current = FranchiseFactory(store=store_a, valid_from=today - datetime.timedelta(days=1060),
                               valid_until=today + datetime.timedelta(days=30))
    application = submitted_via_services(store_a, merchant_a)
    renewed = services.application_approve(application_id=application.pk, official=official, today=today)
    current.refresh_from_db()
    assert current.status == Franchise.Status.EXPIRED
    assert renewed.valid_from == current.valid_until + datetime.timedelta(days=1)
    assert Franchise.objects.filter(store=store_a, status=Franchise.Status.ACTIVE).get() == renewed


# --- reject and withdraw -------------------------------------------------------------------

@pytest.mark.parametrize("state", ["submitted", "supplement"])
def test_official_rejects_with_a_reason(state, request, official):
    application = request.getfixturevalue(state)
    services.application_reject(application_id=application.pk, official=official, reason="장기 휴업 확인")
    application.refresh_from_db()
    assert application.status == Status.REJECTED and application.events.last().message == "장기 휴업 확인"
    with pytest.raises(TransitionError):
        services.application_reject(application_id=application.pk, official=official, reason="again")


def test_reject_needs_a_reason_and_the_right_official(submitted, official, official_other):
    with pytest.raises(DomainError):
        services.application_reject(application_id=submitted.pk, official=official, reason="")
    with pytest.raises(PermissionDenied):
        services.application_reject(application_id=submitted.pk, official=official_other, reason="x")


@pytest.mark.parametrize("state", ["draft", "submitted", "supplement"])
def test_merchant_withdraws_before_a_decision(state, request, merchant_a):
    application = request.getfixturevalue(state)
    services.application_withdraw(application_id=application.pk, merchant=merchant_a)
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    with pytest.raises(TransitionError):
        services.application_withdraw(application_id=application.pk, merchant=merchant_a)


def test_no_withdrawal_after_approval_or_by_another_merchant(submitted, official, merchant_a, merchant_b):
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application_id=submitted.pk, merchant=merchant_b)
    services.application_approve(application_id=submitted.pk, official=official)
    with pytest.raises(TransitionError):
        services.application_withdraw(application_id=submitted.pk, merchant=merchant_a)


def test_a_new_application_may_start_after_a_withdrawal(draft, merchant_a):
    services.application_withdraw(application_id=draft.pk, merchant=merchant_a)
    again = services.application_start(store_id=draft.store_id, merchant=merchant_a)
    assert again.pk != draft.pk and again.status == Status.DRAFT


# --- bulk approval -------------------------------------------------------------------------

def test_bulk_approval_approves_the_ready_ones_and_explains_the_rest(submitted, store_b, merchant_b, official):
    not_ready = services.application_start(store_id=store_b.pk, merchant=merchant_b)  # a draft
    result = services.applications_bulk_approve(application_ids=[submitted.pk, not_ready.pk, 999_999],
                                                official=official)
    assert [f.application_id for f in result.approved] == [submitted.pk]
    assert set(result.refused) == {not_ready.pk, 999_999}
    assert "검토 중인 신청만" in result.refused[not_ready.pk]


def test_bulk_approval_by_another_government_approves_nothing(submitted, official_other):
    result = services.applications_bulk_approve(application_ids=[submitted.pk, 999_999], official=official_other)
    assert result.approved == [] and submitted.pk in result.refused
    # The same words as for an id that does not exist: nothing tells that it exists in another government.
    assert result.refused[submitted.pk] == result.refused[999_999]
    assert not Franchise.objects.exists()


def test_approval_queues_the_dashboard_months_from_the_franchise_start(official, store_a, merchant_a, monkeypatch):
    from dashboard import services as dashboard_services
    from tests.giftcerts.factories import submitted_via_services

    queued = []
    monkeypatch.setattr(dashboard_services, "request_aggregation",
                        lambda government_id, month, **kw: queued.append((government_id, month)) or True)
    application = submitted_via_services(store_a, merchant_a)
    franchise = services.application_approve(application_id=application.pk, official=official)
    assert queued == [(store_a.local_government_id, franchise.valid_from.replace(day=1))]
