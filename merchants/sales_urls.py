from django.urls import path

from . import sales_views

app_name = "sales"
urlpatterns = [
    path("", sales_views.my_sales, name="my_sales"),
    path("stores/<int:store_id>/report/", sales_views.report, name="report"),
    path("import/", sales_views.import_upload, name="import"),
    path("import/template.csv", sales_views.import_template, name="import_template"),
    path("import/<int:pk>/", sales_views.import_detail, name="import_detail"),
    path("import/<int:pk>/status.json", sales_views.import_status, name="import_status"),
    path("import/<int:pk>/rejected.csv", sales_views.import_errors, name="import_errors"),
    path("import/<int:pk>/cancel/", sales_views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/retry/", sales_views.import_retry, name="import_retry"),
]
