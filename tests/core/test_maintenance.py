"""core.maintenance: analyze_tables and the bulk loads that call it; planner_settings."""

import pytest
from django.core.management import call_command
from django.db import connection

from core import maintenance
from merchants.models import Store
from sales.models import SalesReport


@pytest.mark.django_db
def test_analyze_tables_analyses_each_table_once_and_names_them():
    assert maintenance.analyze_tables(Store, SalesReport, Store) == ["merchants_store", "sales_salesreport"]
    assert maintenance.analyze_tables() == []


@pytest.mark.django_db
def test_a_failing_analyze_is_logged_and_does_not_spoil_the_callers_transaction(monkeypatch, caplog):
    class Broken:
        class _meta:  # noqa: N801 - stands for a model's _meta
            db_table = "no_such_table"

    assert maintenance.analyze_tables(Broken) == []
    assert "ANALYZE of no_such_table failed" in caplog.text
    assert Store.objects.count() == 0  # the transaction is still usable


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_class statistics are PostgreSQL's")
def test_analyze_updates_postgresqls_row_estimate(seogu):
    from tests.factories import StoreFactory

    StoreFactory.create_batch(3, local_government=seogu)
    maintenance.analyze_tables(Store)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'merchants_store'")
        assert cursor.fetchone()[0] == 3


def spy(monkeypatch, module) -> list:
    calls = []
    monkeypatch.setattr(module, "analyze_tables", lambda *models: calls.append(
        sorted(m._meta.db_table for m in models)) or [])
    return calls


def test_a_sales_import_that_wrote_analyses_the_sales_tables_and_a_dry_run_does_not(seogu, monkeypatch):
    from sales import importer as sales_importer
    from tests.factories import StoreFactory

    StoreFactory(local_government=seogu, external_id="MA0001", source="semas")
    calls = spy(monkeypatch, sales_importer)
    content = "상가업소번호,사업자등록번호,월,매출액,온누리매출,거래건수\nMA0001,,2025-03,1000,100,3\n".encode()
    sales_importer.import_sales(local_government=seogu, content=content, dry_run=True)
    assert calls == []
    result = sales_importer.import_sales(local_government=seogu, content=content)
    assert result.created == 1 and calls == [["sales_salesreport"]]
    sales_importer.import_sales(local_government=seogu, content=content)  # unchanged: nothing to analyse
    assert len(calls) == 1


def test_aggregate_metrics_all_analyses_the_snapshots_and_a_single_month_does_not(seogu, monkeypatch):
    from dashboard.management.commands import aggregate_metrics

    calls = spy(monkeypatch, aggregate_metrics)
    call_command("aggregate_metrics", "--month", "2025-03", "--local-government", "29140", stdout=None)
    assert calls == []
    call_command("aggregate_metrics", "--all", "--local-government", "29140", stdout=None)
    assert calls == [["dashboard_metricsnapshot"]]


def test_seed_demo_analyses_the_tables_after_each_step_so_the_next_one_plans_with_fresh_statistics(db, monkeypatch):
    from core.management.commands import seed_demo

    calls = spy(monkeypatch, seed_demo)
    call_command("seed_demo", "--only", "no-step-matches-this", stdout=None)
    assert calls == []
    call_command("seed_demo", "--only", "core.demo", stdout=None)
    steps = [path for path, _ in seed_demo.DEMO_STEPS if "core.demo" in path]
    assert len(calls) == len(steps) >= 1
    assert {"merchants_store", "districts_district", "dashboard_metricsnapshot"} <= set(calls[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner settings are PostgreSQL's")
def test_planner_settings_hold_inside_and_are_put_back_after_even_on_error(db):
    def current(cursor) -> tuple:
        cursor.execute("SELECT current_setting('enable_hashjoin'), current_setting('work_mem')")
        return cursor.fetchone()

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '8MB'")
        before = current(cursor)
        with maintenance.planner_settings(cursor, enable_hashjoin="off", work_mem="1MB"):
            assert current(cursor) == ("off", "1MB")
        assert current(cursor) == before == ("on", "8MB")
        with pytest.raises(RuntimeError), maintenance.planner_settings(cursor, enable_hashjoin="off"):
            raise RuntimeError("the statement failed")
        assert current(cursor) == before
