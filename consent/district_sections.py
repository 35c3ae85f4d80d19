"""The consent app's hooks into a district (contract: districts.extensions).

consent(): the figures computed from consent records, once the district has any record;
sections(): the "상인 동의 현황" block on the district's page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.extensions import Section
from districts.criteria import required_consent
from districts.models import District
from districts.selectors import district_consent

from . import selectors


def consent(*, district, geom=None):
    return selectors.figures(district, geom)


def consents(*, districts):
    return selectors.figures_many(districts)


def section_context(district: District, *, user=None, limit: int | None = None) -> dict:
    """What the district page's block and the consent page show: the figure, what is needed, the records."""
    figure = district_consent(district)
    counted = selectors.counted_store_ids(district)
    records = list(selectors.records_of(district))
    current = [r for r in records if r.is_current]
    for record in current:
        record.counted = record.store_id in counted
    may_record = bool(user is not None and getattr(user, "is_official", False)
                      and user.local_government_id == district.local_government_id
                      and district.status != District.Status.REVOKED)
    required = required_consent(merchants_total=figure.merchants_total,
                                consent_ratio=district.local_government.consent_ratio)
    return {
        "district": district,
        "figure": figure,
        "required": required,
        "passes": figure.merchants_total > 0 and figure.merchants_consenting >= required,
        "ratio": float(district.local_government.consent_ratio),
        "current": current if limit is None else current[:limit],
        "current_total": len(current),
        "withdrawn": [r for r in records if not r.is_current],
        "missing": len(counted - {r.store_id for r in current}),
        "may_record": may_record,
    }


def sections(*, district, request):
    context = section_context(district, user=request.user)
    if context["current"] or context["withdrawn"]:
        from privacy.services import Action, record_access

        # The block names the signers (personal data): the page view is logged like the consent pages.
        record_access(user=request.user, action=Action.VIEW, record_type="consent.consentrecord",
                      label=district.name, detail=f"district={district.pk}", request=request)
    return [Section(title=_("Merchant consent status"), template_name="consent/district_section.html", context=context,
                    stylesheets=("consent/consent.css",))]
