from __future__ import annotations

from django.urls import path

from reinstate_web.notices import views

app_name = "notices"

urlpatterns = [
    path("cases/<int:pk>/notices/add/", views.notice_add, name="add"),
    path("cases/<int:pk>/notices/", views.notices_panel, name="panel"),
    path("cases/<int:pk>/category/", views.category_choose, name="choose_category"),
    path(
        "cases/<int:pk>/notices/<int:notice_id>/second-opinion/",
        views.second_opinion,
        name="second_opinion",
    ),
    path("cases/<int:pk>/notices/<int:notice_id>/", views.notice_detail, name="detail"),
    path(
        "cases/<int:pk>/notices/<int:notice_id>/original/",
        views.notice_original,
        name="original",
    ),
]
