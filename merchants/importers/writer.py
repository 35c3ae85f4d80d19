"""Bulk reads and writes of store rows for the importer, without per-row queries.

PostgreSQL gets `COPY` for new rows and one `UPDATE ... FROM (VALUES ...)` per batch for
changed rows; other databases (SQLite in development) get `executemany`. Values are
adapted once with the backend's own operations, so dates and times are stored exactly as
the ORM would store them.
"""

from __future__ import annotations

import csv
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
    """{external_id: {field: value}} for the stores of `source` among `external_ids`."""
    if not external_ids:
        return {}
    qs = Store.objects.filter(source=source, external_id__in=list(external_ids))
    if lock:
        qs = qs.select_for_update()
    return {row[0]: dict(zip(COMPARE_FIELDS, row[1:], strict=True))
            for row in qs.order_by().values_list("external_id", *COMPARE_FIELDS)}


def _insert_columns() -> list:
    return [f for f in Store._meta.concrete_fields if not f.primary_key]


def insert(rows: list[dict], *, now) -> None:
    """Insert new stores; each row gives the import fields, the model defaults fill the rest."""
    if not rows:
        return
    fields = _insert_columns()
    stamp = connection.ops.adapt_datetimefield_value(now)
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update({"created_at": stamp, "updated_at": stamp})
    adapt_date = connection.ops.adapt_datefield_value
    date_fields = {f.attname for f in fields if f.get_internal_type() == "DateField"}
    records = []
    for row in rows:
        record = []
        for f in fields:
            value = row[f.attname] if f.attname in row else defaults[f.attname]
            if f.attname in date_fields and value is not None:
                value = adapt_date(value)
            record.append(value)
        records.append(record)
    columns = [f.column for f in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, columns, records, text_columns=[f.column for f in fields if not f.null])
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({placeholders})", records)


def _copy(cursor, columns: list[str], records: list[list], *, text_columns: list[str]) -> None:
    """PostgreSQL COPY FROM STDIN in CSV: None is an unquoted empty field (NULL); NOT NULL columns keep ''."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(records)
    buffer.seek(0)
    force = ", ".join(text_columns)
    cursor.cursor.copy_expert(
        f"COPY {TABLE} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({force}))", buffer)


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
    from psycopg2.extras import execute_values

    columns = ", ".join(f.column for f in fields)
    casts = ", ".join(f"%s::{f.db_type(connection)}" for f in fields)
    assignments = ", ".join(f"{f.column} = v.{f.column}" for f in fields)
    sql = cursor.cursor.mogrify(
        f"UPDATE {TABLE} AS s SET {assignments}, version = s.version + 1, updated_at = %s "
        f"FROM (VALUES {{values}}) AS v(id, {columns}) WHERE s.id = v.id", [stamp],
    ).decode()
    execute_values(cursor.cursor, sql.replace("{values}", "%s"), records,
                   template=f"(%s::bigint, {casts})", page_size=max(len(records), 1))
