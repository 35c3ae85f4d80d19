"""The access log itself: append-only, who/when/where/which/what, only officials and administrators, retention."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone

from privacy import services
from privacy.models import AccessLog, AppendOnlyError
from privacy.tasks import purge_access_log


def request_from(ip="203.0.113.7", path="/hotline/tickets/1/"):
    return RequestFactory().get(path, REMOTE_ADDR=ip)


@pytest.fixture
def row(official):
    return services.record_access(user=official, action="view", record_type="hotline.ticket", record_id=7,
                                  label="#7 불법 주차", request=request_from())


def test_a_row_says_who_when_where_which_and_what(row, official):
    assert (row.actor, row.actor_username, row.actor_role) == (official, "official_seogu", "official")
    assert row.local_government_id == official.local_government_id
    assert (row.ip_address, row.action, row.record_type, row.record_id) == ("203.0.113.7", "view",
                                                                            "hotline.ticket", "7")
    assert row.record_label == "#7 불법 주차" and row.path == "/hotline/tickets/1/"
    assert abs((timezone.now() - row.created_at).total_seconds()) < 60


def test_a_model_instance_gives_type_id_and_label(official, seogu):
    from districts.models import LocalGovernment

    government = LocalGovernment.objects.get(pk=seogu.pk)
    row = services.record_access(user=official, action="change", record=government, request=request_from())
    assert (row.record_type, row.record_id, row.record_label) == ("districts.localgovernment", str(seogu.pk),
                                                                  str(government))


def test_rows_cannot_be_changed_or_deleted_through_the_orm(row):
    row.record_label = "고침"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(record_label="고침")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.update(reason="x")
    row = AccessLog.objects.get(pk=row.pk)
    assert row.record_label == "#7 불법 주차"


def test_merchants_and_anonymous_are_not_logged_administrators_are(merchant_a, admin_user):
    from django.contrib.auth.models import AnonymousUser

    assert services.record_access(user=merchant_a, action="view", record_type="merchants.store") is None
    assert services.record_access(user=AnonymousUser(), action="view", record_type="merchants.store") is None
    admin_row = services.record_access(user=admin_user, action="view", record_type="merchants.store")
    assert admin_row.actor_role == "admin" and admin_row.ip_address is None
    assert AccessLog.objects.count() == 1


def test_an_unknown_action_or_a_missing_type_is_a_programming_error(official):
    with pytest.raises(ValueError):
        services.record_access(user=official, action="peek", record_type="hotline.ticket")
    with pytest.raises(ValueError):
        services.record_access(user=official, action="view")


def test_a_bad_remote_address_is_stored_as_unknown(official):
    row = services.record_access(user=official, action="view", record_type="x.y", request=request_from(ip="junk"))
    assert row.ip_address is None


def test_retention_purges_only_rows_past_two_years_and_twice_is_the_same(official, settings):
    assert settings.PRIVACY_ACCESS_LOG_RETENTION_DAYS >= 730
    now = timezone.now()
    old = services.record_access(user=official, action="view", record_type="x.y",
                                 now=now - datetime.timedelta(days=settings.PRIVACY_ACCESS_LOG_RETENTION_DAYS + 1))
    kept = services.record_access(user=official, action="view", record_type="x.y",
                                  now=now - datetime.timedelta(days=settings.PRIVACY_ACCESS_LOG_RETENTION_DAYS - 1))
    assert purge_access_log() == 1
    assert purge_access_log() == 0
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_the_purge_task_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"privacy.purge_access_log", "hotline.erase_reporter_contacts"} <= tasks


def test_the_admin_is_read_only(admin_client_user, row):
    model_admin = site._registry[AccessLog]
    request = RequestFactory().get("/")
    request.user = row.actor
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)
    assert admin_client_user.get("/admin/privacy/accesslog/").status_code == 200
    page = admin_client_user.get(f"/admin/privacy/accesslog/{row.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client_user.post(f"/admin/privacy/accesslog/{row.pk}/change/",
                                  {"record_label": "고침"}).status_code == 403
    assert admin_client_user.post(f"/admin/privacy/accesslog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLog.objects.get(pk=row.pk).record_label == "#7 불법 주차"


def test_deleting_an_account_keeps_its_rows_with_the_user_name(official, seogu):
    services.record_access(user=official, action="view", record_type="hotline.ticket", record_id=1)
    official.delete()
    row = AccessLog.objects.get()
    assert row.actor_id is None and row.actor_username == "official_seogu"


def test_the_database_refuses_raw_changes_and_early_deletes(official):
    from django.db import connection, transaction
    from django.db.utils import DatabaseError

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's; SQLite relies on the ORM guards")
    row = services.record_access(user=official, action="view", record_type="hotline.ticket", record_id=1)
    old = services.record_access(user=official, action="view", record_type="hotline.ticket", record_id=2,
                                 now=timezone.now() - datetime.timedelta(days=731))
    for sql in ("UPDATE privacy_accesslog SET record_label = 'x' WHERE id = %s",
                "DELETE FROM privacy_accesslog WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])
    assert AccessLog.objects.get(pk=row.pk).record_label == ""
    assert services.access_log_purge() == 1 and not AccessLog.objects.filter(pk=old.pk).exists()
