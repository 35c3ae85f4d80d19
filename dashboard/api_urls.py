app_name = "dashboard_api"
urlpatterns: list = []
