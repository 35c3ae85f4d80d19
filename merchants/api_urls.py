app_name = "merchants_api"
urlpatterns: list = []
