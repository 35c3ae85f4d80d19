from django.urls import path

from .views import finder, franchises, merchant, outreach, review, sessions

app_name = "giftcerts"
urlpatterns = [
    # public
    path("", finder.finder, name="finder"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    # merchants
    path("my/", merchant.my_applications, name="my_applications"),
    path("apply/<int:store_id>/", merchant.apply, name="apply"),
    path("applications/<int:pk>/", merchant.application_detail, name="application_detail"),
    path("applications/<int:pk>/save/", merchant.application_save, name="application_save"),
    path("applications/<int:pk>/documents/", merchant.document_upload, name="document_upload"),
    path("applications/<int:pk>/documents/<int:doc_id>/delete/", merchant.document_delete, name="document_delete"),
    path("applications/<int:pk>/submit/", merchant.application_submit, name="application_submit"),
    path("applications/<int:pk>/resubmit/", merchant.application_resubmit, name="application_resubmit"),
    path("applications/<int:pk>/withdraw/", merchant.application_withdraw, name="application_withdraw"),
    # the applicant or an official of the store's government
    path("documents/<int:pk>/", merchant.document_file, name="document_file"),
    # officials
    path("review/", review.review_queue, name="review_queue"),
    path("review/bulk-approve/", review.bulk_approve, name="bulk_approve"),
    path("review/<int:pk>/", review.review_detail, name="review_detail"),
    path("review/<int:pk>/approve/", review.review_approve, name="review_approve"),
    path("review/<int:pk>/supplement/", review.review_supplement, name="review_supplement"),
    path("review/<int:pk>/reject/", review.review_reject, name="review_reject"),
    path("franchises/", franchises.franchise_list, name="franchise_list"),
    path("franchises/<int:pk>/", franchises.franchise_detail, name="franchise_detail"),
    path("franchises/<int:pk>/cancel/", franchises.franchise_cancel, name="franchise_cancel"),
    path("settings/documents/", franchises.document_settings, name="document_settings"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", sessions.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/registrations.xlsx", sessions.session_export, name="session_export"),
    path("outreach/", outreach.outreach_list, name="outreach_list"),
    path("outreach/export.xlsx", outreach.outreach_export, name="outreach_export"),
    path("outreach/<int:store_id>/visit/", outreach.outreach_visit, name="outreach_visit"),
]
