from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("<uuid:job_id>/", views.job_detail, name="job"),
    path("<uuid:job_id>/status.json", views.job_status, name="job_status"),
    path("<uuid:job_id>/download", views.job_download, name="job_download"),
]
