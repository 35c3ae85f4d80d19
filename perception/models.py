"""One resident's answers to the short perception survey of an alley district (주민 체감도).

No personal data is asked. The device is known only as an HMAC of a random id kept in a signed
cookie of the resident's browser (`device_hash`), so that a device answers a district once per
survey period (a calendar quarter); the id itself is never stored.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SCALE = [(5, _("Very satisfied")), (4, _("Satisfied")), (3, _("Neither")), (2, _("Dissatisfied")),
         (1, _("Very dissatisfied"))]
USABILITY_SCALE = [(5, _("Very easy")), (4, _("Easy")), (3, _("Neither")), (2, _("Difficult")),
                   (1, _("Very difficult"))]
RECOMMEND_SCALE = [(5, _("Certainly")), (4, _("Probably")), (3, _("Not sure")), (2, _("Probably not")),
                   (1, _("Certainly not"))]
IMPROVEMENT_MAX_LENGTH = 500


class AgeBand(models.TextChoices):
    UNDER_20 = "under_20", _("Under 20")
    TWENTIES = "20s", _("20s")
    THIRTIES = "30s", _("30s")
    FORTIES = "40s", _("40s")
    FIFTIES = "50s", _("50s")
    SIXTIES = "60s", _("60s")
    SEVENTY_PLUS = "70_plus", _("70 or older")


def _between(field: str, low: int, high: int) -> Q:
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


class PerceptionResponse(models.Model):
    local_government = models.ForeignKey("districts.LocalGovernment", verbose_name=_("local government"),
                                         on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("districts.District", verbose_name=_("alley district"), on_delete=models.PROTECT,
                                 related_name="perception_responses")
    # The resident's own dong (optional answer), not the district's.
    dong = models.ForeignKey("districts.AdministrativeDong", verbose_name=_("dong of residence"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    period = models.DateField(_("survey period"), help_text=_("First day of the calendar quarter."))
    answered_on = models.DateField(_("answered on"))
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction with the shops"), choices=SCALE)
    onnuri_usability = models.PositiveSmallIntegerField(_("Onnuri usability"), choices=USABILITY_SCALE, null=True,
                                                        blank=True, help_text=_("Empty: has not used Onnuri here."))
    recommend = models.PositiveSmallIntegerField(_("would recommend"), choices=RECOMMEND_SCALE)
    improvement = models.TextField(_("what to improve"), max_length=IMPROVEMENT_MAX_LENGTH, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    device_hash = models.CharField(_("device (hashed)"), max_length=64)
    is_synthetic = models.BooleanField(_("synthetic (demo data)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perception survey response")
        verbose_name_plural = _("perception survey responses")
        ordering = ["-answered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["district", "period", "device_hash"],
                                    name="perception_one_answer_per_device_per_period"),
            models.CheckConstraint(condition=_between("satisfaction", 1, 5), name="perception_satisfaction_1_5"),
            models.CheckConstraint(condition=_between("recommend", 1, 5), name="perception_recommend_1_5"),
            models.CheckConstraint(condition=Q(onnuri_usability__isnull=True) | _between("onnuri_usability", 1, 5),
                                   name="perception_usability_1_5"),
        ]
        indexes = [models.Index(fields=["local_government", "period"])]

    def __str__(self) -> str:
        return f"{self.district_id} {self.period:%Y-%m} #{self.pk}"
