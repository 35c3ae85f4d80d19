"""Writes of consent records: record one, record many at once, withdraw one.

Each is a guarded function: it checks the official (of the district's government), the district's
state (no consent for a revoked district), the store (an open store the district counts), the date,
and locks the district row (`select_for_update` inside `atomic`), so a designation being decided and
a consent being recorded happen one after the other. At most one record per district and store is
current: the check here says so in Korean, and a partial unique constraint holds it when two
officials record the same store at the same moment.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import bounds
from core.errors import DomainError, TransitionError
from core.korean import particles
from core.uploads import CheckedDocument, check_document
from districts.models import District
from merchants.models import Store

from . import selectors
from .models import ConsentRecord

SIGNER_NAME_MAX = 50
BULK_MAX = 500


@dataclass
class BulkRow:
    """One store of a bulk entry: what the official typed for it."""

    store_id: int
    signer_name: str = ""
    signer_role: str = ConsentRecord.Role.OWNER


class BulkError(DomainError):
    """Some rows of a bulk entry are wrong: nothing was recorded. `errors`: {store id: message}."""

    def __init__(self, message, *, errors: dict[int, str] | None = None, field: str | None = None):
        super().__init__(message, field=field)
        self.errors = errors or {}


def _lock_district(district_id: int, official) -> District:
    try:
        district = (District.objects.select_for_update(of=("self",)).select_related("local_government")
                    .get(pk=district_id))
    except District.DoesNotExist as exc:
        raise DomainError(_("This district does not exist.")) from exc
    ensure_official_of(official, district.local_government)
    if district.status == District.Status.REVOKED:
        raise TransitionError(_("The designation of this district is revoked: its merchants' consent is no longer "
                                "recorded."))
    return district


def _check_signed_on(signed_on) -> datetime.date:
    if not signed_on:
        raise DomainError(_("Enter the date of the consent."), field="signed_on")
    if not bounds.is_sane_date(signed_on) or signed_on > timezone.localdate():
        raise DomainError(_("The date of the consent cannot be in the future (or before 2000)."), field="signed_on")
    return signed_on


def _check_method(method: str) -> str:
    if method not in ConsentRecord.Method.values:
        raise DomainError(_("Choose how the consent was given."), field="method")
    return method


def _check_signer(name: str, role: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Enter the name of the person who signed."), field="signer_name")
    if len(name) > SIGNER_NAME_MAX:
        raise DomainError(_("The name may be at most %(max)d characters.") % {"max": SIGNER_NAME_MAX},
                          field="signer_name")
    if role not in ConsentRecord.Role.values:
        raise DomainError(_("Choose the signer's role in the store."), field="signer_role")
    return name, role


def _already(existing: ConsentRecord) -> str:
    return (_("%(store)s already has a current consent for this district (signed by %(name)s on %(date)s). "
              "Withdraw it first to record a new one.")
            % {"store": existing.store.name, "name": existing.signer_name,
               "date": date_format(existing.signed_on, "DATE_FORMAT")})


def _not_counted(store_id: int) -> str:
    name = Store.objects.filter(pk=store_id).values_list("name", flat=True).first()
    if name is None:
        return _("Choose a store of the district.")
    return (_("%(store)s%(store_neun)s not an open store of this district, so its consent would not count.")
            % particles({"store": name}, store="은/는"))


def _save_file(record: ConsentRecord, uploaded, checked: CheckedDocument | None) -> None:
    if checked is None:
        return
    record.file_name = (uploaded.name or "document")[-255:]
    record.file_content_type, record.file_sha256 = checked.content_type, checked.sha256
    record.file.save(f"consent.{checked.extension}", uploaded, save=False)


def _create(record: ConsentRecord, existing_message) -> ConsentRecord:
    """Insert in a savepoint: the partial unique constraint turns a concurrent duplicate into a refusal."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise DomainError(existing_message(), field="store") from exc
    return record


def consent_record(*, official, district_id: int, store_id, signer_name: str, signer_role: str,
                   signed_on: datetime.date, method: str, uploaded_file=None) -> ConsentRecord:
    """Record one store's consent to the district's designation (a signed form, its scan optional, or
    given in person before the official)."""
    signer_name, signer_role = _check_signer(signer_name, signer_role)
    signed_on, method = _check_signed_on(signed_on), _check_method(method)
    store_id = bounds.parse_int(store_id)
    if store_id is None:
        raise DomainError(_("Choose a store of the district."), field="store")
    checked = check_document(uploaded_file, field="file") if uploaded_file else None
    with transaction.atomic():
        district = _lock_district(district_id, official)
        if store_id not in selectors.counted_store_ids(district):
            raise DomainError(_not_counted(store_id), field="store")
        existing = (ConsentRecord.objects.select_related("store")
                    .filter(district=district, store_id=store_id, status=ConsentRecord.Status.CURRENT).first())
        if existing is not None:
            raise DomainError(_already(existing), field="store")
        record = ConsentRecord(local_government_id=district.local_government_id, district=district,
                               store_id=store_id, signer_name=signer_name, signer_role=signer_role,
                               signed_on=signed_on, method=method, recorded_by=official)
        _save_file(record, uploaded_file, checked)
        try:
            return _create(record, lambda: _already(ConsentRecord.objects.select_related("store").get(
                district=district, store_id=store_id, status=ConsentRecord.Status.CURRENT)))
        except Exception:
            if record.file:  # the record is not stored, so neither is its file
                record.file.storage.delete(record.file.name)
            raise


def consent_record_many(*, official, district_id: int, rows: list[BulkRow], signed_on: datetime.date,
                        method: str) -> list[ConsentRecord]:
    """Record the consent of several stores at once (one date and method, each with its signer).
    All or nothing: when a row is wrong, BulkError names each wrong row and nothing is recorded."""
    signed_on, method = _check_signed_on(signed_on), _check_method(method)
    if not rows:
        raise DomainError(_("Select the stores whose consent you are recording."), field="stores")
    if len(rows) > BULK_MAX:
        raise DomainError(_("Record at most %(max)d stores at once.") % {"max": BULK_MAX}, field="stores")
    with transaction.atomic():
        district = _lock_district(district_id, official)
        counted = selectors.counted_store_ids(district)
        current = {r.store_id: r for r in ConsentRecord.objects.select_related("store").filter(
            district=district, status=ConsentRecord.Status.CURRENT, store_id__in=[row.store_id for row in rows])}
        errors: dict[int, str] = {}
        records = []
        seen = set()
        for row in rows:
            try:
                if row.store_id in seen:
                    raise DomainError(_("This store is selected twice."))
                seen.add(row.store_id)
                if row.store_id not in counted:
                    raise DomainError(_not_counted(row.store_id))
                if row.store_id in current:
                    raise DomainError(_already(current[row.store_id]))
                name, role = _check_signer(row.signer_name, row.signer_role)
            except DomainError as exc:
                errors[row.store_id] = str(exc)
                continue
            records.append(ConsentRecord(
                local_government_id=district.local_government_id, district=district, store_id=row.store_id,
                signer_name=name, signer_role=role, signed_on=signed_on, method=method, recorded_by=official))
        if errors:
            raise BulkError(_("%(count)d of the selected stores need a correction; nothing was recorded yet.")
                            % {"count": len(errors)}, errors=errors, field="stores")
        try:
            with transaction.atomic():
                ConsentRecord.objects.bulk_create(records)
        except IntegrityError as exc:  # another official recorded one of them a moment ago
            raise DomainError(_("Another official recorded the consent of one of these stores a moment ago. "
                                "Check the list and try again."), field="stores") from exc
    return records


def consent_withdraw(*, official, record_id: int, reason: str, withdrawn_on: datetime.date | None = None
                     ) -> ConsentRecord:
    """A merchant takes their consent back: the record becomes withdrawn (reason, date, official) and
    stays in the history; the store no longer counts as consenting. A second call changes nothing."""
    reason = (reason or "").strip()
    withdrawn_on = withdrawn_on or timezone.localdate()
    with transaction.atomic():
        try:
            record = ConsentRecord.objects.select_for_update(of=("self",)).select_related("store").get(pk=record_id)
        except ConsentRecord.DoesNotExist as exc:
            raise DomainError(_("This consent record does not exist.")) from exc
        ensure_official_of(official, record.local_government_id)
        if record.status == ConsentRecord.Status.WITHDRAWN:
            raise TransitionError(_("This consent was already withdrawn on %(date)s.")
                                  % {"date": date_format(record.withdrawn_on, "DATE_FORMAT")})
        if not reason:
            raise DomainError(_("Give the reason for the withdrawal."), field="reason")
        if not bounds.is_sane_date(withdrawn_on) or withdrawn_on > timezone.localdate():
            raise DomainError(_("The withdrawal date cannot be in the future."), field="withdrawn_on")
        if withdrawn_on < record.signed_on:
            raise DomainError(_("The withdrawal date cannot be before the consent (%(date)s).")
                              % {"date": date_format(record.signed_on, "DATE_FORMAT")}, field="withdrawn_on")
        record.status = ConsentRecord.Status.WITHDRAWN
        record.withdrawn_on, record.withdrawal_reason = withdrawn_on, reason
        record.withdrawn_by, record.withdrawn_at = official, timezone.now()
        record.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "withdrawn_by", "withdrawn_at"])
    return record
