"""The public Onnuri store finder at /onnuri/: a map and a list, no login."""

from django.shortcuts import render
from django.urls import reverse

from core import public_bodies
from merchants.models import IndustryCategory

from .. import selectors
from ..forms import FinderForm
from ..models import CertificateKind, Franchise
from .common import paginate, public_government

PAGE_SIZE = 20


def finder(request):
    """Anonymous visitors share one rendering per data version, language and query (core.public_bodies);
    officials (their own government) and anyone with a message waiting get their own."""
    government = public_government(request)
    if government is None or request.GET.get("lat") or request.GET.get("lon"):  # a location: too many to keep
        return _render(request, government, {})
    return public_bodies.cached_page(request, local_government_id=government.pk, name="finder-page",
                                     render=lambda extra: _render(request, government, extra))


def _render(request, government, extra: dict):
    majors = list(IndustryCategory.objects.filter(level=IndustryCategory.Level.MAJOR).order_by("code"))
    form = FinderForm(request.GET or None, local_government=government, majors=majors)
    filters = form.cleaned_data if form.is_valid() else {}
    near = form.near() if form.is_valid() else None
    franchises = selectors.finder_franchises(
        government, q=filters.get("q") or "", major=filters.get("major") or "", dong_id=filters.get("dong"),
        kind=filters.get("kind") or "", near=near) if government else Franchise.objects.none()
    page = paginate(request, franchises, PAGE_SIZE)
    stores = [selectors.public_store_properties(f, near) for f in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "giftcerts/finder.html", {
        "form": form, "page_obj": page, "stores": stores, "near": near, "government": government,
        "kind_labels": {kind.value: str(kind.label) for kind in CertificateKind},
        "api_url": reverse("giftcerts_api:onnuri-stores") + ("?" + query.urlencode() if query else ""),
        **extra,
    })
