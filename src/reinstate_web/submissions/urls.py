from __future__ import annotations

from django.urls import path

from reinstate_web.submissions import views

app_name = "submissions"

# Case pages take the case's ``pk``; account pages (names starting "account", which the access
# test reads) the account's. A submission is named by ``?s=`` or a form field, always looked up
# on the case the user may see.
urlpatterns = [
    path("cases/<id:pk>/submit/record/", views.record_view, name="record"),
    path("cases/<id:pk>/submit/email/", views.email_view, name="email"),
    path("cases/<id:pk>/submit/follow-up/", views.follow_up_view, name="follow_up"),
    path("cases/<id:pk>/submit/resolve/", views.resolve_view, name="resolve"),
    path("cases/<id:pk>/submit/wait/", views.wait_view, name="wait"),
    path("cases/<id:pk>/submit/panel/", views.panel_view, name="panel"),
    path("cases/<id:pk>/submit/sent.eml", views.copy_view, name="copy"),
    path("accounts/<id:pk>/sending/", views.account_sending, name="account_sending"),
    path("accounts/<id:pk>/sending/test/", views.account_sending_test, name="account_sending_test"),
    path(
        "accounts/<id:pk>/sending/delete/",
        views.account_sending_delete,
        name="account_sending_delete",
    ),
    path("settings/follow-up/", views.follow_up_settings, name="follow_up_settings"),
]
