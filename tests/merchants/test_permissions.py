"""Who may open which page: officials' pages, merchants' pages, anonymous visitors."""

import pytest
from django.urls import reverse

from merchants.models import StoreImport

from .helpers import store_in


@pytest.fixture
def urls(seogu, official, merchant_a):
    store = store_in(seogu, owner=merchant_a.merchant)
    job = StoreImport.objects.create(local_government=seogu, original_name="a.csv", uploaded_by=official)
    officials = [reverse("merchants:store_list"), reverse("merchants:store_export"),
                 reverse("merchants:store_detail", args=[store.pk]), reverse("merchants:store_edit", args=[store.pk]),
                 reverse("merchants:store_close", args=[store.pk]), reverse("merchants:claim_queue"),
                 reverse("merchants:import_list"), reverse("merchants:import_detail", args=[job.pk]),
                 reverse("merchants:import_status", args=[job.pk])]
    merchants = [reverse("merchants:my_stores"), reverse("merchants:my_store_detail", args=[store.pk]),
                 reverse("merchants:my_store_edit", args=[store.pk]), reverse("merchants:find_store"),
                 reverse("merchants:claim_create", args=[store.pk])]
    return officials, merchants


def test_officials_pages_refuse_merchants_and_send_anonymous_to_login(urls, client, merchant_a_client,
                                                                      official_client):
    officials, _merchants = urls
    for url in officials:
        assert official_client.get(url).status_code in (200, 302), url  # close of an open store: 200
        assert merchant_a_client.get(url).status_code == 403, url
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_merchants_pages_refuse_officials_and_send_anonymous_to_login(urls, client, merchant_a_client,
                                                                      official_client):
    _officials, merchants = urls
    for url in merchants:
        assert merchant_a_client.get(url).status_code == 200, url
        assert official_client.get(url).status_code == 403, url
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_signup_is_open_to_anonymous_only(client, official_client):
    assert client.get(reverse("merchants:signup")).status_code == 200
    assert official_client.get(reverse("merchants:signup")).status_code == 302


def test_menu_shows_stores_to_officials_and_my_stores_to_merchants(official_client, merchant_a_client, client,
                                                                   seogu):
    assert 'href="/stores/"' in official_client.get("/").content.decode()
    merchant_home = merchant_a_client.get("/").content.decode()
    assert 'href="/stores/mine/"' in merchant_home and 'href="/stores/"' not in merchant_home
    assert 'href="/stores/signup/"' in client.get(reverse("accounts:login")).content.decode()
