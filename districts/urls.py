from django.urls import path

from . import views

app_name = "districts"
urlpatterns = [
    path("dongs/", views.dong_list, name="dong_list"),
    path("dongs/<str:code>/", views.dong_detail, name="dong_detail"),
]
