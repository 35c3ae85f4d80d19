"""Reads of monthly sales for other apps: the dashboard's aggregation, its impact study and the
empty dashboard read the reports through these, never through the model directly."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from .models import SalesReport


def reports_of_government(local_government_id: int) -> QuerySet[SalesReport]:
    """Every sales report of a government's stores."""
    return SalesReport.objects.filter(store__local_government_id=local_government_id)


def reports_in_months(local_government_id: int, months) -> QuerySet[SalesReport]:
    """The government's reports of these months (first days)."""
    return reports_of_government(local_government_id).filter(month__in=list(months))


def reports_of_store(store, month: datetime.date) -> QuerySet[SalesReport]:
    """A store's report of one month (at most one); `store` may be an OuterRef in a sub-query."""
    return SalesReport.objects.filter(store=store, month=month)


def monthly_totals(local_government_id: int) -> QuerySet:
    """(store_id, month, total_won) of every report of the government: the impact study's panel."""
    return reports_of_government(local_government_id).values_list("store_id", "month", "total_won")


def first_reported_month(local_government_id: int) -> datetime.date | None:
    """The earliest month any store of the government reported, or None."""
    return reports_of_government(local_government_id).order_by("month").values_list("month", flat=True).first()


def report_count(local_government_id: int) -> int:
    return reports_of_government(local_government_id).count()
