from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from reinstate_web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("signup/", views.sign_up, name="signup"),
    path("team/", views.team, name="team"),
    path("team/<int:pk>/members/add/", views.team_add, name="team_add"),
    path("team/<int:pk>/members/<int:member_id>/", views.team_member, name="team_member"),
]
