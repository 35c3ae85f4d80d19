from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalGovernment(models.Model):
    """A 시군구 that runs alley districts, with its own designation thresholds."""

    code = models.CharField(
        _("code"), max_length=5, unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Enter the 5-digit 시군구 code, e.g. 29140."))],
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 광주광역시 서구"))
    min_stores = models.PositiveIntegerField(_("minimum stores"), default=15)
    reference_area_m2 = models.PositiveIntegerField(_("reference area (m²)"), default=2000)
    consent_ratio = models.DecimalField(
        _("required consent ratio"), max_digits=4, decimal_places=3, default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """'광주광역시 서구' -> '서구'."""
        return self.name.split()[-1]


class AdministrativeDong(models.Model):
    """A 행정동 with its boundary (MultiPolygon GeoJSON, WGS84)."""

    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("local government"), on_delete=models.CASCADE, related_name="dongs"
    )
    code = models.CharField(
        _("code"), max_length=8, unique=True,
        validators=[RegexValidator(r"^\d{8}$", _("Enter the 8-digit 행정동 code."))],
    )
    name = models.CharField(_("name"), max_length=50)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    boundary = models.JSONField(_("boundary"))
    area_m2 = models.FloatField(_("area (m²)"), default=0)
    min_lon = models.FloatField(default=0)
    min_lat = models.FloatField(default=0)
    max_lon = models.FloatField(default=0)
    max_lat = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("administrative dong")
        verbose_name_plural = _("administrative dongs")
        ordering = ["local_government", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1_000_000


class District(models.Model):
    """An alley-type shopping district (골목형상점가) and its designation state."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        DESIGNATED = "designated", _("Designated")
        REVOKED = "revoked", _("Revoked")

    class RevocationGround(models.TextChoices):
        FRAUD = "fraud", _("Designated by fraud or other improper means")
        CRITERIA_NOT_MET = "criteria_not_met", _("Designation criteria no longer met")
        SUSPENDED = "suspended", _("Business suspended for a year or more")
        OTHER = "other", _("Other")

    local_government = models.ForeignKey(
        LocalGovernment, verbose_name=_("local government"), on_delete=models.PROTECT, related_name="districts"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    boundary = models.JSONField(_("boundary"))
    area_m2 = models.FloatField(_("area (m²)"), default=0)
    min_lon = models.FloatField(default=0)
    min_lat = models.FloatField(default=0)
    max_lon = models.FloatField(default=0)
    max_lat = models.FloatField(default=0)
    dongs = models.ManyToManyField(
        AdministrativeDong, verbose_name=_("dongs"), related_name="districts", blank=True
    )
    organization_name = models.CharField(_("merchant organisation"), max_length=100, blank=True)
    organization_representative = models.CharField(_("representative"), max_length=50, blank=True)
    organization_contact = models.CharField(_("contact"), max_length=50, blank=True)
    merchants_total = models.PositiveIntegerField(_("merchants in total"), default=0)
    merchants_consenting = models.PositiveIntegerField(_("consenting merchants"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    designated_on = models.DateField(_("designation date"), null=True, blank=True)
    notice_number = models.CharField(_("notice number"), max_length=50, blank=True)
    exception_reason = models.TextField(_("ordinance exception reason"), blank=True)
    revoked_on = models.DateField(_("revocation date"), null=True, blank=True)
    revocation_ground = models.CharField(
        _("revocation ground"), max_length=30, choices=RevocationGround.choices, blank=True
    )
    revocation_text = models.TextField(_("revocation details"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Open stores inside the boundary when a service last wrote the district (list filters, map).
    store_count = models.PositiveIntegerField(_("open stores inside"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("alley district")
        verbose_name_plural = _("alley districts")
        ordering = ["local_government", "code"]
        constraints = [
            models.UniqueConstraint(fields=["local_government", "code"], name="district_code_unique_per_government"),
            models.CheckConstraint(condition=models.Q(merchants_consenting__lte=models.F("merchants_total")),
                                   name="district_consent_not_above_total"),
            models.UniqueConstraint(fields=["local_government", "notice_number"], condition=~models.Q(notice_number=""),
                                    name="district_notice_number_unique_per_government"),
        ]
        indexes = [
            models.Index(fields=["local_government", "status"]),
            models.Index(fields=["local_government", "store_count"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def consent_rate(self) -> float | None:
        return self.merchants_consenting / self.merchants_total if self.merchants_total else None

    @property
    def is_editable(self) -> bool:
        """Drafts and submitted districts are edited as drafts; designated ones are amended."""
        return self.status in (self.Status.DRAFT, self.Status.SUBMITTED)


class DesignationEvent(models.Model):
    """Every change of a district's status or boundary: who, when, why, and the state then."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Draft created")
        UPDATED = "updated", _("Draft updated")
        SUBMITTED = "submitted", _("Submitted")
        DESIGNATED = "designated", _("Designated")
        AMENDED = "amended", _("Boundary amended")
        REVOKED = "revoked", _("Revoked")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    criteria = models.JSONField(_("criteria result"), default=dict, blank=True)
    boundary = models.JSONField(_("boundary at that moment"))
    version = models.PositiveIntegerField(_("version"), default=1)
    # Kind-specific facts: notice number, revocation ground, stores assigned/released, fields changed.
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("designation event")
        verbose_name_plural = _("designation events")
        ordering = ["district", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.district} {self.get_kind_display()} {self.created_at:%Y-%m-%d}"
