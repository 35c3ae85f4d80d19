"""A real Celery worker (subprocess) against Redis runs a task end to end."""

import pytest

from tests.redis_utils import CeleryWorkerProcess, celery_broker, requires_redis  # noqa: F401

pytestmark = [pytest.mark.celery_worker, requires_redis]


def test_real_worker_executes_a_task_through_redis(celery_broker):  # noqa: F811
    from alleydistricts.celery import ping

    with CeleryWorkerProcess(database_url=None):
        result = ping.delay()
        assert result.get(timeout=60) == "pong"
        assert result.successful()
