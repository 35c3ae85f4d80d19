from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy_policy, name="policy"),
    path("access-log/", views.access_log_review, name="access_log_review"),
    path("access-log/export.xlsx", views.access_log_export, name="access_log_export"),
]
