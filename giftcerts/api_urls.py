from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "giftcerts_api"
router = SimpleRouter()
router.register("applications", api.ApplicationViewSet, basename="application")
router.register("franchises", api.FranchiseViewSet, basename="franchise")
urlpatterns = [
    path("onnuri-stores/", api.OnnuriStoresView.as_view(), name="onnuri-stores"),
    *router.urls,
]
