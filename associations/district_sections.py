"""The merchant association on a district's page (contract: districts/extensions.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.extensions import Section


def sections(*, district, request) -> list[Section]:
    from . import selectors
    from .models import MerchantAssociation

    today = timezone.localdate()
    associations = list(MerchantAssociation.objects.filter(districts=district,
                                                           local_government=district.local_government)
                        .order_by("status", "-created_at"))
    current = next((a for a in associations if a.status != MerchantAssociation.Status.DISSOLVED), None)
    context = {"district": district, "association": current,
               "dissolved": [a for a in associations if a.status == MerchantAssociation.Status.DISSOLVED]}
    if current is not None:
        figures = selectors.association_figures(current, today)
        context |= {
            "figures": figures,
            "officers": list(current.officers.filter(selectors.current_officer_q(today)).order_by("term_start")),
            "district_members": figures.district_members.get(district.pk, 0),
            "district_open": figures.district_open.get(district.pk, 0),
            "shared_with": [d for d in current.districts.all() if d.pk != district.pk],
        }
    return [Section(str(_("Merchant association")), "associations/_district_section.html", context,
                    ("associations/associations.css",))]
