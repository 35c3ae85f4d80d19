"""Computing one month's indicators for every district, every dong and the government.

One database query does the counting: stores of the government, each joined to
its sales report of the month, of the month before and of the same month a year
before (at most one each, by the unique constraint), grouped by the store's
(district, dong) pair. Every figure is a count or a sum, so the district, dong
and government totals are exact roll-ups of those few hundred groups, done in
Python. No query per district or dong.

Definitions (documented in the README):
- Stores count in the district and dong they are assigned to NOW. A store that
  moved district counts in its new district for every month that is
  (re)computed: a district's trend compares the same set of stores over time.
- Open stores: opened on or before the reference day (or no opening date) and
  not closed by then. The reference day is the month's last day, or today for
  the running month. Openings / closures: opening / closing date in the month.
- Franchise stores: open stores with a franchise valid on the reference day
  (valid_from <= day <= valid_until, not cancelled by then).
  New franchises: stores whose franchise started in the month and that had none
  valid the day before the month (a renewal is not new).
- Franchise rate: franchise stores / open stores (every open store).
- Eligible stores (가맹 가능 점포): open stores located where Onnuri applies (in a
  designated alley district, or in a recognised traditional market of the
  government) whose business type is not restricted, by the same rules as an
  application (giftcerts.selectors.onnuri_location_q / permitted_business_type_q),
  read as the districts, markets and restricted list are now. Eligible franchise
  stores: those of them with a valid franchise. Franchise rate of eligible stores
  (the rate Seo-gu's 119 dashboard reports): eligible franchise stores / eligible
  stores. The business number, a re-registration ban and the revenue cap are
  facts of one application, not of an area: they are not in this denominator.
- Sales: sums of the month's reports; Onnuri share = Onnuri / total.
- Growth (MoM, YoY): like for like, over the stores that reported in both
  months: sum(this month) / sum(base month) - 1. None when no store reported
  in both (e.g. no reports a year before).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, Exists, F, FilteredRelation, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from districts.models import AdministrativeDong, District, LocalGovernment
from giftcerts.models import Franchise
from merchants.models import Store
from sales import selectors as sales_selectors

from .months import add_months, as_of_date, month_end

GOVERNMENT, DONG, DISTRICT = "government", "dong", "district"

# Additive figures computed per (district, dong) group and rolled up.
ADDITIVE = ("open_stores", "openings", "closures", "franchise_stores", "new_franchises", "eligible_stores",
            "eligible_franchise_stores", "total_sales_won", "onnuri_sales_won", "reporting_stores", "mom_current",
            "mom_base", "yoy_current", "yoy_base")


@dataclass
class ScopeFigures:
    scope: str
    scope_id: int
    sums: dict = field(default_factory=lambda: dict.fromkeys(ADDITIVE, 0))

    def add(self, row: dict) -> None:
        for key in ADDITIVE:
            self.sums[key] += row[key] or 0

    def indicators(self) -> dict:
        s = self.sums
        return {
            "open_stores": s["open_stores"],
            "openings": s["openings"],
            "closures": s["closures"],
            "franchise_stores": s["franchise_stores"],
            "new_franchises": s["new_franchises"],
            "franchise_rate": ratio(s["franchise_stores"], s["open_stores"]),
            "eligible_stores": s["eligible_stores"],
            "eligible_franchise_stores": s["eligible_franchise_stores"],
            "franchise_rate_eligible": ratio(s["eligible_franchise_stores"], s["eligible_stores"]),
            "total_sales_won": s["total_sales_won"],
            "onnuri_sales_won": s["onnuri_sales_won"],
            "onnuri_share": ratio(s["onnuri_sales_won"], s["total_sales_won"]),
            "sales_mom": growth(s["mom_current"], s["mom_base"]),
            "sales_yoy": growth(s["yoy_current"], s["yoy_base"]),
            "reporting_stores": s["reporting_stores"],
        }


def ratio(part, whole) -> float | None:
    return part / whole if whole else None


def growth(current, base) -> float | None:
    return current / base - 1 if base else None


def start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def franchise_valid_q(day: datetime.date) -> Q:
    """Franchises valid on `day`: in their validity range and not cancelled by the end of that day."""
    next_day = start_of_day(day + datetime.timedelta(days=1))
    return Q(valid_from__lte=day, valid_until__gte=day) & (
        ~Q(status=Franchise.Status.CANCELLED) | Q(cancelled_at__gte=next_day))


def franchise_valid_on(day: datetime.date):
    return Franchise.objects.filter(franchise_valid_q(day))


def eligible_store_q(local_government_id: int) -> Q:
    """Stores that may join Onnuri as far as place and business type go (a filter on Store).

    A few small queries (the government, its recognised markets and the market names
    its stores use, the restricted list), run once before the grouped query.
    """
    # Imported here: giftcerts.selectors pulls in the spatial stack, which start-up need not load.
    from giftcerts.selectors import onnuri_location_q, permitted_business_type_q

    government = LocalGovernment.objects.only("pk", "name").get(pk=local_government_id)
    return onnuri_location_q(government) & permitted_business_type_q()


def _compiled(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def grouped_store_figures(local_government_id: int, month: datetime.date, eligible: Q | None = None) -> list[dict]:
    """The one GROUP BY (district, dong) statement behind a month's snapshots, set-based.

    Three pre-aggregated parts joined once per store, instead of a correlated EXISTS per store
    and franchise rule: the government's stores with their day flags (open, opening, closure,
    eligible), their franchises folded to one row per store (valid on the day, started in the
    month, valid the day before) and their sales of the three months folded to one row per store.
    Each part is compiled by the ORM (so the eligibility rules stay written once, in giftcerts,
    and dates are adapted per database); only the outer join and sums are written here, in SQL
    that PostgreSQL and SQLite both run. `eligible` is `eligible_store_q(local_government_id)`,
    built here when not given.
    """
    if eligible is None:
        eligible = eligible_store_q(local_government_id)
    as_of = as_of_date(month)
    last_day = month_end(month)
    day_before = month - datetime.timedelta(days=1)
    prev, ago = add_months(month, -1), add_months(month, -12)

    def flag(condition: Q):
        return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())

    # Explicit column names: SQLite names a sub-query's plain columns inconsistently.
    stores = Store.objects.filter(local_government_id=local_government_id).annotate(
        sid=F("pk"), g_district=F("district_id"), g_dong=F("dong_id"),
        is_open=flag(open_on_q(as_of)),
        is_opening=flag(Q(opened_on__gte=month, opened_on__lte=last_day)),
        is_closure=flag(Q(closed_on__gte=month, closed_on__lte=last_day)),
        is_eligible=flag(eligible),
    ).values("sid", "g_district", "g_dong", "is_open", "is_opening", "is_closure", "is_eligible").order_by()
    valid_on_as_of = franchise_valid_q(as_of)
    franchises = (Franchise.objects.filter(store__local_government_id=local_government_id)
                  .annotate(sid=F("store_id")).values("sid").order_by()
                  .annotate(franchised=Max(flag(valid_on_as_of)),
                            started=Max(flag(Q(valid_from__gte=month, valid_from__lte=min(last_day, as_of)))),
                            renewed=Max(flag(franchise_valid_q(day_before)))))
    sales = (sales_selectors.reports_in_months(local_government_id, [month, prev, ago])
             .annotate(sid=F("store_id")).values("sid").order_by()
             .annotate(cur_total=Sum(Case(When(month=month, then="total_won"))),
                       cur_onnuri=Sum(Case(When(month=month, then="onnuri_won"))),
                       has_cur=Max(flag(Q(month=month))),
                       prev_total=Sum(Case(When(month=prev, then="total_won"))),
                       has_prev=Max(flag(Q(month=prev))),
                       ago_total=Sum(Case(When(month=ago, then="total_won"))),
                       has_ago=Max(flag(Q(month=ago)))))
    (st_sql, st_params), (fr_sql, fr_params), (sr_sql, sr_params) = map(_compiled, (stores, franchises, sales))
    sql = f"""
        SELECT st.g_district AS district_id, st.g_dong AS dong_id,
          SUM(st.is_open) AS open_stores, SUM(st.is_opening) AS openings, SUM(st.is_closure) AS closures,
          SUM(CASE WHEN st.is_open = 1 AND fr.franchised = 1 THEN 1 ELSE 0 END) AS franchise_stores,
          SUM(CASE WHEN st.is_open = 1 AND st.is_eligible = 1 THEN 1 ELSE 0 END) AS eligible_stores,
          SUM(CASE WHEN st.is_open = 1 AND st.is_eligible = 1 AND fr.franchised = 1 THEN 1 ELSE 0 END)
            AS eligible_franchise_stores,
          SUM(CASE WHEN fr.started = 1 AND fr.renewed = 0 THEN 1 ELSE 0 END) AS new_franchises,
          SUM(sr.cur_total) AS total_sales_won, SUM(sr.cur_onnuri) AS onnuri_sales_won,
          SUM(CASE WHEN sr.has_cur = 1 THEN 1 ELSE 0 END) AS reporting_stores,
          SUM(CASE WHEN sr.has_prev = 1 THEN sr.cur_total END) AS mom_current,
          SUM(CASE WHEN sr.has_cur = 1 THEN sr.prev_total END) AS mom_base,
          SUM(CASE WHEN sr.has_ago = 1 THEN sr.cur_total END) AS yoy_current,
          SUM(CASE WHEN sr.has_cur = 1 THEN sr.ago_total END) AS yoy_base
        FROM ({st_sql}) st
        LEFT JOIN ({fr_sql}) fr ON fr.sid = st.sid
        LEFT JOIN ({sr_sql}) sr ON sr.sid = st.sid
        GROUP BY st.g_district, st.g_dong
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # JIT compilation costs more than the whole statement at this size.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, st_params + fr_params + sr_params)
        names = [column[0] for column in cursor.description]
        # PostgreSQL sums integers as numeric: back to int, so ratios are float divisions as before.
        return [{name: int(value) if isinstance(value, Decimal) else value
                 for name, value in zip(names, row, strict=True)} for row in cursor.fetchall()]


def open_on_q(day: datetime.date) -> Q:
    """Stores open on `day`: opened by then (or no opening date) and not closed by then."""
    return (Q(opened_on__isnull=True) | Q(opened_on__lte=day)) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def grouped_store_figures_orm(local_government_id: int, month: datetime.date, eligible: Q | None = None) -> list[dict]:
    """The previous, ORM-only form of `grouped_store_figures` (correlated EXISTS per store).

    Kept as the reference the tests compare the set-based query with, figure for figure.

    `eligible` is `eligible_store_q(local_government_id)`, built here when not given.
    """
    if eligible is None:
        eligible = eligible_store_q(local_government_id)
    as_of = as_of_date(month)
    last_day = month_end(month)
    day_before = month - datetime.timedelta(days=1)
    open_on_day = (Q(opened_on__isnull=True) | Q(opened_on__lte=as_of)) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
    reports = {
        "cur": month,
        "prev": add_months(month, -1),
        "ago": add_months(month, -12),
    }
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # The planner's cost estimate for the EXISTS sub-plans switches JIT compilation on,
        # which costs more than the whole query at this size (17,000 stores: 27 of 75 ms).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    return list(
        Store.objects.filter(local_government_id=local_government_id)
        .alias(
            **{name: FilteredRelation("sales_reports", condition=Q(sales_reports__month=value))
               for name, value in reports.items()},
            franchised=Exists(franchise_valid_on(as_of).filter(store=OuterRef("pk"))),
            started=Exists(Franchise.objects.filter(store=OuterRef("pk"), valid_from__gte=month,
                                                    valid_from__lte=min(last_day, as_of))),
            renewed=Exists(franchise_valid_on(day_before).filter(store=OuterRef("pk"))),
        )
        .values("district_id", "dong_id")
        .annotate(
            open_stores=Count("pk", filter=open_on_day),
            openings=Count("pk", filter=Q(opened_on__gte=month, opened_on__lte=last_day)),
            closures=Count("pk", filter=Q(closed_on__gte=month, closed_on__lte=last_day)),
            franchise_stores=Count("pk", filter=open_on_day & Q(franchised=True)),
            eligible_stores=Count("pk", filter=open_on_day & eligible),
            eligible_franchise_stores=Count("pk", filter=open_on_day & eligible & Q(franchised=True)),
            new_franchises=Count("pk", filter=Q(started=True) & Q(renewed=False)),
            total_sales_won=Sum("cur__total_won"),
            onnuri_sales_won=Sum("cur__onnuri_won"),
            reporting_stores=Count("cur__id"),
            mom_current=Sum("cur__total_won", filter=Q(prev__id__isnull=False)),
            mom_base=Sum("prev__total_won", filter=Q(cur__id__isnull=False)),
            yoy_current=Sum("cur__total_won", filter=Q(ago__id__isnull=False)),
            yoy_base=Sum("ago__total_won", filter=Q(cur__id__isnull=False)),
        )
        .order_by()
    )


def compute_month(local_government_id: int, month: datetime.date) -> dict[tuple[str, int], dict]:
    """{(scope, scope_id): indicators} for the government, every dong and every district of one month.

    Every dong of the government and every designated district get a row, with
    zeros when no store is assigned to them; a district that still has stores
    assigned (e.g. just revoked) gets one too.
    """
    scopes: dict[tuple[str, int], ScopeFigures] = {(GOVERNMENT, 0): ScopeFigures(GOVERNMENT, 0)}
    for dong_id in AdministrativeDong.objects.filter(local_government_id=local_government_id).values_list(
            "pk", flat=True):
        scopes[(DONG, dong_id)] = ScopeFigures(DONG, dong_id)
    for district_id in District.objects.filter(
            local_government_id=local_government_id, status=District.Status.DESIGNATED).values_list("pk", flat=True):
        scopes[(DISTRICT, district_id)] = ScopeFigures(DISTRICT, district_id)

    for row in grouped_store_figures(local_government_id, month):
        for key in scopes_of(row):
            scopes.setdefault(key, ScopeFigures(*key)).add(row)
    return {key: figures.indicators() for key, figures in scopes.items()}


def scopes_of(row: dict) -> list[tuple[str, int]]:
    """The scopes a (district_id, dong_id) group adds up into: the government, its dong, its district."""
    keys = [(GOVERNMENT, 0)]
    if row["dong_id"]:
        keys.append((DONG, row["dong_id"]))
    if row["district_id"]:
        keys.append((DISTRICT, row["district_id"]))
    return keys
