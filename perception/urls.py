from django.urls import path

from .views import official, public

app_name = "perception"
urlpatterns = [
    # Public: the survey, no account (the posters' QR codes lead to a district's form).
    path("", public.index, name="index"),
    path("<int:district_id>/", public.survey, name="survey"),
    path("<int:district_id>/thanks/", public.thanks, name="thanks"),
    # Officials: results, posters, export.
    path("results/", official.results, name="results"),
    path("results/export.xlsx", official.export, name="export"),
    path("results/districts/<int:district_id>/", official.district_results, name="district_results"),
    path("results/districts/<int:district_id>/poster/", official.poster, name="poster"),
    path("results/districts/<int:district_id>/qr.svg", official.qr_code, name="qr_code"),
]
