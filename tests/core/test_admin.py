"""The Django admin works without GDAL, with Leaflet map widgets for boundaries."""

import pytest

from districts.models import AdministrativeDong


def test_admin_index_and_dong_change_page_have_a_leaflet_widget(admin_client_user, seogu):
    assert admin_client_user.get("/admin/").status_code == 200
    dong = AdministrativeDong.objects.get(code="29140575")
    response = admin_client_user.get(f"/admin/districts/administrativedong/{dong.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaflet/draw/leaflet.draw.js" in html
    assert "L.GeometryField" in html
    assert 'id="id_boundary-map"' in html or "id_boundary" in html


@pytest.mark.django_db
def test_admin_is_refused_to_officials(official_client):
    response = official_client.get("/admin/")
    assert response.status_code == 302  # not staff: sent to the admin login
