"""Writes for information sessions (설명회): create and edit, register, attendance, reminders.

Capacity holds under concurrent registrations: the session row is locked
(`select_for_update`) while its seats are counted and the new seat is written,
so two people cannot both take the last seat. A phone number (and a user) can
hold one seat per session, enforced by unique constraints as well.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import phones, public_bodies
from core.errors import ConflictError, DomainError, TransitionError

from .models import InfoSession, SessionRegistration

SESSION_FIELDS = ("title", "description", "venue", "dong", "starts_at", "ends_at", "capacity", "status")


def normalise_mobile(value: str) -> str:
    """'+82 10 1234 5678' -> '010-1234-5678' (core.phones); DomainError when it is not a Korean mobile number."""
    try:
        return phones.normalise(value, mobile=True)
    except phones.InvalidPhone as exc:
        raise DomainError(_("Enter a mobile phone number such as 010-1234-5678."), field="phone") from exc


def format_mobile(value: str) -> str:
    """How a stored number is shown (rows stored before the migration may still be digits only)."""
    return phones.normalise_or_keep(value)


def _check_session_fields(values: dict, *, official) -> None:
    if values.get("dong") is not None and values["dong"].local_government_id != official.local_government_id:
        raise DomainError(_("Choose a dong of your own local government."), field="dong")
    if values.get("ends_at") and values["ends_at"] <= values["starts_at"]:
        raise DomainError(_("The session must end after it starts."), field="ends_at")
    if not values.get("capacity") or values["capacity"] < 1:
        raise DomainError(_("The capacity must be at least one seat."), field="capacity")


def session_create(*, official, **values) -> InfoSession:
    ensure_official_of(official, official.local_government_id)
    values = {k: v for k, v in values.items() if k in SESSION_FIELDS}
    _check_session_fields(values, official=official)
    with transaction.atomic():
        public_bodies.bump(official.local_government_id)  # the public session list
        return InfoSession.objects.create(local_government_id=official.local_government_id, created_by=official,
                                          **values)


def session_update(*, session_id: int, official, version: int, **values) -> InfoSession:
    """Edit a session. Two officials saving at once: the second gets ConflictError and keeps their input."""
    values = {k: v for k, v in values.items() if k in SESSION_FIELDS}
    with transaction.atomic():
        session = InfoSession.objects.select_for_update().get(pk=session_id)
        ensure_official_of(official, session.local_government_id)
        if session.version != version:
            raise ConflictError(_("Another official changed this session while you were editing it. Your input is "
                                  "kept below; check the current values and save again."))
        _check_session_fields({**{f: getattr(session, f) for f in SESSION_FIELDS}, **values}, official=official)
        registered = session.registrations.count()
        if "capacity" in values and values["capacity"] < registered:
            raise DomainError(_("%(count)s people are already registered; the capacity cannot be lower.")
                              % {"count": registered}, field="capacity")
        for key, value in values.items():
            setattr(session, key, value)
        session.version = F("version") + 1
        session.save(update_fields=[*values, "version", "updated_at"])
        session.refresh_from_db(fields=["version"])
        public_bodies.bump(session.local_government_id)
    return session


def session_register(*, session_id: int, name: str, phone: str, email: str = "", user=None,
                     now: datetime.datetime | None = None) -> SessionRegistration:
    """Take a seat. Residents give a name and a mobile number; merchants register with their account."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter your name."), field="name")
    phone = normalise_mobile(phone)
    now = now or timezone.now()
    is_merchant = user is not None and getattr(user, "is_merchant", False)
    with transaction.atomic():
        session = InfoSession.objects.select_for_update().get(pk=session_id)
        if session.status != InfoSession.Status.SCHEDULED:
            raise TransitionError(_("This session was cancelled; registration is closed."))
        if session.starts_at <= now:
            raise TransitionError(_("This session has already started; registration is closed."))
        seats = session.registrations.all()
        if seats.filter(phone=phone).exists() or (is_merchant and seats.filter(user=user).exists()):
            raise DomainError(_("You are already registered for this session."), field="phone")
        if seats.count() >= session.capacity:
            raise DomainError(_("The session is full (%(capacity)s seats). Choose another session.")
                              % {"capacity": session.capacity})
        public_bodies.bump(session.local_government_id)  # seats left on the public list
        try:
            with transaction.atomic():
                return SessionRegistration.objects.create(
                    session=session, user=user if is_merchant else None,
                    kind=SessionRegistration.Kind.MERCHANT if is_merchant else SessionRegistration.Kind.RESIDENT,
                    name=name, phone=phone, email=(email or "").strip())
        except IntegrityError as exc:  # the unique constraints back the checks above
            raise DomainError(_("You are already registered for this session."), field="phone") from exc


def session_mark_attendance(*, session_id: int, official, attended_ids) -> int:
    """Record who came: the listed registrations attended, the others did not. Returns how many came."""
    attended_ids = {int(i) for i in attended_ids}
    with transaction.atomic():
        session = InfoSession.objects.select_for_update().get(pk=session_id)
        ensure_official_of(official, session.local_government_id)
        registrations = session.registrations.all()
        registrations.filter(pk__in=attended_ids).update(attended=True)
        registrations.exclude(pk__in=attended_ids).update(attended=False)
        return registrations.filter(attended=True).count()


def session_send_reminder(*, registration_id: int) -> bool:
    """Send the day-before reminder once (conditional update claims it). True when this call sent it."""
    from . import notifications

    with transaction.atomic():
        claimed = SessionRegistration.objects.filter(
            pk=registration_id, reminder_sent_at__isnull=True, session__status=InfoSession.Status.SCHEDULED,
        ).update(reminder_sent_at=timezone.now())
        if not claimed:
            return False
        registration = SessionRegistration.objects.select_related("session").get(pk=registration_id)
        notifications.send_session_reminder(registration)
    return True
