"""The Alley Economy 119 Hotline: tickets from merchants and residents, worked by officials.

State changes go through `hotline.services` only (one guarded function per
transition, each writing a `TicketEvent`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A kind of ticket with its service level (처리기한) in business days."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("English; shown translated when a translation exists."))
    description = models.CharField(_("description"), max_length=255, blank=True)
    service_level_days = models.PositiveSmallIntegerField(
        _("service level (business days)"), default=7,
        help_text=_("Business days to handle a ticket; weekends and Korean public holidays are skipped."),
    )
    keywords = models.CharField(_("keywords"), max_length=200, blank=True, help_text=_("Comma-separated, for Open311."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("hotline category")
        verbose_name_plural = _("hotline categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return gettext(self.name)

    @property
    def display_description(self) -> str:
        return gettext(self.description) if self.description else ""


class Ticket(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged into another ticket")

    OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED, Status.MERGED)
    PROCESSED_STATUSES = (Status.RESOLVED, Status.REJECTED)

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        OPEN311 = "open311", _("Open311 API")
        DEMO = "demo", _("Demo data")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT,
        related_name="hotline_tickets",
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="tickets")
    description = models.TextField(_("description"))
    # Where: a point (from the map, the phone's location or a store) and/or an address text.
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    address = models.CharField(_("location description"), max_length=255, blank=True)
    store = models.ForeignKey(
        "merchants.Store", verbose_name=_("store"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="hotline_tickets",
    )
    dong = models.ForeignKey(
        "districts.AdministrativeDong", verbose_name=_("dong"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="hotline_tickets",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name=_("alley district"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="hotline_tickets",
    )
    # Private: shown to officials of the government only, never on the tracking page or Open311.
    reporter_name = models.CharField(_("name"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("phone"), max_length=30, blank=True)
    reporter_email = models.EmailField(_("e-mail"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter account"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="hotline_tickets",
    )
    source = models.CharField(pgettext_lazy("ticket", "source"), max_length=10, choices=Source.choices,
                              default=Source.WEB)
    open311_client = models.ForeignKey(
        "hotline.Open311Client", verbose_name=_("Open311 client"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="tickets",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_hotline_tickets",
    )
    due_date = models.DateField(_("due date"))
    is_overdue = models.BooleanField(_("overdue"), default=False)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="duplicates",
    )
    # Capability link (long, URL-safe) and the short code people type in; both from `secrets`.
    tracking_token = models.CharField(max_length=64, unique=True, editable=False)
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True,
                                     help_text=_("When it was resolved, rejected or merged."))

    class Meta:
        verbose_name = _("hotline ticket")
        verbose_name_plural = _("hotline tickets")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status="merged"), name="hotline_merged_into_only_when_merged"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""), name="hotline_rejected_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["received", "assigned", "in_progress"], closed_at__isnull=True)
                | Q(status__in=["resolved", "rejected", "merged"], closed_at__isnull=False),
                name="hotline_closed_at_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["local_government", "status"]),
            models.Index(fields=["local_government", "created_at"]),
            models.Index(fields=["local_government", "closed_at"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def tracking_code_display(self) -> str:
        """'ABCDEFGHJK' -> 'ABCDE-FGHJK' (easier to read out on the phone)."""
        code = self.tracking_code
        return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def photo_upload_to(instance, filename):
    # The stored name is random: it never carries the uploader's file name.
    import secrets

    now = timezone.now()
    return f"hotline/photos/{now:%Y/%m}/{secrets.token_hex(16)}.jpg"


class TicketPhoto(models.Model):
    """A photo re-encoded on upload (EXIF and GPS metadata dropped), stored under MEDIA_ROOT."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_upload_to)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size_bytes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ticket photo")
        verbose_name_plural = _("ticket photos")
        ordering = ["ticket", "id"]

    def __str__(self) -> str:
        return f"{self.ticket} photo {self.pk}"


class TicketComment(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public reply")
        INTERNAL = "internal", _("Internal note")

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket comment")
        verbose_name_plural = _("ticket comments")
        ordering = ["ticket", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_kind_display()}"


class TicketEvent(models.Model):
    """Every change of a ticket: who, when, from which status to which, and why."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Filed")
        ASSIGNED = "assigned", _("Assigned")
        STARTED = "started", _("Work started")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged")
        DUPLICATE_ADDED = "duplicate_added", _("Duplicate merged in")
        OVERDUE = "overdue", _("Flagged overdue")
        CONTACT_ERASED = "contact_erased", _("Reporter's contact data erased")

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["ticket", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_kind_display()}"


class TicketKeyword(models.Model):
    """How many tickets of a month mention a noun (or an adjacent noun pair), per scope.

    Computed by `services.keywords_compute` (idempotent: it replaces the month's rows).
    """

    class Scope(models.TextChoices):
        GOVERNMENT = "government", _("Local government")
        DONG = "dong", _("Dong")
        DISTRICT = "district", _("Alley district")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", on_delete=models.CASCADE, related_name="hotline_keywords"
    )
    month = models.DateField(_("month"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    scope_id = models.PositiveBigIntegerField(_("scope id"))
    keyword = models.CharField(_("keyword"), max_length=60)
    is_phrase = models.BooleanField(_("phrase"), default=False)
    count = models.PositiveIntegerField(_("tickets"))
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hotline keyword")
        verbose_name_plural = _("hotline keywords")
        ordering = ["month", "scope", "scope_id", "-count", "keyword"]
        constraints = [
            models.UniqueConstraint(fields=["month", "scope", "scope_id", "keyword"], name="hotline_keyword_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="hotline_keyword_month_is_first_day"),
        ]
        indexes = [models.Index(fields=["local_government", "month", "scope", "scope_id"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.scope}:{self.scope_id} {self.keyword} ({self.count})"


class Open311Client(models.Model):
    """A client application allowed to POST to the Open311 API. Only a hash of its key is stored."""

    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT,
        related_name="open311_clients",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 client application")
        verbose_name_plural = _("Open311 client applications")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"
