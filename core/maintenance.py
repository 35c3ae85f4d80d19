"""Database upkeep after bulk loads.

PostgreSQL plans with statistics that only ANALYZE (or autovacuum, which may be off or late)
refreshes: right after a bulk load a table of 17,000 rows can be planned as 9 rows, and a
page that joins it picks a plan hundreds of milliseconds slower. Bulk loads call
`analyze_tables` with the models they wrote.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.db import connection, transaction

logger = logging.getLogger(__name__)


def analyze_tables(*models) -> list[str]:
    """ANALYZE the tables of `models` (PostgreSQL; SQLite too, where it is cheap); the tables analysed.

    Never raises: fresher statistics are a help, not part of the load's result."""
    tables = list(dict.fromkeys(model._meta.db_table for model in models))
    if not tables or connection.vendor not in ("postgresql", "sqlite"):
        return []
    quote = connection.ops.quote_name
    try:
        # a savepoint inside a caller's transaction: a failure here must not spoil it
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {', '.join(quote(table) for table in tables)}")
            else:
                for table in tables:
                    cursor.execute(f"ANALYZE {quote(table)}")
    except Exception:  # noqa: BLE001 - e.g. a read-only replica; the load itself succeeded
        logger.warning("ANALYZE of %s failed", ", ".join(tables), exc_info=True)
        return []
    return tables


@contextmanager
def planner_settings(cursor, **settings: str):
    """PostgreSQL settings for the statements inside, put back after (a no-op elsewhere).

    `SET LOCAL` lasts to the end of the whole transaction (a released savepoint keeps it), so a plan
    forced for one statement leaked into everything after it in the caller's transaction: the
    importer's "no hash joins" turned the demo's aggregation into an hour-long nested loop. The
    previous values are restored explicitly."""
    if connection.vendor != "postgresql":
        yield
        return
    names = list(settings)
    # one round trip each way: read the current values and set the new ones, then put them back
    reads, writes = ["current_setting(%s)"] * len(names), ["set_config(%s, %s, true)"] * len(names)
    cursor.execute("SELECT " + ", ".join(reads + writes),
                   names + [part for name in names for part in (name, settings[name])])
    previous = cursor.fetchone()[:len(names)]
    try:
        yield
    finally:
        cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
                       [part for name, value in zip(names, previous, strict=True) for part in (name, value)])
