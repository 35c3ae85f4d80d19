"""Search boxes: maxlength on every input, and a too-long query is answered in Korean, never a crash or
gunicorn's English 414."""

from pathlib import Path

import pytest
from django.urls import reverse
from gunicorn.config import Config

from core.search import MAX_QUERY_LENGTH

LONG = "가" * (MAX_QUERY_LENGTH + 1)
MESSAGE = f"검색어는 {MAX_QUERY_LENGTH}자까지 입력할 수 있습니다(입력한 글자 수: {MAX_QUERY_LENGTH + 1}자)"
MAXLENGTH = f'maxlength="{MAX_QUERY_LENGTH}"'


@pytest.mark.parametrize("url_name", ["merchants:store_list", "districts:district_list",
                                      "giftcerts:franchise_list"])
def test_official_search_boxes_are_bounded_and_a_long_query_is_refused_in_korean(official_client, url_name):
    url = reverse(url_name)
    assert MAXLENGTH in official_client.get(url).content.decode()
    response = official_client.get(url, {"q": LONG})
    assert response.status_code == 200
    html = response.content.decode()
    assert MESSAGE in html and f'value="{LONG}"' in html  # what was typed stays


def test_the_public_finder_is_bounded(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    url = reverse("giftcerts:finder")
    assert MAXLENGTH in client.get(url).content.decode()
    response = client.get(url, {"q": LONG})
    assert response.status_code == 200 and MESSAGE in response.content.decode()


def test_the_merchants_store_finder_is_bounded(merchant_a_client, seogu):
    url = reverse("merchants:find_store")
    assert MAXLENGTH in merchant_a_client.get(url).content.decode()
    response = merchant_a_client.get(url, {"q": LONG})
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert "개 점포" not in response.content.decode()  # no search ran


def test_the_hotline_store_picker_is_bounded(client, seogu, settings):
    settings.DEFAULT_LOCAL_GOVERNMENT_CODE = "29140"
    assert MAXLENGTH in client.get(reverse("hotline:report")).content.decode()
    response = client.get(reverse("hotline:store_search"), {"q": LONG})
    assert response.status_code == 400
    assert response.json() == {"results": [], "detail": MESSAGE + "."}


@pytest.mark.parametrize("url", ["/api/stores/", "/api/districts/"])
def test_api_searches_refuse_a_long_query_in_korean(official_client, url):
    response = official_client.get(url, {"q": LONG})
    assert response.status_code == 400
    assert MESSAGE in str(response.json())


def test_gunicorn_lets_a_far_too_long_query_through_to_django_which_answers_in_korean():
    config = Config()
    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # what gunicorn does with the file
    for name in ("limit_request_line", "limit_request_fields", "limit_request_field_size"):
        config.set(name, namespace[name])
    # 500 Korean characters (4,500 bytes encoded): gunicorn's default limit (4094) answered 414 in English
    query = "q=" + "%EA%B0%80" * 500 + "&status=open&dong=29140575&page=2"
    assert len(f"GET /stores/?{query} HTTP/1.1") > 4094
    assert len(f"GET /stores/?{query} HTTP/1.1") < config.limit_request_line
