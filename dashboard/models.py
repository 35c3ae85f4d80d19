"""Monthly metric snapshots, sales-import jobs and the audit trail of sales corrections."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MetricSnapshot(models.Model):
    """The indicators of one month for one scope: a district, a dong or the whole government.

    One row per (government, month, scope, scope_id), enforced by the database.
    `scope_id` is the district or dong id, and 0 for the government itself (a
    NULL would not take part in the unique constraint). Stock figures (open
    stores, franchise stores, stores that may join Onnuri) are read at the month's last day (today for the
    running month); flows (openings, closures, new franchises, sales) over the
    month. Stores count in the district and dong they are assigned to now (see
    dashboard/metrics.py).
    """

    class Scope(models.TextChoices):
        GOVERNMENT = "government", _("Whole local government")
        DONG = "dong", _("Administrative dong")
        DISTRICT = "district", _("Alley district")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.CASCADE,
        related_name="metric_snapshots",
    )
    month = models.DateField(_("month"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    scope_id = models.PositiveBigIntegerField(_("scope id"), default=0)
    open_stores = models.PositiveIntegerField(_("open stores"), default=0)
    openings = models.PositiveIntegerField(_("openings"), default=0)
    closures = models.PositiveIntegerField(_("closures"), default=0)
    franchise_stores = models.PositiveIntegerField(_("Onnuri franchise stores"), default=0)
    new_franchises = models.PositiveIntegerField(_("new franchises"), default=0)
    franchise_rate = models.FloatField(_("franchise rate"), null=True, blank=True)
    # Empty (null) on a snapshot aggregated before these figures existed; the next aggregation fills them.
    eligible_stores = models.PositiveIntegerField(
        _("stores that may join Onnuri"), null=True, blank=True,
        help_text=_("Open stores in a designated alley district or a recognised market whose business type is "
                    "not restricted."))
    eligible_franchise_stores = models.PositiveIntegerField(
        _("franchise stores among the stores that may join"), null=True, blank=True)
    franchise_rate_eligible = models.FloatField(_("franchise rate of the stores that may join"), null=True,
                                                blank=True)
    total_sales_won = models.BigIntegerField(_("total sales (won)"), default=0)
    onnuri_sales_won = models.BigIntegerField(_("Onnuri sales (won)"), default=0)
    onnuri_share = models.FloatField(_("Onnuri share of sales"), null=True, blank=True)
    sales_mom = models.FloatField(_("sales growth month on month"), null=True, blank=True)
    sales_yoy = models.FloatField(_("sales growth year on year"), null=True, blank=True)
    reporting_stores = models.PositiveIntegerField(_("reporting stores"), default=0)
    extra = models.JSONField(_("further figures"), default=dict, blank=True,
                             help_text=_("Figures other apps add through dashboard extensions (e.g. the hotline)."))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("metric snapshot")
        verbose_name_plural = _("metric snapshots")
        ordering = ["local_government", "-month", "scope", "scope_id"]
        constraints = [
            models.UniqueConstraint(fields=["local_government", "month", "scope", "scope_id"],
                                    name="one_snapshot_per_scope_and_month"),
            models.CheckConstraint(
                condition=Q(scope="government", scope_id=0) | (Q(scope__in=["dong", "district"]) & Q(scope_id__gt=0)),
                name="snapshot_scope_id_matches_scope"),
            models.CheckConstraint(condition=Q(month__day=1), name="snapshot_month_is_first_day"),
            models.CheckConstraint(condition=Q(franchise_stores__lte=F("open_stores")),
                                   name="snapshot_franchised_within_open"),
            models.CheckConstraint(condition=Q(onnuri_sales_won__lte=F("total_sales_won")) & Q(onnuri_sales_won__gte=0),
                                   name="snapshot_onnuri_within_total"),
            models.CheckConstraint(condition=Q(eligible_stores__lte=F("open_stores")),
                                   name="snapshot_eligible_within_open"),
            models.CheckConstraint(condition=Q(eligible_franchise_stores__lte=F("eligible_stores"))
                                   & Q(eligible_franchise_stores__lte=F("franchise_stores")),
                                   name="snapshot_eligible_franchised_within_both"),
        ]
        indexes = [models.Index(fields=["local_government", "scope", "scope_id", "month"], name="snapshot_trend_idx")]

    def __str__(self) -> str:
        return f"{self.local_government_id} {self.month:%Y-%m} {self.scope}:{self.scope_id}"


class ImpactStudy(models.Model):
    """The Onnuri event study (dashboard/impact.py) as of one month, stored by the aggregation run.

    `body` is the study's JSON exactly as the Python computation gives it, so the KPI card and
    the impact page read one row instead of every sales report of the government.
    """

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("month"))
    body = models.TextField(_("study (JSON)"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("impact study")
        verbose_name_plural = _("impact studies")
        ordering = ["local_government", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["local_government", "month"], name="one_impact_study_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.local_government_id} {self.month:%Y-%m}"


class SalesImport(models.Model):
    """One bulk sales import (CSV) run by an official, in the background.

    The file's bytes are kept on the row so a worker on another machine can read
    them (web and worker need not share a disk).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.CASCADE,
        related_name="sales_imports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    months = models.JSONField(_("months in the file"), default=list, blank=True)
    error_csv = models.TextField(_("rejected rows (CSV)"), blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # As on store imports: stamped at every batch; a running job silent for IMPORT_STALE_SECONDS
    # lost its worker and is run again from the start, at most IMPORT_MAX_ATTEMPTS times.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("sales import")
        verbose_name_plural = _("sales imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def can_cancel(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def can_retry(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.CANCELLED)


class SalesImportEvent(models.Model):
    """Who cancelled or retried a sales import, when and why."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled")
        RETRIED = "retried", _("Retried")

    sales_import = models.ForeignKey(SalesImport, verbose_name=_("sales import"), on_delete=models.CASCADE,
                                     related_name="history")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=10)
    to_status = models.CharField(_("to status"), max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("sales import event")
        verbose_name_plural = _("sales import events")
        ordering = ["sales_import", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.sales_import_id} {self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class SalesRevision(models.Model):
    """A correction of a monthly sales report: the figures before and after, who, when, why.

    Kept here because the merchants app's migrations belong to the stores issue.
    """

    report = models.ForeignKey("merchants.SalesReport", verbose_name=_("sales report"), on_delete=models.CASCADE,
                               related_name="revisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    source = models.CharField(_("source"), max_length=10)
    sales_import = models.ForeignKey(SalesImport, verbose_name=_("sales import"), on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="revisions")
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("sales correction")
        verbose_name_plural = _("sales corrections")
        ordering = ["report", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report} @ {self.created_at:%Y-%m-%d %H:%M}"
