"""Recognised traditional markets from the national standard data, and their name matching."""

import pytest
from django.core.management import call_command

from giftcerts.markets import market_key, markets_load_standard_csv, match_keys_for
from giftcerts.models import RecognisedMarket
from tests.conftest import DATA

STANDARD = DATA / "gwangju-traditional-markets-standard.csv"


def test_seogu_has_its_eight_real_markets(seogu):
    result = markets_load_standard_csv(path=STANDARD, local_government=seogu)
    names = set(RecognisedMarket.objects.filter(local_government=seogu).values_list("name", flat=True))
    assert names == {"광주양동시장", "양동경열로시장", "양동산업용품시장", "양동복개상가", "양동수산전통시장",
                     "양동건어물시장", "양동닭전길시장", "화정동서부시장"}
    assert len(result.created) == 8 and result.other_governments == 15
    yangdong = RecognisedMarket.objects.get(name="광주양동시장")
    assert yangdong.kind == "traditional_market" and yangdong.store_count == 115
    assert yangdong.lat == pytest.approx(35.1539, abs=1e-3)


def test_loading_twice_changes_nothing(seogu):
    markets_load_standard_csv(path=STANDARD, local_government=seogu)
    again = markets_load_standard_csv(path=STANDARD, local_government=seogu)
    assert again.created == [] and again.updated == [] and len(again.unchanged) == 8


def test_bukgu_gets_its_own_markets(bukgu):
    markets_load_standard_csv(path=STANDARD, local_government=bukgu)
    assert RecognisedMarket.objects.filter(local_government=bukgu, name="말바우시장").exists()
    assert not RecognisedMarket.objects.filter(local_government=bukgu, name="광주양동시장").exists()


@pytest.mark.parametrize(("store_name", "market_name"), [
    ("양동시장", "광주양동시장"),
    ("양동수산시장", "양동수산전통시장"),
    ("양동복개시장", "양동복개상가"),
    ("양동 건어물 시장", "양동건어물시장"),
])
def test_store_file_names_match_the_standard_names(store_name, market_name):
    assert market_key(store_name, "광주광역시 서구") in match_keys_for(market_name, [], "광주광역시 서구")


def test_different_markets_do_not_match():
    assert market_key("양동수산시장", "광주광역시 서구") != market_key("광주양동시장", "광주광역시 서구")


def test_a_bracketed_name_and_aliases_are_keys_too():
    keys = match_keys_for("1913송정역시장(송정역전매일시장)", ["송정역 골목시장"], "광주광역시 광산구")
    assert {"1913송정역", "송정역전매일", "송정역골목"} <= set(keys)


def test_an_official_alias_is_kept_and_matched(seogu):
    markets_load_standard_csv(path=STANDARD, local_government=seogu)
    market = RecognisedMarket.objects.get(name="화정동서부시장")
    market.aliases = ["서부시장"]
    market.save()
    markets_load_standard_csv(path=STANDARD, local_government=seogu)
    market.refresh_from_db()
    assert market.aliases == ["서부시장"] and "서부" in market.match_keys


def test_the_command_loads_a_government(seogu, capsys):
    call_command("load_markets", str(STANDARD), "--local-government", "29140")
    assert "8 created" in capsys.readouterr().out
