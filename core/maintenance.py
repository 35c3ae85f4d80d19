"""Database upkeep after bulk loads.

PostgreSQL plans with statistics that only ANALYZE (or autovacuum, which may be off or late)
refreshes: right after a bulk load a table of 17,000 rows can be planned as 9 rows, and a
page that joins it picks a plan hundreds of milliseconds slower. Bulk loads call
`analyze_tables` with the models they wrote.
"""

from __future__ import annotations

import logging

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
