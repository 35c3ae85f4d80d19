from django.urls import path

from . import views

app_name = "associations"
urlpatterns = [
    # Officials.
    path("", views.association_list, name="list"),
    path("export.xlsx", views.association_export, name="export"),
    path("new/", views.association_create, name="create"),
    path("<int:pk>/", views.association_detail, name="detail"),
    path("<int:pk>/edit/", views.association_edit, name="edit"),
    path("<int:pk>/status/", views.association_status, name="status"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/officers/", views.officer_add, name="officer_add"),
    path("<int:pk>/officers/<int:officer_id>/end/", views.officer_end, name="officer_end"),
    path("<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("meetings/<int:meeting_id>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("proposals/", views.proposal_queue, name="proposal_queue"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:proposal_id>/minutes/", views.proposal_minutes, name="proposal_minutes"),
    path("proposals/<int:proposal_id>/<str:decision>/", views.proposal_decide, name="proposal_decide"),
    # Officers (merchant accounts holding a current office).
    path("mine/", views.my_associations, name="my_list"),
    path("mine/<int:pk>/", views.my_detail, name="my_detail"),
    path("mine/<int:pk>/propose/<str:kind>/", views.my_propose, name="my_propose"),
    path("mine/proposals/<int:proposal_id>/withdraw/", views.my_withdraw, name="my_withdraw"),
]
