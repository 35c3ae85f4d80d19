"""The finder's public bodies (core.public_bodies): ETag/304 round trips, gzip and identity, a new
body after a franchise or store change, one government's body never served for another, and the
anonymous finder page shared only between anonymous visitors."""

import datetime
import gzip
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from giftcerts import services
from merchants.services.stores import store_update
from tests.factories import FranchiseFactory, StoreFactory

API = reverse("giftcerts_api:onnuri-stores")
PAGE = reverse("giftcerts:finder")


@pytest.fixture
def franchised(seogu, yangdong):
    today = timezone.localdate()

    def make(name, government=seogu, dong=yangdong):
        store = StoreFactory(local_government=government, dong=dong, name=name)
        return FranchiseFactory(store=store, kinds=["paper"], valid_from=today - datetime.timedelta(days=3),
                                valid_until=today + datetime.timedelta(days=900))
    return make


def names(response) -> list[str]:
    data = json.loads(response.content)
    column = data["fields"].index("name")
    return sorted(row[column] for row in data["rows"])


class TestValidators:
    def test_a_repeat_visit_with_the_etag_is_a_304_without_body(self, client, franchised):
        franchised("양동국밥")
        first = client.get(API)
        assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
        assert "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
        again = client.get(API, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]

    def test_if_modified_since_is_a_304_and_a_stale_etag_a_200(self, client, franchised):
        franchised("양동국밥")
        first = client.get(API)
        assert client.get(API, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
        stale = client.get(API, headers={"If-None-Match": '"1-deadbeef"'})
        assert stale.status_code == 200 and names(stale) == ["양동국밥"]

    def test_the_gzip_etag_validates_the_identity_body_too(self, client, franchised):
        franchised("양동국밥")
        zipped = client.get(API, headers={"Accept-Encoding": "gzip"})
        assert zipped["ETag"].endswith('-gz"')
        plain = client.get(API, headers={"Accept-Encoding": "identity", "If-None-Match": zipped["ETag"]})
        assert plain.status_code == 304

    def test_repeat_calls_answer_the_same_bytes(self, client, franchised):
        franchised("양동국밥")
        one, two = client.get(API), client.get(API)
        assert one.content == two.content and one["ETag"] == two["ETag"]


class TestEncoding:
    def test_gzip_when_accepted_identity_otherwise_same_document(self, client, franchised):
        franchised("양동국밥")
        zipped = client.get(API, headers={"Accept-Encoding": "gzip, deflate"})
        plain = client.get(API, headers={"Accept-Encoding": "identity"})
        assert zipped["Content-Encoding"] == "gzip" and not plain.has_header("Content-Encoding")
        # compressed once: one gunzip gives the identity bytes (TextGZipMiddleware left it alone)
        assert gzip.decompress(zipped.content) == plain.content
        assert json.loads(plain.content)["rows"]
        assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]

    def test_a_client_without_gzip_gets_identity(self, client, franchised):
        franchised("양동국밥")
        response = client.get(API, headers={"Accept-Encoding": "br"})
        assert not response.has_header("Content-Encoding") and names(response) == ["양동국밥"]


class TestVersions:
    def test_a_franchise_cancellation_gives_a_new_body(self, client, franchised, official):
        franchise = franchised("양동국밥")
        franchised("과일가게")
        first = client.get(API)
        services.franchise_cancel(franchise_id=franchise.pk, official=official, reason="부정 수급",
                                  ban_until=timezone.localdate() + datetime.timedelta(days=30))
        second = client.get(API, headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 200 and second["ETag"] != first["ETag"]
        assert names(second) == ["과일가게"]

    def test_a_store_change_gives_a_new_body(self, client, franchised, official):
        franchise = franchised("양동국밥")
        first = client.get(API)
        store = franchise.store
        store_update(store_id=store.pk, official=official, version=store.version, values={"name": "양동순대국밥"})
        second = client.get(API, headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 200 and names(second) == ["양동순대국밥"]
        assert client.get(PAGE).content.decode().count("양동순대국밥") >= 1

    def test_a_refused_change_bumps_nothing(self, client, franchised, official_other):
        franchise = franchised("양동국밥")
        first = client.get(API)
        with pytest.raises(Exception):  # noqa: B017 (another government's official: refused)
            services.franchise_cancel(franchise_id=franchise.pk, official=official_other, reason="x",
                                      ban_until=timezone.localdate())
        assert client.get(API, headers={"If-None-Match": first["ETag"]}).status_code == 304


class TestGovernments:
    def test_each_government_gets_its_own_body(self, client, franchised, bukgu, official_other):
        franchised("양동국밥")
        franchised("말바우상회", government=bukgu, dong=bukgu.dongs.first())
        seogu_body = client.get(API)
        assert names(seogu_body) == ["양동국밥"]
        client.force_login(official_other)  # officials see their own government
        bukgu_body = client.get(API)
        assert names(bukgu_body) == ["말바우상회"] and bukgu_body["ETag"] != seogu_body["ETag"]
        assert "private" in bukgu_body["Cache-Control"]
        # Seo-gu's validator does not validate Buk-gu's body
        assert client.get(API, headers={"If-None-Match": seogu_body["ETag"]}).status_code == 200
        client.logout()
        assert names(client.get(API)) == ["양동국밥"]


NONCE = re.compile(r'<script nonce="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class TestFinderPage:
    def test_anonymous_visitors_share_the_page_with_their_own_nonce(self, client, franchised):
        franchised("양동국밥")
        first = client.get(PAGE)
        second = client.get(PAGE)
        assert first.status_code == second.status_code == 200
        assert second.context is None  # the kept rendering: no template ran
        for response in (first, second):
            html = response.content.decode()
            nonces = set(NONCE.findall(html))
            assert len(nonces) == 1 and f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
            assert "__public-body" not in html and "양동국밥" in html
        assert NONCE.findall(first.content.decode())[0] != NONCE.findall(second.content.decode())[0]
        assert not first.has_header("ETag")  # a 304 would bring back a spent nonce

    def test_the_csrf_token_of_the_shared_page_is_the_visitors(self, client, franchised, settings):
        franchised("양동국밥")
        client.get(PAGE)
        response = client.get(PAGE)
        token = CSRF.findall(response.content.decode())
        assert token and all(t != "__public-body-csrf-token__" for t in token)
        # the language switch posts with the token: accepted by the CSRF check
        strict = type(client)(enforce_csrf_checks=True)
        page = strict.get(PAGE)
        token = CSRF.findall(page.content.decode())[0]
        switched = strict.post(reverse("set_language"), {"language": "en", "next": PAGE,
                                                         "csrfmiddlewaretoken": token})
        assert switched.status_code == 302

    def test_an_official_never_gets_the_anonymous_page_and_vice_versa(self, client, franchised, official):
        franchised("양동국밥")
        anonymous = client.get(PAGE).content.decode()
        assert reverse("accounts:logout") not in anonymous
        client.force_login(official)
        official_page = client.get(PAGE)
        assert official_page.context is not None  # rendered for them
        assert reverse("accounts:logout") in official_page.content.decode()
        client.logout()
        again = client.get(PAGE).content.decode()
        assert reverse("accounts:logout") not in again and official.username not in again

    def test_a_new_version_renders_the_page_again(self, client, franchised, official):
        franchise = franchised("양동국밥")
        client.get(PAGE)
        services.franchise_cancel(franchise_id=franchise.pk, official=official, reason="부정 수급",
                                  ban_until=timezone.localdate())
        response = client.get(PAGE)
        assert response.context is not None and "양동국밥" not in response.content.decode()

    def test_english_visitors_get_the_english_page(self, client, franchised, settings):
        franchised("양동국밥")
        korean = client.get(PAGE).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get(PAGE).content.decode()
        assert "온누리" in korean and "Find Onnuri stores" in english and "Find Onnuri stores" not in korean


class TestSessionList:
    URL = reverse("giftcerts:session_list")

    def test_a_registration_shows_on_the_shared_list_at_once(self, client, seogu, official, settings):
        from giftcerts import session_services

        settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
        session = session_services.session_create(
            official=official, title="온누리 가맹 설명회", starts_at=timezone.now() + datetime.timedelta(days=3),
            venue="서구청 대회의실", capacity=1,
            ends_at=timezone.now() + datetime.timedelta(days=3, hours=2))
        first = client.get(self.URL)
        assert "온누리 가맹 설명회" in first.content.decode() and client.get(self.URL).context is None
        session_services.session_register(session_id=session.pk, name="주민", phone="010-1234-5678")
        after = client.get(self.URL)
        assert after.context is not None  # rendered again for the new version
        assert after.context["sessions"][0].registration_state == "full"

    def test_an_official_sees_past_sessions_the_public_does_not(self, client, seogu, official, settings):
        from giftcerts import session_services

        settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
        session_services.session_create(
            official=official, title="지난 설명회", starts_at=timezone.now() + datetime.timedelta(minutes=1),
            venue="서구청", capacity=5,
            ends_at=timezone.now() + datetime.timedelta(hours=2))
        InfoSessionModel = session_services.InfoSession
        InfoSessionModel.objects.update(starts_at=timezone.now() - datetime.timedelta(days=3))
        public_bodies_bump(seogu.pk)
        assert "지난 설명회" not in client.get(self.URL).content.decode()
        client.force_login(official)
        assert "지난 설명회" in client.get(self.URL).content.decode()
        client.logout()
        assert "지난 설명회" not in client.get(self.URL).content.decode()


def public_bodies_bump(government_id):
    from core import public_bodies

    public_bodies.bump(government_id)
