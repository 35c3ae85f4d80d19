app_name = "districts_api"
urlpatterns: list = []
