"""The aggregation task, its nightly schedule, and coalesced queueing by other apps."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from core import outbox
from core.models import OutboxMessage
from dashboard import services, tasks
from dashboard.models import MetricSnapshot
from dashboard.months import add_months, current_month, month_key

D = datetime.date


class Recorder:
    """Stands in for the broker: records which aggregation each published outbox message asks for."""

    def __init__(self):
        self.calls = []

    def __call__(self, *, args, countdown=None, headers=None):
        message = OutboxMessage.objects.get(pk=args[0])
        assert message.task_name == "dashboard.tasks.aggregate_month"
        self.calls.append((tuple(message.args), round(countdown or 0)))


@pytest.fixture
def queued(monkeypatch):
    from core.tasks import deliver_outbox_message

    recorder = Recorder()
    monkeypatch.setattr(deliver_outbox_message, "apply_async", recorder)
    return recorder


def test_the_task_takes_json_arguments_and_is_idempotent(aggregated_world):
    w = aggregated_world
    MetricSnapshot.objects.filter(month=D(2025, 3, 1)).delete()
    first = tasks.aggregate_month.delay(w.government.pk, "2025-03").get()
    rows = list(MetricSnapshot.objects.filter(month=D(2025, 3, 1)).order_by("scope", "scope_id").values(
        "pk", "scope", "scope_id", "open_stores", "total_sales_won", "sales_yoy"))
    second = tasks.aggregate_month.delay(w.government.pk, "2025-03-01").get()  # ISO date works too
    again = list(MetricSnapshot.objects.filter(month=D(2025, 3, 1)).order_by("scope", "scope_id").values(
        "pk", "scope", "scope_id", "open_stores", "total_sales_won", "sales_yoy"))
    assert first == second == {"local_government_id": w.government.pk, "month": "2025-03", "rows": 22,
                               "removed": 0}
    assert rows == again


def test_nightly_run_covers_the_running_and_the_previous_month_of_every_government(aggregated_world):
    results = tasks.aggregate_recent_months.delay().get()
    this_month = current_month()
    expected = {(gov, month_key(m)) for gov in (aggregated_world.government.pk, aggregated_world.other_government.pk)
                for m in (add_months(this_month, -1), this_month)}
    assert {(r["local_government_id"], r["month"]) for r in results} == expected
    assert MetricSnapshot.objects.filter(local_government=aggregated_world.government, month=this_month,
                                         scope="government").exists()


def test_beat_schedules_the_nightly_run():
    from alleydistricts.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-aggregate-recent-months"]
    assert entry["task"] == "dashboard.tasks.aggregate_recent_months"
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {2}


def test_a_burst_of_requests_queues_one_run_after_commit(small_world, queued, django_capture_on_commit_callbacks):
    gov = small_world.government.pk
    with django_capture_on_commit_callbacks(execute=True):
        taken = [services.request_aggregation(gov, "2025-03") for _ in range(5)]
        assert queued.calls == []  # nothing is queued before the commit
    assert taken == [True, False, False, False, False]
    assert queued.calls == [((gov, "2025-03"), settings.DASHBOARD_AGGREGATION_COUNTDOWN)]
    assert OutboxMessage.objects.count() == 1  # coalesced in the database, no cache involved


def test_each_month_and_government_is_coalesced_separately(small_world, queued, django_capture_on_commit_callbacks):
    w = small_world
    with django_capture_on_commit_callbacks(execute=True):
        services.request_aggregation(w.government.pk, D(2025, 3, 1))
        services.request_aggregation(w.government.pk, D(2025, 4, 1))
        services.request_aggregation(w.other_government.pk, D(2025, 3, 1))
        services.request_aggregation(w.government.pk, D(2025, 3, 9))  # same month
    assert [c[0] for c in queued.calls] == [(w.government.pk, "2025-03"), (w.government.pk, "2025-04"),
                                            (w.other_government.pk, "2025-03")]


def test_a_run_that_started_lets_the_next_change_queue_again(small_world, queued, django_capture_on_commit_callbacks):
    gov = small_world.government.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.request_aggregation(gov, "2025-03")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_aggregation(gov, "2025-03") is False  # still waiting: coalesced
    outbox.deliver(OutboxMessage.objects.get().pk)  # a worker claims the queued run and computes it
    assert MetricSnapshot.objects.filter(local_government_id=gov, month=D(2025, 3, 1)).count() == 22
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_aggregation(gov, "2025-03") is True
    assert len(queued.calls) == 2


def test_a_future_month_is_not_queued(small_world, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_aggregation(small_world.government.pk, add_months(current_month(), 1)) is False
    assert queued.calls == []


def test_sales_of_a_month_queue_that_month_the_next_and_a_year_later(small_world, queued,
                                                                       django_capture_on_commit_callbacks):
    gov = small_world.government.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.request_aggregation_for_sales(gov, [D(2025, 3, 1), D(2025, 4, 1)])
    assert sorted(c[0][1] for c in queued.calls) == ["2025-03", "2025-04", "2025-05", "2026-03", "2026-04"]


def test_aggregation_in_eager_mode_runs_after_commit_and_bumps_the_cache_version(
        small_world, django_capture_on_commit_callbacks):
    gov = small_world.government.pk
    before = services.cache_version(gov)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_aggregation(gov, "2025-03", countdown=0)
    assert MetricSnapshot.objects.filter(local_government_id=gov, month=D(2025, 3, 1)).count() == 22
    assert services.cache_version(gov) > before


def test_aggregate_metrics_command_one_month_all_months_and_one_government(small_world, capsys):
    call_command("aggregate_metrics", "--month", "2025-03", "--local-government", "29140")
    assert set(MetricSnapshot.objects.values_list("month", flat=True)) == {D(2025, 3, 1)}
    assert "29140" in capsys.readouterr().out

    call_command("aggregate_metrics", "--all", "--local-government", "29140")
    months = set(MetricSnapshot.objects.filter(scope="government").values_list("month", flat=True))
    # From the first sales report (March 2024) to the running month.
    assert min(months) == D(2024, 3, 1) and max(months) == current_month()
    assert not MetricSnapshot.objects.filter(local_government=small_world.other_government).exists()

    call_command("aggregate_metrics")  # default: running and previous month of every government
    assert MetricSnapshot.objects.filter(local_government=small_world.other_government,
                                         month=current_month()).exists()


def test_aggregate_metrics_command_refuses_a_bad_month_and_an_unknown_government(small_world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("aggregate_metrics", "--month", "March")
    with pytest.raises(CommandError, match="99999"):
        call_command("aggregate_metrics", "--local-government", "99999")


@pytest.mark.django_db(transaction=True)
def test_the_task_leaves_the_map_layers_built_for_the_officials(seogu, bukgu, official_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.dashboard.conftest import build_small_world

    world = build_small_world(seogu, bukgu)
    tasks.aggregate_month.delay(world.government.pk, "2025-03").get()
    with CaptureQueriesContext(connection) as queries:
        assert official_client.get("/api/dashboard/stores.json").status_code == 200
        assert official_client.get("/api/dashboard/districts.geojson?month=2025-03").status_code == 200
    assert not any("merchants_store" in q["sql"] or "districts_district" in q["sql"]
                   for q in queries.captured_queries)
