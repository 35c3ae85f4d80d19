from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    PAPER = "paper", _("Paper (지류)")
    CARD = "card", _("Card (카드)")
    MOBILE = "mobile", _("Mobile (모바일)")


class FranchiseApplication(models.Model):
    """A merchant's online application for Onnuri franchise status for one store."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Under review")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    store = models.ForeignKey(
        "merchants.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="franchise_applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT,
        related_name="franchise_applications",
    )
    kinds = models.JSONField(_("certificate kinds"), default=list, blank=True)
    declared_revenue_won = models.BigIntegerField(_("declared annual revenue (won)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    eligibility = models.JSONField(_("eligibility at last check"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("franchise application")
        verbose_name_plural = _("franchise applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.store} ({self.get_status_display()})"


class Franchise(models.Model):
    """An Onnuri franchise (가맹점) of a store: valid for three years."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    store = models.ForeignKey(
        "merchants.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="franchises"
    )
    application = models.OneToOneField(
        FranchiseApplication, verbose_name=_("application"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="franchise",
    )
    number = models.CharField(_("franchise number"), max_length=30, unique=True)
    kinds = models.JSONField(_("certificate kinds"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    ban_until = models.DateField(_("re-registration banned until"), null=True, blank=True)
    renewal_reminder_sent_at = models.DateTimeField(_("renewal reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("franchise")
        verbose_name_plural = _("franchises")
        ordering = ["-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["store"], condition=Q(status="active"), name="one_active_franchise_per_store"
            ),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="franchise_valid_range"),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return self.number
