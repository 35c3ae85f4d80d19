"""The role-aware main menu. Items whose URL is not installed yet are skipped."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

ANONYMOUS, MERCHANT, OFFICIAL = "anonymous", "merchant", "official"


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    # Pages under other URLs that belong to this entry (url names taking one id).
    also: tuple[str, ...] = ()
    # Dotted path of a predicate on the user: the item shows only when it holds (e.g. officers only).
    when: str = ""


MENU = [
    NavItem(_("Home"), "core:home", (ANONYMOUS, MERCHANT, OFFICIAL)),
    NavItem(_("Dashboard"), "dashboard:index", (OFFICIAL,)),
    NavItem(_("Alley districts"), "districts:district_list", (OFFICIAL,)),
    NavItem(_("Dongs"), "districts:dong_list", (OFFICIAL,)),
    NavItem(_("Stores"), "merchants:store_list", (OFFICIAL,)),
    NavItem(_("Onnuri review"), "giftcerts:review_queue", (OFFICIAL,)),
    NavItem(_("Info sessions"), "giftcerts:session_list", (OFFICIAL, MERCHANT, ANONYMOUS)),
    NavItem(_("119 Hotline"), "hotline:queue", (OFFICIAL,)),
    NavItem(_("Resident perception"), "perception:results", (OFFICIAL,)),
    NavItem(_("Special projects"), "projects:project_list", (OFFICIAL,)),
    NavItem(_("Merchant associations"), "associations:list", (OFFICIAL,)),
    NavItem(_("Sales import"), "sales:import", (OFFICIAL,)),
    NavItem(_("My stores"), "merchants:my_stores", (MERCHANT,)),
    NavItem(_("Monthly sales"), "sales:my_sales", (MERCHANT,)),
    NavItem(_("Onnuri application"), "giftcerts:my_applications", (MERCHANT,),
            also=("giftcerts:apply", "giftcerts:application_detail")),
    NavItem(_("Find Onnuri stores"), "giftcerts:finder", (ANONYMOUS, MERCHANT)),
    NavItem(_("Report to 119 Hotline"), "hotline:report", (ANONYMOUS, MERCHANT)),
    NavItem(_("My hotline tickets"), "hotline:my_tickets", (MERCHANT,)),
    NavItem(_("My merchant association"), "associations:my_list", (MERCHANT,),
            when="associations.selectors.is_current_officer"),
]


def role_of(user) -> str:
    if user is not None and user.is_authenticated:
        if user.is_official:
            return OFFICIAL
        if user.is_merchant:
            return MERCHANT
    return ANONYMOUS


def menu_for(user, current_path: str = "") -> list[dict]:
    role = role_of(user)
    items = []
    for item in MENU:
        if role not in item.roles:
            continue
        if item.when and not import_string(item.when)(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "active": False, "prefixes": [url, *_prefixes(item.also)]})
    # The current page belongs to the item with the longest matching URL prefix
    # (/onnuri/review/ is "Onnuri review", not "Find Onnuri stores" at /onnuri/; /onnuri/apply/3/ is
    # "Onnuri application", one of its `also` prefixes).
    best, best_len = None, -1
    for entry in items:
        for prefix in entry.pop("prefixes"):
            hit = current_path == prefix if prefix == "/" else current_path.startswith(prefix)
            if hit and len(prefix) > best_len:
                best, best_len = entry, len(prefix)
    if best is not None:
        best["active"] = True
    return items


def _prefixes(url_names) -> list[str]:
    """'/onnuri/apply/' for 'giftcerts:apply' (/onnuri/apply/<id>/): the URL up to its id."""
    result = []
    for name in url_names:
        try:
            url = reverse(name, args=[0])
        except NoReverseMatch:
            continue
        result.append(url[: url.index("/0/") + 1])
    return result
