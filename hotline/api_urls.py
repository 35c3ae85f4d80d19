from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "hotline_api"
router = SimpleRouter()
router.register("tickets", api.TicketViewSet, basename="ticket")
urlpatterns = [
    path("hotline/stats", api.HotlineStatsView.as_view(), name="stats"),
    *router.urls,
]
