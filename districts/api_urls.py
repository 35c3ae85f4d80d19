from django.urls import path

from . import api

app_name = "districts_api"
urlpatterns = [
    path("dongs/", api.DongFeatureCollectionView.as_view(), name="dongs"),
]
