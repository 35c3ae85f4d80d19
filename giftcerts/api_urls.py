app_name = "giftcerts_api"
urlpatterns: list = []
