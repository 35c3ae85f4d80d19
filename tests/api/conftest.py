"""The API world the contract tests run against: every kind of object the API returns, with the nullable
fields both filled and empty, and the three personas logged in by session cookie (as a browser is)."""

import string
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from tests.factories import YANGDONG_LAT, YANGDONG_LON, DistrictFactory, FranchiseFactory, StoreFactory
from tests.giftcerts.factories import ApplicationFactory, DocumentFactory


@dataclass
class Session:
    """What a logged-in browser sends: the session cookie, the CSRF cookie and the matching header."""

    cookies: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)


def session_of(user) -> Session:
    if user is None:
        return Session()
    client = Client()
    client.force_login(user)
    csrf_secret = get_random_string(32, allowed_chars=string.ascii_letters + string.digits)
    return Session(
        cookies={settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
                 settings.CSRF_COOKIE_NAME: csrf_secret},
        headers={"X-CSRFToken": csrf_secret},
    )


@pytest.fixture
def wsgi_app(db):
    """Requests to Django's WSGI application in this process stay inside the test's transaction.

    The test client does the same: a request's start and end must not close the connection that holds the
    test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    district: object
    store: object
    bare_store: object
    ticket: object
    bare_ticket: object
    application: object
    franchise: object


@pytest.fixture
def api_world(seogu, official, merchant_a, merchant_b):
    from hotline.models import Category
    from hotline.services import categories_seed_defaults, ticket_file

    yangdong = seogu.dongs.get(name="양동")
    district = DistrictFactory(local_government=seogu, status="designated", name="양동 골목형상점가",
                               designated_on=timezone.localdate())
    district.dongs.add(yangdong)
    store = StoreFactory(local_government=seogu, dong=yangdong, district=district, owner=merchant_a.merchant,
                         name="양동국밥")
    other_store = StoreFactory(local_government=seogu, dong=yangdong, district=district,
                               owner=merchant_b.merchant, name="정상회")
    # No dong, district, industry, owner or photo: every nullable field of a store empty.
    bare_store = StoreFactory(local_government=seogu, dong=None, district=None, industry=None,
                              business_number="", name="이름만 있는 가게")
    categories_seed_defaults()
    parking = Category.objects.get(code="parking")
    ticket = ticket_file(local_government=seogu, category=parking, description="골목 입구 불법 주차",
                         lon=YANGDONG_LON, lat=YANGDONG_LAT, reporter_name="홍길동", reporter_phone="010-1234-5678",
                         reporter_email="hong@example.kr")
    ticket.assignee = official
    ticket.save(update_fields=["assignee"])
    # An address only (no point, so no dong or district), no contact data, nobody assigned.
    bare_ticket = ticket_file(local_government=seogu, category=parking, description="주소만 있는 신고",
                              address="광주광역시 서구 상무대로 1")
    application = ApplicationFactory(store=store, status="submitted", submitted_at=timezone.now())
    DocumentFactory(application=application)
    franchise = FranchiseFactory(store=other_store)
    return World(district=district, store=store, bare_store=bare_store, ticket=ticket, bare_ticket=bare_ticket,
                 application=application, franchise=franchise)
