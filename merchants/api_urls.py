from rest_framework.routers import SimpleRouter

from . import api

app_name = "merchants_api"
router = SimpleRouter()
router.register("stores", api.StoreViewSet, basename="store")
urlpatterns = router.urls
