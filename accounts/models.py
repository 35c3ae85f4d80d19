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
