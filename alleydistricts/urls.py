from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from core.api_views import ApiNotFoundView

api_patterns = [
    path("", include("districts.api_urls")),
    path("", include("merchants.api_urls")),
    path("", include("giftcerts.api_urls")),
    path("", include("dashboard.api_urls")),
    path("", include("hotline.api_urls")),
]

urlpatterns = [
    path("", include("core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("districts/", include("districts.urls")),
    path("sales/", include("sales.urls")),
    path("stores/", include("merchants.urls")),
    path("onnuri/", include("giftcerts.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("hotline/", include("hotline.urls")),
    path("consent/", include("consent.urls")),
    path("open311/", include("hotline.open311_urls")),
    path("perception/", include("perception.urls")),
    path("privacy/", include("privacy.urls")),
    path("exports/", include("exports.urls")),
    path("projects/", include("projects.urls")),
    path("associations/", include("associations.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's init script as a file, so the CSP needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
         name="api-docs"),
    re_path(r"^api/", ApiNotFoundView.as_view()),  # last: an API client gets JSON for any unknown path
]

admin.site.site_header = "골목형상점가 관리"
admin.site.site_title = "골목형상점가 관리"

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
