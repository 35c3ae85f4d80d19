"""The shared factories build valid records where the real data puts them."""

import pytest

from districts import geo
from districts.selectors import dong_locator
from merchants import bizno
from tests.factories import DistrictFactory, FranchiseFactory, SalesReportFactory, StoreFactory


def test_store_factory_lands_in_yangdong_with_a_valid_business_number(seogu):
    store = StoreFactory(local_government=seogu)
    dong_id = dong_locator(seogu).locate_one(store.lon, store.lat)
    assert seogu.dongs.get(pk=dong_id).name == "양동"
    assert bizno.is_valid(store.business_number)


@pytest.mark.django_db
def test_district_franchise_and_sales_factories():
    district = DistrictFactory()
    assert district.area_m2 == pytest.approx(10_000, rel=0.01)
    assert geo.validate_geometry(district.boundary).is_valid
    franchise = FranchiseFactory()
    assert (franchise.valid_until - franchise.valid_from).days in (1095, 1096)
    report = SalesReportFactory()
    assert report.onnuri_won <= report.total_won
