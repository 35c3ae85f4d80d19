"""Monthly sales: each store's reported months, the officials' bulk imports and the trail of corrections.

The models came from two apps (SalesReport from merchants; SalesImport, SalesImportEvent and
SalesRevision from dashboard); their rows were kept: see migrations/0001_initial.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SalesReport(models.Model):
    """Monthly sales of one store. Money in whole won; month is the first day."""

    class Source(models.TextChoices):
        MERCHANT = "merchant", _("Reported by the merchant")
        IMPORT = "import", _("Imported by an official")
        DEMO = "demo", _("Demo data")

    store = models.ForeignKey("merchants.Store", verbose_name=_("store"), on_delete=models.CASCADE,
                              related_name="sales_reports")
    month = models.DateField(_("month"))
    total_won = models.BigIntegerField(_("total sales (won)"))
    onnuri_won = models.BigIntegerField(_("Onnuri takings (won)"), default=0)
    transactions = models.PositiveIntegerField(_("transactions"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MERCHANT)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sales report")
        verbose_name_plural = _("sales reports")
        ordering = ["store", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["store", "month"], name="one_sales_report_per_store_month"),
            models.CheckConstraint(condition=Q(total_won__gte=0), name="sales_total_not_negative"),
            models.CheckConstraint(condition=Q(onnuri_won__gte=0), name="sales_onnuri_not_negative"),
            models.CheckConstraint(condition=Q(onnuri_won__lte=F("total_won")), name="sales_onnuri_within_total"),
            models.CheckConstraint(condition=Q(month__day=1), name="sales_month_is_first_day"),
        ]
        indexes = [models.Index(fields=["month"], name="sales_report_month_idx")]

    def __str__(self) -> str:
        return f"{self.store} {self.month:%Y-%m}"


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
    """A correction of a monthly sales report: the figures before and after, who, when, why."""

    report = models.ForeignKey(SalesReport, verbose_name=_("sales report"), on_delete=models.CASCADE,
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
