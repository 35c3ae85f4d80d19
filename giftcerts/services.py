"""Every write of the Onnuri franchise programme: one guarded function per transition.

Each transition checks who is acting and the current state, locks the row
(`select_for_update` inside `transaction.atomic`), saves with `update_fields`,
writes an event row (old status, new status, actor, time, message) and queues
mail in the outbox (core/outbox.py), in the same transaction. The HTML views, the API, the admin and the
tasks all call these functions; none of them changes a status by itself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import outbox
from core.errors import ConflictError, DomainError, TransitionError
from core.signals import announce_records_changed

from . import documents, eligibility, rules
from .models import (
    ApplicationDocument,
    ApplicationEvent,
    CertificateKind,
    Franchise,
    FranchiseApplication,
    FranchiseEvent,
    FranchiseNumberCounter,
)

Status = FranchiseApplication.Status


# --- helpers -------------------------------------------------------------------------------

def _ensure_applicant(user, application) -> None:
    if not (user is not None and getattr(user, "is_merchant", False) and application.applicant_id == user.pk):
        raise PermissionDenied(_("Only the merchant who applied may do this."))


def _locked_application(application_id: int) -> FranchiseApplication:
    """The application under a row lock, with its store (the lock covers the application row only)."""
    return (FranchiseApplication.objects.select_for_update(of=("self",))
            .select_related("store__district", "store__industry", "store__local_government")
            .defer("store__district__boundary")
            .get(pk=application_id))


def _notify(event: ApplicationEvent) -> None:
    outbox.enqueue("giftcerts.notify_application_event", event.pk)


def _record(application, *, to_status: str, actor, message: str = "", fields=(), notify: bool = True):
    """Set the status, bump the version, save the named fields and write the event row."""
    from_status = application.status
    application.status = to_status
    application.version = F("version") + 1
    application.save(update_fields=["status", "version", "updated_at", *fields])
    application.refresh_from_db(fields=["version"])
    event = ApplicationEvent.objects.create(
        application=application, from_status=from_status, to_status=to_status, actor=actor, message=message)
    if notify:
        _notify(event)
    return event


def _clean_kinds(kinds) -> list[str]:
    unknown = [k for k in kinds or [] if k not in CertificateKind.values]
    if unknown:
        raise DomainError(_("Unknown certificate kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}, field="kinds")
    return [k for k in CertificateKind.values if k in set(kinds or [])]  # canonical order, no repeats


def readiness_problems(application, results) -> list[str]:
    """What stops an application from being submitted or approved, as sentences for the user."""
    problems = [r.message for r in eligibility.failed(results)]
    if not application.kinds:
        problems.append(_("Choose at least one certificate kind (paper, card or mobile)."))
    if application.declared_revenue_won is None:
        problems.append(_("Enter the declared annual revenue."))
    specs = documents.requirements_for(application.store.local_government_id)
    uploaded = application.documents.values_list("kind", flat=True)
    for spec in documents.missing_required(specs, uploaded):
        problems.append(_("Upload the required document: %(name)s.") % {"name": spec.name})
    return problems


def _check_ready(application) -> list:
    results = eligibility.check_eligibility(application.store, declared_revenue_won=application.declared_revenue_won)
    problems = readiness_problems(application, results)
    if problems:
        raise DomainError(" ".join(problems))
    return results


def _require_text(value: str, message: str, field_name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field_name)
    return value


# --- merchant: draft, documents, submit, resubmit, withdraw ---------------------------------

def application_start(*, store_id: int, merchant) -> FranchiseApplication:
    """Open a draft for one of the merchant's stores; an application already in progress is returned."""
    from merchants.models import Store

    with transaction.atomic():
        store = (Store.objects.select_for_update(of=("self",)).select_related("owner", "district", "industry")
                 .defer("district__boundary")
                 .get(pk=store_id))
        if not (getattr(merchant, "is_merchant", False) and store.owner_id and store.owner.user_id == merchant.pk):
            raise PermissionDenied(_("Only the store's owner may apply for it."))
        current = store.franchise_applications.filter(status__in=FranchiseApplication.OPEN_STATUSES).first()
        if current is not None:
            return current
        failures = eligibility.failed(eligibility.check_eligibility(store))
        if failures:
            raise DomainError(" ".join(r.message for r in failures))
        application = FranchiseApplication.objects.create(store=store, applicant=merchant)
        ApplicationEvent.objects.create(application=application, to_status=Status.DRAFT, actor=merchant,
                                        message=_("Application started."))
    return application


def application_update_draft(*, application_id: int, merchant, kinds, declared_revenue_won: int | None,
                             version: int | None = None) -> FranchiseApplication:
    """Save the kinds and the declared revenue of a draft (or of an application being supplemented)."""
    kinds = _clean_kinds(kinds)
    if declared_revenue_won is not None and declared_revenue_won < 0:
        raise DomainError(_("The revenue cannot be negative."), field="declared_revenue_won")
    with transaction.atomic():
        application = _locked_application(application_id)
        _ensure_applicant(merchant, application)
        if not application.is_editable:
            raise TransitionError(_("This application can no longer be changed (status: %(status)s).")
                                  % {"status": application.get_status_display()})
        if version is not None and version != application.version:
            raise ConflictError(_("The application changed since you opened it (in another window?). "
                                  "Check it and save again."))
        application.kinds = kinds
        application.declared_revenue_won = declared_revenue_won
        application.version = F("version") + 1
        application.save(update_fields=["kinds", "declared_revenue_won", "version", "updated_at"])
        application.refresh_from_db(fields=["version"])
    return application


def document_add(*, application_id: int, merchant, kind: str, uploaded_file) -> ApplicationDocument:
    checked = documents.check_upload(uploaded_file)
    with transaction.atomic():
        application = _locked_application(application_id)
        _ensure_applicant(merchant, application)
        if not application.is_editable:
            raise TransitionError(_("Documents can be added only to a draft or when a supplement is requested."))
        codes = {spec.code for spec in documents.requirements_for(application.store.local_government_id)}
        if kind not in codes:
            raise DomainError(_("Choose which document this is."), field="kind")
        document = ApplicationDocument(
            application=application, kind=kind, original_name=(uploaded_file.name or "document")[-255:],
            content_type=checked.content_type, size_bytes=checked.size_bytes, sha256=checked.sha256,
            uploaded_by=merchant)
        document.file.save(f"upload.{checked.extension}", uploaded_file, save=False)
        document.save()
    return document


def document_remove(*, document_id: int, merchant) -> None:
    with transaction.atomic():
        document = ApplicationDocument.objects.select_related("application").get(pk=document_id)
        application = _locked_application(document.application_id)
        _ensure_applicant(merchant, application)
        if not application.is_editable:
            raise TransitionError(_("Documents can be removed only from a draft or when a supplement is requested."))
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


def application_submit(*, application_id: int, merchant) -> FranchiseApplication:
    with transaction.atomic():
        application = _locked_application(application_id)
        _ensure_applicant(merchant, application)
        if application.status != Status.DRAFT:
            raise TransitionError(_("Only a draft can be submitted; this application is %(status)s.")
                                  % {"status": application.get_status_display()})
        results = _check_ready(application)
        application.submitted_at = timezone.now()
        application.eligibility = eligibility.as_dicts(results)
        _record(application, to_status=Status.SUBMITTED, actor=merchant,
                message=_("Submitted for review."), fields=["submitted_at", "eligibility"])
    return application


def application_resubmit(*, application_id: int, merchant, answer: str) -> FranchiseApplication:
    answer = _require_text(answer, _("Write your answer to the district office's request."), "answer")
    with transaction.atomic():
        application = _locked_application(application_id)
        _ensure_applicant(merchant, application)
        if application.status != Status.SUPPLEMENT_REQUESTED:
            raise TransitionError(_("Only an application with a supplement request can be resubmitted; this one "
                                    "is %(status)s.") % {"status": application.get_status_display()})
        results = _check_ready(application)
        waited = (timezone.localdate() - timezone.localdate(application.supplement_requested_at)).days
        application.paused_days += max(waited, 0)
        application.supplement_requested_at = None
        application.eligibility = eligibility.as_dicts(results)
        _record(application, to_status=Status.SUBMITTED, actor=merchant, message=answer,
                fields=["paused_days", "supplement_requested_at", "eligibility"])
    return application


def application_withdraw(*, application_id: int, merchant, reason: str = "") -> FranchiseApplication:
    with transaction.atomic():
        application = _locked_application(application_id)
        _ensure_applicant(merchant, application)
        if not application.is_open:
            raise TransitionError(_("The application can no longer be withdrawn (status: %(status)s).")
                                  % {"status": application.get_status_display()})
        _record(application, to_status=Status.WITHDRAWN, actor=merchant,
                message=(reason or "").strip() or _("Withdrawn by the merchant."))
    return application


# --- official: supplement, approve, reject -------------------------------------------------

def application_request_supplement(*, application_id: int, official, message: str) -> FranchiseApplication:
    message = _require_text(message, _("Say what the merchant must add or correct."), "message")
    with transaction.atomic():
        application = _locked_application(application_id)
        ensure_official_of(official, application.store.local_government_id)
        if not application.is_under_review:
            raise TransitionError(_("A supplement can be requested only for an application under review; this one "
                                    "is %(status)s.") % {"status": application.get_status_display()})
        application.supplement_requested_at = timezone.now()
        _record(application, to_status=Status.SUPPLEMENT_REQUESTED, actor=official, message=message,
                fields=["supplement_requested_at"])
    return application


def application_reject(*, application_id: int, official, reason: str) -> FranchiseApplication:
    reason = _require_text(reason, _("Give the reason for the rejection; the merchant will read it."), "reason")
    with transaction.atomic():
        application = _locked_application(application_id)
        ensure_official_of(official, application.store.local_government_id)
        if not application.awaits_decision:
            raise TransitionError(_("Only an application under review can be rejected; this one is %(status)s.")
                                  % {"status": application.get_status_display()})
        application.decided_at, application.decided_by = timezone.now(), official
        _record(application, to_status=Status.REJECTED, actor=official, message=reason,
                fields=["decided_at", "decided_by"])
    return application


def next_franchise_number(local_government, year: int) -> str:
    """'29140-2026-00001': per government and year, under a row lock (no gaps, no duplicates)."""
    FranchiseNumberCounter.objects.get_or_create(local_government=local_government, year=year)
    counter = FranchiseNumberCounter.objects.select_for_update().get(local_government=local_government, year=year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return f"{local_government.code}-{year}-{counter.last_value:05d}"


def application_approve(*, application_id: int, official, note: str = "",
                        today: datetime.date | None = None) -> Franchise:
    """Approve and issue the franchise (valid three years). A renewal follows on from the current one."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = _locked_application(application_id)
        store = application.store
        ensure_official_of(official, store.local_government_id)
        if not application.is_under_review:
            raise TransitionError(_("Only an application under review can be approved; this one is %(status)s.")
                                  % {"status": application.get_status_display()})
        results = _check_ready(application)
        valid_from = today
        current = Franchise.objects.select_for_update().filter(store=store, status=Franchise.Status.ACTIVE).first()
        if current is not None:  # a renewal: the new term starts the day after the current one ends
            valid_from = max(today, current.valid_until + datetime.timedelta(days=1))
            _franchise_transition(current, to_status=Franchise.Status.EXPIRED, actor=official,
                                  message=_("Replaced by the renewal approved on %(date)s.") % {"date": today})
        franchise = Franchise.objects.create(
            store=store, application=application, kinds=application.kinds,
            number=next_franchise_number(store.local_government, valid_from.year),
            valid_from=valid_from, valid_until=rules.add_years(valid_from, rules.FRANCHISE_TERM_YEARS))
        FranchiseEvent.objects.create(franchise=franchise, to_status=Franchise.Status.ACTIVE, actor=official,
                                      message=_("Issued on approval of application %(id)s.") % {"id": application.pk})
        application.decided_at, application.decided_by = timezone.now(), official
        application.eligibility = eligibility.as_dicts(results)
        _record(application, to_status=Status.APPROVED, actor=official,
                message=(note or "").strip() or _("Approved. Franchise number %(number)s, valid until %(date)s.")
                % {"number": franchise.number, "date": franchise.valid_until},
                fields=["decided_at", "decided_by", "eligibility"])
        announce_records_changed(local_government_id=store.local_government_id, since=valid_from)
    return franchise


@dataclass
class BulkResult:
    approved: list = field(default_factory=list)  # Franchise objects
    refused: dict = field(default_factory=dict)  # application id -> message


def applications_bulk_approve(*, application_ids, official, today: datetime.date | None = None) -> BulkResult:
    """Approve each application through `application_approve`, each in its own transaction."""
    result = BulkResult()
    for application_id in sorted(set(application_ids)):
        try:
            result.approved.append(application_approve(application_id=application_id, official=official, today=today))
        except (FranchiseApplication.DoesNotExist, PermissionDenied):
            # Another government's application reads as a missing one: an id typed into the form must not
            # tell an official that it exists elsewhere (the single views answer 404 alike).
            result.refused[application_id] = _("The application does not exist.")
        except DomainError as exc:
            result.refused[application_id] = str(exc)
    return result


# --- franchises ----------------------------------------------------------------------------

def _franchise_transition(franchise, *, to_status: str, actor, message: str, fields=()) -> FranchiseEvent:
    from_status = franchise.status
    franchise.status = to_status
    franchise.save(update_fields=["status", "updated_at", *fields])
    return FranchiseEvent.objects.create(franchise=franchise, from_status=from_status, to_status=to_status,
                                         actor=actor, message=message)


def franchise_recipient(franchise):
    """Who hears about a franchise: the store's owner, else the merchant who applied."""
    if franchise.store.owner_id and franchise.store.owner.user.email:
        return franchise.store.owner.user
    if franchise.application_id and franchise.application.applicant.email:
        return franchise.application.applicant
    return None


def franchise_cancel(*, franchise_id: int, official, reason: str, ban_until: datetime.date,
                     today: datetime.date | None = None) -> Franchise:
    """Cancel an active franchise; the store may not register again until `ban_until` (at most 5 years)."""
    today = today or timezone.localdate()
    reason = _require_text(reason, _("Give the reason for the cancellation."), "reason")
    if ban_until is None or ban_until < today:
        raise DomainError(_("Give the date until which re-registration is banned (today or later)."),
                          field="ban_until")
    latest = rules.add_years(today, rules.MAX_BAN_YEARS)
    if ban_until > latest:
        raise DomainError(_("A re-registration ban may last at most %(years)s years, until %(date)s.")
                          % {"years": rules.MAX_BAN_YEARS, "date": latest}, field="ban_until")
    with transaction.atomic():
        franchise = (Franchise.objects.select_for_update(of=("self",)).select_related("store")
                     .get(pk=franchise_id))
        ensure_official_of(official, franchise.store.local_government_id)
        if franchise.status != Franchise.Status.ACTIVE:
            raise TransitionError(_("Only an active franchise can be cancelled; this one is %(status)s.")
                                  % {"status": franchise.get_status_display()})
        franchise.cancelled_at, franchise.cancelled_by = timezone.now(), official
        franchise.cancel_reason, franchise.ban_until = reason, ban_until
        _franchise_transition(franchise, to_status=Franchise.Status.CANCELLED, actor=official, message=reason,
                              fields=["cancelled_at", "cancelled_by", "cancel_reason", "ban_until"])
        recipient = franchise_recipient(franchise)
        if recipient is not None:
            outbox.enqueue("giftcerts.notify_franchise_cancelled", franchise.pk, recipient.pk)
        announce_records_changed(local_government_id=franchise.store.local_government_id, since=today)
    return franchise


def franchise_expire(*, franchise_id: int, today: datetime.date | None = None) -> Franchise:
    """Mark an active franchise whose term has ended as expired (the daily task calls this)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        franchise = Franchise.objects.select_for_update(of=("self",)).select_related("store").get(pk=franchise_id)
        if franchise.status != Franchise.Status.ACTIVE:
            raise TransitionError(_("Only an active franchise can expire; this one is %(status)s.")
                                  % {"status": franchise.get_status_display()})
        if franchise.valid_until >= today:
            raise TransitionError(_("The franchise is valid until %(date)s and has not ended yet.")
                                  % {"date": franchise.valid_until})
        _franchise_transition(franchise, to_status=Franchise.Status.EXPIRED, actor=None,
                              message=_("The three-year term ended on %(date)s.") % {"date": franchise.valid_until})
        announce_records_changed(local_government_id=franchise.store.local_government_id, since=today)
    return franchise


def franchise_send_renewal_reminder(*, franchise_id: int, today: datetime.date | None = None) -> bool:
    """E-mail the renewal link once, from 60 days before expiry. True when this call sent it.

    The conditional UPDATE claims the reminder: of two concurrent runs only one
    changes the row, so only one mail goes out.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        claimed = Franchise.objects.filter(
            pk=franchise_id, status=Franchise.Status.ACTIVE, renewal_reminder_sent_at__isnull=True,
            valid_until__lte=today + datetime.timedelta(days=rules.RENEWAL_NOTICE_DAYS),
        ).update(renewal_reminder_sent_at=timezone.now())
        if not claimed:
            return False
        franchise = Franchise.objects.select_related("store__owner__user", "application__applicant").get(
            pk=franchise_id)
        recipient = franchise_recipient(franchise)
        FranchiseEvent.objects.create(franchise=franchise, from_status=franchise.status, to_status=franchise.status,
                                      message=_("Renewal reminder sent to %(to)s.")
                                      % {"to": recipient.email if recipient else _("nobody (no e-mail address)")})
        if recipient is not None:
            outbox.enqueue("giftcerts.notify_renewal_reminder", franchise.pk, recipient.pk)
    return True


# --- configuration and outreach ------------------------------------------------------------

def document_requirement_save(*, official, code: str, name: str, description: str = "", required: bool = False,
                              active: bool = True):
    """Add or change a document kind the official's government asks for (by code)."""
    from .models import DocumentRequirement

    ensure_official_of(official, official.local_government_id)
    name = _require_text(name, _("Enter the document's name."), "name")
    builtin = {spec.code: spec for spec in documents.BUILTIN_DOCUMENTS}.get(code)
    if builtin is not None and builtin.fixed and (not required or not active):
        raise DomainError(_("The business registration certificate is always required."), field="required")
    requirement, _created = DocumentRequirement.objects.update_or_create(
        local_government_id=official.local_government_id, code=code,
        defaults={"name": name, "description": (description or "").strip(), "required": required, "active": active})
    return requirement


def outreach_visit_log(*, store_id: int, official, visited_on: datetime.date, outcome: str, reason: str = "",
                       note: str = "", today: datetime.date | None = None):
    """Record a field visit of the Alley Economy 119 Project."""
    from merchants.models import Store

    from .models import OutreachVisit

    today = today or timezone.localdate()
    store = Store.objects.get(pk=store_id)
    ensure_official_of(official, store.local_government_id)
    if outcome not in OutreachVisit.Outcome.values:
        raise DomainError(_("Choose the outcome of the visit."), field="outcome")
    if visited_on > today:
        raise DomainError(_("The visit date cannot be in the future."), field="visited_on")
    reason = (reason or "").strip()
    if outcome == OutreachVisit.Outcome.REFUSED and not reason:
        raise DomainError(_("Write why the merchant refused; it helps the next visit."), field="reason")
    return OutreachVisit.objects.create(store=store, local_government_id=store.local_government_id,
                                        visited_on=visited_on, outcome=outcome, reason=reason,
                                        note=(note or "").strip(), visited_by=official)
