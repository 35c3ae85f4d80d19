"""Bulk reads and writes of store rows for the importer, without per-row queries.

PostgreSQL gets `COPY` for new rows and one `UPDATE ... FROM (VALUES ...)` per batch for
changed rows; other databases (SQLite in development) get `executemany`. Values are
adapted once with the backend's own operations, so dates and times are stored exactly as
the ORM would store them.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence

from django.db import connection

from ..models import Store

TABLE = Store._meta.db_table

# What an import may write on an existing store; the rest (owner, business number,
# opening hours, photo, district ...) belongs to people and other issues.
UPDATE_FIELDS = ["name", "branch", "industry_id", "market_name", "road_address", "lot_address", "floor", "phone",
                 "lon", "lat", "dong_id", "needs_review", "review_note", "status", "opened_on", "closed_on"]
COMPARE_FIELDS = ["id", "local_government_id", "version", *UPDATE_FIELDS]


def _column(name: str):
    return Store._meta.get_field(name.removesuffix("_id") if name.endswith("_id") and name != "id" else name)


def existing_rows(source: str, external_ids: Sequence[str], *, lock: bool) -> dict[str, dict]:
    """{external_id: {field: value}} for the stores of `source` among `external_ids` (one query, raw SQL:
    the ORM would spend longer compiling a 2,000-value IN list than the database spends answering)."""
    if not external_ids:
        return {}
    columns = ", ".join(_column(name).column for name in COMPARE_FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT external_id, {columns} FROM {TABLE} WHERE source = %s AND external_id = ANY(%s)"
                           + (" FOR UPDATE" if lock else ""), [source, list(external_ids)])
        else:
            placeholders = ", ".join(["%s"] * len(external_ids))
            cursor.execute(f"SELECT external_id, {columns} FROM {TABLE} WHERE source = %s "
                           f"AND external_id IN ({placeholders})", [source, *external_ids])
        rows = cursor.fetchall()
    converters = _converters()
    result = {}
    for row in rows:
        values = dict(zip(COMPARE_FIELDS, row[1:], strict=True))
        for name, convert in converters:
            values[name] = convert(values[name])
        result[row[0]] = values
    return result


def _converters():
    """Raw rows come back as the driver gives them; make dates and booleans what the importer compares with."""
    converters = []
    for name in COMPARE_FIELDS:
        kind = _column(name).get_internal_type()
        if kind == "DateField" and connection.vendor != "postgresql":
            converters.append((name, lambda v: datetime.date.fromisoformat(v) if isinstance(v, str) else v))
        elif kind == "BooleanField" and connection.vendor != "postgresql":
            converters.append((name, lambda v: bool(v) if v is not None else v))
    return converters


class _InsertPlan:
    """Column order, defaults and date columns of merchants_store, worked out once per import."""

    def __init__(self, now):
        fields = [f for f in Store._meta.concrete_fields if not f.primary_key]
        stamp = connection.ops.adapt_datetimefield_value(now)
        self.columns = [f.column for f in fields]
        self.text_columns = [f.column for f in fields if not f.null]
        self.template = [stamp if f.attname in ("created_at", "updated_at") else f.get_default() for f in fields]
        self.position = {f.attname: i for i, f in enumerate(fields)}
        self.dates = {f.attname for f in fields if f.get_internal_type() == "DateField"}
        self.adapt_date = connection.ops.adapt_datefield_value

    def record(self, row: dict) -> list:
        record = self.template.copy()
        position, dates, adapt = self.position, self.dates, self.adapt_date
        for name, value in row.items():
            record[position[name]] = adapt(value) if value is not None and name in dates else value
        return record


def insert(rows: list[dict], *, now) -> None:
    """Insert new stores; each row gives the import fields, the model defaults fill the rest."""
    if not rows:
        return
    plan = _InsertPlan(now)
    records = [plan.record(row) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, plan.columns, records, text_columns=plan.text_columns)
        else:
            placeholders = ", ".join(["%s"] * len(plan.columns))
            cursor.executemany(f"INSERT INTO {TABLE} ({', '.join(plan.columns)}) VALUES ({placeholders})", records)


def _copy(cursor, columns: list[str], records: list[list], *, text_columns: list[str]) -> None:
    """PostgreSQL COPY FROM STDIN in CSV: None is an unquoted empty field (NULL); NOT NULL columns keep ''."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(records)
    force = ", ".join(text_columns)
    sql = f"COPY {TABLE} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({force}))"
    with cursor.cursor.copy(sql) as copy:  # psycopg 3
        copy.write(buffer.getvalue())


def update(rows: list[dict], *, now) -> None:
    """Write UPDATE_FIELDS of changed stores (each row has 'id'), bumping version and updated_at."""
    if not rows:
        return
    stamp = connection.ops.adapt_datetimefield_value(now)
    adapt_date = connection.ops.adapt_datefield_value
    fields = [_column(name) for name in UPDATE_FIELDS]
    records = []
    for row in rows:
        record = [row["id"]]
        for f in fields:
            value = row[f.attname]
            if f.get_internal_type() == "DateField" and value is not None:
                value = adapt_date(value)
            record.append(value)
        records.append(record)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _pg_update(cursor, fields, records, stamp)
        else:
            assignments = ", ".join(f"{f.column} = %s" for f in fields)
            cursor.executemany(
                f"UPDATE {TABLE} SET {assignments}, version = version + 1, updated_at = %s WHERE id = %s",
                [[*record[1:], stamp, record[0]] for record in records],
            )


def _pg_update(cursor, fields, records, stamp) -> None:
    """One UPDATE ... FROM (VALUES ...) for the batch; each value cast to its column type."""
    columns = ", ".join(f.column for f in fields)
    row = "(" + ", ".join(["%s::bigint", *(f"%s::{f.db_type(connection)}" for f in fields)]) + ")"
    assignments = ", ".join(f"{f.column} = v.{f.column}" for f in fields)
    values = ", ".join([row] * len(records))
    cursor.execute(
        f"UPDATE {TABLE} AS s SET {assignments}, version = s.version + 1, updated_at = %s "
        f"FROM (VALUES {values}) AS v(id, {columns}) WHERE s.id = v.id",
        [stamp, *(value for record in records for value in record)],
    )
