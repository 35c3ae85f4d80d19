"""Signals between apps that must not import each other.

`records_changed` tells whoever derives figures from stores, districts and
franchises (the dashboard's monthly metrics) that one government's records
changed from `since` onwards. `since=None` means every month may be affected
(e.g. a district boundary changed, and metrics count stores by their current
district). Senders call it inside their transaction; receivers act on commit.

`sales_changed` tells the same receivers that the monthly sales of exactly these
`months` changed (a report, a correction, an import). Sales are a month's flow, not
a stock carried forward, so only the figures that read those months change (the
dashboard: the month itself, the next month's month-on-month growth and the
year-on-year growth a year later), and no public data does (the Onnuri finder and
Open311 show no sales, so `records_changed`'s receivers need not hear of it).
"""

import datetime

from django.dispatch import Signal

records_changed = Signal()
sales_changed = Signal()


def announce_records_changed(*, local_government_id: int, since: datetime.date | None) -> None:
    records_changed.send(sender=None, local_government_id=local_government_id, since=since)


def announce_sales_changed(*, local_government_id: int, months: list[datetime.date]) -> None:
    sales_changed.send(sender=None, local_government_id=local_government_id, months=list(months))
