"""Every write of the special projects: create, edit, the status machine, milestones, photos, figures.

Each state change is one guarded function: check the precondition (a DomainError in Korean),
lock the project row with select_for_update() inside atomic(), save, and write a ProjectEvent
(old status, new status, who, when, why). HTML views and the admin call these only.
Edits and status changes carry the version the official saw (optimistic lock).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ensure_official_of
from core import images
from core.errors import ConflictError, DomainError, TransitionError
from core.signals import announce_records_changed
from districts.models import District

from .models import FundingLine, Milestone, OutcomeFigure, OutcomePhoto, ProjectEvent, SpecialProject

Status = SpecialProject.Status

# planned -> running | cancelled; running -> finished | cancelled. Finished and cancelled are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PLANNED: (Status.RUNNING, Status.CANCELLED),
    Status.RUNNING: (Status.FINISHED, Status.CANCELLED),
    Status.FINISHED: (),
    Status.CANCELLED: (),
}
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}
PHOTO_MAX_SIDE = 2560
MAX_PHOTOS = 20

Funding = Mapping[str, tuple[int, int]]  # source -> (planned won, executed won)


# --- checks shared by create and edit ------------------------------------------------------------

def _clean_fields(*, government, title: str, type: str, planned_start, planned_end, district_ids: Iterable[int],
                  responsible, funding: Funding) -> tuple[str, list[District], dict[str, tuple[int, int]]]:
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Enter the project's title."), field="title")
    if type not in SpecialProject.Type.values:
        raise DomainError(_("Choose the project's type."), field="type")
    if planned_start is None or planned_end is None:
        raise DomainError(_("Enter the planned start and end."), field="planned_start")
    if planned_end < planned_start:
        raise DomainError(_("The planned end cannot be before the planned start."), field="planned_end")
    ids = sorted({int(pk) for pk in district_ids or ()})
    if not ids:
        raise DomainError(_("Choose at least one alley district."), field="districts")
    districts = list(District.objects.filter(pk__in=ids, local_government=government))
    if len(districts) != len(ids):
        raise DomainError(_("Choose alley districts of %(government)s.") % {"government": government},
                          field="districts")
    if responsible is not None and not (getattr(responsible, "is_official", False)
                                        and responsible.local_government_id == government.pk):
        raise DomainError(_("Choose an official of %(government)s.") % {"government": government},
                          field="responsible")
    lines: dict[str, tuple[int, int]] = {}
    for source, amounts in (funding or {}).items():
        if source not in FundingLine.Source.values:
            raise DomainError(_("Unknown funding source."), field="funding")
        planned, executed = (int(amounts[0] or 0), int(amounts[1] or 0))
        if planned < 0 or executed < 0:
            raise DomainError(_("Amounts cannot be negative."), field=f"{source}_planned")
        if executed > planned:
            raise DomainError(_("%(source)s: the executed amount cannot exceed the planned amount.")
                              % {"source": FundingLine.Source(source).label}, field=f"{source}_executed")
        if planned or executed:
            lines[source] = (planned, executed)
    return title, districts, lines


def _save_funding(project: SpecialProject, lines: dict[str, tuple[int, int]]) -> None:
    project.funding_lines.exclude(source__in=list(lines)).delete()
    for source, (planned, executed) in lines.items():
        FundingLine.objects.update_or_create(project=project, source=source,
                                             defaults={"planned_won": planned, "executed_won": executed})


def _event(project: SpecialProject, *, kind: str, actor, reason: str = "", from_status: str = "",
           to_status: str = "", now=None) -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, kind=kind, actor=actor, reason=reason,
                                       from_status=from_status, to_status=to_status,
                                       created_at=now or timezone.now())


def _changed(project: SpecialProject) -> None:
    """The dashboard's monthly figures from the project's start on may change."""
    start = min(filter(None, [project.planned_start, project.actual_start]))
    announce_records_changed(local_government_id=project.local_government_id, since=start.replace(day=1))


def _lock(project_id: int, official, expected_version: int | None = None) -> SpecialProject:
    project = SpecialProject.objects.select_for_update().get(pk=project_id)
    ensure_official_of(official, project.local_government_id)
    if expected_version is not None and project.version != expected_version:
        raise ConflictError(_("Another official changed this project while you were editing it. "
                              "Check its current state and try again."))
    return project


# --- create and edit -------------------------------------------------------------------------------

def project_create(*, official, title: str, type: str, planned_start: datetime.date, planned_end: datetime.date,
                   district_ids: Iterable[int], responsible=None, summary: str = "", outcomes: str = "",
                   funding: Funding | None = None, is_synthetic: bool = False, now=None) -> SpecialProject:
    government = official.local_government
    ensure_official_of(official, government)
    title, districts, lines = _clean_fields(government=government, title=title, type=type,
                                            planned_start=planned_start, planned_end=planned_end,
                                            district_ids=district_ids, responsible=responsible,
                                            funding=funding or {})
    with transaction.atomic():
        project = SpecialProject.objects.create(
            local_government=government, title=title, type=type, summary=(summary or "").strip(),
            outcomes=(outcomes or "").strip(), planned_start=planned_start, planned_end=planned_end,
            responsible=responsible, is_synthetic=is_synthetic, created_by=official)
        project.districts.set(districts)
        _save_funding(project, lines)
        _event(project, kind=ProjectEvent.Kind.CREATED, actor=official, to_status=project.status, now=now)
        _changed(project)
    return project


def project_update(*, official, project_id: int, expected_version: int, title: str, type: str,
                   planned_start: datetime.date, planned_end: datetime.date, district_ids: Iterable[int],
                   responsible=None, summary: str = "", outcomes: str = "", funding: Funding | None = None,
                   now=None) -> SpecialProject:
    with transaction.atomic():
        project = _lock(project_id, official, expected_version)
        title, districts, lines = _clean_fields(government=project.local_government, title=title, type=type,
                                                planned_start=planned_start, planned_end=planned_end,
                                                district_ids=district_ids, responsible=responsible,
                                                funding=funding or {})
        project.title, project.type, project.planned_start, project.planned_end = title, type, planned_start, \
            planned_end
        project.summary, project.outcomes, project.responsible = (summary or "").strip(), (outcomes or "").strip(), \
            responsible
        project.version += 1
        project.save()
        project.districts.set(districts)
        _save_funding(project, lines)
        _event(project, kind=ProjectEvent.Kind.UPDATED, actor=official, now=now)
        _changed(project)
    return project


# --- the status machine ----------------------------------------------------------------------------

def project_change_status(*, official, project_id: int, to_status: str, reason: str = "",
                          expected_version: int | None = None, on: datetime.date | None = None,
                          now=None) -> SpecialProject:
    """planned -> running (sets the actual start), running -> finished (sets the actual end),
    planned/running -> cancelled (a reason is required). The only way a project's status changes."""
    reason = (reason or "").strip()
    on = on or timezone.localdate()
    with transaction.atomic():
        project = _lock(project_id, official, expected_version)
        if to_status not in Status.values:
            raise DomainError(_("Choose a status."), field="to_status")
        if to_status == project.status:
            raise TransitionError(_("The project is already %(status)s.") % {"status": project.get_status_display()})
        if to_status not in TRANSITIONS[project.status]:
            raise TransitionError(_("A project that is %(from)s cannot become %(to)s.") % {
                "from": project.get_status_display(), "to": Status(to_status).label})
        if to_status == Status.CANCELLED and not reason:
            raise DomainError(_("Say why the project is cancelled."), field="reason")
        fields = ["status", "version", "updated_at"]
        if to_status == Status.RUNNING and project.actual_start is None:
            project.actual_start = on
            fields.append("actual_start")
        if to_status == Status.FINISHED:
            if project.actual_start and on < project.actual_start:
                raise DomainError(_("The project cannot end before it started (%(date)s).")
                                  % {"date": project.actual_start.isoformat()}, field="on")
            project.actual_end = on
            fields.append("actual_end")
        old = project.status
        project.status = to_status
        project.version += 1
        project.save(update_fields=fields)
        _event(project, kind=ProjectEvent.Kind.STATUS, actor=official, reason=reason, from_status=old,
               to_status=to_status, now=now)
        _changed(project)
    return project


# --- milestones ------------------------------------------------------------------------------------

def milestone_add(*, official, project_id: int, title: str, due_on: datetime.date, now=None) -> Milestone:
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Enter the milestone's title."), field="title")
    if due_on is None:
        raise DomainError(_("Enter the milestone's due date."), field="due_on")
    with transaction.atomic():
        project = _lock(project_id, official)
        if project.status == Status.CANCELLED:
            raise TransitionError(_("A cancelled project takes no new milestones."))
        milestone = Milestone.objects.create(project=project, title=title, due_on=due_on)
        _event(project, kind=ProjectEvent.Kind.MILESTONE_ADDED, actor=official, reason=title, now=now)
    return milestone


def milestone_set_status(*, official, milestone_id: int, to_status: str, done_on: datetime.date | None = None,
                         now=None) -> Milestone:
    """planned -> in progress -> done; any open one -> cancelled; a done one may be reopened (in progress)."""
    with transaction.atomic():
        project_id = Milestone.objects.values_list("project_id", flat=True).get(pk=milestone_id)
        project = _lock(project_id, official)  # one change of a project's milestones at a time
        milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
        if to_status not in Milestone.Status.values:
            raise DomainError(_("Choose a status."), field="to_status")
        if milestone.status == to_status:
            raise TransitionError(_("The milestone is already %(status)s.")
                                  % {"status": milestone.get_status_display()})
        if milestone.status == Milestone.Status.CANCELLED:
            raise TransitionError(_("A cancelled milestone cannot change."))
        old = milestone.status
        milestone.status = to_status
        milestone.done_on = (done_on or timezone.localdate()) if to_status == Milestone.Status.DONE else None
        milestone.save(update_fields=["status", "done_on"])
        _event(project, kind=ProjectEvent.Kind.MILESTONE, actor=official, reason=milestone.title,
               from_status=old, to_status=to_status, now=now)
    return milestone


def milestone_complete(*, official, milestone_id: int, done_on: datetime.date | None = None, now=None) -> Milestone:
    return milestone_set_status(official=official, milestone_id=milestone_id, to_status=Milestone.Status.DONE,
                                done_on=done_on, now=now)


# --- outcomes ----------------------------------------------------------------------------------------

def _clean_photo(upload) -> tuple[bytes, int, int]:
    if upload is None or upload.size == 0:
        raise DomainError(_("Choose a photo."), field="photo")
    if upload.size > images.max_upload_bytes():
        raise DomainError(_("The photo is larger than %(limit)d MB. Choose a smaller photo.")
                          % {"limit": images.max_upload_bytes() // (1024 * 1024)}, field="photo")
    try:
        images.probe(upload, formats=PHOTO_FORMATS)
        return images.reencode(upload, pil_format="JPEG", max_side=PHOTO_MAX_SIDE)
    except images.TooManyPixels as exc:
        raise DomainError(_("The photo has too many pixels. Choose a smaller photo."), field="photo") from exc
    except (images.WrongFormat, *images.UNREADABLE) as exc:
        raise DomainError(_("This file is not a photo. Upload a JPEG, PNG or WebP image."), field="photo") from exc


def photo_add(*, official, project_id: int, upload, caption: str = "", now=None) -> OutcomePhoto:
    """A photo of the outcome, checked by its content and saved again as JPEG without metadata."""
    from django.core.files.base import ContentFile

    content, width, height = _clean_photo(upload)  # before the transaction: CPU work
    with transaction.atomic():
        project = _lock(project_id, official)
        if project.photos.count() >= MAX_PHOTOS:
            raise DomainError(_("A project keeps at most %(count)d photos.") % {"count": MAX_PHOTOS}, field="photo")
        photo = OutcomePhoto(project=project, caption=(caption or "").strip()[:200], width=width, height=height,
                             size_bytes=len(content), uploaded_by=official)
        photo.image.save("photo.jpg", ContentFile(content), save=False)
        photo.save()
        _event(project, kind=ProjectEvent.Kind.PHOTO, actor=official, reason=photo.caption, now=now)
    return photo


def figure_add(*, official, project_id: int, label: str, value, unit: str = "", now=None) -> OutcomeFigure:
    label = (label or "").strip()
    if not label:
        raise DomainError(_("Enter what the figure measures."), field="label")
    if value is None:
        raise DomainError(_("Enter the figure's value."), field="value")
    with transaction.atomic():
        project = _lock(project_id, official)
        figure = OutcomeFigure.objects.create(project=project, label=label, value=value, unit=(unit or "").strip())
        _event(project, kind=ProjectEvent.Kind.FIGURE, actor=official, reason=str(figure), now=now)
    return figure
