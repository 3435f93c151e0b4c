from __future__ import annotations

from django.urls import path

from reinstate_web.teams import (
    audit_views,
    bundle_views,
    link_views,
    views,
    workspace_views,
)

app_name = "teams"

# ``pk`` is the case on "case_" pages and the organisation on "team_" pages (the access test
# that walks the URLconf gives each the right object).
urlpatterns = [
    # The seller, on a case.
    path("cases/<id:pk>/handover/", views.case_handover, name="case_handover"),
    path("cases/<id:pk>/handover/revoke/", views.case_revoke, name="case_revoke"),
    path(
        "cases/<id:pk>/questions/<id:question_id>/answer/",
        views.case_answer,
        name="case_answer",
    ),
    path("cases/<id:pk>/audit/", audit_views.case_audit, name="case_audit"),
    # The team, on a case handed to it.
    path("cases/<id:pk>/team/note/", views.case_note, name="case_note"),
    path("cases/<id:pk>/team/ask/", views.case_ask, name="case_ask"),
    path("cases/<id:pk>/team/share/", views.case_share, name="case_share"),
    path("cases/<id:pk>/team/assign/", views.case_assign, name="case_assign"),
    # Both: the case as a bundle.
    path("cases/<id:pk>/bundle.zip", bundle_views.case_export, name="case_export"),
    # The workspace of an organisation.
    path("teams/", workspace_views.workspaces, name="workspaces"),
    path("teams/<id:pk>/", workspace_views.workspace, name="team_workspace"),
    path("teams/<id:pk>/bulk/", workspace_views.bulk, name="team_bulk"),
    path("teams/<id:pk>/import/", bundle_views.team_import, name="team_import"),
    path(
        "teams/<id:pk>/requests/<id:grant_id>/accept/",
        workspace_views.request_accept,
        name="team_request_accept",
    ),
    path(
        "teams/<id:pk>/requests/<id:grant_id>/decline/",
        workspace_views.request_decline,
        name="team_request_decline",
    ),
    # The e-mailed hand-over link.
    path("handover/<str:token>/", link_views.handover_link, name="handover_link"),
    path("handover/<str:token>/accept/", link_views.handover_accept, name="handover_accept"),
    path("handover/<str:token>/decline/", link_views.handover_decline, name="handover_decline"),
    path("handover/<str:token>/signup/", link_views.handover_signup, name="handover_signup"),
]
