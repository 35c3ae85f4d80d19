from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("districts/<int:pk>/", views.district_consents, name="district"),
    path("districts/<int:pk>/record/", views.record_create, name="record"),
    path("records/<int:pk>/withdraw/", views.record_withdraw, name="withdraw"),
    path("records/<int:pk>/file/", views.record_file, name="file"),
]
