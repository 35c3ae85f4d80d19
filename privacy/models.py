"""The personal-data access log (개인정보 접속기록, 개인정보의 안전성 확보조치 기준 제8조).

Append-only: a row is written once by `privacy.services.record_access` and never
changed or deleted through the ORM. Only the retention task removes rows older
than PRIVACY_ACCESS_LOG_RETENTION_DAYS, through `AccessLogQuerySet.purge_before`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an access-log row."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The personal-data access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The personal-data access log is append-only.")

    def purge_before(self, cutoff) -> int:
        """Delete rows written before `cutoff` (the retention task only); returns how many."""
        deleted, _by_model = models.QuerySet.delete(self.filter(created_at__lt=cutoff))
        return deleted


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", pgettext_lazy("access log", "View")
        SEARCH = "search", pgettext_lazy("access log", "Search")
        EXPORT = "export", pgettext_lazy("access log", "Export")
        CHANGE = "change", pgettext_lazy("access log", "Change")
        DOWNLOAD = "download", pgettext_lazy("access log", "Download")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Who: the account, and its name and role as they were (the account may be renamed or removed later).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL,
                              null=True, related_name="+")
    actor_username = models.CharField(_("user name"), max_length=150)
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    local_government = models.ForeignKey("districts.LocalGovernment", verbose_name=_("local government"),
                                         on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    record_type = models.CharField(_("record type"), max_length=50)
    record_id = models.CharField(_("record id"), max_length=64, blank=True)
    record_label = models.CharField(_("record"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True,
                              help_text=_("The search words or export filters."))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access record")
        verbose_name_plural = _("personal data access log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["actor", "created_at"]), models.Index(fields=["action", "created_at"])]

    def __str__(self) -> str:
        return (f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} "
                f"{self.record_type}:{self.record_id}")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The personal-data access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The personal-data access log is append-only.")
