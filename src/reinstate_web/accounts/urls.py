from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from reinstate_web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
]
