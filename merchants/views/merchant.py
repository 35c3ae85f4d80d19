"""Merchants: sign up, find and claim their store, keep its contact, hours and photo current."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.permissions import merchant_required
from core import ratelimits, search
from core.errors import ConflictError, DomainError
from core.forms import add_domain_error
from core.korean import particles
from districts.selectors import dongs_feature_collection

from .. import nts, photos, selectors, services
from ..forms import ClaimForm, MerchantSignUpForm, MerchantStoreForm
from ..models import Store, StoreClaim

SEARCH_PAGE_SIZE = 20


def _rate_limited(request, form, message) -> bool:
    """True (with the message on the form, input kept) when the rate limit flagged this request."""
    if not getattr(request, "limited", False):
        return False
    form.is_valid()
    form.add_error(None, message)
    return True


@require_http_methods(["GET", "POST"])
@ratelimits.limit_posts(key="ip", rate="10/h")
def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = MerchantSignUpForm(request.POST or None)
    if request.method == "POST":
        limited = _rate_limited(request, form, _("Too many sign-ups from this connection. Try again in an hour."))
        if not limited and form.is_valid():
            data = form.cleaned_data
            user = services.merchant_sign_up(username=data["username"], password=data["password1"],
                                             last_name=data["last_name"], first_name=data["first_name"],
                                             email=data["email"], phone=data["phone"])
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Find your store and claim it with your business registration "
                                        "number."))
            return redirect("merchants:find_store")
    return render(request, "merchants/signup.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _own_store(request, pk) -> Store:
    """The store when the logged-in merchant owns it; 404 for anyone else's."""
    return get_object_or_404(selectors.stores_visible_to(request.user).select_related(
        "industry__parent__parent", "dong", "local_government"), pk=pk, owner__user=request.user)


@merchant_required
def my_stores(request):
    merchant = request.user.merchant
    return render(request, "merchants/my_stores.html", {
        "stores": merchant.stores.select_related("industry", "dong", "local_government").order_by("name", "id"),
        "claims": selectors.claims_of_merchant(merchant).exclude(status=StoreClaim.Status.APPROVED),
    })


@merchant_required
def my_store_detail(request, pk):
    store = _own_store(request, pk)
    return render(request, "merchants/my_store_detail.html", {
        "store": store,
        "dong_geojson": dongs_feature_collection([store.dong], simplify_m=1) if store.dong else None,
        "point": {"lon": store.lon, "lat": store.lat, "name": str(store)} if store.lon is not None else None,
    })


@merchant_required
@require_http_methods(["GET", "POST"])
def my_store_edit(request, pk):
    store = _own_store(request, pk)
    initial = {"version": store.version, "phone": store.phone, "opening_hours": store.opening_hours}
    form = MerchantStoreForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.store_update_contact(store_id=store.pk, merchant_user=request.user, version=data["version"],
                                              phone=data["phone"], opening_hours=data["opening_hours"],
                                              photo=data["photo"], remove_photo=data["remove_photo"])
            except DomainError as exc:
                add_domain_error(form, exc)
                if isinstance(exc, ConflictError):
                    status = 409
                    store.refresh_from_db()
                    form.data = form.data.copy()
                    form.data["version"] = store.version
            else:
                messages.success(request, _("Your store's details are saved."))
                return redirect("merchants:my_store_detail", pk=store.pk)
    return render(request, "merchants/my_store_form.html", {"store": store, "form": form}, status=status)


@merchant_required
def find_store(request):
    query = request.GET.get("q", "").strip()
    too_long = search.too_long(query)
    stores = Store.objects.none() if too_long else selectors.claimable_stores(query)
    page = Paginator(stores, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "merchants/find_store.html", {
        "query": query,
        "too_long": search.too_long_message(query) if too_long else "",
        "page_obj": page,
        "stores": page.object_list,
        "too_short": bool(query) and len(query) < 2,
    })


@merchant_required
@require_http_methods(["GET", "POST"])
@ratelimits.limit_posts(key="user", rate="20/h")
def claim_create(request, pk):
    store = get_object_or_404(Store.objects.select_related("dong", "local_government", "industry"), pk=pk,
                              status=Store.Status.OPEN)
    form = ClaimForm(request.POST or None, request.FILES or None, nts_enabled=nts.enabled())
    if request.method == "POST":
        limited = _rate_limited(request, form, _("Too many claims in a short time. Try again in an hour."))
        if not limited and form.is_valid():
            data = form.cleaned_data
            try:
                claim = services.claim_store(
                    store_id=store.pk, merchant_user=request.user, business_number=data["business_number"],
                    evidence=data.get("evidence"), opening_date=data.get("opening_date"),
                    representative_name=data.get("representative_name", ""))
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                if claim.status == StoreClaim.Status.APPROVED:
                    messages.success(request, _("Confirmed by the National Tax Service and the store record. You "
                                                "now manage %(store)s%(store_reul)s.")
                                     % particles({"store": store}, store="을/를"))
                    return redirect("merchants:my_store_detail", pk=store.pk)
                messages.info(request, _("Your claim is sent. The district office will confirm it; you will get "
                                         "an email."))
                return redirect("merchants:my_stores")
    return render(request, "merchants/claim_form.html", {"store": store, "form": form},
                  status=400 if request.method == "POST" else 200)


@never_cache
def store_photo(request, pk):
    """A store's photo, for its owner and for officials of its government only (404 for anyone else)."""
    user = request.user
    store = get_object_or_404(selectors.stores_visible_to(user), pk=pk)
    if not store.photo:
        raise Http404(_("This store has no photo."))
    try:
        handle = store.photo.open("rb")
    except FileNotFoundError:
        raise Http404(_("This store has no photo.")) from None
    response = FileResponse(handle, content_type=photos.content_type_of(store.photo.name))
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def claim_evidence(request, pk):
    """A claim's registration certificate, for the claiming merchant and officials of the store's government;
    404 for anyone else."""
    claim = get_object_or_404(selectors.claims_visible_to(request.user).exclude(evidence=""), pk=pk)
    try:
        handle = claim.evidence.open("rb")
    except FileNotFoundError:
        raise Http404(_("This claim has no certificate.")) from None
    response = FileResponse(handle, content_type=claim.evidence_content_type, as_attachment=False,
                            filename=claim.evidence_name)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
