from __future__ import annotations

from django.urls import path

from reinstate_web.analysis import views

app_name = "analysis"

# Pages of one case take ``pk``; pages of an object inside a case take ``case_pk`` plus the
# object's id (tests/web/test_analysis_access.py checks those for outsiders).
urlpatterns = [
    path("cases/<id:pk>/data/upload/", views.upload, name="upload"),
    path("cases/<id:pk>/data/analyse/", views.analyse, name="analyse"),
    path("cases/<id:pk>/data/status/", views.status, name="status"),
    path(
        "cases/<id:case_pk>/data/runs/<id:run_id>/charts/<str:lang>/<str:name>",
        views.chart,
        name="chart",
    ),
    path("cases/<id:case_pk>/data/files/<id:file_id>/", views.download, name="download"),
]
