"""Special projects (특화사업) and support programmes of a local government's alley districts.

A project belongs to one or more districts of one government; its money is a child table of
funding lines (one per source: 국비, 시비, 구비, 자부담; planned and executed whole won), its
progress comes from its milestones (done ÷ not cancelled), and every status change goes
through `projects.services.project_change_status`, which writes a `ProjectEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SpecialProject(models.Model):
    class Type(models.TextChoices):
        FACILITY = "facility", _("Facility improvement")
        SIGNAGE = "signage", _("Signage and streetscape")
        MARKETING = "marketing", _("Marketing, festivals and events")
        CONSULTING = "consulting", _("Consulting and training")
        ONNURI = "onnuri", _("Onnuri campaign")
        CONTEST = "contest", _("Selected in a public contest")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT,
        related_name="special_projects")
    districts = models.ManyToManyField("districts.District", verbose_name=_("alley districts"),
                                       related_name="special_projects")
    title = models.CharField(_("title"), max_length=150)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    summary = models.TextField(_("summary"), blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    outcomes = models.TextField(_("outcomes"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible official"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="special_projects")
    is_synthetic = models.BooleanField(_("synthetic (demo data)"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("special project")
        verbose_name_plural = _("special projects")
        ordering = ["-planned_start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gte=F("planned_start")),
                                   name="project_planned_end_after_start"),
            models.CheckConstraint(condition=Q(actual_end__isnull=True) | Q(actual_start__isnull=False,
                                                                           actual_end__gte=F("actual_start")),
                                   name="project_actual_end_after_start"),
        ]
        indexes = [models.Index(fields=["local_government", "status"]),
                   models.Index(fields=["local_government", "planned_start"])]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        """The project's year (사업연도): the year of its planned start."""
        return self.planned_start.year


class FundingLine(models.Model):
    class Source(models.TextChoices):
        NATIONAL = "national", _("National funds")
        CITY = "city", _("City funds")
        DISTRICT = "district", _("District funds")
        SELF = "self", _("Own contribution")

    project = models.ForeignKey(SpecialProject, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField(_("funding source"), max_length=10, choices=Source.choices)
    planned_won = models.PositiveBigIntegerField(_("planned (won)"), default=0)
    executed_won = models.PositiveBigIntegerField(_("executed (won)"), default=0)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["project", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "source"], name="project_funding_source_unique")]

    def __str__(self) -> str:
        return f"{self.project} {self.get_source_display()}"


class Milestone(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Under way")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(SpecialProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=150)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(status="done", done_on__isnull=False) | (~Q(status="done") & Q(done_on__isnull=True)),
            name="milestone_done_on_matches_status")]

    def __str__(self) -> str:
        return self.title


class ProjectEvent(models.Model):
    """Every status change (and the other recorded changes) of a project: who, when, what and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Project created")
        UPDATED = "updated", _("Edited")
        STATUS = "status", _("Status changed")
        MILESTONE_ADDED = "milestone_added", _("Milestone added")
        MILESTONE = "milestone", _("Milestone changed")
        PHOTO = "photo", _("Photo added")
        FIGURE = "figure", _("Figure added")

    project = models.ForeignKey(SpecialProject, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["project", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()}"


def photo_upload_to(instance, filename):
    import secrets

    now = timezone.now()
    return f"projects/photos/{now:%Y/%m}/{secrets.token_hex(16)}.jpg"


class OutcomePhoto(models.Model):
    """A photo of a project's outcome, re-encoded on upload (no EXIF), readable by the government's officials."""

    project = models.ForeignKey(SpecialProject, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_upload_to)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size_bytes = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome photo")
        verbose_name_plural = _("outcome photos")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.project} photo {self.pk}"


class OutcomeFigure(models.Model):
    """A figure the project achieved: label, value and unit (e.g. 방문객 12,000 명)."""

    project = models.ForeignKey(SpecialProject, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("label"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("outcome figure")
        verbose_name_plural = _("outcome figures")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.value} {self.unit}".strip()
