"""Run calls at the same moment in threads, each with its own database connection.

Used by the tests that prove two officials acting at once cannot corrupt a record.
They need real row locks, so they run on PostgreSQL (CI) and skip on SQLite.
"""

import threading

import pytest
from django.db import connection, connections

requires_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (SQLite serialises whole-database writes instead); CI runs PostgreSQL",
)


def run_together(*calls):
    """Start the calls at the same moment; return what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
