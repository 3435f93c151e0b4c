from __future__ import annotations

from django.urls import path

from reinstate_web.drafting import views

app_name = "drafting"

# Every page takes only the case's ``pk`` (a version is ``?n=``), so the access test that walks
# the URLconf covers each of them; the format of a download is a fixed keyword per name.
urlpatterns = [
    path("cases/<id:pk>/drafting/compose/", views.compose_view, name="compose"),
    path("cases/<id:pk>/drafting/options/", views.options_view, name="options"),
    path("cases/<id:pk>/drafting/confirm/", views.confirm_view, name="confirm"),
    path("cases/<id:pk>/drafting/check/", views.check_view, name="check"),
    path("cases/<id:pk>/drafting/save/", views.save_view, name="save"),
    path("cases/<id:pk>/drafting/rephrase/", views.rephrase_view, name="rephrase"),
    path("cases/<id:pk>/drafting/version/", views.version_view, name="version"),
    path(
        "cases/<id:pk>/drafting/letter.docx",
        views.download_view,
        {"fmt": "docx"},
        name="download_docx",
    ),
    path(
        "cases/<id:pk>/drafting/letter.pdf",
        views.download_view,
        {"fmt": "pdf"},
        name="download_pdf",
    ),
    path(
        "cases/<id:pk>/drafting/letter.txt",
        views.download_view,
        {"fmt": "txt"},
        name="download_txt",
    ),
    path(
        "cases/<id:pk>/drafting/letter-bilingual.pdf",
        views.download_view,
        {"fmt": "bilingual"},
        name="download_bilingual",
    ),
]
