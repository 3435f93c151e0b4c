from __future__ import annotations

from django.urls import path

from reinstate_web.live import views

app_name = "live"

# Account pages take the account's ``pk`` (their names start with "account", which the access
# test reads); case pages take the case's ``pk``.
urlpatterns = [
    path("accounts/<id:pk>/amazon/", views.connection, name="account_connection"),
    path("accounts/<id:pk>/amazon/disconnect/", views.disconnect, name="account_disconnect"),
    path("cases/<id:pk>/amazon/fetch/", views.fetch, name="fetch"),
    path("cases/<id:pk>/amazon/status/", views.status, name="status"),
]
