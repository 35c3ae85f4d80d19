from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("export.xlsx", views.project_export, name="project_export"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_update, name="project_update"),
    path("<int:pk>/status/", views.project_status, name="project_status"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:milestone_id>/status/", views.milestone_status, name="milestone_status"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_id>/", views.photo_file, name="photo"),
    path("<int:pk>/figures/", views.figure_add, name="figure_add"),
]
