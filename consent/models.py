"""Merchant consent to a district's designation, one record per store and signature.

A record says who signed for which store (name and role), when, how (a signed form, its scan
optionally attached, or in person before an official) and for which district. A record is never
deleted: a merchant who takes consent back leaves a withdrawn record (reason, date, official), and
a new consent is a new record. At most one record per district and store is current (a partial
unique constraint), so two officials recording the same store at once leave one.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def consent_file_path(instance, filename: str) -> str:
    """Random names under a private folder (never served statically): the original name is kept only
    in the database."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"consent/{instance.district_id}/{uuid.uuid4().hex}{suffix}"


class ConsentRecord(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner (representative)")
        MANAGER = "manager", _("Store manager")
        FAMILY = "family", _("Family member working in the store")
        EMPLOYEE = "employee", _("Employee")

    class Method(models.TextChoices):
        FORM = "form", _("Signed consent form")
        IN_PERSON = "in_person", _("In person, recorded by an official")

    class Status(models.TextChoices):
        CURRENT = "current", _("Consenting")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT,
        related_name="consent_records")
    district = models.ForeignKey("districts.District", verbose_name=_("alley district"), on_delete=models.PROTECT,
                                 related_name="consent_records")
    store = models.ForeignKey("merchants.Store", verbose_name=_("store"), on_delete=models.PROTECT,
                              related_name="consent_records")
    signer_name = models.CharField(_("signed by"), max_length=50)
    signer_role = models.CharField(_("signer's role"), max_length=20, choices=Role.choices, default=Role.OWNER)
    signed_on = models.DateField(_("date of consent"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices, default=Method.FORM)
    file = models.FileField(_("signed form"), upload_to=consent_file_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(_("file type"), max_length=50, blank=True)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CURRENT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawal date"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawal recorded by"),
                                     on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawal recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["district", "store__name", "-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "store"], condition=Q(status="current"),
                                    name="one_current_consent_per_district_store"),
            models.CheckConstraint(
                condition=Q(status="current", withdrawn_at__isnull=True)
                | Q(status="withdrawn", withdrawn_at__isnull=False),
                name="consent_withdrawn_at_matches_status"),
        ]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return f"{self.store_id} → {self.district_id} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT
