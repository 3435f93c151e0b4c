from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from reinstate_web.accounts import invitation_views, team_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("signup/", views.sign_up, name="signup"),
    path("team/", team_views.team, name="team"),
    path("team/<id:pk>/invitations/", team_views.team_invite, name="team_invite"),
    path(
        "team/<id:pk>/invitations/<id:invitation_id>/revoke/",
        team_views.team_revoke,
        name="team_revoke",
    ),
    path("team/<id:pk>/members/<id:member_id>/", team_views.team_member, name="team_member"),
    path("team/<id:pk>/leave/", team_views.team_leave, name="team_leave"),
    path("invitations/<str:token>/", invitation_views.invitation, name="invitation"),
    path("invitations/<str:token>/accept/", invitation_views.accept, name="invitation_accept"),
    path("invitations/<str:token>/decline/", invitation_views.decline, name="invitation_decline"),
    path("invitations/<str:token>/signup/", invitation_views.sign_up, name="invitation_signup"),
]
