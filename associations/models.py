"""Merchant associations (상인회) of alley districts: officers, members, meetings, status history and
the changes an association's officers propose for officials to review."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MerchantAssociation(models.Model):
    """A merchant association of one district, or shared by adjacent districts of one government."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("association status", "Active")
        DORMANT = "dormant", _("Dormant")
        DISSOLVED = "dissolved", _("Dissolved")

    local_government = models.ForeignKey("districts.LocalGovernment", verbose_name=_("local government"),
                                         on_delete=models.PROTECT, related_name="merchant_associations")
    name = models.CharField(_("name"), max_length=100)
    districts = models.ManyToManyField("districts.District", verbose_name=_("alley districts"),
                                       related_name="merchant_associations")
    # 고유번호 (a number of the business-number form, issued to non-profit bodies), 10 digits or empty.
    registration_number = models.CharField(_("registration number"), max_length=10, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("merchant association")
        verbose_name_plural = _("merchant associations")
        ordering = ["local_government", "name", "id"]
        indexes = [models.Index(fields=["local_government", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_registered(self) -> bool:
        return bool(self.registration_number)


class AssociationEvent(models.Model):
    """What happened to an association: who, when, why (status changes with the status before and after)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Association registered")
        UPDATED = "updated", _("Details changed")
        STATUS = "status", _("Status changed")
        MEMBER_ADDED = "member_added", _("Member joined")
        MEMBER_REMOVED = "member_removed", _("Member left")
        OFFICER_ADDED = "officer_added", _("Officer appointed")
        OFFICER_ENDED = "officer_ended", _("Officer's term ended")
        MEETING = "meeting", _("Meeting recorded")
        PROPOSAL_APPROVED = "proposal_approved", _("Proposal approved")
        PROPOSAL_REJECTED = "proposal_rejected", _("Proposal rejected")

    association = models.ForeignKey(MerchantAssociation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=10, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL,
                              null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("association event")
        verbose_name_plural = _("association events")
        ordering = ["association", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.association} {self.get_kind_display()}"

    @property
    def from_label(self) -> str:
        return MerchantAssociation.Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return MerchantAssociation.Status(self.to_status).label if self.to_status else ""


class Officer(models.Model):
    """An office held for a term: a person's name and, optionally, their merchant account."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        VICE_PRESIDENT = "vice_president", _("Vice president")
        SECRETARY = "secretary", _("Secretary")
        AUDITOR = "auditor", _("Auditor")
        TREASURER = "treasurer", _("Treasurer")
        DIRECTOR = "director", _("Director")

    association = models.ForeignKey(MerchantAssociation, on_delete=models.CASCADE, related_name="officers")
    role = models.CharField(_("office"), max_length=20, choices=Role.choices)
    person_name = models.CharField(_("name"), max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("merchant account"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="association_offices")
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["association", "term_start", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
            name="officer_term_end_after_start")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person_name}"

    def is_current(self, day) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)


class Membership(models.Model):
    """A store's membership of an association from `joined_on` until `left_on` (open while empty)."""

    association = models.ForeignKey(MerchantAssociation, on_delete=models.CASCADE, related_name="memberships")
    store = models.ForeignKey("merchants.Store", verbose_name=_("store"), on_delete=models.CASCADE,
                              related_name="association_memberships")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["association", "store__name", "id"]
        constraints = [
            # A store is a member of at most one association at a time.
            models.UniqueConstraint(fields=["store"], condition=Q(left_on__isnull=True),
                                    name="membership_one_open_per_store"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                                   name="membership_left_after_joined"),
        ]

    def __str__(self) -> str:
        return f"{self.association} · {self.store}"


def minutes_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"associations/minutes/{uuid.uuid4().hex}{suffix}"


class Meeting(models.Model):
    """A meeting (총회, 이사회 …) with its minutes file."""

    association = models.ForeignKey(MerchantAssociation, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    agenda = models.TextField(_("agenda"))
    minutes = models.FileField(_("minutes"), upload_to=minutes_path, blank=True)
    minutes_name = models.CharField(_("file name"), max_length=200, blank=True)
    minutes_content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["association", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.association} {self.held_on}"


class ChangeRequest(models.Model):
    """A change an officer proposes (a member joins or leaves, a meeting); it applies only once approved."""

    class Kind(models.TextChoices):
        MEMBER_ADD = "member_add", _("Add a member")
        MEMBER_REMOVE = "member_remove", _("Remove a member")
        MEETING = "meeting", _("Record a meeting")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    association = models.ForeignKey(MerchantAssociation, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    store = models.ForeignKey("merchants.Store", verbose_name=_("store"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    effective_on = models.DateField(_("date"))
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to=minutes_path, blank=True)
    minutes_name = models.CharField(max_length=200, blank=True)
    minutes_content_type = models.CharField(max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    applied_meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["association", "state"])]

    def __str__(self) -> str:
        return f"{self.association} {self.get_kind_display()} ({self.get_state_display()})"
