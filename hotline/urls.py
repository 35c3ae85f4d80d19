from django.urls import path

from .views import official, public

app_name = "hotline"
urlpatterns = [
    # Public: file and follow (no account needed).
    path("report/", public.report, name="report"),
    path("report/stores/", public.store_search, name="store_search"),
    path("track/", public.track, name="track"),
    path("track/<str:token>/", public.track_detail, name="track_detail"),
    path("track/<str:token>/photos/<int:photo_id>/", public.photo_for_holder, name="photo_for_holder"),
    # Merchants: their own tickets.
    path("mine/", public.my_tickets, name="my_tickets"),
    # Officials.
    path("", official.queue, name="queue"),
    path("tickets/<int:ticket_id>/", official.ticket_detail, name="ticket_detail"),
    path("tickets/<int:ticket_id>/<str:action>/", official.ticket_action, name="ticket_action"),
    path("tickets/<int:ticket_id>/photos/<int:photo_id>/", official.photo_for_official, name="photo"),
    path("stats/", official.stats, name="stats"),
]
