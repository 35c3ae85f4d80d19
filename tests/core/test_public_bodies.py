"""core.public_bodies on its own: versions in the database, a cache that is down, validators."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.http import http_date

from core import public_bodies
from core.models import PublicDataVersion
from core.signals import announce_records_changed

pytestmark = pytest.mark.django_db


def build_counter():
    calls = []

    def build():
        calls.append(1)
        return b'{"rows":[]}'
    return build, calls


def get(build, government=7, **kwargs):
    return public_bodies.get_body(local_government_id=government, name="test", build=build,
                                  content_type="application/json", **kwargs)


def test_built_once_per_version_and_again_after_a_bump():
    build, calls = build_counter()
    first, second = get(build), get(build)
    assert len(calls) == 1 and first.etag == second.etag
    public_bodies.bump(7)
    third = get(build)
    assert len(calls) == 2 and third.etag != first.etag


def test_the_shared_cache_serves_other_processes():
    build, calls = build_counter()
    get(build)
    public_bodies.memory.clear()  # as another worker would start
    get(build)
    assert len(calls) == 1


def test_variants_and_governments_are_apart():
    build, calls = build_counter()
    get(build, variant="a"), get(build, variant="b"), get(build, government=8, variant="a")
    assert len(calls) == 3


def test_records_changed_bumps_the_version():
    version, _at = public_bodies.current(9)
    announce_records_changed(local_government_id=9, since=None)
    assert public_bodies.current(9)[0] == version + 1
    assert PublicDataVersion.objects.get(pk=9).changed_at >= _at


def test_bump_creates_the_row_once():
    public_bodies.bump(10)
    public_bodies.bump(10)
    assert PublicDataVersion.objects.filter(pk=10).count() == 1


def test_a_cache_that_is_down_still_answers(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    build, calls = build_counter()
    body = get(build)
    assert body.identity == b'{"rows":[]}' and len(calls) == 1
    public_bodies.bump(7)  # writes never touch the cache
    assert get(build).etag != body.etag


def test_if_modified_since_before_the_change_is_a_200():
    body = public_bodies.make_body(b"x", "text/plain", version=1, last_modified=timezone.now())
    earlier = http_date((timezone.now() - datetime.timedelta(hours=1)).timestamp())
    request = RequestFactory().get("/", HTTP_IF_MODIFIED_SINCE=earlier)
    assert public_bodies.respond(request, body).status_code == 200
    request = RequestFactory().get("/", HTTP_IF_NONE_MATCH=f'W/"other", "{body.etag}-gz"')
    assert public_bodies.respond(request, body).status_code == 304


def test_the_memory_stays_within_its_bytes():
    memory = public_bodies._Memory(limit=4000)
    for i in range(20):
        memory.put(str(i), public_bodies.make_body(bytes(500), "text/plain", version=i,
                                                   last_modified=timezone.now()))
    assert memory.used <= 4000 and memory.get("19") is not None and memory.get("0") is None
