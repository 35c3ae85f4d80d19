"""The admin shows districts but never changes them: every change goes through the services."""

from districts.models import District
from tests.districts.factories import make_district, scatter_stores, square_in_chipyeong


def test_district_admin_is_read_only_with_a_map(admin_client_user, official, seogu):
    scatter_stores(seogu, square_in_chipyeong(15), 20)
    district = make_district(official, square_in_chipyeong(15), status="designated", name="관리자 확인 골목")
    url = f"/admin/districts/district/{district.pk}/change/"
    page = admin_client_user.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "leaflet/draw/leaflet.draw.js" in html and "L.GeometryField" in html
    assert 'name="_save"' not in html and 'name="name"' not in html  # nothing to edit

    response = admin_client_user.post(url, {"name": "몰래 바꾼 이름", "status": "draft"})
    assert response.status_code == 403
    district.refresh_from_db()
    assert (district.name, district.status) == ("관리자 확인 골목", "designated")
    assert admin_client_user.get("/admin/districts/district/add/").status_code == 403
    assert admin_client_user.post(f"/admin/districts/district/{district.pk}/delete/").status_code == 403
    assert District.objects.count() == 1
    assert admin_client_user.get("/admin/districts/district/").status_code == 200
