import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IndustryCategory(models.Model):
    """SEMAS 상권업종 taxonomy: 대분류 (2 chars), 중분류 (4), 소분류 (6)."""

    class Level(models.IntegerChoices):
        MAJOR = 1, _("Major (대분류)")
        MIDDLE = 2, _("Middle (중분류)")
        MINOR = 3, _("Minor (소분류)")

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("industry category")
        verbose_name_plural = _("industry categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Store(models.Model):
    """A store (상가업소) in a local government's registry."""

    class Source(models.TextChoices):
        SEMAS = "semas", _("SEMAS store data")
        MARKET = "market", _("Traditional market store list")
        MANUAL = "manual", _("Entered by hand")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT,
        related_name="stores", db_index=False,  # the (local_government, ...) indexes below lead with it
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    external_id = models.CharField(_("external id"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200)
    branch = models.CharField(_("branch"), max_length=100, blank=True)
    industry = models.ForeignKey(
        IndustryCategory, verbose_name=_("industry"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="stores",
    )
    market_name = models.CharField(_("market"), max_length=100, blank=True)
    business_number = models.CharField(_("business registration number"), max_length=10, blank=True)
    road_address = models.CharField(_("road address"), max_length=255, blank=True)
    lot_address = models.CharField(_("lot address"), max_length=255, blank=True)
    floor = models.CharField(_("floor"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    photo = models.FileField(_("photo"), upload_to="stores/photos/%Y/%m/", blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    dong = models.ForeignKey(
        "districts.AdministrativeDong", verbose_name=_("dong"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stores",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name=_("alley district"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stores",
    )
    owner = models.ForeignKey(
        "merchants.Merchant", verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stores",
    )
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_note = models.CharField(_("review note"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Optimistic lock: every write through merchants.services (and each import change) bumps it.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], condition=~Q(external_id=""), name="store_source_external_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | Q(status="closed", closed_on__isnull=False),
                name="store_closed_on_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["lon", "lat"]),
            models.Index(fields=["local_government", "status"]),
            models.Index(fields=["local_government", "dong"]),
            models.Index(fields=["local_government", "district"]),
            models.Index(fields=["local_government", "needs_review"]),
            # The lists' sorts (name is the default): a page is an index range, not a sort of the government.
            models.Index(fields=["local_government", "name", "id"], name="store_gov_name_id_idx"),
            models.Index(fields=["local_government", "opened_on", "id"], name="store_gov_opened_id_idx"),
            models.Index(fields=["local_government", "updated_at", "id"], name="store_gov_updated_id_idx"),
            # One index for both exact and prefix (LIKE '120%') search; db_index would build two on PostgreSQL.
            models.Index(fields=["business_number"], name="store_business_number_idx",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.branch}".strip()

    @property
    def industry_path(self) -> list:
        """[대분류, 중분류, 소분류] categories down to the store's own (select_related parents to avoid queries)."""
        path, category = [], self.industry
        while category is not None and len(path) < 3:
            path.insert(0, category)
            category = category.parent
        return path


class Merchant(models.Model):
    """Profile of a merchant user (상인). Stores are linked through Store.owner."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")

    def __str__(self) -> str:
        return self.user.display_name


def claim_evidence_path(instance, filename: str) -> str:
    """Random names under a private folder: the original name is kept only in the database."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"merchants/claims/{instance.store_id}/{uuid.uuid4().hex}{suffix}"


class StoreClaim(models.Model):
    """A merchant's request to take over a store record, by 사업자등록번호, with evidence: a business
    registration certificate an official reviews, or the National Tax Service's confirmation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        APPROVED = "approved", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.CASCADE, related_name="claims")
    merchant = models.ForeignKey(Merchant, verbose_name=_("merchant"), on_delete=models.CASCADE, related_name="claims")
    business_number = models.CharField(_("business registration number"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    evidence = models.FileField(_("business registration certificate"), upload_to=claim_evidence_path,
                                max_length=255, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_content_type = models.CharField(_("file type"), max_length=50, blank=True)
    evidence_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    opening_date = models.DateField(_("opening date"), null=True, blank=True)
    representative_name = models.CharField(_("representative"), max_length=100, blank=True)
    nts_confirmed_at = models.DateTimeField(_("confirmed by the National Tax Service at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("store claim")
        verbose_name_plural = _("store claims")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "merchant"], condition=Q(status="pending"), name="one_pending_claim_per_store_merchant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store} ← {self.merchant} ({self.get_status_display()})"


class StoreEvent(models.Model):
    """Every change of a store made through a service: who, when, what and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Details changed")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        CLAIM_REQUESTED = "claim_requested", _("Claim requested")
        CLAIM_APPROVED = "claim_approved", _("Claim confirmed")
        CLAIM_REJECTED = "claim_rejected", _("Claim rejected")
        OWNER_TRANSFERRED = "owner_transferred", _("Ownership transferred")

    store = models.ForeignKey(Store, verbose_name=_("store"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=10, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, blank=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {field: [old, new]}
    store_import = models.ForeignKey(
        "merchants.StoreImport", verbose_name=_("import"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="events",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("store event")
        verbose_name_plural = _("store events")
        ordering = ["store", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.store} {self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class StoreImport(models.Model):
    """One store-file import job (browser upload or `import_stores`), with its progress and summary."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        AUTO = "auto", _("Detect automatically")
        SEMAS = "semas", _("SEMAS store data (39 columns)")
        MARKET = "market", _("Gwangju traditional market stores (16 columns)")

    local_government = models.ForeignKey(
        "districts.LocalGovernment", verbose_name=_("local government"), on_delete=models.PROTECT,
        related_name="store_imports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="imports/uploads/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    requested_format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.AUTO)
    detected_format = models.CharField(_("detected format"), max_length=10, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    snapshot_date = models.DateField(_("snapshot date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    bytes_total = models.BigIntegerField(_("file size"), default=0)
    bytes_read = models.BigIntegerField(default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    closed_count = models.PositiveIntegerField(_("closed"), default=0)
    reopened_count = models.PositiveIntegerField(_("reopened"), default=0)
    outside_count = models.PositiveIntegerField(_("outside this government"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    unassigned_count = models.PositiveIntegerField(_("without a dong"), default=0)
    categories_created = models.PositiveIntegerField(_("industry categories added"), default=0)
    outside_by_area = models.JSONField(_("outside rows by 시군구"), default=dict, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    error_csv = models.FileField(_("rejected rows (CSV)"), upload_to="imports/reports/%Y/%m/", blank=True)
    outside_csv = models.FileField(_("rows of other governments (CSV)"), upload_to="imports/reports/%Y/%m/",
                                   blank=True)
    error_message = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Stamped by the running worker at every batch; a running job whose stamp is older than
    # IMPORT_STALE_SECONDS lost its worker and is run again from the start.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("store import")
        verbose_name_plural = _("store imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["local_government", "status"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(self.bytes_read * 100 / self.bytes_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def can_cancel(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def can_retry(self) -> bool:
        return bool(self.file) and self.status in (self.Status.FAILED, self.Status.CANCELLED)


class StoreImportEvent(models.Model):
    """What happened to an import job besides its own run: who cancelled or retried it, and why;
    when a dead worker's job was taken up again or given up."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled")
        RETRIED = "retried", _("Retried")
        RECOVERED = "recovered", _("Restarted after its worker stopped")
        ABANDONED = "abandoned", _("Given up after repeated stops")

    store_import = models.ForeignKey(StoreImport, verbose_name=_("import"), on_delete=models.CASCADE,
                                     related_name="history")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=10)
    to_status = models.CharField(_("to status"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("store import event")
        verbose_name_plural = _("store import events")
        ordering = ["store_import", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.store_import_id} {self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
