"""The sales models moved apps (merchants.SalesReport; dashboard.SalesImport, SalesImportEvent, SalesRevision)
without losing a row: a database of before the move keeps every row, key, constraint and index after it.

The test database is migrated back to the state before the move (sales unapplied, with the dashboard and
merchants migrations that hand the models over), rows are written with the historical models of that
state, and the database is migrated forward again; the rows are then read through the sales app.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from sales.models import SalesImport, SalesImportEvent, SalesReport, SalesRevision

BEFORE_THE_MOVE = [("sales", None)]  # and so dashboard 0005 and merchants 0009, which depend on sales 0001
OLD_TABLES = ["merchants_salesreport", "dashboard_salesimport", "dashboard_salesimportevent",
              "dashboard_salesrevision"]
NEW_TABLES = ["sales_salesreport", "sales_salesimport", "sales_salesimportevent", "sales_salesrevision"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader: the applied migrations changed


def tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def constraints(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def write_rows_before_the_move(old_apps) -> dict:
    """What an installation had: a store with two months, a correction from an import with a cancel and a retry."""
    LocalGovernment = old_apps.get_model("districts", "LocalGovernment")
    Store = old_apps.get_model("merchants", "Store")
    User = old_apps.get_model("accounts", "User")
    OldReport = old_apps.get_model("merchants", "SalesReport")
    OldImport = old_apps.get_model("dashboard", "SalesImport")
    OldEvent = old_apps.get_model("dashboard", "SalesImportEvent")
    OldRevision = old_apps.get_model("dashboard", "SalesRevision")

    government = LocalGovernment.objects.create(code="29140", name="광주광역시 서구")
    official = User.objects.create(username="official-before", role="official", local_government=government)
    store = Store.objects.create(local_government=government, name="양동 닭강정", lon=126.9, lat=35.15)
    march = OldReport.objects.create(store=store, month=datetime.date(2025, 3, 1), total_won=30_000_000,
                                     onnuri_won=3_000_000, transactions=1200, source="import", reported_by=official)
    OldReport.objects.create(store=store, month=datetime.date(2025, 4, 1), total_won=28_000_000, source="merchant")
    job = OldImport.objects.create(local_government=government, uploaded_by=official, filename="3월 매출.csv",
                                   content="상가업소번호,월,매출액\n".encode(), status="done", created_count=1,
                                   months=["2025-03"], attempts=2)
    OldEvent.objects.create(sales_import=job, kind="cancelled", from_status="running", to_status="cancelled",
                            actor=official, reason="잘못 올린 파일")
    OldEvent.objects.create(sales_import=job, kind="retried", from_status="cancelled", to_status="queued",
                            actor=official, reason="다시 가져오기")
    OldRevision.objects.create(report=march, actor=official, source="import", sales_import=job,
                               before={"total_won": 29_000_000}, after={"total_won": 30_000_000},
                               reason="일괄 가져오기")
    return {"store": store.pk, "march": march.pk, "job": job.pk, "official": official.pk}


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_keeps_its_sales_rows_keys_constraints_and_indexes():
    executor = migrate(BEFORE_THE_MOVE)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        assert set(OLD_TABLES) <= tables() and not set(NEW_TABLES) & tables()
        applied = [node for node in executor.loader.applied_migrations if node in executor.loader.graph.nodes]
        assert ("merchants", "0008_store_list_sort_indexes") in applied and ("sales", "0001_initial") not in applied
        old_apps = executor.loader.project_state(applied).apps
        ids = write_rows_before_the_move(old_apps)
        ContentTypeBefore = old_apps.get_model("contenttypes", "ContentType")
        ContentTypeBefore.objects.get_or_create(app_label="merchants", model="salesreport")
        moved_type = ContentTypeBefore.objects.get_or_create(app_label="dashboard", model="salesrevision")[0].pk
    finally:
        migrate(leaves)
        ContentType.objects.clear_cache()

    # The tables carry the sales app's names now, and no old one is left behind.
    assert set(NEW_TABLES) <= tables() and not set(OLD_TABLES) & tables()
    assert {SalesReport._meta.db_table, SalesImport._meta.db_table, SalesImportEvent._meta.db_table,
            SalesRevision._meta.db_table} == set(NEW_TABLES)

    # Every row, with its values and relations.
    assert SalesReport.objects.count() == 2 and SalesImport.objects.count() == 1
    assert SalesImportEvent.objects.count() == 2 and SalesRevision.objects.count() == 1
    march = SalesReport.objects.get(pk=ids["march"])
    assert (march.store_id, march.month, march.total_won, march.onnuri_won, march.transactions, march.source,
            march.reported_by_id) == (ids["store"], datetime.date(2025, 3, 1), 30_000_000, 3_000_000, 1200, "import",
                                      ids["official"])
    job = SalesImport.objects.get(pk=ids["job"])
    assert (job.filename, bytes(job.content).decode(), job.months, job.attempts, job.status) == (
        "3월 매출.csv", "상가업소번호,월,매출액\n", ["2025-03"], 2, SalesImport.Status.DONE)
    assert list(job.history.values_list("kind", "reason")) == [("cancelled", "잘못 올린 파일"),
                                                               ("retried", "다시 가져오기")]
    revision = SalesRevision.objects.get()
    assert (revision.report, revision.sales_import, revision.before, revision.after) == (
        march, job, {"total_won": 29_000_000}, {"total_won": 30_000_000})
    assert list(march.revisions.all()) == [revision] and list(job.revisions.all()) == [revision]
    assert march.store.sales_reports.count() == 2

    # Keys, constraints and indexes came along with the renamed tables.
    report_constraints = constraints("sales_salesreport")
    for name in ("one_sales_report_per_store_month", "sales_total_not_negative", "sales_onnuri_not_negative",
                 "sales_onnuri_within_total", "sales_month_is_first_day"):
        assert name in report_constraints, name
    assert report_constraints["one_sales_report_per_store_month"]["unique"]
    assert report_constraints["sales_report_month_idx"]["index"]
    assert report_constraints["sales_report_month_idx"]["columns"] == ["month"]
    foreign_keys = {tuple(c["columns"]): c["foreign_key"] for c in report_constraints.values() if c["foreign_key"]}
    assert foreign_keys[("store_id",)] == ("merchants_store", "id")
    revision_keys = {tuple(c["columns"]): c["foreign_key"] for c in constraints("sales_salesrevision").values()
                     if c["foreign_key"]}
    assert revision_keys[("report_id",)] == ("sales_salesreport", "id")
    assert revision_keys[("sales_import_id",)] == ("sales_salesimport", "id")
    event_keys = {tuple(c["columns"]): c["foreign_key"] for c in constraints("sales_salesimportevent").values()
                  if c["foreign_key"]}
    assert event_keys[("sales_import_id",)] == ("sales_salesimport", "id")
    with pytest.raises(IntegrityError), transaction.atomic():
        SalesReport.objects.create(store_id=ids["store"], month=datetime.date(2025, 3, 1), total_won=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SalesReport.objects.create(store_id=ids["store"], month=datetime.date(2025, 5, 1), total_won=1, onnuri_won=2)

    # New rows take ids after the old ones; the content types (and so permissions) moved with the models.
    assert SalesReport.objects.create(store_id=ids["store"], month=datetime.date(2025, 5, 1), total_won=1).pk > \
        ids["march"]
    assert ContentType.objects.get(pk=moved_type).app_label == "sales"
    assert ContentType.objects.get_for_model(SalesRevision).pk == moved_type
    assert not ContentType.objects.filter(app_label__in=["merchants", "dashboard"],
                                          model__in=["salesreport", "salesimport", "salesimportevent",
                                                     "salesrevision"]).exists()
