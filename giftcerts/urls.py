app_name = "giftcerts"
urlpatterns: list = []
