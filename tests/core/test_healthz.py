import datetime

import pytest
from django.db import connection
from django.utils import timezone

from core.models import Heartbeat
from tests.redis_utils import REDIS_URL, requires_redis


@pytest.mark.django_db
def test_anonymous_callers_get_status_words_only_and_eager_mode_says_so(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert {k: v for k, v in body.items() if k != "time"} == {
        "status": "ok", "database": "ok", "broker": "eager", "worker": "eager"}
    assert client.get("/healthz").status_code == 200  # repeatable, never cached


@pytest.mark.django_db
def test_staff_and_the_token_see_the_details_a_wrong_token_does_not(client, admin_client_user, official_client,
                                                                    settings):
    settings.HEALTHZ_TOKEN = "s3cret-token"
    staff = admin_client_user.get("/healthz").json()
    assert staff["database"] == {"ok": True, "status": "ok", "vendor": connection.vendor}
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer s3cret-token").json()["database"]["ok"] is True
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer wrong").json()["database"] == "ok"
    assert official_client.get("/healthz").json()["database"] == "ok"  # officials are not staff


@pytest.fixture
def broker_at(settings):
    """Point the health check at a broker URL (not eager) for one test."""
    from alleydistricts.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url

    def point(url):
        app.conf.broker_url = url
    yield point
    app.conf.broker_url = old


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable_with_the_reason_for_the_token(client, settings, broker_at):
    settings.HEALTHZ_TOKEN = "t"
    broker_at("redis://127.0.0.1:1/0")  # nothing listens on port 1
    anonymous = client.get("/healthz")
    assert anonymous.status_code == 503
    assert anonymous.json()["broker"] == "down" and "127.0.0.1" not in anonymous.content.decode()
    detailed = client.get("/healthz", HTTP_AUTHORIZATION="Bearer t").json()
    assert detailed["broker"]["ok"] is False and detailed["broker"]["error"]


@requires_redis
@pytest.mark.django_db
def test_the_worker_heartbeat_decides_between_200_and_503(client, settings, broker_at):
    settings.HEALTHZ_TOKEN = "t"
    settings.HEALTHZ_WORKER_STALE_SECONDS = 300
    broker_at(REDIS_URL)
    missing = client.get("/healthz", HTTP_AUTHORIZATION="Bearer t")
    assert missing.status_code == 503 and "no worker heartbeat" in missing.json()["worker"]["error"]

    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - datetime.timedelta(minutes=10))
    stale = client.get("/healthz")
    assert stale.status_code == 503 and stale.json()["worker"] == "stale"
    assert "600 s old" in client.get("/healthz", HTTP_AUTHORIZATION="Bearer t").json()["worker"]["error"]

    from core.tasks import heartbeat

    heartbeat.run()  # what beat schedules every minute and the worker runs
    fresh = client.get("/healthz")
    assert fresh.status_code == 200 and fresh.json()["worker"] == "ok" and fresh.json()["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch, settings):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database is down")

    settings.HEALTHZ_TOKEN = "t"
    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down" and "database is down" not in response.content.decode()
    detailed = client.get("/healthz", HTTP_AUTHORIZATION="Bearer t").json()
    assert detailed["database"] == {"ok": False, "status": "down", "error": "database is down"}


def test_beat_schedules_the_heartbeat_the_relay_and_the_prune(settings):
    from alleydistricts.celery import app

    tasks = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks["core.heartbeat"]["schedule"] == 60
    assert tasks["core.outbox.relay"]["schedule"] == settings.OUTBOX_RELAY_SECONDS <= 30
    assert {"core.heartbeat", "core.outbox.relay", "core.outbox.prune"} <= set(app.tasks)
