"""Korean first, English on request, whatever the browser's Accept-Language says."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_korean_is_the_default_even_for_an_english_browser(client, seogu):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "로그인" in html


@pytest.mark.django_db
def test_switching_to_english_and_back(client, seogu):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html and "Log in" in html
    client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    assert "로그인" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_unknown_language_falls_back_to_korean(client, seogu):
    client.cookies["django_language"] = "xx"
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_numbers_use_thousands_separators_and_dates_read_the_korean_way():
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("ko"):
        html = Template("{% load humanize ui %}{{ n|intcomma }}|{{ m|won }}|{{ d|date:'DATE_FORMAT' }}").render(
            Context({"n": 17000, "m": 3000000000, "d": datetime.date(2026, 11, 27)}))
    assert html == "17,000|3,000,000,000원|2026년 11월 27일"


def test_short_dates_in_tables_read_the_korean_way_and_english_keeps_its_own():
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    template = Template("{{ d|date:'SHORT_DATE_FORMAT' }}|{{ t|date:'SHORT_DATETIME_FORMAT' }}")
    context = Context({"d": datetime.date(2026, 11, 7), "t": datetime.datetime(2026, 11, 7, 9, 5)})
    with translation.override("ko"):
        assert template.render(context) == "2026. 11. 7.|2026. 11. 7. 09:05"
    with translation.override("en"):
        assert template.render(context).startswith("11/07/2026|")


def test_each_message_id_reads_the_same_in_every_korean_catalogue():
    """Django merges the apps' catalogues and the first one found wins, so one msgid translated two ways
    shows a screen the other app's wording (the store search read 상호 instead of 상호명 or 주소)."""
    import gettext
    from collections import defaultdict
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    translations = defaultdict(dict)
    for mo in [*root.glob("locale/ko/LC_MESSAGES/django.mo"), *root.glob("*/locale/ko/LC_MESSAGES/django.mo")]:
        with mo.open("rb") as handle:
            for msgid, msgstr in gettext.GNUTranslations(handle)._catalog.items():
                if msgid:
                    translations[msgid][str(mo.relative_to(root))] = msgstr
    assert len(translations) > 1000
    differing = {msgid: apps for msgid, apps in translations.items() if len(set(apps.values())) > 1}
    assert differing == {}
