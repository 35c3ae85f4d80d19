"""The PostgreSQL fast path of the store import (COPY into a TEMP staging table, merge in SQL)
against the row-by-row path: same rows, same counts, same reports, same job semantics."""

import datetime

import pytest
from django.db import connection

from merchants.importers import import_stores
from merchants.importers import staged as staging
from merchants.models import Store, StoreEvent
from tests.conftest import YANGDONG_STORES
from tests.factories import StoreFactory

from .conftest import semas_row, write_semas, yangdong_as_semas, yangdong_market_rows
from .helpers import store_fingerprint

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the staged path is PostgreSQL's (COPY, ON CONFLICT); SQLite keeps the "
                                       "row-by-row path")

COUNTS = ("rows_read", "created", "updated", "unchanged", "closed", "reopened", "outside", "rejected", "unassigned")


def counts(result) -> tuple:
    return tuple(getattr(result, name) for name in COUNTS)


def wipe() -> None:
    StoreEvent.objects.all().delete()
    Store.objects.all().delete()


def test_both_paths_store_the_demo_files_row_for_row(seogu, tmp_path):
    semas = yangdong_as_semas(tmp_path / "semas.csv")
    outcomes = []
    for staged in (False, True):
        wipe()
        market = import_stores(YANGDONG_STORES, local_government=seogu, staged=staged)
        first = import_stores(semas, local_government=seogu, staged=staged)
        outcomes.append((store_fingerprint(), counts(market), counts(first)))
    assert outcomes[0] == outcomes[1]
    assert outcomes[1][1][:3] == (422, 422, 0) and outcomes[1][2][:3] == (422, 422, 0)
    # dongs as the row-by-row path placed them: 2 stores outside every dong, flagged
    assert Store.objects.filter(dong__isnull=True, needs_review=True).count() == 4


def scenario(seogu, tmp_path, *, staged: bool) -> tuple:
    """A first snapshot, people's edits, then a second snapshot that changes, moves, closes and reopens."""
    stores = yangdong_market_rows()[:12]
    first = write_semas(tmp_path / f"first-{staged}.csv", [semas_row(s) for s in stores[:10]])
    import_stores(first, local_government=seogu, snapshot_date=datetime.date(2025, 1, 1), staged=staged)
    by_id = {s.external_id: s for s in Store.objects.all()}
    ids = sorted(by_id)
    Store.objects.filter(external_id=ids[0]).update(phone="062-000-1111")  # typed by a merchant: kept
    Store.objects.filter(external_id=ids[1]).update(status="closed", closed_on=datetime.date(2024, 12, 1))
    rows = [semas_row(s) for s in stores[:12]]
    rows[2] = semas_row(stores[2], 상호명="새 이름", 층정보="3")  # changed
    rows[3] = semas_row(stores[3], 경도="126.9230", 위도="35.1460")  # moved outside every dong
    del rows[4]  # missing from the snapshot: closed
    rows.append(semas_row(stores[0], 상호명="중복"))  # a duplicate number: rejected with its line
    second = write_semas(tmp_path / f"second-{staged}.csv", rows)
    result = import_stores(second, local_government=seogu, snapshot_date=datetime.date(2025, 2, 1), staged=staged)
    events = sorted(StoreEvent.objects.values_list("store__external_id", "kind", "effective_on"))
    return store_fingerprint(), counts(result), events, result.error_csv.read_text(encoding="utf-8-sig")


def test_both_paths_merge_changes_moves_closures_and_reopenings_alike(seogu, tmp_path):
    row_by_row = scenario(seogu, tmp_path, staged=False)
    wipe()
    staged = scenario(seogu, tmp_path, staged=True)
    assert staged[:3] == row_by_row[:3]
    assert staged[3].splitlines()[1:] == row_by_row[3].splitlines()[1:]
    # rows read 12 (11 + duplicate), created 2, updated 2 (name, move), reopened 1, closed 1, rejected 1
    assert staged[1] == (12, 2, 2, 6, 1, 1, 0, 1, 1)
    moved = Store.objects.get(name=yangdong_market_rows()[3]["점포명"])
    assert moved.dong is None and moved.needs_review


def test_bad_rows_are_reported_by_line_and_the_others_imported(seogu, bukgu, tmp_path):
    stores = yangdong_market_rows()[:6]
    rows = [semas_row(s) for s in stores]
    rows[1] = semas_row(stores[1], 경도="")  # line 3
    rows[3] = semas_row(stores[3], 상호명="")  # line 5
    foreign = semas_row(stores[4])  # line 6: its number is 북구's
    StoreFactory(local_government=bukgu, source="semas", external_id=foreign[0])
    result = import_stores(write_semas(tmp_path / "bad.csv", rows), local_government=seogu, staged=True)
    assert (result.created, result.rejected) == (3, 3)
    lines = [line.split(",")[0] for line in result.error_csv.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert sorted(int(line) for line in lines) == [3, 5, 6]
    assert Store.objects.filter(local_government=seogu).count() == 3
    assert Store.objects.get(external_id=foreign[0]).local_government == bukgu


def test_a_second_import_writes_no_row_at_all(seogu, semas_file):
    import_stores(semas_file, local_government=seogu, staged=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, xmin::text FROM merchants_store ORDER BY id")
        before = cursor.fetchall()
    again = import_stores(semas_file, local_government=seogu, staged=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 422)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, xmin::text FROM merchants_store ORDER BY id")
        assert cursor.fetchall() == before  # not updated, not even locked by the upsert
    assert set(Store.objects.values_list("version", flat=True)) == {1}


def test_rows_are_streamed_in_batches_never_held_whole(seogu, semas_file, monkeypatch):
    batches = []
    copy_rows = staging.copy_rows

    def spy(cursor, records):
        batches.append(len(records))
        copy_rows(cursor, records)

    monkeypatch.setattr(staging, "copy_rows", spy)
    result = import_stores(semas_file, local_government=seogu, batch_size=100)
    assert batches == [100, 100, 100, 100, 22]
    assert result.created == 422
    with connection.cursor() as cursor:  # the staging table does not outlive the import
        cursor.execute("SELECT to_regclass(%s)", [staging.STAGING])
        assert cursor.fetchone() == (None,)


def test_a_dry_run_takes_the_row_by_row_path_and_writes_nothing(seogu, semas_file, monkeypatch):
    monkeypatch.setattr(staging, "copy_rows", lambda *a: pytest.fail("a dry run staged rows"))
    result = import_stores(semas_file, local_government=seogu, dry_run=True)
    assert (result.created, Store.objects.count()) == (422, 0)


def test_an_import_refreshes_the_planner_statistics_of_merchants_store(seogu, tmp_path):
    # reltuples is written in place by ANALYZE (it survives test rollbacks): odd counts no other test leaves
    stores = yangdong_market_rows()
    reltuples = "SELECT reltuples FROM pg_class WHERE relname = 'merchants_store'"
    import_stores(write_semas(tmp_path / "a.csv", [semas_row(s) for s in stores[:37]]), local_government=seogu)
    with connection.cursor() as cursor:
        cursor.execute(reltuples)
        assert cursor.fetchone()[0] == 37
    import_stores(write_semas(tmp_path / "b.csv", [semas_row(s) for s in stores[37:43]]), local_government=seogu)
    with connection.cursor() as cursor:
        cursor.execute(reltuples)
        assert cursor.fetchone()[0] == 43


def test_the_staged_imports_planner_settings_end_with_each_batch_not_with_the_callers_transaction(seogu, tmp_path):
    """Its "no hash joins" once outlived the import and turned the demo's aggregation, later in the same
    transaction, into an hour-long nested loop."""
    names = ("enable_hashjoin", "enable_mergejoin", "enable_seqscan", "enable_material", "jit")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in names))
        before = cursor.fetchone()
        result = import_stores(yangdong_as_semas(tmp_path / "semas.csv"), local_government=seogu, staged=True)
        assert result.created == 422
        cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in names))
        assert cursor.fetchone() == before
        assert before[0] == "on"
