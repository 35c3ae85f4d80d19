from django.urls import path

from . import views

app_name = "sales"
urlpatterns = [
    path("", views.my_sales, name="my_sales"),
    path("stores/<int:store_id>/report/", views.report, name="report"),
    path("import/", views.import_upload, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/status.json", views.import_status, name="import_status"),
    path("import/<int:pk>/rejected.csv", views.import_errors, name="import_errors"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/retry/", views.import_retry, name="import_retry"),
]
