"""Store edits and the open/closed transitions, each one guarded and recorded as a StoreEvent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import public_bodies
from core.errors import ConflictError, DomainError, TransitionError
from core.korean import particles
from core.signals import announce_records_changed
from districts.models import AdministrativeDong
from districts.selectors import dong_locator

from .. import bizno
from ..models import IndustryCategory, Store, StoreEvent

# What an official may change on a store record (status has its own services).
OFFICIAL_FIELDS = ("name", "branch", "industry", "market_name", "business_number", "road_address", "lot_address",
                   "floor", "phone", "opening_hours", "lon", "lat", "dong", "needs_review", "review_note")
MERCHANT_FIELDS = ("phone", "opening_hours")


def _json_value(value):
    if isinstance(value, (IndustryCategory, AdministrativeDong)):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def lock_store(store_id: int) -> Store:
    try:
        return Store.objects.select_for_update().get(pk=store_id)
    except Store.DoesNotExist:
        raise Http404(_("No such store.")) from None


def _check_version(store: Store, version: int | None) -> None:
    if version is not None and int(version) != store.version:
        raise ConflictError(_(
            "Someone else changed this store while you were editing it. Your input is kept below; check the "
            "current details and save again."))


def _apply(store: Store, values: dict) -> dict:
    """Set changed values on the store; return {field: [old, new]} for the event."""
    changes = {}
    for name, value in values.items():
        old = getattr(store, name)
        if old != value:
            changes[name] = [_json_value(old), _json_value(value)]
            setattr(store, name, value)
    return changes


def save_store_change(store: Store, changes: dict, *, actor, kind=StoreEvent.Kind.UPDATED, reason="",
                      fields: list[str] | None = None, from_status: str = "", effective_on=None) -> None:
    """The one way a locked store is written: bump its version, save `fields` (default: the changed
    ones) and record who did what, when and why."""
    store.version += 1
    store.save(update_fields=[*(changes if fields is None else fields), "version", "updated_at"])
    StoreEvent.objects.create(store=store, kind=kind, actor=actor, reason=reason, changes=changes,
                              from_status=from_status or store.status, to_status=store.status,
                              effective_on=effective_on)
    public_bodies.bump(store.local_government_id)  # the finder shows names, addresses, hours


def _resolve_dong(store: Store, *, lon, lat, chosen_dong) -> AdministrativeDong | None:
    """The dong of the point when it lies in one; otherwise the dong the official chose (or none)."""
    if lon is None or lat is None:
        return chosen_dong
    located_id = dong_locator(store.local_government).locate_one(lon, lat)
    if located_id is None:
        return chosen_dong
    located = AdministrativeDong.objects.get(pk=located_id)
    if chosen_dong is not None and chosen_dong.pk != located.pk:
        raise DomainError(
            _("The point lies in %(located)s, not %(chosen)s%(chosen_ga)s. The dong follows the coordinates: choose "
              "%(located)s%(located_reul)s or move the point.")
            % particles({"located": located.name, "chosen": chosen_dong.name}, chosen="이/가", located="을/를"),
            field="dong")
    return located


def store_update(*, store_id: int, official, version: int | None, values: dict, reason: str = "") -> Store:
    """An official changes a store's record (OFFICIAL_FIELDS). Optimistic lock on `version`."""
    unknown = set(values) - set(OFFICIAL_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    values = dict(values)
    if values.get("business_number"):
        values["business_number"] = bizno.validate(values["business_number"])
    with transaction.atomic():
        store = lock_store(store_id)
        ensure_official_of(official, store.local_government_id)
        _check_version(store, version)
        dong = values.get("dong")
        if dong is not None and dong.local_government_id != store.local_government_id:
            raise DomainError(_("Choose a dong of this local government."), field="dong")
        if "lon" in values or "lat" in values or "dong" in values:
            values["dong"] = _resolve_dong(store, lon=values.get("lon", store.lon), lat=values.get("lat", store.lat),
                                           chosen_dong=dong)
        changes = _apply(store, values)
        if changes:
            save_store_change(store, changes, actor=official, reason=reason)
    if changes:  # after the store's row lock is released: reassigning locks the government first
        _follow_changes(store, changes)
    return store


# Store fields the dashboard's figures depend on: the dong groups them, industry and market
# decide whether a store may join Onnuri; a moved point may also move the store between districts.
METRIC_FIELDS = {"dong", "industry", "market_name"}
POSITION_FIELDS = {"lon", "lat"}


def _follow_changes(store: Store, changes: dict) -> None:
    """Keep districts and the dashboard in line with an edited store, as an import does."""
    if changes.keys() & POSITION_FIELDS:
        from districts.services import districts_reassign_stores  # districts imports merchants

        districts_reassign_stores(local_government=store.local_government_id)
        store.refresh_from_db(fields=["district"])
    if changes.keys() & (METRIC_FIELDS | POSITION_FIELDS):
        announce_records_changed(local_government_id=store.local_government_id, since=None)


def store_update_contact(*, store_id: int, merchant_user, version: int | None, phone: str, opening_hours: str,
                         photo=None, remove_photo: bool = False) -> Store:
    """A merchant changes the contact, hours or photo of a store they own."""
    old_photo_name = ""
    with transaction.atomic():
        store = lock_store(store_id)
        merchant = getattr(merchant_user, "merchant", None) if merchant_user.is_merchant else None
        if merchant is None or store.owner_id != merchant.pk:
            raise Http404(_("No such store."))
        _check_version(store, version)
        changes = _apply(store, {"phone": phone, "opening_hours": opening_hours})
        if photo is not None or (remove_photo and store.photo):
            old_photo_name = store.photo.name
            if photo is not None:
                store.photo.save(photo.name, photo, save=False)
            else:
                store.photo = ""
            changes["photo"] = [old_photo_name, store.photo.name]
        if changes:
            save_store_change(store, changes, actor=merchant_user)
    if old_photo_name:
        storage = store.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo_name))
    return store


def _locked_for_status_change(store_id: int, official, version: int | None, *, expected: str, refusal: str) -> Store:
    store = lock_store(store_id)
    ensure_official_of(official, store.local_government_id)
    _check_version(store, version)
    if store.status != expected:
        raise TransitionError(refusal)
    return store


def _check_date(day: datetime.date, *, field: str, future: str, earliest: datetime.date | None, too_early: str):
    if day > timezone.localdate():
        raise DomainError(future, field=field)
    if earliest and day < earliest:
        raise DomainError(too_early % {"date": earliest.isoformat()}, field=field)


def _save_status(store: Store, *, actor, kind, from_status: str, day: datetime.date, reason: str, fields: list[str],
                 changes: dict | None = None) -> None:
    save_store_change(store, changes or {}, actor=actor, kind=kind, reason=reason, fields=fields,
                      from_status=from_status, effective_on=day)
    announce_records_changed(local_government_id=store.local_government_id, since=day)


def store_close(*, store_id: int, official, closed_on: datetime.date, reason: str,
                version: int | None = None) -> Store:
    """Mark an open store closed on `closed_on` (never deleted)."""
    with transaction.atomic():
        store = _locked_for_status_change(
            store_id, official, version, expected=Store.Status.OPEN,
            refusal=_("Only an open store can be closed; this one is already closed."))
        _check_date(closed_on, field="closed_on", future=_("The closing date cannot be in the future."),
                    earliest=store.opened_on,
                    too_early=_("The closing date cannot be before the opening date (%(date)s)."))
        store.status, store.closed_on = Store.Status.CLOSED, closed_on
        _save_status(store, actor=official, kind=StoreEvent.Kind.CLOSED, from_status=Store.Status.OPEN,
                     day=closed_on, reason=reason, fields=["status", "closed_on"])
    return store


def store_reopen(*, store_id: int, official, reopened_on: datetime.date, reason: str,
                 version: int | None = None) -> Store:
    """Reopen a closed store from `reopened_on` (its new opening date; the event keeps the old one)."""
    with transaction.atomic():
        store = _locked_for_status_change(
            store_id, official, version, expected=Store.Status.CLOSED,
            refusal=_("Only a closed store can be reopened; this one is open."))
        _check_date(reopened_on, field="reopened_on", future=_("The reopening date cannot be in the future."),
                    earliest=store.closed_on,
                    too_early=_("The reopening date cannot be before the closing date (%(date)s)."))
        changes = {"opened_on": [_json_value(store.opened_on), reopened_on.isoformat()],
                   "closed_on": [_json_value(store.closed_on), None]}
        store.status, store.closed_on, store.opened_on = Store.Status.OPEN, None, reopened_on
        _save_status(store, actor=official, kind=StoreEvent.Kind.REOPENED, from_status=Store.Status.CLOSED,
                     day=reopened_on, reason=reason, fields=["status", "closed_on", "opened_on"], changes=changes)
    return store
