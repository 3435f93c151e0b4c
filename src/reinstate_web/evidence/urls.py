from __future__ import annotations

from django.urls import path

from reinstate_web.evidence import views

app_name = "evidence"

# Pages of one case take ``pk``; pages of a document take ``case_pk`` plus its id
# (tests/web/test_access.py checks every one of them for outsiders).
urlpatterns = [
    path("cases/<id:pk>/evidence/upload/", views.upload, name="upload"),
    path("cases/<id:pk>/evidence/panel/", views.panel, name="panel"),
    path("cases/<id:pk>/evidence/identity/", views.identity, name="identity"),
    path("cases/<id:pk>/evidence/submission.zip", views.submission, name="submission"),
    path("cases/<id:case_pk>/evidence/<id:document_id>/", views.document, name="document"),
    path("cases/<id:case_pk>/evidence/<id:document_id>/file/", views.original, name="original"),
    path(
        "cases/<id:case_pk>/evidence/<id:document_id>/pages/<id:page>.png",
        views.page_image,
        name="page",
    ),
]
