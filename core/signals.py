"""Signals between apps that must not import each other.

`records_changed` tells whoever derives figures from stores, districts and
franchises (the dashboard's monthly metrics) that one government's records
changed from `since` onwards. `since=None` means every month may be affected
(e.g. a district boundary changed, and metrics count stores by their current
district). Senders call it inside their transaction; receivers act on commit.
"""

import datetime

from django.dispatch import Signal

records_changed = Signal()


def announce_records_changed(*, local_government_id: int, since: datetime.date | None) -> None:
    records_changed.send(sender=None, local_government_id=local_government_id, since=since)
