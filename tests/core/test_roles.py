"""Who sees what: home pages per role, and official pages scoped to one government."""

import pytest
from django.urls import reverse

OFFICIAL_PAGES = [reverse("districts:dong_list"), reverse("districts:dong_detail", args=["29140575"])]


@pytest.mark.django_db
def test_anonymous_sees_the_public_home(client, seogu):
    response = client.get("/")
    assert response.status_code == 200
    assert "core/home_public.html" in [t.name for t in response.templates]
    assert "광주광역시 서구" in response.content.decode()


def test_official_sees_the_official_home(official_client):
    response = official_client.get("/")
    assert "core/home_official.html" in [t.name for t in response.templates]
    assert reverse("districts:dong_list") in response.content.decode()


def test_merchant_sees_the_merchant_home(merchant_a_client, seogu):
    response = merchant_a_client.get("/")
    assert "core/home_merchant.html" in [t.name for t in response.templates]
    assert reverse("districts:dong_list") not in response.content.decode()


@pytest.mark.parametrize("url", OFFICIAL_PAGES)
def test_anonymous_is_sent_to_login_from_official_pages(client, seogu, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", OFFICIAL_PAGES)
def test_merchant_is_refused_official_pages(merchant_a_client, seogu, url):
    assert merchant_a_client.get(url).status_code == 403


def test_official_sees_own_dongs_with_areas(official_client):
    response = official_client.get(reverse("districts:dong_list"))
    assert response.status_code == 200
    dongs = list(response.context["dongs"])
    assert len(dongs) == 18
    html = response.content.decode()
    assert "양동" in html and "47.68 km²" in html
    assert response.context["dongs_geojson"]["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_official_opens_a_dong_page_twice(official_client):
    url = reverse("districts:dong_detail", args=["29140575"])
    first, second = official_client.get(url), official_client.get(url)
    assert first.status_code == second.status_code == 200
    assert "광주광역시 서구 양동" in first.content.decode()


def test_unknown_dong_code_is_404(official_client):
    assert official_client.get(reverse("districts:dong_detail", args=["99999999"])).status_code == 404


def test_other_government_official_sees_none_of_seogu(other_official_client, seogu):
    response = other_official_client.get(reverse("districts:dong_list"))
    names = {d.name for d in response.context["dongs"]}
    assert len(names) == 28
    assert "양동" not in names and "화정1동" not in names
    seogu_dong = reverse("districts:dong_detail", args=["29140575"])
    assert other_official_client.get(seogu_dong).status_code == 404


def test_inactive_official_is_refused(official, client):
    official.is_active = False
    official.save()
    client.force_login(official)
    # Django logs out inactive users; they land on the login page.
    response = client.get(reverse("districts:dong_list"))
    assert response.status_code == 302
