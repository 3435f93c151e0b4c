from __future__ import annotations

from django.urls import path

from reinstate_web.notices import views

app_name = "notices"

urlpatterns = [
    path("cases/<id:pk>/notices/add/", views.notice_add, name="add"),
    path("cases/<id:pk>/notices/", views.notices_panel, name="panel"),
    path("cases/<id:pk>/category/", views.category_choose, name="choose_category"),
    path(
        "cases/<id:pk>/notices/<id:notice_id>/second-opinion/",
        views.second_opinion,
        name="second_opinion",
    ),
    path("cases/<id:pk>/notices/<id:notice_id>/", views.notice_detail, name="detail"),
    path(
        "cases/<id:pk>/notices/<id:notice_id>/original/",
        views.notice_original,
        name="original",
    ),
]
