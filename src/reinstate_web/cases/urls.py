from __future__ import annotations

from django.urls import path

from reinstate_web.cases import retention_views, views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/new/", views.case_new, name="new"),
    path("cases/<id:pk>/", views.case_detail, name="detail"),
    path("cases/<id:pk>/status/", views.case_status, name="status"),
    path("cases/<id:pk>/delete/", retention_views.case_delete, name="delete"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/new/", views.account_edit, name="account_new"),
    path("accounts/<id:pk>/", views.account_detail, name="account"),
    path("accounts/<id:pk>/edit/", views.account_edit, name="account_edit"),
    path("accounts/<id:pk>/export/", retention_views.account_export, name="account_export"),
    path("accounts/<id:pk>/delete/", retention_views.account_delete, name="account_delete"),
]
