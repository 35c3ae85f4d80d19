"""PostgreSQL fast path of the store import: COPY a batch into a TEMP staging table, merge it in SQL.

Per batch, Python only checks rows, locates their dongs (vectorised) and resolves categories;
the rows go to `import_staging` with one `COPY`, and PostgreSQL does the rest in a few
statements: drop (and report) store numbers held by another government, reopen closed stores
(snapshot imports), then one `INSERT ... SELECT ... ON CONFLICT DO UPDATE` that inserts new
stores and updates changed ones. The merge rules are the row-by-row path's (`core._ImportRun._merged`)
written as SQL expressions over the stored row `o` and the file's row `n`:
the phone a merchant typed wins, a located dong replaces the stored one, a point moved outside
every dong is flagged, an official's decision on an unmoved point is kept. Unchanged rows are
filtered out before the upsert (a snapshot read, no lock), so a second import writes nothing;
the upsert re-checks on the locked current row, so an official's concurrent edit is not lost.
"""

from __future__ import annotations

import csv
import io

from django.db import connection

from core.maintenance import planner_settings

from ..models import Store
from .writer import TABLE, UPDATE_FIELDS

_FIELDS = {f.attname: f for f in Store._meta.concrete_fields}


def _column(attname: str):
    return _FIELDS[attname]

STAGING = "import_staging"
# The file's side of a store: what the staging table holds, in COPY order (line first).
STAGED = ["line", "external_id", "name", "branch", "industry_id", "market_name", "road_address", "lot_address",
          "floor", "phone", "lon", "lat", "dong_id"]
STAGED_TEXT = ["external_id", "name", "branch", "market_name", "road_address", "lot_address", "floor", "phone"]
# Taken as they are from the file (the rest of UPDATE_FIELDS follow the merge rules below).
FROM_FILE = ["name", "branch", "industry_id", "market_name", "road_address", "lot_address", "floor", "lon", "lat"]


def planned_for_small_batches(cursor):
    """Each statement joins a batch (a few thousand staged rows, no statistics) to merchants_store
    (statistics possibly stale in the middle of a load): probing the unique index per staged row
    is always the right plan. Mis-estimates also pushed the cost past jit_above_cost, and JIT
    compiled the merge expressions for seconds per batch (40 s for 17,000 rows).

    A context manager: the settings hold for the batch only (the staging table is still scanned,
    its only path)."""
    return planner_settings(cursor, jit="off", enable_seqscan="off", enable_material="off",
                            enable_hashjoin="off", enable_mergejoin="off")


def create_staging(cursor) -> None:
    columns = ", ".join(f"{name} {'integer' if name == 'line' else _column(name).db_type(connection)}"
                        for name in STAGED)
    cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} ({columns})")
    cursor.execute(f"TRUNCATE {STAGING}")


def drop_staging(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def copy_rows(cursor, records: list[tuple]) -> None:
    """COPY in CSV: None is an unquoted empty field (NULL); the text columns keep ''."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    sql = (f"COPY {STAGING} ({', '.join(STAGED)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL "
           f"({', '.join(STAGED_TEXT)}))")
    with cursor.cursor.copy(sql) as copy:  # psycopg 3
        copy.write(buffer.getvalue())


def merged_values(o: str, n: str) -> dict[str, str]:
    """SQL for each UPDATE_FIELDS value after merging file row `n` into stored row `o` (params: %(note)s)."""
    moved = f"({o}.lon IS DISTINCT FROM {n}.lon OR {o}.lat IS DISTINCT FROM {n}.lat)"
    located = f"{n}.dong_id IS NOT NULL"
    cleared = f"{o}.review_note = %(note)s"
    values = {name: f"{n}.{name}" for name in FROM_FILE}
    values.update({
        "phone": f"CASE WHEN {o}.phone <> '' THEN {o}.phone ELSE {n}.phone END",
        "dong_id": f"CASE WHEN {located} THEN {n}.dong_id WHEN {moved} THEN NULL ELSE {o}.dong_id END",
        "needs_review": f"CASE WHEN {located} THEN (CASE WHEN {cleared} THEN false ELSE {o}.needs_review END) "
                        f"WHEN {moved} THEN true ELSE {o}.needs_review END",
        "review_note": f"CASE WHEN {located} THEN (CASE WHEN {cleared} THEN '' ELSE {o}.review_note END) "
                       f"WHEN {moved} THEN %(note)s ELSE {o}.review_note END",
        "status": f"{o}.status", "opened_on": f"{o}.opened_on", "closed_on": f"{o}.closed_on",
    })
    return {name: values[name] for name in UPDATE_FIELDS}


def _differs(o: str, values: dict[str, str]) -> str:
    stored = ", ".join(f"{o}.{_column(name).column}" for name in values)
    return f"ROW({stored}) IS DISTINCT FROM ROW({', '.join(values.values())})"


def _stored(column_sql: str, source_param: str = "%(source)s") -> str:
    """A scalar subquery on the staged row's store: a per-row probe of the unique index, which the
    planner cannot turn into a join that scans merchants_store (NULL when there is no such store)."""
    return (f"(SELECT {column_sql} FROM {TABLE} o WHERE o.source = {source_param} "
            f"AND o.external_id = n.external_id AND NOT (o.external_id = ''))")


def take_foreign(cursor, *, source: str, government_id: int) -> list[tuple[int, str]]:
    """Remove from staging the rows whose store number another government holds; their (line, id)."""
    cursor.execute(f"DELETE FROM {STAGING} n WHERE {_stored('o.local_government_id')} <> %(gov)s "
                   f"RETURNING n.line, n.external_id", {"source": source, "gov": government_id})
    return cursor.fetchall()


def reopen(cursor, *, source: str, government_id: int, snapshot_date, note: str, now) -> list[int]:
    """Closed stores the snapshot lists again: reopened with the file's values; their ids."""
    values = merged_values("o", "n")
    values.update(status="%(open)s", closed_on="NULL", opened_on="%(snapshot)s")
    assignments = ", ".join(f"{_column(name).column} = {sql}" for name, sql in values.items())
    cursor.execute(
        f"UPDATE {TABLE} o SET {assignments}, version = o.version + 1, updated_at = %(now)s FROM {STAGING} n "
        f"WHERE o.source = %(source)s AND o.external_id = n.external_id AND NOT (o.external_id = '') "
        f"AND o.local_government_id = %(gov)s "
        f"AND o.status = %(closed)s RETURNING o.id",
        {"note": note, "open": Store.Status.OPEN, "closed": Store.Status.CLOSED, "snapshot": snapshot_date,
         "now": now, "source": source, "gov": government_id})
    return [row[0] for row in cursor.fetchall()]


def upsert(cursor, *, source: str, government_id: int, opening_date, note: str, now) -> tuple[int, int]:
    """Insert the new stores and update the changed ones; (created, updated)."""
    fields = [f for f in Store._meta.concrete_fields if not f.primary_key]
    fixed = {"local_government_id": "%(gov)s", "source": "%(source)s", "status": "%(open)s",
             "opened_on": "%(opened)s::date", "closed_on": "NULL", "version": "1",
             "created_at": "%(now)s", "updated_at": "%(now)s",
             "needs_review": "(n.dong_id IS NULL)",
             "review_note": "CASE WHEN n.dong_id IS NULL THEN %(note)s ELSE '' END"}
    params = {"gov": government_id, "source": source, "open": Store.Status.OPEN, "opened": opening_date,
              "now": now, "note": note}
    select = []
    for f in fields:
        if f.attname in fixed:
            select.append(fixed[f.attname])
        elif f.attname in STAGED:
            select.append(f"n.{f.column}")
        else:  # what the import never sets: the model's default (owner, photo, district ...)
            params[f"default_{f.attname}"] = f.get_default()
            select.append(f"%(default_{f.attname})s")
    inserted_values = merged_values("o", "n")
    unchanged = f"NOT ({_differs('o', inserted_values)})"
    excluded = merged_values(TABLE, "EXCLUDED")
    assignments = ", ".join(f"{_column(name).column} = {sql}" for name, sql in excluded.items())
    cursor.execute(
        f"INSERT INTO {TABLE} ({', '.join(f.column for f in fields)}) "
        f"SELECT {', '.join(select)} FROM {STAGING} n "
        # Unchanged rows are left out on a snapshot read: no lock, no write for them.
        f"WHERE {_stored(unchanged)} IS NOT TRUE "
        f"ON CONFLICT (source, external_id) WHERE NOT (external_id = '') DO UPDATE SET {assignments}, "
        f"version = {TABLE}.version + 1, updated_at = %(now)s "
        f"WHERE {TABLE}.local_government_id = %(gov)s AND {_differs(TABLE, excluded)} "
        f"RETURNING (xmax = 0)",
        params)
    rows = cursor.fetchall()
    created = sum(1 for (inserted,) in rows if inserted)
    return created, len(rows) - created


def count_unassigned(cursor, *, source: str) -> int:
    """Staged stores left without a dong (only rows the file could not locate can be)."""
    cursor.execute(f"SELECT count(*) FROM {STAGING} n WHERE n.dong_id IS NULL AND {_stored('o.dong_id IS NULL')}",
                   {"source": source})
    return cursor.fetchone()[0]
