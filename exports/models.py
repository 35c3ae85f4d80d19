"""A list export that runs in the background: who asked for what, why, how far it got, and the file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def export_file_path(job: ExportJob, filename: str) -> str:
    """A random name under a private folder (MEDIA_ROOT is never served): the shown name is in the row."""
    suffix = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
    return f"exports/{job.created_at:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    # A random id: a job's address cannot be guessed (and every view checks the owner too).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("export"), max_length=60)  # a registered export (exports.registry)
    params = models.CharField(_("filters"), max_length=2000, blank=True)  # the list's query string
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)  # e.g. the session of a registration list
    dedupe_key = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows expected"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_file_path, blank=True, max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs",
                                     verbose_name=_("requested by"))
    local_government = models.ForeignKey("districts.LocalGovernment", on_delete=models.CASCADE, null=True,
                                         blank=True, related_name="+", verbose_name=_("local government"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]
        constraints = [
            # One waiting or running job per user, export and filters: a repeated click joins it.
            models.UniqueConstraint(fields=["dedupe_key"], condition=Q(status__in=["queued", "running"]),
                                    name="exports_one_active_job_per_request"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status not in self.ACTIVE

    @property
    def progress_percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.EXPIRED):
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def download_url(self) -> str:
        from django.urls import reverse

        return reverse("exports:job_download", args=[self.pk])
