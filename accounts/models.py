from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Officials belong to one local government; merchants
    own stores through their `merchants.Merchant` profile. Admins are superusers."""

    class Role(models.TextChoices):
        OFFICIAL = "official", _("Official")
        MERCHANT = "merchant", _("Merchant")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    local_government = models.ForeignKey(
        "districts.LocalGovernment",
        verbose_name=_("local government"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="official") | Q(local_government__isnull=False),
                name="official_has_local_government",
            ),
        ]

    # The one place a superuser becomes an official for a request: ActingGovernmentMiddleware calls
    # act_as_official_of() with the government chosen in the switcher; every role and scope check
    # (is_official, local_government_id) then applies to them as to that government's officials.
    def act_as_official_of(self, local_government) -> None:
        if not (self.is_active and self.is_superuser):
            raise ValueError("Only an active superuser can act as an official.")
        self.__dict__.setdefault("_own_role", (self.role, self.local_government_id))
        self.role, self.local_government = self.Role.OFFICIAL, local_government

    @property
    def is_acting_official(self) -> bool:
        """A superuser working as an official of the government chosen in the switcher (this request only)."""
        return "_own_role" in self.__dict__

    def save(self, *args, **kwargs):
        # Never store the per-request acting role: save the account's own role and government.
        own = self.__dict__.get("_own_role")
        if own is None:
            return super().save(*args, **kwargs)
        acting = (self.role, self.local_government)
        self.role, self.local_government_id = own
        try:
            return super().save(*args, **kwargs)
        finally:
            self.role, self.local_government = acting

    @property
    def is_official(self) -> bool:
        return self.is_active and self.role == self.Role.OFFICIAL and self.local_government_id is not None

    @property
    def is_merchant(self) -> bool:
        return self.is_active and self.role == self.Role.MERCHANT

    @property
    def display_name(self) -> str:
        # Korean order: family name first, no space (김서구).
        return f"{self.last_name}{self.first_name}".strip() or self.username
