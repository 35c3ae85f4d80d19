"""Logs: one line per event, expected 4xx without a traceback, the request id on every line of a
request and of the tasks it queued (eager and on a real worker)."""

import io
import logging
import re

import pytest
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory

from alleydistricts.celery import app, attach_request_id
from core.log_filters import ClientErrorTracebackFilter
from core.middleware import RequestIdMiddleware
from core.request_id import HEADER, bound_request_id, current_request_id
from tests.conftest import PASSWORD
from tests.redis_utils import CeleryWorkerProcess, celery_broker, requires_redis  # noqa: F401

task_logger = logging.getLogger("tests.logging_task")


@app.task(name="tests.log_a_line")
def log_a_line(text):
    task_logger.info("task says %s", text)
    return current_request_id()


@pytest.fixture
def console_log():
    """What the configured console handler writes (settings.LOGGING), not pytest's capture."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    # Swapped by hand: setStream() flushes the old stream, which may be a capture pytest already closed.
    previous, handler.stream = handler.stream, stream
    yield stream
    handler.stream = previous


def lines_with(stream, text):
    return [line for line in stream.getvalue().splitlines() if text in line]


def test_a_404_is_one_line_with_the_request_id_and_no_traceback(client, db, console_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404-a")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-404-a"
    output = console_log.getvalue()
    assert len(lines_with(console_log, "/no-such-page/")) == 1, output
    assert "[req-404-a] django.request: Not Found: /no-such-page/" in output
    assert "Traceback" not in output


def test_a_403_is_one_line_with_the_request_id_and_no_traceback(client, merchant_a, console_log):
    client.login(username=merchant_a.username, password=PASSWORD)
    response = client.get("/hotline/", HTTP_X_REQUEST_ID="req-403-a")
    assert response.status_code == 403
    output = console_log.getvalue()
    assert len(lines_with(console_log, "/hotline/")) == 1, output
    assert "[req-403-a] django.request: Forbidden (Permission denied): /hotline/" in output
    assert "Traceback" not in output


def test_a_returned_4xx_response_is_logged_once_inside_the_request(console_log):
    middleware = RequestIdMiddleware(lambda request: HttpResponseNotFound("gone"))
    response = middleware(RequestFactory().get("/gone/", HTTP_X_REQUEST_ID="req-returned"))
    assert response.status_code == 404 and response._has_been_logged
    lines = lines_with(console_log, "/gone/")
    assert len(lines) == 1 and "[req-returned] django.request: Not Found: /gone/" in lines[0]


def test_server_errors_keep_their_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        exc_info = sys.exc_info()
    for status, keeps in ((500, True), (404, False), (403, False)):
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", None, exc_info)
        record.status_code = status
        ClientErrorTracebackFilter().filter(record)
        assert (record.exc_info is not None) is keeps, status


def test_each_request_gets_its_own_id_and_a_crafted_one_is_replaced(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", first) and first != second
    crafted = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nforged line")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", crafted)
    assert current_request_id() == "-"  # unbound after the request


def test_a_request_id_reaches_an_eager_task_log_line(console_log, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    seen = {}

    def view(request):
        seen["task_id"] = log_a_line.delay("hello").get()
        return HttpResponse("ok")

    RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-eager-1"))
    assert seen["task_id"] == "req-eager-1"
    assert "[req-eager-1] tests.logging_task: task says hello" in console_log.getvalue()


def test_a_task_outside_any_request_logs_its_own_task_id(console_log):
    result = log_a_line.apply(args=["alone"])
    assert result.get() == result.id
    assert f"[{result.id}] tests.logging_task: task says alone" in console_log.getvalue()


def test_publishing_adds_the_request_id_only_when_the_message_has_none():
    headers = {}
    with bound_request_id("req-pub-1"):
        attach_request_id(headers=headers)
    assert headers[HEADER] == "req-pub-1"

    relayed = {HEADER: "stored-id-9"}  # the outbox relay hands over the id stored with the work
    with bound_request_id("req-relay"):
        attach_request_id(headers=relayed)
    assert relayed[HEADER] == "stored-id-9"

    outside = {}
    attach_request_id(headers=outside)
    assert HEADER not in outside


@pytest.mark.celery_worker
@requires_redis
def test_a_request_id_reaches_the_real_worker_log(celery_broker):  # noqa: F811
    from alleydistricts.celery import ping

    worker = CeleryWorkerProcess(database_url=None)
    with worker:
        with bound_request_id("req-worker-1"):
            queued = ping.delay()
        relayed = ping.apply_async(headers={HEADER: "outbox-id-2"})
        assert queued.get(timeout=60) == "pong" and relayed.get(timeout=60) == "pong"
    output = "".join(worker.lines)
    succeeded = [line for line in output.splitlines() if "succeeded" in line]
    assert [line for line in succeeded if queued.id in line and "[req-worker-1]" in line], output
    assert len([line for line in succeeded if queued.id in line]) == 1, output  # one line, not two
    assert any("[outbox-id-2]" in line and relayed.id in line for line in succeeded), output
