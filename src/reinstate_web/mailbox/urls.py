from __future__ import annotations

from django.urls import path

from reinstate_web.mailbox import views

app_name = "mailbox"

# Account pages take the account's ``pk`` (their names start with "account", which the access
# test reads).
urlpatterns = [
    path("accounts/<id:pk>/mailbox/", views.connection, name="account_mailbox"),
    path(
        "accounts/<id:pk>/mailbox/disconnect/",
        views.disconnect,
        name="account_mailbox_disconnect",
    ),
    path("accounts/<id:pk>/mailbox/check/", views.check_now, name="account_mailbox_check"),
    path("mailbox/oauth/callback/", views.oauth_callback, name="oauth_callback"),
]
