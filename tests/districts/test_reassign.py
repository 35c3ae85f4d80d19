"""Stores follow their districts after imports: the service, the command and the nightly task."""

from django.core.management import call_command

from districts.models import District
from districts.tasks import reassign_district_stores
from merchants.models import Store
from tests.districts.factories import make_district, scatter_stores, square_in_chipyeong


def test_new_and_moved_stores_follow_their_district_and_a_second_run_changes_nothing(official, seogu):
    area = square_in_chipyeong(20)
    scatter_stores(seogu, area, 20, seed=1)
    district = make_district(official, area, status="designated")
    revoked = make_district(official, square_in_chipyeong(20, east_m=200), status="draft", name="초안")
    newcomers = scatter_stores(seogu, square_in_chipyeong(10), 5, seed=2)  # imported after designation
    leaver = Store.objects.filter(district=district).first()
    Store.objects.filter(pk=leaver.pk).update(lon=leaver.lon + 0.01)  # moved out (a corrected address)
    stray = scatter_stores(seogu, square_in_chipyeong(5, east_m=200), 1, seed=3)[0]
    Store.objects.filter(pk=stray.pk).update(district=revoked)  # held by a district that is not designated

    first = reassign_district_stores(seogu.pk)
    assert first == {"stores_assigned": 5, "stores_released": 2, "districts": 1}
    assert set(Store.objects.filter(district=district).values_list("id", flat=True)) >= {s.pk for s in newcomers}
    assert not Store.objects.filter(pk__in=[leaver.pk, stray.pk], district__isnull=False).exists()
    district.refresh_from_db()
    assert district.store_count == 24

    assert reassign_district_stores(seogu.pk) == {"stores_assigned": 0, "stores_released": 0, "districts": 1}
    assert District.objects.get(pk=district.pk).version == district.version  # no transition, no new version


def test_command_reports_the_counts(official, seogu, capsys):
    scatter_stores(seogu, square_in_chipyeong(20), 20, seed=4)
    make_district(official, square_in_chipyeong(20), status="designated")
    call_command("assign_district_stores", "--local-government", "29140")
    assert "1 designated districts, 0 stores joined, 0 released" in capsys.readouterr().out
