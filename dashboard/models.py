"""Monthly metric snapshots and the stored impact studies (sales, their imports and corrections: sales.models)."""

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
