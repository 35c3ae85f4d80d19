from django.urls import re_path

from . import open311

app_name = "open311"
urlpatterns = [
    re_path(r"^v2/services\.(?P<fmt>json|xml)$", open311.services_list, name="services"),
    re_path(r"^v2/requests\.(?P<fmt>json|xml)$", open311.requests_list, name="requests"),
    re_path(r"^v2/requests/(?P<request_id>[^/.]+)\.(?P<fmt>json|xml)$", open311.request_detail, name="request"),
]
