from django.urls import path

from . import api

app_name = "districts_api"
urlpatterns = [
    path("dongs/", api.DongFeatureCollectionView.as_view(), name="dongs"),
    path("districts/", api.DistrictListView.as_view(), name="district_list"),
    path("districts/check/", api.DistrictCheckView.as_view(), name="district_check"),
    path("districts/boundary-from-stores/", api.StoresBoundaryView.as_view(), name="district_boundary_from_stores"),
    path("districts/store-picker/", api.StorePickerSearchView.as_view(), name="district_store_picker"),
    path("districts/<int:pk>/", api.DistrictDetailView.as_view(), name="district_detail"),
]
