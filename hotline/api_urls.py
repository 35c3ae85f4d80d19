app_name = "hotline_api"
urlpatterns: list = []
