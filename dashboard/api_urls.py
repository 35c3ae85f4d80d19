from django.urls import path

from . import api

app_name = "dashboard_api"
urlpatterns = [
    path("dashboard/districts.geojson", api.DistrictsGeoJSONView.as_view(), name="districts"),
    path("dashboard/stores.json", api.StoresView.as_view(), name="stores"),
    path("dashboard/kpis", api.KpisView.as_view(), name="kpis"),
    path("dashboard/trends", api.TrendsView.as_view(), name="trends"),
    path("dashboard/breakdowns", api.BreakdownsView.as_view(), name="breakdowns"),
    path("dashboard/districts/<int:pk>", api.DistrictDetailView.as_view(), name="district"),
]
