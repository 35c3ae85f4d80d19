"""Every write of the perception survey: one resident's answers.

`response_submit` is the only way an answer is stored (the public form, the demo and the tests
call it). It needs the database only: no cache, no broker. One answer per device, district and
survey period (calendar quarter) is enforced twice: a look-up that gives the polite refusal, and
the database's unique constraint that settles two submissions at the same moment.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from core.errors import DomainError
from districts.models import District

from . import periods
from .models import IMPROVEMENT_MAX_LENGTH, AgeBand, PerceptionResponse

DEVICE_HASH_SALT = "perception.device"


class AlreadyAnswered(DomainError):
    """This device already answered this district's survey in the running period."""

    def __init__(self, *, period: datetime.date):
        super().__init__(_("You have already answered this survey for this alley in %(period)s. Thank you! "
                           "You can answer again from %(next)s.")
                         % {"period": periods.quarter_label(period),
                            "next": periods.quarter_label(periods.add_quarters(period, 1))})
        self.period = period


def device_hash(device_id: str) -> str:
    """The stored form of a device id: an HMAC (SHA-256) under the SECRET_KEY; the id itself is never kept."""
    return salted_hmac(DEVICE_HASH_SALT, device_id, algorithm="sha256").hexdigest()


def has_answered(*, district, device_id: str, on: datetime.date | None = None) -> bool:
    period = periods.quarter_of(on or timezone.localdate())
    return PerceptionResponse.objects.filter(district=district, period=period,
                                             device_hash=device_hash(device_id)).exists()


def _scale(value, field: str, *, required: bool = True) -> int | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("Choose an answer."), field=field)
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        raise DomainError(_("Choose one of the five answers."), field=field)
    return number


def response_submit(
    *, district: District, device_id: str, satisfaction, recommend, onnuri_usability=None, improvement: str = "",
    age_band: str = "", dong=None, answered_on: datetime.date | None = None, is_synthetic: bool = False,
) -> PerceptionResponse:
    """Store one resident's answers for `district` in the period of `answered_on` (today)."""
    if district.status != District.Status.DESIGNATED:
        raise DomainError(_("This alley district does not take part in the survey."), field="district")
    satisfaction = _scale(satisfaction, "satisfaction")
    recommend = _scale(recommend, "recommend")
    onnuri_usability = _scale(onnuri_usability, "onnuri_usability", required=False)
    improvement = (improvement or "").strip()
    if len(improvement) > IMPROVEMENT_MAX_LENGTH:
        raise DomainError(_("Write at most %(limit)d characters.") % {"limit": IMPROVEMENT_MAX_LENGTH},
                          field="improvement")
    if "\x00" in improvement:
        raise DomainError(_("Remove the invalid characters."), field="improvement")
    if age_band and age_band not in AgeBand.values:
        raise DomainError(_("Choose one of the age bands."), field="age_band")
    if dong is not None and dong.local_government_id != district.local_government_id:
        raise DomainError(_("Choose a dong of %(government)s.") % {"government": district.local_government},
                          field="dong")
    if not device_id:
        raise DomainError(_("Your browser did not keep the survey's cookie. Allow cookies and try again."))
    answered_on = answered_on or timezone.localdate()
    period = periods.quarter_of(answered_on)
    hashed = device_hash(device_id)
    if PerceptionResponse.objects.filter(district=district, period=period, device_hash=hashed).exists():
        raise AlreadyAnswered(period=period)
    try:
        with transaction.atomic():
            return PerceptionResponse.objects.create(
                local_government_id=district.local_government_id, district=district, dong=dong, period=period,
                answered_on=answered_on, satisfaction=satisfaction, onnuri_usability=onnuri_usability,
                recommend=recommend, improvement=improvement, age_band=age_band or "", device_hash=hashed,
                is_synthetic=is_synthetic,
            )
    except IntegrityError as exc:  # the same device, a moment earlier (two taps, two tabs)
        raise AlreadyAnswered(period=period) from exc
