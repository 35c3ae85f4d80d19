from django.urls import path

from . import views

app_name = "districts"
urlpatterns = [
    path("", views.district_list, name="district_list"),
    path("new/", views.district_create, name="district_create"),
    path("export.xlsx", views.district_export_xlsx, name="district_export_xlsx"),
    path("shapes/<str:code>.json", views.district_shapes, name="district_shapes"),
    path("export.geojson", views.district_export_geojson, name="district_export_geojson"),
    path("<int:pk>/", views.district_detail, name="district_detail"),
    path("<int:pk>/edit/", views.district_update, name="district_update"),
    path("<int:pk>/submit/", views.district_submit, name="district_submit"),
    path("<int:pk>/designate/", views.district_designate, name="district_designate"),
    path("<int:pk>/amend/", views.district_amend, name="district_amend"),
    path("<int:pk>/revoke/", views.district_revoke, name="district_revoke"),
    path("<int:pk>/notice/", views.district_notice, name="district_notice"),
    path("<int:pk>/boundary.geojson", views.district_boundary_geojson, name="district_boundary_geojson"),
    path("<int:pk>/events/<int:event_id>/boundary.geojson", views.district_boundary_geojson,
         name="district_event_boundary_geojson"),
    path("dongs/", views.dong_list, name="dong_list"),
    path("dongs/<str:code>/", views.dong_detail, name="dong_detail"),
]
