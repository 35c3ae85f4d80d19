"""Every write of the hotline: filing, the transitions, comments, overdue flags, keywords, API keys.

Each state change is one function: check the precondition, lock the row inside
a transaction, save with update_fields, write a TicketEvent, and send mail
after commit. HTML views, the API, Open311, admin and tasks all call these.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections import Counter, defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import outbox, phones, public_bodies
from core.errors import ConflictError, DomainError, TransitionError

from . import keywords, photos, selectors
from .business_days import add_business_days
from .models import Category, Open311Client, Ticket, TicketComment, TicketEvent, TicketKeyword, TicketPhoto

# Short codes people read out on the phone: no 0/O, 1/I/L look-alikes. 31^10 ≈ 8e14 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def new_tracking_token() -> str:
    return secrets.token_urlsafe(32)


def normalise_tracking_code(raw: str) -> str:
    """What a person typed ('abcde-fghjk ') -> 'ABCDEFGHJK'."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def due_date_for(category: Category, filed_at: datetime.datetime) -> datetime.date:
    return add_business_days(timezone.localdate(filed_at), category.service_level_days)


def categories_seed_defaults() -> int:
    """Create the default categories that are missing (migration 0002 does the same); returns how many."""
    from .categories import DEFAULT_CATEGORIES

    created = 0
    for code, name, description, days, keywords_, order in DEFAULT_CATEGORIES:
        _category, was_created = Category.objects.get_or_create(code=code, defaults={
            "name": name, "description": description, "service_level_days": days, "keywords": keywords_,
            "sort_order": order,
        })
        created += was_created
    return created


# --- filing -----------------------------------------------------------------------------------


def ticket_file(
    *, local_government, category: Category, description: str, lon: float | None = None,
    lat: float | None = None, store=None, address: str = "", reporter_name: str = "", reporter_phone: str = "",
    reporter_email: str = "", reporter=None, photo_files=(), source: str = Ticket.Source.WEB,
    open311_client: Open311Client | None = None, filed_at: datetime.datetime | None = None,
) -> Ticket:
    """File a ticket. The dong and alley district come from the point (or the store's point)."""
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe the problem."), field="description")
    if not category.is_active:
        raise DomainError(_("This category is no longer accepted. Choose another one."), field="category")
    if reporter_phone and reporter_phone.strip():
        try:
            reporter_phone = phones.normalise(reporter_phone)
        except phones.InvalidPhone as exc:
            raise DomainError(_("Enter a Korean phone number such as 010-1234-5678, 062-123-4567 or 1588-1234."),
                              field="reporter_phone") from exc
    if store is not None:
        if store.local_government_id != local_government.pk:
            raise DomainError(_("Choose a store of %(government)s.") % {"government": local_government},
                              field="store")
        if lon is None or lat is None:
            lon, lat = store.lon, store.lat
        address = address or store.road_address or store.lot_address
    if (lon is None) != (lat is None):
        raise DomainError(_("Give both longitude and latitude."), field="location")
    if lon is None and not address.strip():
        raise DomainError(_("Show where it is: tap the map, use your location, choose a store or describe the place."),
                          field="location")
    dong_id = district_id = None
    if lon is not None:
        dong_id, district_id = selectors.locate(local_government, lon, lat)
        if dong_id is None:
            raise DomainError(_("The place you chose is outside %(government)s. Choose a place inside it.")
                              % {"government": local_government}, field="location")
    photo_files = list(photo_files or [])
    if len(photo_files) > photos.MAX_PHOTOS:
        raise DomainError(_("Attach at most %(count)d photos.") % {"count": photos.MAX_PHOTOS}, field="photos")
    cleaned = [photos.clean_photo(f) for f in photo_files]  # before the transaction: it is CPU work

    filed_at = filed_at or timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                ticket = Ticket.objects.create(
                    local_government=local_government, category=category, description=description,
                    lon=lon, lat=lat, address=address.strip()[:255], store=store, dong_id=dong_id,
                    district_id=district_id, reporter_name=reporter_name.strip(), reporter_phone=reporter_phone.strip(),
                    reporter_email=reporter_email.strip(), reporter=reporter if getattr(reporter, "pk", None) else None,
                    source=source, open311_client=open311_client, due_date=due_date_for(category, filed_at),
                    tracking_code=new_tracking_code(), tracking_token=new_tracking_token(), created_at=filed_at,
                )
                for photo in cleaned:
                    TicketPhoto.objects.create(ticket=ticket, image=photo.content, width=photo.width,
                                               height=photo.height, size_bytes=photo.content.size)
                TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.FILED, to_status=ticket.status,
                                           actor=ticket.reporter, created_at=filed_at)
                public_bodies.bump(local_government.pk)  # the Open311 lists
            return ticket
        except IntegrityError:  # a tracking code collided (about 1 in 10^14): draw again
            continue
    raise DomainError(_("The ticket could not be saved. Please try again."))


# --- transitions ------------------------------------------------------------------------------


def _lock(ticket_id: int, official, expected_version: int | None) -> Ticket:
    """The ticket locked for update, after the permission and version checks."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    ensure_official_of(official, ticket.local_government_id)
    if expected_version is not None and ticket.version != expected_version:
        raise ConflictError(_("Another official changed this ticket while you were looking at it. "
                              "Check its current state and try again."))
    return ticket


def _record(ticket: Ticket, *, kind: str, actor, to_status: str | None = None, message: str = "",
            fields: tuple[str, ...] = (), now=None) -> TicketEvent:
    """Apply a status change (if any), bump the version, save the named fields and write the event."""
    old_status = ticket.status
    if to_status is not None:
        ticket.status = to_status
    ticket.version += 1
    ticket.save(update_fields=["status", "version", "updated_at", *fields])
    public_bodies.bump(ticket.local_government_id)
    return TicketEvent.objects.create(ticket=ticket, kind=kind, from_status=old_status, to_status=ticket.status,
                                      actor=actor, message=message, created_at=now or timezone.now())


def _notify_reporter_after_commit(ticket: Ticket, event: TicketEvent) -> None:
    if ticket.reporter_email:
        outbox.enqueue("hotline.notify_reporter", ticket.pk, event.pk)


def ticket_assign(*, ticket_id: int, official, assignee, expected_version: int | None = None,
                  now=None) -> Ticket:
    """Give the ticket to an official of the same government (received -> assigned; reassigning keeps the status)."""
    with transaction.atomic():
        ticket = _lock(ticket_id, official, expected_version)
        if not ticket.is_open:
            raise TransitionError(_("Only open tickets can be assigned."))
        if not (getattr(assignee, "is_official", False) and assignee.local_government_id == ticket.local_government_id):
            raise DomainError(_("Choose an official of %(government)s.") % {"government": ticket.local_government},
                              field="assignee")
        if ticket.assignee_id == assignee.pk:
            raise TransitionError(_("The ticket is already assigned to %(name)s.") % {"name": assignee.display_name})
        ticket.assignee = assignee
        to_status = Ticket.Status.ASSIGNED if ticket.status == Ticket.Status.RECEIVED else None
        _record(ticket, kind=TicketEvent.Kind.ASSIGNED, actor=official, to_status=to_status,
                message=assignee.display_name, fields=("assignee",), now=now)
    return ticket


def ticket_start(*, ticket_id: int, official, expected_version: int | None = None, now=None) -> Ticket:
    """assigned -> in progress."""
    with transaction.atomic():
        ticket = _lock(ticket_id, official, expected_version)
        if ticket.status != Ticket.Status.ASSIGNED:
            raise TransitionError(_("Only assigned tickets can be started."))
        _record(ticket, kind=TicketEvent.Kind.STARTED, actor=official, to_status=Ticket.Status.IN_PROGRESS, now=now)
    return ticket


def ticket_resolve(*, ticket_id: int, official, reply: str, expected_version: int | None = None,
                   now=None) -> Ticket:
    """in progress -> resolved, with a public reply telling the reporter what was done."""
    reply = (reply or "").strip()
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket_id, official, expected_version)
        if ticket.status != Ticket.Status.IN_PROGRESS:
            raise TransitionError(_("Only tickets in progress can be resolved."))
        if not reply:
            raise DomainError(_("Write a public reply saying what was done."), field="reply")
        ticket.closed_at = now
        TicketComment.objects.create(ticket=ticket, kind=TicketComment.Kind.PUBLIC, body=reply, author=official,
                                     created_at=now)
        event = _record(ticket, kind=TicketEvent.Kind.RESOLVED, actor=official, to_status=Ticket.Status.RESOLVED,
                        message=reply, fields=("closed_at",), now=now)
        _notify_reporter_after_commit(ticket, event)
    return ticket


def ticket_reject(*, ticket_id: int, official, reason: str, expected_version: int | None = None,
                  now=None) -> Ticket:
    """An open ticket -> rejected; the reason is shown to the reporter."""
    reason = (reason or "").strip()
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket_id, official, expected_version)
        if not ticket.is_open:
            raise TransitionError(_("Only open tickets can be rejected."))
        if not reason:
            raise DomainError(_("Give the reason for rejecting the ticket."), field="reason")
        ticket.reject_reason, ticket.closed_at = reason, now
        event = _record(ticket, kind=TicketEvent.Kind.REJECTED, actor=official, to_status=Ticket.Status.REJECTED,
                        message=reason, fields=("reject_reason", "closed_at"), now=now)
        _notify_reporter_after_commit(ticket, event)
    return ticket


def merge_window() -> datetime.timedelta:
    """How long after closing a ticket may still take duplicates (settings.HOTLINE_MERGE_RECENT_DAYS)."""
    return datetime.timedelta(days=settings.HOTLINE_MERGE_RECENT_DAYS)


def ensure_mergeable(duplicate: Ticket, primary: Ticket | None, *, into_id: int, now=None) -> None:
    """The rules of a merge, shared by the confirmation page and `ticket_merge` (which checks them again
    under the row locks): an open duplicate, into an open or recently closed ticket of the same government."""
    now = now or timezone.now()
    if duplicate.pk == into_id:
        raise DomainError(_("A ticket cannot be merged into itself."), field="into")
    if primary is None or primary.local_government_id != duplicate.local_government_id:
        raise DomainError(_("Ticket #%(id)s does not exist in %(government)s.")
                          % {"id": into_id, "government": duplicate.local_government}, field="into")
    if not duplicate.is_open:
        raise TransitionError(_("Only open tickets can be merged into another one."))
    if primary.status == Ticket.Status.MERGED:
        raise DomainError(_("Ticket #%(id)s is itself merged into another ticket: merge into that one.")
                          % {"id": primary.pk}, field="into")
    if not primary.is_open and primary.closed_at < now - merge_window():
        # The reporter would follow an answer given long before their report.
        raise DomainError(_("Ticket #%(id)s was closed more than %(days)d days ago: merge only into open or "
                            "recently closed tickets, or handle this ticket on its own.")
                          % {"id": primary.pk, "days": settings.HOTLINE_MERGE_RECENT_DAYS}, field="into")


def ticket_merge_preview(*, ticket_id: int, into_id: int, official, now=None) -> tuple[Ticket, Ticket]:
    """(duplicate, primary) for the confirmation page, after the same checks the merge makes."""
    duplicate = Ticket.objects.select_related("local_government", "category", "dong").get(pk=ticket_id)
    ensure_official_of(official, duplicate.local_government_id)
    primary = (Ticket.objects.select_related("category", "dong", "assignee")
               .filter(pk=into_id, local_government_id=duplicate.local_government_id).first())
    ensure_mergeable(duplicate, primary, into_id=into_id, now=now)
    return duplicate, primary


def ticket_merge(*, ticket_id: int, into_id: int, official, expected_version: int | None = None,
                 now=None) -> Ticket:
    """Merge a duplicate into a primary ticket. The duplicate's reporter then follows the primary.

    Only into an open ticket, or one closed within HOTLINE_MERGE_RECENT_DAYS, of the same government.
    """
    if ticket_id == into_id:
        raise DomainError(_("A ticket cannot be merged into itself."), field="into")
    now = now or timezone.now()
    with transaction.atomic():
        # Lock both rows in id order, so two opposite merges cannot deadlock.
        locked = {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=sorted([ticket_id, into_id]))
                  .order_by("pk")}
        if ticket_id not in locked:
            raise Ticket.DoesNotExist
        duplicate = locked[ticket_id]
        ensure_official_of(official, duplicate.local_government_id)
        primary = locked.get(into_id)
        if expected_version is not None and duplicate.version != expected_version:
            raise ConflictError(_("Another official changed this ticket while you were looking at it. "
                                  "Check its current state and try again."))
        ensure_mergeable(duplicate, primary, into_id=into_id, now=now)
        duplicate.merged_into, duplicate.closed_at = primary, now
        _record(duplicate, kind=TicketEvent.Kind.MERGED, actor=official, to_status=Ticket.Status.MERGED,
                message=f"#{primary.pk}", fields=("merged_into", "closed_at"), now=now)
        primary.version += 1
        primary.save(update_fields=["version", "updated_at"])
        TicketEvent.objects.create(ticket=primary, kind=TicketEvent.Kind.DUPLICATE_ADDED, from_status=primary.status,
                                   to_status=primary.status, actor=official, message=f"#{duplicate.pk}",
                                   created_at=now)
    return duplicate


def ticket_comment(*, ticket_id: int, official, body: str, kind: str) -> TicketComment:
    """A public reply (the reporter reads it) or an internal note (officials only)."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the text of the comment."), field="body")
    if kind not in TicketComment.Kind.values:
        raise DomainError(_("Choose public reply or internal note."), field="kind")
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
        ensure_official_of(official, ticket.local_government_id)
        if ticket.status == Ticket.Status.MERGED and kind == TicketComment.Kind.PUBLIC:
            raise TransitionError(_("This ticket is merged: write public replies on ticket #%(id)s.")
                                  % {"id": ticket.merged_into_id})
        return TicketComment.objects.create(ticket=ticket, kind=kind, body=body, author=official)


def tickets_flag_overdue(*, today: datetime.date | None = None) -> int:
    """Flag open tickets past their due date. Idempotent: flagged tickets are not touched again."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        due = list(Ticket.objects.select_for_update(skip_locked=True)
                   .filter(status__in=Ticket.OPEN_STATUSES, due_date__lt=today, is_overdue=False)
                   .only("pk", "status", "due_date"))
        if not due:
            return 0
        Ticket.objects.filter(pk__in=[t.pk for t in due]).update(is_overdue=True, updated_at=now)
        TicketEvent.objects.bulk_create([
            TicketEvent(ticket_id=t.pk, kind=TicketEvent.Kind.OVERDUE, from_status=t.status, to_status=t.status,
                        message=t.due_date.isoformat(), created_at=now)
            for t in due
        ])
    return len(due)


def tickets_erase_reporter_contacts(*, now: datetime.datetime | None = None) -> int:
    """Erase the reporter's name, phone and e-mail of tickets closed more than
    HOTLINE_REPORTER_CONTACT_RETENTION_DAYS ago, with a CONTACT_ERASED event each; returns how many.

    Idempotent: erased tickets hold no contact data and are not selected again. Open tickets are untouched.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS)
    with transaction.atomic():
        due = list(Ticket.objects.select_for_update(skip_locked=True)
                   .filter(status__in=Ticket.CLOSED_STATUSES, closed_at__lt=cutoff)
                   .exclude(reporter_name="", reporter_phone="", reporter_email="")
                   .only("pk", "status"))
        if not due:
            return 0
        Ticket.objects.filter(pk__in=[t.pk for t in due]).update(
            reporter_name="", reporter_phone="", reporter_email="", version=F("version") + 1, updated_at=now)
        TicketEvent.objects.bulk_create([
            TicketEvent(ticket_id=t.pk, kind=TicketEvent.Kind.CONTACT_ERASED, from_status=t.status,
                        to_status=t.status, message=_("Retention period of %(days)d days after closing ended.")
                        % {"days": settings.HOTLINE_REPORTER_CONTACT_RETENTION_DAYS}, created_at=now)
            for t in due
        ])
    return len(due)


# --- keywords ---------------------------------------------------------------------------------


def keywords_compute(*, local_government_id: int, month: datetime.date, top_n: int = 30) -> int:
    """Count keywords of one month's tickets for the government, each dong and each district.

    Replaces that month's rows (idempotent). Merged duplicates are left out, so
    one problem reported five times is not counted five times.
    """
    month = month.replace(day=1)
    start, end = selectors.month_bounds(month)
    rows = list(Ticket.objects.filter(local_government_id=local_government_id, created_at__gte=start,
                                      created_at__lt=end).exclude(status=Ticket.Status.MERGED)
                .values_list("description", "dong_id", "district_id"))
    scopes: dict[tuple[str, int], tuple[Counter, Counter]] = defaultdict(lambda: (Counter(), Counter()))
    for (_text, dong_id, district_id), found in zip(rows, keywords.extract(r[0] for r in rows), strict=True):
        keys = [(TicketKeyword.Scope.GOVERNMENT, local_government_id)]
        if dong_id:
            keys.append((TicketKeyword.Scope.DONG, dong_id))
        if district_id:
            keys.append((TicketKeyword.Scope.DISTRICT, district_id))
        for key in keys:
            scopes[key][0].update(found.nouns)
            scopes[key][1].update(found.phrases)
    new_rows = []
    for (scope, scope_id), (nouns, phrases) in scopes.items():
        for counter, is_phrase in ((nouns, False), (phrases, True)):
            for word, n in counter.most_common(top_n):
                new_rows.append(TicketKeyword(local_government_id=local_government_id, month=month, scope=scope,
                                              scope_id=scope_id, keyword=word[:60], is_phrase=is_phrase, count=n))
    with transaction.atomic():
        TicketKeyword.objects.filter(local_government_id=local_government_id, month=month).delete()
        TicketKeyword.objects.bulk_create(new_rows)
    return len(new_rows)


# --- Open311 client applications --------------------------------------------------------------


def hash_api_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a plain SHA-256 is enough (no dictionary to attack).
    return hashlib.sha256(key.encode()).hexdigest()


def open311_client_create(*, name: str, local_government) -> tuple[Open311Client, str]:
    """Create a client application; returns it with its key (shown once, only its hash is kept)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the client application a name."), field="name")
    key = secrets.token_urlsafe(32)
    client = Open311Client.objects.create(name=name, local_government=local_government, key_hash=hash_api_key(key),
                                          key_prefix=key[:8])
    return client, key
