"""Onnuri franchise records: applications and their documents and events, franchises,
the rule data (restricted business types, recognised markets, document requirements),
information sessions and outreach visits."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import rules


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
        "merchants.Store", verbose_name=pgettext_lazy("onnuri", "store"), on_delete=models.PROTECT,
        related_name="franchise_applications",
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
    supplement_requested_at = models.DateTimeField(_("supplement requested at"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(
        _("days waiting for the merchant"), default=0,
        help_text=_("Days spent waiting for supplements; they do not count against the processing target."),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.SUPPLEMENT_REQUESTED)
    PENDING_REVIEW_STATUSES = (Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED)

    class Meta:
        verbose_name = _("franchise application")
        verbose_name_plural = _("franchise applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            # One application in progress per store: a second "apply" reuses it.
            models.UniqueConstraint(
                fields=["store"], condition=Q(status__in=["draft", "submitted", "supplement_requested"]),
                name="one_open_application_per_store",
            ),
            models.CheckConstraint(
                condition=Q(declared_revenue_won__isnull=True) | Q(declared_revenue_won__gte=0),
                name="application_revenue_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def awaits_decision(self) -> bool:
        """An official may still reject it: submitted, or waiting for the merchant's supplement."""
        return self.status in self.PENDING_REVIEW_STATUSES

    @property
    def is_under_review(self) -> bool:
        """An official may approve it or ask for a supplement: submitted and not waiting for the merchant."""
        return self.status == self.Status.SUBMITTED


def document_upload_path(instance, filename: str) -> str:
    """Random names under a private folder: the original name is kept only in the database."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"giftcerts/documents/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class ApplicationDocument(models.Model):
    """A file attached to an application (PDF, JPEG or PNG, checked by content)."""

    application = models.ForeignKey(
        FranchiseApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document kind"), max_length=40)
    file = models.FileField(_("file"), upload_to=document_upload_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=50)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "kind", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """Every change of an application's status: who, when, from what to what, and the message."""

    application = models.ForeignKey(
        FranchiseApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from status"), max_length=30, blank=True)
    to_status = models.CharField(_("to status"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    notified_at = models.DateTimeField(_("merchant notified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '-'} -> {self.to_status}"

    def get_from_status_display(self) -> str:
        return FranchiseApplication.Status(self.from_status).label if self.from_status else ""

    def get_to_status_display(self) -> str:
        return FranchiseApplication.Status(self.to_status).label


class Franchise(models.Model):
    """An Onnuri franchise (가맹점) of a store: valid for three years."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    store = models.ForeignKey(
        "merchants.Store", verbose_name=pgettext_lazy("onnuri", "store"), on_delete=models.PROTECT,
        related_name="franchises",
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

    @property
    def renewal_opens_on(self) -> datetime.date:
        """The first day a renewal application may be made (and the reminder goes out)."""
        return self.valid_until - datetime.timedelta(days=rules.RENEWAL_NOTICE_DAYS)


class FranchiseEvent(models.Model):
    """Every change of a franchise's status (issued, expired, cancelled)."""

    franchise = models.ForeignKey(Franchise, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from status"), max_length=10, blank=True)
    to_status = models.CharField(_("to status"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("franchise event")
        verbose_name_plural = _("franchise events")
        ordering = ["franchise", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.franchise_id}: {self.from_status or '-'} -> {self.to_status}"


class FranchiseNumberCounter(models.Model):
    """The last franchise number issued per government and year (locked while issuing)."""

    local_government = models.ForeignKey("districts.LocalGovernment", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["local_government", "year"], name="one_franchise_counter_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.local_government_id}-{self.year}: {self.last_value}"


class RestrictedBusinessType(models.Model):
    """A business type that may not join the Onnuri programme, by SEMAS industry code or prefix."""

    code = models.CharField(
        _("SEMAS code or prefix"), max_length=6, blank=True,
        help_text=_("A 대분류 (2 characters), 중분류 (4) or 소분류 (6) code; a store whose industry code starts "
                    "with it is restricted. Leave empty for a category SEMAS data does not carry."),
    )
    name = models.CharField(_("business type"), max_length=100)
    category = models.CharField(_("category in the law"), max_length=100)
    legal_ground = models.CharField(_("legal ground"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("restricted business type")
        verbose_name_plural = _("restricted business types")
        ordering = ["category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="restricted_type_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code or '-'})"


class RecognisedMarket(models.Model):
    """A traditional market or shopping district recorded for a government (Onnuri-eligible area)."""

    class Kind(models.TextChoices):
        TRADITIONAL_MARKET = "traditional_market", _("Traditional market")
        SHOPPING_DISTRICT = "shopping_district", _("Shopping district")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.CASCADE,
        related_name="recognised_markets",
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRADITIONAL_MARKET)
    aliases = models.JSONField(
        _("other names"), default=list, blank=True,
        help_text=_("Names stores may give for this market (e.g. 양동시장 for 광주양동시장)."),
    )
    match_keys = models.JSONField(_("match keys"), default=list, blank=True, editable=False)
    road_address = models.CharField(_("road address"), max_length=255, blank=True)
    lot_address = models.CharField(_("lot address"), max_length=255, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    store_count = models.PositiveIntegerField(_("stores (as published)"), null=True, blank=True)
    source = models.CharField(pgettext_lazy("onnuri", "source"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recognised market")
        verbose_name_plural = _("recognised markets")
        ordering = ["local_government", "name"]
        constraints = [
            models.UniqueConstraint(fields=["local_government", "name"], name="recognised_market_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from .markets import match_keys_for

        self.match_keys = match_keys_for(self.name, self.aliases, self.local_government.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "match_keys"}
        super().save(*args, **kwargs)


class DocumentRequirement(models.Model):
    """A document kind a government asks for, besides the built-in ones (or overriding them)."""

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.CASCADE,
        related_name="document_requirements",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("document"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=False)
    active = models.BooleanField(_("asked for"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("document requirement")
        verbose_name_plural = _("document requirements")
        ordering = ["local_government", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["local_government", "code"], name="document_requirement_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class InfoSession(models.Model):
    """An information session (설명회) on Onnuri registration."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT,
        related_name="info_sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    dong = models.ForeignKey(
        "districts.AdministrativeDong", verbose_name=_("dong"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("information session")
        verbose_name_plural = _("information sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="info_session_capacity_positive",
                                   violation_error_message=_("The capacity must be at least one seat.")),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="info_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["local_government", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class SessionRegistration(models.Model):
    """A merchant's or resident's seat at an information session."""

    class Kind(models.TextChoices):
        MERCHANT = "merchant", _("Merchant")
        RESIDENT = "resident", _("Resident")

    session = models.ForeignKey(
        InfoSession, verbose_name=_("information session"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="session_registrations",
    )
    kind = models.CharField(_("registered as"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20, help_text=_("Stored as 010-1234-5678."))
    email = models.EmailField(_("e-mail"), blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["session", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "phone"], name="one_registration_per_phone"),
            models.UniqueConstraint(
                fields=["session", "user"], condition=Q(user__isnull=False), name="one_registration_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.name}"


class SmsLog(models.Model):
    """Text messages the system would send (no SMS gateway is connected; the log is the record)."""

    phone = models.CharField(_("mobile phone"), max_length=20)
    body = models.TextField(_("text"))
    registration = models.ForeignKey(
        SessionRegistration, on_delete=models.SET_NULL, null=True, blank=True, related_name="sms_messages"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"


class OutreachVisit(models.Model):
    """A field visit of the Alley Economy 119 Project to a store that could join."""

    class Outcome(models.TextChoices):
        JOINED = "joined", _("Joined")
        WILL_APPLY = "will_apply", _("Will apply")
        REFUSED = "refused", _("Refused")
        CLOSED = "closed", _("Store closed")

    store = models.ForeignKey(
        "merchants.Store", verbose_name=pgettext_lazy("onnuri", "store"), on_delete=models.CASCADE,
        related_name="outreach_visits",
    )
    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visit date"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    note = models.TextField(_("note"), blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outreach visit")
        verbose_name_plural = _("outreach visits")
        ordering = ["store", "-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="refused") | ~Q(reason=""), name="refusal_has_reason",
                                   violation_error_message=_("Write why the merchant refused; it helps the next "
                                                             "visit.")),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.visited_on} {self.get_outcome_display()}"
