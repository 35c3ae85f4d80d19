from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("wall/", views.wall, name="wall"),
    path("impact/", views.impact, name="impact"),
    path("export.xlsx", views.export, name="export"),
    path("panels/", views.panels, name="panels"),
    path("aggregate/", views.aggregate, name="aggregate"),
]
