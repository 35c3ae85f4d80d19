"""Whether this database holds synthetic demo data (`seed_demo` writes a `core.DemoData` row).

Read for every page (the banner in base.html and on the wall screen), so it is kept in this
process for DEMO_FLAG_SECONDS: one indexed read per process and half minute, none per request.
A write through the ORM forgets it at once in this process (signals below); other processes
see it within the half minute.
"""

from __future__ import annotations

import threading
import time

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

DEMO_FLAG_SECONDS = 30.0
_lock = threading.Lock()
_state: dict = {"value": None, "until": 0.0}


def holds_demo_data() -> bool:
    now = time.monotonic()
    with _lock:
        if _state["value"] is not None and now < _state["until"]:
            return _state["value"]
    from .models import DemoData

    try:
        value = DemoData.objects.exists()
    except DatabaseError:  # before migrate, or the database is down: no banner, the page says the rest
        return False
    with _lock:
        _state.update(value=value, until=now + DEMO_FLAG_SECONDS)
    return value


def forget(*args, **kwargs) -> None:
    with _lock:
        _state.update(value=None, until=0.0)


def assume(value: bool) -> None:
    """Keep `value` as the flag until the next write forgets it (tests: a fresh database holds no mark,
    and a page's query count should not depend on when the flag was last read)."""
    with _lock:
        _state.update(value=value, until=float("inf"))


def mark(seed: int) -> None:
    """Record that demo data is (being) loaded: seed_demo calls this before its first step."""
    from .models import DemoData

    DemoData.objects.update_or_create(pk=1, defaults={"seeded_at": timezone.now(), "seed": seed})
    forget()


def connect() -> None:
    from .models import DemoData

    post_save.connect(forget, sender=DemoData, dispatch_uid="core.demo_flag.saved")
    post_delete.connect(forget, sender=DemoData, dispatch_uid="core.demo_flag.deleted")
