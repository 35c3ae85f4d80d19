"""The sales-effect card leads with the uplift against comparable stores not yet joined (the event study),
with the same stores' before/after second and why it is second."""

import datetime

from django.core.cache import cache

from dashboard import selectors

D = datetime.date


def test_the_card_leads_with_the_uplift_and_gives_the_before_after_second(aggregated_world, official_client,
                                                                           monkeypatch):
    monkeypatch.setattr(selectors, "impact_summary", lambda *args, **kwargs: {
        "post": {"uplift": 0.213, "growth": 0.287, "ci_low": 0.18, "ci_high": 0.25}})
    cache.clear()  # the aggregation warmed the cards with the stored study
    cards = {card["key"]: card for card in official_client.get("/api/dashboard/kpis?month=2025-03").json()["kpis"]}
    card = cards["sales_uplift"]
    assert card["label"] == "가맹 점포 매출 효과(미가맹 비교 점포 대비)"
    assert (card["value"], card["display"]) == (0.213, "+21.3%")
    assert card["hint"] == "같은 점포의 가맹 전후 변화: +28.7%"
    assert card["note"] == "가맹 전후 비교만으로는 전반적인 매출 추세까지 섞입니다."
    assert card["url"].endswith("/dashboard/impact/?month=2025-03")
    assert "franchised_sales_growth" not in cards


def test_without_enough_reports_the_card_says_so(aggregated_world, official_client, monkeypatch):
    monkeypatch.setattr(selectors, "impact_summary", lambda *args, **kwargs: {"post": None})
    cache.clear()
    cards = official_client.get("/api/dashboard/kpis?month=2025-03").json()["kpis"]
    card = {c["key"]: c for c in cards}["sales_uplift"]
    assert (card["value"], card["display"], card["note"]) == (None, "-", "")
