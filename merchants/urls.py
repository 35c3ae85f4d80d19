from django.urls import path

from .views import claims, imports, merchant, officials

app_name = "merchants"
urlpatterns = [
    # Officials (the app is mounted at /stores/)
    path("", officials.store_list, name="store_list"),
    path("export.xlsx", officials.store_export, name="store_export"),
    path("<int:pk>/", officials.store_detail, name="store_detail"),
    path("<int:pk>/edit/", officials.store_edit, name="store_edit"),
    path("<int:pk>/close/", officials.store_close, name="store_close"),
    path("<int:pk>/reopen/", officials.store_reopen, name="store_reopen"),
    path("claims/", claims.claim_queue, name="claim_queue"),
    path("claims/<int:pk>/approve/", claims.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/reject/", claims.claim_reject, name="claim_reject"),
    path("claims/<int:pk>/certificate/", merchant.claim_evidence, name="claim_evidence"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/status/", imports.import_status, name="import_status"),
    path("imports/<int:pk>/cancel/", imports.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/retry/", imports.import_retry, name="import_retry"),
    path("imports/<int:pk>/<str:kind>.csv", imports.import_report, name="import_report"),
    # Merchants
    path("signup/", merchant.signup, name="signup"),
    path("mine/", merchant.my_stores, name="my_stores"),
    path("mine/<int:pk>/", merchant.my_store_detail, name="my_store_detail"),
    path("mine/<int:pk>/edit/", merchant.my_store_edit, name="my_store_edit"),
    path("find/", merchant.find_store, name="find_store"),
    path("find/<int:pk>/claim/", merchant.claim_create, name="claim_create"),
    # Owner or officials of the store's government
    path("<int:pk>/photo/", merchant.store_photo, name="store_photo"),
]
