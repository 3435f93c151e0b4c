from __future__ import annotations

from django.urls import path

from reinstate_web.evidence import views

app_name = "evidence"

# Pages of one case take ``pk``; pages of a document take ``case_pk`` plus its id
# (tests/web/test_access.py checks every one of them for outsiders).
urlpatterns = [
    path("cases/<int:pk>/evidence/upload/", views.upload, name="upload"),
    path("cases/<int:pk>/evidence/panel/", views.panel, name="panel"),
    path("cases/<int:pk>/evidence/identity/", views.identity, name="identity"),
    path("cases/<int:pk>/evidence/submission.zip", views.submission, name="submission"),
    path("cases/<int:case_pk>/evidence/<int:document_id>/", views.document, name="document"),
    path("cases/<int:case_pk>/evidence/<int:document_id>/file/", views.original, name="original"),
    path(
        "cases/<int:case_pk>/evidence/<int:document_id>/pages/<int:page>.png",
        views.page_image,
        name="page",
    ),
]
