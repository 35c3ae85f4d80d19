"""Onnuri franchise eligibility: the one place the rules are written.

`check_eligibility(store, ...)` returns one `RuleResult` per rule, each with a
Korean message giving the reason and the numbers. The merchant's pre-check, the
submit and approve services, the review screen and the API all call it. For
many stores at once (outreach list, demo data) build one `EligibilityContext`
and call `evaluate` per store: the same rules, a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.korean import particles
from merchants import bizno

from . import rules
from .markets import market_key

STORE_OPEN = "store_open"
LOCATION = "location"
BUSINESS_TYPE = "business_type"
BUSINESS_NUMBER = "business_number"
NO_ACTIVE_FRANCHISE = "no_active_franchise"
NO_BAN = "no_ban"
REVENUE = "revenue"
RULE_CODES = (STORE_OPEN, LOCATION, BUSINESS_TYPE, BUSINESS_NUMBER, NO_ACTIVE_FRANCHISE, NO_BAN, REVENUE)


@dataclass(frozen=True)
class RuleResult:
    code: str
    passed: bool | None  # None: cannot be decided yet (revenue not declared)
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _won(value: int) -> str:
    return _("%(amount)s won") % {"amount": f"{value:,}"}


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


@dataclass
class EligibilityContext:
    """What the rules need besides the store itself, loaded once for many stores."""

    today: datetime.date
    revenue_limit_won: int
    renewal_window_days: int
    restricted: list = field(default_factory=list)  # active RestrictedBusinessType with a code
    market_names: dict = field(default_factory=dict)  # government id -> {key: market name}
    government_names: dict = field(default_factory=dict)  # government id -> name
    active_franchises: dict = field(default_factory=dict)  # store id -> Franchise
    bans: dict = field(default_factory=dict)  # store id -> cancelled Franchise with the latest ban
    bans_by_number: dict = field(default_factory=dict)  # business number -> that Franchise

    @classmethod
    def for_stores(cls, stores: Iterable, *, today: datetime.date | None = None,
                   renewal_window_days: int = rules.RENEWAL_NOTICE_DAYS,
                   local_government=None) -> EligibilityContext:
        """Load the rule data for `stores` in a fixed number of queries. With `local_government`
        (all the stores belong to it) franchises are loaded by government, not by a long id list."""
        from districts.models import LocalGovernment

        from .models import Franchise, RecognisedMarket, RestrictedBusinessType

        stores = list(stores)
        government_ids = {s.local_government_id for s in stores}
        ctx = cls(
            today=today or timezone.localdate(),
            revenue_limit_won=settings.ONNURI_REVENUE_LIMIT_WON,
            renewal_window_days=renewal_window_days,
        )
        ctx.restricted = list(RestrictedBusinessType.objects.filter(active=True).exclude(code=""))
        ctx.government_names = dict(LocalGovernment.objects.filter(pk__in=government_ids).values_list("pk", "name"))
        for market in RecognisedMarket.objects.filter(local_government_id__in=government_ids, active=True):
            for key in market.match_keys:
                ctx.market_names.setdefault(market.local_government_id, {})[key] = market.name
        active = Franchise.objects.filter(status=Franchise.Status.ACTIVE)
        if local_government is not None:
            active = active.filter(store__local_government=local_government)
        else:
            active = active.filter(store_id__in=[s.pk for s in stores])
        ctx.active_franchises = {franchise.store_id: franchise for franchise in active}
        # Bans are few: load them all, so a ban on the same business number elsewhere counts too.
        bans = (Franchise.objects.filter(ban_until__gte=ctx.today).select_related("store")
                .only("id", "number", "ban_until", "cancel_reason", "store_id", "store__business_number")
                .order_by("ban_until"))
        for franchise in bans:  # ordered by ban_until: the latest ban wins
            ctx.bans[franchise.store_id] = franchise
            if franchise.store.business_number:
                ctx.bans_by_number[franchise.store.business_number] = franchise
        return ctx


def _store_open(store, ctx) -> RuleResult:
    if store.status == "open":
        return RuleResult(STORE_OPEN, True, _("The store is open."))
    closed = _(" (closed on %(date)s)") % {"date": _date(store.closed_on)} if store.closed_on else ""
    return RuleResult(STORE_OPEN, False, _("The store is recorded as closed%(closed)s.") % {"closed": closed})


def _location(store, ctx) -> RuleResult:
    district = store.district
    if district is not None and district.status == "designated":
        return RuleResult(LOCATION, True, _("The store lies in the designated alley district %(name)s.")
                          % {"name": district.name})
    market = None
    if store.market_name:
        key = market_key(store.market_name, ctx.government_names.get(store.local_government_id, ""))
        market = ctx.market_names.get(store.local_government_id, {}).get(key)
    if market:
        return RuleResult(LOCATION, True, _("The store is in %(market)s, a traditional market or shopping district "
                                            "recorded for the local government.") % {"market": market})
    if district is not None:
        return RuleResult(LOCATION, False, _(
            "The alley district %(name)s is not designated (status: %(status)s), and the store is in no recorded "
            "traditional market or shopping district.") % {"name": district.name,
                                                             "status": district.get_status_display()})
    return RuleResult(LOCATION, False, _(
        "The store lies outside every designated alley district, traditional market and shopping district."))


def _business_type(store, ctx) -> RuleResult:
    industry = store.industry
    if industry is None:
        return RuleResult(BUSINESS_TYPE, False, _(
            "No business type is recorded for this store; ask the district office to record it."))
    for restricted in ctx.restricted:
        if industry.code.startswith(restricted.code):
            return RuleResult(BUSINESS_TYPE, False, _(
                "The business type %(name)s (%(code)s) may not join: %(category)s, under %(ground)s.") % {
                "name": industry.name, "code": industry.code, "category": restricted.category,
                "ground": restricted.legal_ground})
    return RuleResult(BUSINESS_TYPE, True, _("The business type %(name)s (%(code)s) is not restricted.")
                      % {"name": industry.name, "code": industry.code})


def _business_number(store, ctx) -> RuleResult:
    if not store.business_number:
        return RuleResult(BUSINESS_NUMBER, False, _(
            "No business registration number is recorded for this store; claim the store with it first."))
    formatted = bizno.format_number(store.business_number)
    if not bizno.is_valid(store.business_number):
        return RuleResult(BUSINESS_NUMBER, False, _(
            "The business registration number %(number)s%(number_ga)s is not valid (its check digit does not "
            "match).") % particles({"number": formatted}, number="이/가"))
    return RuleResult(BUSINESS_NUMBER, True, _("The business registration number %(number)s%(number_neun)s is valid.")
                      % particles({"number": formatted}, number="은/는"))


def _no_active_franchise(store, ctx) -> RuleResult:
    franchise = ctx.active_franchises.get(store.pk)
    if franchise is None:
        return RuleResult(NO_ACTIVE_FRANCHISE, True, _("The store has no active Onnuri franchise."))
    days_left = (franchise.valid_until - ctx.today).days
    if days_left <= ctx.renewal_window_days:
        return RuleResult(NO_ACTIVE_FRANCHISE, True, _(
            "The current franchise %(number)s ends on %(date)s (in %(days)s days): it may be renewed.") % {
            "number": franchise.number, "date": _date(franchise.valid_until), "days": max(days_left, 0)})
    return RuleResult(NO_ACTIVE_FRANCHISE, False, _(
        "The store is already a franchise (number %(number)s, valid until %(date)s). Renewal opens %(days)s days "
        "before it ends.") % {"number": franchise.number, "date": _date(franchise.valid_until),
                              "days": ctx.renewal_window_days})


def _no_ban(store, ctx) -> RuleResult:
    ban = ctx.bans.get(store.pk) or ctx.bans_by_number.get(store.business_number or None)
    if ban is None:
        return RuleResult(NO_BAN, True, _("No re-registration ban applies."))
    return RuleResult(NO_BAN, False, _(
        "Re-registration is banned until %(date)s: franchise %(number)s was cancelled (%(reason)s).") % {
        "date": _date(ban.ban_until), "number": ban.number, "reason": ban.cancel_reason})


def _revenue(declared_revenue_won, ctx) -> RuleResult:
    limit = ctx.revenue_limit_won
    if declared_revenue_won is None:
        return RuleResult(REVENUE, None, _("Declare the annual revenue in the application (limit: %(limit)s).")
                          % {"limit": _won(limit)})
    if declared_revenue_won <= limit:
        return RuleResult(REVENUE, True, _("The declared annual revenue %(revenue)s%(revenue_neun)s is within the "
                                           "limit of %(limit)s.") % particles({"revenue": _won(declared_revenue_won),
                                                                              "limit": _won(limit)},
                                                                             revenue="은/는"))
    return RuleResult(REVENUE, False, _("The declared annual revenue %(revenue)s%(revenue_ga)s is over the limit of "
                                        "%(limit)s%(limit_reul)s by %(over)s.")
                      % particles({"revenue": _won(declared_revenue_won), "limit": _won(limit),
                                   "over": _won(declared_revenue_won - limit)}, revenue="이/가", limit="을/를"))


def evaluate(store, ctx: EligibilityContext, *, declared_revenue_won: int | None = None) -> list[RuleResult]:
    """Every rule for one store, in a fixed order. The store needs district and industry loaded."""
    return [
        _store_open(store, ctx),
        _location(store, ctx),
        _business_type(store, ctx),
        _business_number(store, ctx),
        _no_active_franchise(store, ctx),
        _no_ban(store, ctx),
        _revenue(declared_revenue_won, ctx),
    ]


def check_eligibility(store, *, declared_revenue_won: int | None = None,
                      today: datetime.date | None = None) -> list[RuleResult]:
    """The eligibility of one store (and, when given, its declared annual revenue)."""
    return evaluate(store, EligibilityContext.for_stores([store], today=today),
                    declared_revenue_won=declared_revenue_won)


def all_passed(results: Iterable[RuleResult]) -> bool:
    return all(result.passed is True for result in results)


def failed(results: Iterable[RuleResult]) -> list[RuleResult]:
    return [result for result in results if result.passed is False]


def as_dicts(results: Iterable[RuleResult]) -> list[dict]:
    return [result.as_dict() for result in results]
