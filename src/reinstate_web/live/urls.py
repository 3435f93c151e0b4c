from __future__ import annotations

from django.urls import path

from reinstate_web.live import views

app_name = "live"

# Account pages take the account's ``pk`` (their names start with "account", which the access
# test reads); case pages take the case's ``pk``.
urlpatterns = [
    path("accounts/<int:pk>/amazon/", views.connection, name="account_connection"),
    path("accounts/<int:pk>/amazon/disconnect/", views.disconnect, name="account_disconnect"),
    path("cases/<int:pk>/amazon/fetch/", views.fetch, name="fetch"),
    path("cases/<int:pk>/amazon/status/", views.status, name="status"),
]
